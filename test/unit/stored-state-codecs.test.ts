import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { NEGOTIATION_STATES, type Negotiation } from "../../src/domain/negotiation-state";
import {
  QueuedMessageCodec,
  StoredEmailEffectCodec,
  StoredInboundEmailCodec,
} from "../../src/negotiation/outbox-codec";
import {
  encodeNegotiation,
  type NegotiationDataCodec,
  StoredNegotiationCodec,
} from "../../src/negotiation/state-codec";
import { CampaignTermsCodec, type StoredCampaignTerms } from "../../src/negotiation/terms-codec";
import type { InboundEmail } from "../../src/negotiation/types";
import { readStored, StoredStateError, unreadableReport } from "../../src/stored-state";
import {
  counterOf,
  HOUR,
  humanCommand,
  opened,
  reach,
  reading,
  replyCommand,
  run,
  T0,
} from "./fixtures/negotiation";
import type { Known } from "./fixtures/types";

/** Stores an aggregate the way the object does and reads it back. */
const roundTrip = (n: Negotiation) =>
  readStored(StoredNegotiationCodec, JSON.stringify(encodeNegotiation(n)), "meta", "negotiation")
    .data;

/** Negotiations in many shapes, reached through real commands (offers, drafts, questions, asks). */
function aggregates(): Negotiation[] {
  const AT = T0 + HOUR;
  const questioned = run(
    opened({ terms: { autonomy: "review" } }),
    replyCommand(reading({ intent: "question", questions: ["Do you cover shipping to Canada?"] }), {
      at: AT,
      text: "Do you cover shipping to Canada?",
    }),
  ).after;
  const countered = run(opened(), replyCommand(counterOf(1400_00), { at: AT })).after;
  return [
    ...NEGOTIATION_STATES.map((state) => reach(state)),
    questioned,
    countered,
    run(countered, humanCommand("pause", AT + HOUR)).after,
  ];
}

describe("the stored aggregate", () => {
  it("reads back exactly what the domain wrote, in every state", () => {
    for (const n of aggregates()) expect(roundTrip(n)).toEqual(n);
  });

  it("keeps the domain's type in both directions (checked by tsc)", () => {
    expectTypeOf<z.output<typeof NegotiationDataCodec>>().toExtend<Negotiation>();
    expectTypeOf<Known<Negotiation>>().toExtend<Known<z.input<typeof NegotiationDataCodec>>>();
    expectTypeOf<StoredCampaignTerms>().toExtend<Known<z.input<typeof CampaignTermsCodec>>>();
    expectTypeOf<InboundEmail>().toExtend<Known<z.input<typeof StoredInboundEmailCodec>>>();
  });

  it("reads an aggregate written before the newer fields existed, with their defaults", () => {
    // A review campaign whose opening went out: their counter waits as a draft with its reply.
    const sent = run(reach("awaiting_approval"), humanCommand("approve", T0 + HOUR)).after;
    const n = run(sent, replyCommand(counterOf(1400_00), { at: T0 + 2 * HOUR })).after;
    expect(n.pendingApproval).not.toBeNull();
    const old = JSON.parse(JSON.stringify(encodeNegotiation(n)));
    const data = old.data;
    delete data.openQuestions;
    delete data.counterparty.name;
    delete data.terms.tierShares;
    delete data.terms.autoSend;
    delete data.terms.brief;
    delete data.lastOffer.packageValueCents;
    delete data.lastOffer.richerOfferCents;
    delete data.theirAsk.tier;
    delete data.pendingApproval.heldBecause;
    delete data.pendingApproval.intent.offer.packageValueCents;
    delete data.pendingApproval.intent.reply.faq;
    delete data.pendingApproval.intent.reply.askedTeam;

    const read = readStored(
      StoredNegotiationCodec,
      JSON.stringify(old),
      "meta",
      "negotiation",
    ).data;
    expect(read.openQuestions).toEqual([]);
    expect(read.counterparty.name).toBeNull();
    expect(read.terms.tierShares).toEqual([100, 70, 50]);
    expect(read.terms.autoSend).toEqual(n.terms.autoSend);
    expect(read.terms.brief).toBeNull();
    const offer = n.lastOffer;
    expect(read.lastOffer?.packageValueCents).toBe(
      (offer?.amountCents ?? 0) + (offer?.product?.valueCents ?? 0),
    );
    expect(read.lastOffer?.richerOfferCents).toBeNull();
    expect(read.theirAsk?.tier).toBeNull();
    expect(read.pendingApproval?.heldBecause).toEqual([]);
    expect(read.pendingApproval?.intent.reply).toMatchObject({ faq: [], askedTeam: false });

    // An intent stored before it recorded the reply it answers.
    delete data.pendingApproval.intent.reply;
    const older = readStored(StoredNegotiationCodec, JSON.stringify(old), "meta", "negotiation");
    expect(older.data.pendingApproval?.intent.reply).toBeNull();
  });

  it("keeps keys it does not know (a newer version's fields survive a rollback)", () => {
    const n = opened();
    const future = {
      ...encodeNegotiation(n),
      data: { ...n, mood: "sunny", terms: { ...n.terms, bonusCents: 5 } },
    };
    const read = readStored(StoredNegotiationCodec, JSON.stringify(future), "meta", "negotiation");
    expect(read.data).toMatchObject({ mood: "sunny", terms: { bonusCents: 5 } });
    // Written back as read: nothing was stripped.
    expect(JSON.parse(JSON.stringify(encodeNegotiation(read.data))).data.mood).toBe("sunny");
  });

  it("refuses what it cannot read, naming the problem and never the stored values", () => {
    const n = opened();
    const bad = (mutate: (data: Record<string, unknown>) => unknown) => {
      const stored = JSON.parse(JSON.stringify(encodeNegotiation(n)));
      mutate(stored.data);
      return () =>
        readStored(StoredNegotiationCodec, JSON.stringify(stored), "meta", "negotiation");
    };
    expect(
      bad((d) => {
        d.state = "haggling";
      }),
    ).toThrow(StoredStateError);
    expect(
      bad((d) => {
        delete d.creator;
      }),
    ).toThrow(/creator/);
    expect(
      bad((d) => {
        d.timers = "soon";
      }),
    ).toThrow(/timers/);
    expect(() =>
      readStored(
        StoredNegotiationCodec,
        JSON.stringify({ v: 2, data: encodeNegotiation(n).data }),
        "meta",
        "negotiation",
      ),
    ).toThrow(/v:/);
    try {
      readStored(StoredNegotiationCodec, '{"v":1,"data":{"creator":"jane@', "meta", "negotiation");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StoredStateError);
      expect((error as StoredStateError).problems).toEqual(["not valid JSON"]);
      expect(String(error)).not.toContain("jane");
    }
  });
});

describe("stored campaign terms", () => {
  it("reads terms saved before tier shares, auto-send limits and the brief", () => {
    const saved: StoredCampaignTerms = {
      cpmTargetCents: 25_00,
      leniencyPct: 20,
      minCostPerCreatorCents: null,
      maxCostWithoutApprovalCents: null,
      budgetCents: null,
      deliverableTiers: ["1 Reel", "2 Stories"],
      usageRights: null,
      product: null,
      syndication: false,
      maxRounds: 5,
      autonomy: "autonomous",
      sendWindow: null,
      followUps: { afterBusinessDays: [2, 4] },
      approvalWindowMinutes: 60,
      paymentTerms: "Net 30",
    };
    const terms = CampaignTermsCodec.parse(saved);
    expect(terms.tierShares).toEqual([100, 70]);
    expect(terms.autoSend).toEqual({
      maxAmountCents: null,
      minConfidence: 0.8,
      purposes: expect.arrayContaining(["opening", "counter", "agreement"]),
    });
    expect(terms.brief).toBeNull();
    expect(CampaignTermsCodec.safeParse({ ...saved, autonomy: "yolo" }).success).toBe(false);
    expect(CampaignTermsCodec.safeParse({ ...saved, deliverableTiers: [] }).success).toBe(false);
  });
});

describe("outbox and inbox rows", () => {
  const email = {
    from: { name: "Parley", address: "deals@acme.test" },
    to: ["jane@example.com"],
    cc: [],
    replyTo: "deals+abc@acme.test",
    subject: "Partnership",
    text: "Hi Jane",
    messageId: "<1.abc@acme.test>",
    inReplyTo: null,
    references: [],
  };

  it("reads an email effect, its request id defaulting for rows written without one", () => {
    const { requestId: _, ...old } = {
      email,
      purpose: "opening",
      amountCents: 1250_00,
      requestId: "r1",
    };
    expect(StoredEmailEffectCodec.parse(old).requestId).toBeNull();
    expect(
      StoredEmailEffectCodec.safeParse({ ...old, email: { ...email, to: "jane" } }).success,
    ).toBe(false);
  });

  it("reads queue messages with the queue's own schema, of the row's kind only", () => {
    const message = {
      type: "budget",
      version: 1,
      key: "budget:n:1",
      campaignId: "c",
      negotiationId: "n",
      amountCents: null,
    };
    // Stored before messages carried a request id: read as null (the consumer starts one).
    expect(QueuedMessageCodec("budget").parse(message)).toEqual({ ...message, requestId: null });
    const withId = { ...message, requestId: "req-1" };
    expect(QueuedMessageCodec("budget").parse(withId)).toEqual(withId);
    expect(QueuedMessageCodec("audit").safeParse(message).success).toBe(false);
    expect(QueuedMessageCodec("budget").safeParse({ ...message, version: 2 }).success).toBe(false);
  });

  it("reads mail stored before authentication was recorded as 'none'", () => {
    const inbound = {
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
      receivedAt: T0,
      requestId: null,
    };
    expect(StoredInboundEmailCodec.parse(inbound).authentication).toEqual({
      verdict: "none",
      evidence: null,
    });
    expect(StoredInboundEmailCodec.safeParse({ ...inbound, to: null }).success).toBe(false);
  });
});

describe("reports of unreadable values", () => {
  it("are a notification and an audit row with deterministic ids, naming no stored value", () => {
    const error = new StoredStateError("outbox", "email:n1:3:0", ["email.to: expected array"]);
    const [notify, audit] = unreadableReport({ negotiationId: "n1" }, error, T0);
    expect(notify).toMatchObject({
      type: "notify",
      key: "notify:unreadable:n1:outbox:email:n1:3:0",
      notification: {
        kind: "unreadable_state",
        negotiationId: "n1",
        data: { failure: { key: "email:n1:3:0", reason: "email.to: expected array" } },
      },
    });
    expect(audit).toMatchObject({
      type: "audit",
      event: { id: "unreadable:n1:outbox:email:n1:3:0", type: "stored_state_unreadable" },
    });
    expect(unreadableReport({ negotiationId: "n1" }, error, T0 + 1)[0]?.key).toBe(notify?.key);
    const [mailbox] = unreadableReport({ mailbox: "deals@acme.test" }, error, T0);
    expect(mailbox).toMatchObject({ notification: { negotiationId: null } });
  });
});
