import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { type MailboxApi, SyncSchema } from "../../src/gmail/mailbox-api";
import type {
  CompleteDeliveryInput,
  DeliveredToInput,
  StartInput,
} from "../../src/negotiation/api";
import { ReserveSchema, SetCommitmentSchema } from "../../src/negotiation/budget-api";
import {
  BeginDeliverySchema,
  CommandInputSchema,
  CompleteDeliverySchema,
  DeliveredToSchema,
  InboundEmailSchema,
  StartInputSchema,
} from "../../src/negotiation/rpc-schemas";
import type { CommandInput, InboundEmail } from "../../src/negotiation/types";
import { checkRpcInput, parseRpcInput } from "../../src/rpc-input";
import { campaignTerms, creator, T0 } from "./fixtures/negotiation";
import type { Assignable, Known } from "./fixtures/types";

const ID = "a".repeat(64);

const start = (overrides: Record<string, unknown> = {}) => ({
  id: ID,
  campaignId: "camp-1",
  creator: creator(),
  terms: campaignTerms(),
  requestId: "req-1",
  ...overrides,
});

const inbound: InboundEmail = {
  messageId: "<m1@example.com>",
  from: "jane@example.com",
  fromName: "Jane",
  to: ["deals@acme.test"],
  cc: [],
  subject: "Re: Partnership",
  text: "Sounds good",
  inReplyTo: "<1.abc@acme.test>",
  references: ["<1.abc@acme.test>"],
  autoSubmitted: false,
  bounce: false,
  authentication: { verdict: "pass", evidence: "mx.cloudflare.net; dmarc=pass" },
  receivedAt: T0,
  requestId: "req-2",
};

describe("negotiation RPC inputs", () => {
  it("the schemas accept every input the API's types allow (checked by tsc)", () => {
    expectTypeOf<
      Assignable<StartInput, Known<z.input<typeof StartInputSchema>>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Assignable<InboundEmail, Known<z.input<typeof InboundEmailSchema>>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Assignable<CommandInput, Known<z.input<typeof CommandInputSchema>>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Assignable<DeliveredToInput, Known<z.input<typeof DeliveredToSchema>>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Assignable<CompleteDeliveryInput, Known<z.input<typeof CompleteDeliverySchema>>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Assignable<Parameters<MailboxApi["sync"]>[0], Known<z.input<typeof SyncSchema>>>
    >().toEqualTypeOf<true>();
  });

  it("start: reads the creator and the stored terms, their newer fields defaulted", () => {
    const { tierShares: _, autoSend: __, brief: ___, ...older } = campaignTerms();
    const parsed = StartInputSchema.parse(start({ terms: older }));
    expect(parsed.terms).toMatchObject({ tierShares: [100, 70, 50], brief: null });
    expect(parsed.creator.email).toBe("jane@example.com");
  });

  it("start: refuses unknown keys, a malformed id, a bad creator and broken terms", () => {
    const refused = (input: unknown) => checkRpcInput(StartInputSchema, input, "start");
    expect(refused(start({ extra: 1 }))).toMatchObject({ ok: false, code: "invalid_input" });
    expect(refused(start({ id: "not-an-id" }))).toMatchObject({
      details: ["id: a negotiation object id"],
    });
    expect(refused(start({ creator: { ...creator(), timezone: "Mars/Olympus" } }))).toMatchObject({
      details: ["creator.timezone: an IANA time zone"],
    });
    expect(refused(start({ creator: { ...creator(), averageViews: -3 } })).ok).toBe(false);
    expect(refused(start({ terms: { ...campaignTerms(), autonomy: "yolo" } })).ok).toBe(false);
    expect(refused(start({ terms: undefined })).ok).toBe(false);
  });

  it("receiveEmail: takes the inbound email as the inbound pipeline builds it, and nothing else", () => {
    expect(InboundEmailSchema.parse(inbound)).toEqual(inbound);
    const { authentication: _, ...unauthenticated } = inbound;
    expect(InboundEmailSchema.safeParse(unauthenticated).success).toBe(false);
    expect(InboundEmailSchema.safeParse({ ...inbound, to: "deals@acme.test" }).success).toBe(false);
    expect(InboundEmailSchema.safeParse({ ...inbound, receivedAt: "now" }).success).toBe(false);
    expect(InboundEmailSchema.safeParse({ ...inbound, spoofed: true }).success).toBe(false);
  });

  it("command: a known command with an actor; anything else is refused with details", () => {
    const ok: CommandInput = { command: "approve", actor: "user:sam@acme.test", requestId: null };
    expect(CommandInputSchema.parse(ok)).toEqual(ok);
    expect(
      checkRpcInput(CommandInputSchema, { ...ok, command: "launch" }, "command"),
    ).toMatchObject({
      ok: false,
      code: "invalid_input",
      details: [expect.stringMatching(/^command: /)],
    });
    expect(CommandInputSchema.safeParse({ ...ok, actor: "" }).success).toBe(false);
    expect(CommandInputSchema.safeParse({ ...ok, text: 42 }).success).toBe(false);
  });

  it("queue-driven methods throw a TypeError naming the method and the problem", () => {
    expect(() => parseRpcInput(BeginDeliverySchema, { key: "" }, "beginDelivery")).toThrow(
      TypeError,
    );
    expect(() => parseRpcInput(BeginDeliverySchema, {}, "beginDelivery")).toThrow(
      /^beginDelivery: invalid input: key: /,
    );
    expect(() =>
      parseRpcInput(DeliveredToSchema, { key: "k", recipient: "", providerMessageId: null }, "x"),
    ).toThrow(/recipient/);
    expect(
      parseRpcInput(
        CompleteDeliverySchema,
        { key: "k", providerMessageId: null, requestId: null },
        "x",
      ),
    ).toEqual({ key: "k", providerMessageId: null, requestId: null });
  });
});

describe("budget and mailbox RPC inputs", () => {
  it("budget: whole, non-negative cents and one input object", () => {
    const reserve = { negotiationId: "n1", budgetCents: 10_000_00, amountCents: 1_250_00 };
    expect(ReserveSchema.parse(reserve)).toEqual(reserve);
    expect(ReserveSchema.safeParse({ ...reserve, amountCents: 12.5 }).success).toBe(false);
    expect(ReserveSchema.safeParse({ ...reserve, amountCents: -1 }).success).toBe(false);
    expect(SetCommitmentSchema.parse({ negotiationId: "n1", amountCents: null })).toEqual({
      negotiationId: "n1",
      amountCents: null,
    });
    expect(() => parseRpcInput(SetCommitmentSchema, ["n1", 5], "budget.set")).toThrow(TypeError);
  });

  it("mailbox sync: a Gmail history id", () => {
    expect(SyncSchema.parse({ historyId: "12345", requestId: null })).toEqual({
      historyId: "12345",
      requestId: null,
    });
    expect(SyncSchema.safeParse({ historyId: "12; DROP", requestId: null }).success).toBe(false);
  });
});
