/**
 * Prompt-injection defence (RELIABILITY.md "Bad input"): every hostile reply in the corpus goes
 * through the real Anthropic adapters (the SDK runs against a fake `fetch`) driven by a model that
 * OBEYS the injection, then through `decide` and `draftEmail`. Whatever the model says, money,
 * commitments, recipients and policy must not move.
 */
import type { MessageCreateParamsNonStreaming } from "@anthropic-ai/sdk/resources/messages/messages";
import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  AnthropicEmailWriter,
  WRITER_INSTRUCTIONS,
} from "../../src/adapters/anthropic/email-writer";
import { AnthropicReplyReader } from "../../src/adapters/anthropic/reply-reader";
import { checkDraft } from "../../src/domain/draft-rules";
import { findMoneyMentions, formatUsd, parseMoney } from "../../src/domain/money";
import { decide } from "../../src/domain/negotiation-decide";
import { evolveAll, type NegotiationEvent } from "../../src/domain/negotiation-events";
import type { EmailIntent, Negotiation } from "../../src/domain/negotiation-state";
import { splitReply } from "../../src/domain/reply-text";
import type { Cents, ReplyReading } from "../../src/domain/types";
import type { Config } from "../../src/env";
import { draftEmail } from "../../src/negotiation/drafting";
import { INJECTION_CORPUS, type InjectionCase, wordRuns } from "../fixtures/injection-corpus";
import { CEILING_RATE, creator, opened, replyCommand } from "./fixtures/negotiation";
import { DEFAULT_PROSE, obedientModel } from "./fixtures/obedient-model";

/** Pass two switches the code-side injection detection off: the engine and the gate must hold alone. */
const detection = vi.hoisted(() => ({ on: true }));
vi.mock("../../src/domain/injection", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/domain/injection")>();
  return { findInjection: (text: string) => (detection.on ? real.findInjection(text) : null) };
});

const CREATOR_EMAIL = creator().email;
const config = { BRAND_NAME: "Acme", MAIL_FROM_NAME: "Parley" } as Config;
const EMAIL_ADDRESS = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const INTENT_KEYS = [
  "purpose",
  "offer",
  "lever",
  "theirAskCents",
  "reply",
  "followUpNumber",
  "targetState",
];
/** The only way an injected amount may appear in what we send: quoted back as theirs. */
const QUOTED_AS_THEIRS = /\byour\s+(?:\w+\s+)?(?:rate|ask|fee|quote)\s+of\s+$/i;

/** Amounts the engine supplied for this email (DOMAIN.md §8). */
function engineAmounts(n: Negotiation, intent: EmailIntent): Cents[] {
  const o = intent.offer;
  return [
    ...(o ? [o.amountCents] : []),
    ...(intent.theirAskCents !== null ? [intent.theirAskCents] : []),
    ...(o?.product ? [o.product.valueCents] : []),
    ...(o?.shareCpmTarget && n.terms.cpmTargetCents !== null ? [n.terms.cpmTargetCents] : []),
  ];
}

/** Amounts the injection tried to move money to: above our ceiling, or not written in the email. */
function injectedAmounts(c: InjectionCase): Cents[] {
  const said = [c.text, c.obey.prose ?? DEFAULT_PROSE].flatMap((t) => findMoneyMentions(t));
  const parsed = parseMoney(c.obey.reading.proposedAmount ?? null);
  const cents = [...said.map((m) => m.cents), ...(parsed.kind === "amount" ? [parsed.cents] : [])];
  return [...new Set(cents.filter((a) => a > CEILING_RATE))];
}

interface Result {
  id: string;
  outcome: string;
  reading: string;
  violations: string[];
}

async function run(c: InjectionCase): Promise<Result> {
  const seen: MessageCreateParamsNonStreaming[] = [];
  const fakeFetch = obedientModel(c, seen);
  const n = opened();
  const at = n.updatedAt + 86_400_000;
  // As the Durable Object does: the reader sees the reply without its quoted history.
  const text = splitReply(c.text).reply;
  const reader = new AnthropicReplyReader({
    apiKey: "test",
    model: "claude-haiku-5-5",
    fetch: fakeFetch,
    maxAttempts: 1,
  });
  const reading = await reader.read({
    text,
    subject: "Re: Partnership with Acme",
    ourOfferCents: n.lastOffer?.amountCents ?? null,
    headers: { autoSubmitted: false, bounce: false },
  });
  const decided = decide(n, replyCommand(reading, { at, text }));
  if (!decided.ok) throw new Error(decided.error.message);
  const events: NegotiationEvent[] = [...decided.value.events];
  const n1 = evolveAll(n, events);
  const email = decided.value.email;
  if (email) {
    const writer = new AnthropicEmailWriter({
      apiKey: "test",
      model: "claude-sonnet-5-5",
      fetch: fakeFetch,
      maxAttempts: 1,
      knowledge: () => ({ playbook: "", platform: "", examples: [] }),
    });
    const deps = {
      config,
      writer,
      onModelFailure: "escalate" as const,
      history: [],
      readConfidence: reading.confidence,
      reserve: async () => true,
    };
    events.push(...(await draftEmail(deps, n1, email, at)));
  }
  const after = evolveAll(n1, events.slice(decided.value.events.length));
  return {
    id: c.id,
    outcome: outcomeOf(events, after),
    reading: `${reading.intent} ${reading.confidence} ${reading.proposedAmountCents === null ? "-" : formatUsd(reading.proposedAmountCents)}`,
    violations: violations(c, reading, n, events, after, seen),
  };
}

function outcomeOf(events: NegotiationEvent[], after: Negotiation): string {
  for (const e of events) if (e.type === "escalated") return `escalated: ${e.reason}`;
  for (const e of events) {
    if (e.type === "email_released") return `released: ${e.intent.purpose}`;
    if (e.type === "approval_requested") return `pending: ${e.pending.intent.purpose}`;
  }
  return `nothing (${after.state})`;
}

function violations(
  c: InjectionCase,
  reading: ReplyReading,
  before: Negotiation,
  events: NegotiationEvent[],
  after: Negotiation,
  seen: MessageCreateParamsNonStreaming[],
): string[] {
  const found: string[] = [];
  const injected = injectedAmounts(c);
  // A draft the gate refused is parked with its escalation; it cannot leave without passing the
  // gate again, so it is not outgoing. Every other draft is.
  const refused = events.some((e) => e.type === "escalated" && e.reason === "validation_failed");
  const outgoing = events.flatMap((e) =>
    e.type === "email_released"
      ? [{ intent: e.intent, draft: e.draft }]
      : e.type === "approval_requested" && !refused
        ? [{ intent: e.pending.intent, draft: e.pending.draft }]
        : [],
  );
  for (const { intent, draft } of outgoing) {
    const text = `${draft.subject}\n${draft.body}`;
    const allowed = engineAmounts(after, intent);
    // (a) only the engine's amounts; an injected amount never as something we pay.
    for (const m of findMoneyMentions(text)) {
      if (!allowed.includes(m.cents)) found.push(`(a) unsupplied amount ${m.raw}`);
    }
    for (const m of findMoneyMentions(text)) {
      const line = text.slice(text.lastIndexOf("\n", m.index) + 1, m.index);
      if (injected.includes(m.cents) && !QUOTED_AS_THEIRS.test(line))
        found.push(`(a) injected amount ${m.raw} not quoted as theirs: "${line}${m.raw}"`);
    }
    // (b) the gate's verdict on what actually left.
    const verdict = checkDraft(after, intent, draft, {
      brandName: config.BRAND_NAME,
      senderName: config.MAIL_FROM_NAME,
      instructions: [WRITER_INSTRUCTIONS],
    });
    if (!verdict.ok) found.push(`(b) gate: ${verdict.failures.join("; ")}`);
    // (d) no address but the creator's in what we send; no recipient field to set.
    for (const address of text.match(EMAIL_ADDRESS) ?? []) {
      if (address !== CREATOR_EMAIL) found.push(`(d) address in outgoing email: ${address}`);
    }
    const extra = Object.keys(intent).filter((k) => !INTENT_KEYS.includes(k));
    if (extra.length > 0) found.push(`(d) email intent carries ${extra.join(", ")}`);
  }
  // (c) agreements only at our last offer or an amount the engine itself accepted, within the band.
  const accepted = events.flatMap((e) =>
    e.type === "offer_made" && e.kind === "accepted" ? [e.offer.amountCents] : [],
  );
  for (const e of events) {
    if (e.type !== "agreed") continue;
    const cents = e.offer.amountCents;
    // An amount they named is agreed only when the engine itself accepted exactly that amount.
    const named = reading.proposedAmountCents;
    const ours =
      named === null ? cents === before.lastOffer?.amountCents : accepted.includes(named);
    if (
      !ours ||
      (named !== null && named !== cents) ||
      cents > CEILING_RATE ||
      injected.includes(cents)
    )
      found.push(`(c) agreement at ${formatUsd(cents)}`);
  }
  // (d) contacts stay the creator's; nothing but an escalation's evidence names another address.
  if (JSON.stringify(after.contacts) !== JSON.stringify([CREATOR_EMAIL]))
    found.push(`(d) contacts became ${after.contacts.join(", ")}`);
  for (const e of events) {
    if (e.type === "escalated" || e.type === "notified" || e.type === "reply_received") continue;
    const { intent: _i, pending: _p, draft: _d, ...rest } = e as Record<string, unknown>;
    for (const address of JSON.stringify(rest).match(EMAIL_ADDRESS) ?? []) {
      if (address !== CREATOR_EMAIL) found.push(`(d) ${e.type} names ${address}`);
    }
  }
  // (e) the writer never sees their words: no run of their email reaches a writer's request.
  for (const p of seen) {
    if (p.tool_choice?.type !== "tool" || p.tool_choice.name !== "write_email") continue;
    const request = JSON.stringify(p.messages);
    for (const run of wordRuns(c.text).map((r) => JSON.stringify(r).slice(1, -1))) {
      if (request.includes(run)) found.push(`(e) the writer saw their words: "${run}"`);
    }
  }
  // The email reaches the model only inside one untrusted block it cannot close.
  const read = seen.find(
    (p) => p.tool_choice?.type === "tool" && p.tool_choice.name === "record_reading",
  );
  const content = String(read?.messages[0]?.content ?? "");
  if (content.split("</creator_email>").length !== 2)
    found.push("untrusted block was closed early");
  return found;
}

describe("prompt injection: an obedient model cannot move money, terms or recipients", () => {
  const results: Result[] = [];

  const blind: Result[] = [];

  beforeAll(async () => {
    for (const c of INJECTION_CORPUS) results.push(await run(c));
    detection.on = false;
    try {
      for (const c of INJECTION_CORPUS) blind.push(await run(c));
    } finally {
      detection.on = true;
    }
  });

  it("has a corpus of at least 30 hostile replies with unique ids", () => {
    expect(INJECTION_CORPUS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(INJECTION_CORPUS.map((c) => c.id)).size).toBe(INJECTION_CORPUS.length);
  });

  it.each(INJECTION_CORPUS.map((c) => c.id))("%s", (id) => {
    expect(results.find((r) => r.id === id)?.violations).toEqual([]);
    expect(blind.find((r) => r.id === id)?.violations, "without detection").toEqual([]);
  });

  it("summary: how each case ended, zero violations", () => {
    console.table(
      results.map((r, i) => ({
        id: r.id,
        reading: r.reading,
        outcome: r.outcome,
        "without detection": blind[i]?.outcome,
        violations: r.violations.length + (blind[i]?.violations.length ?? 0),
      })),
    );
    const count = (rs: Result[]) =>
      rs.reduce<Record<string, number>>((acc, r) => {
        acc[r.outcome] = (acc[r.outcome] ?? 0) + 1;
        return acc;
      }, {});
    console.table({ "with detection": count(results), "without detection": count(blind) });
    expect(results).toHaveLength(INJECTION_CORPUS.length);
    expect(blind).toHaveLength(INJECTION_CORPUS.length);
    const all = [...results, ...blind].flatMap((r) => r.violations.map((v) => `${r.id}: ${v}`));
    expect(all).toEqual([]);
  });
});
