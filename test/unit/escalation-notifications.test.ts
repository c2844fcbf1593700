import { describe, expect, it } from "vitest";
import type { Command } from "../../src/domain/negotiation-decide";
import type { Negotiation } from "../../src/domain/negotiation-state";
import { ESCALATION_REASONS, type EscalationReason, LEVERS } from "../../src/domain/types";
import { auditEvents, notificationsOf, resolutionOf } from "../../src/negotiation/records";
import {
  campaignTerms,
  counterOf,
  creator,
  HOUR,
  humanCommand,
  opened,
  reach,
  reading,
  replyCommand,
  run,
  startCommand,
  T0,
} from "./fixtures/negotiation";

const AT = T0 + 24 * HOUR;

const signal = (kind: "hostile_tone" | "legal_language" | "unusual_deliverables" | "keyword") =>
  reading({ intent: "counter", signals: [{ kind, evidence: `evidence of ${kind}` }] });

/** Every way a negotiation reaches a person, each through the command that causes it. */
const TRIGGERS: Record<
  EscalationReason | "draft_rejected",
  () => { before: Negotiation | null; command: Command; fail?: boolean }
> = {
  exceeds_ceiling: () => ({
    before: { ...opened(), leversUsed: [...LEVERS] },
    command: replyCommand(counterOf(100_000_00)),
  }),
  ambiguous_intent: () => ({
    before: opened(),
    command: replyCommand(reading({ intent: "unclear", confidence: 0.3 })),
  }),
  hostile_tone: () => ({ before: opened(), command: replyCommand(signal("hostile_tone")) }),
  legal_language: () => ({ before: opened(), command: replyCommand(signal("legal_language")) }),
  unusual_deliverables: () => ({
    before: opened(),
    command: replyCommand(signal("unusual_deliverables")),
  }),
  keyword: () => ({ before: opened(), command: replyCommand(signal("keyword")) }),
  max_rounds: () => ({
    before: opened({ terms: { maxRounds: 0, maxCostWithoutApprovalCents: 1300_00 } }),
    command: replyCommand(counterOf(1490_00)),
  }),
  validation_failed: () => ({ before: null, command: startCommand(), fail: true }),
  budget_exhausted: () => ({
    before: null,
    command: startCommand({
      terms: campaignTerms({ budgetCents: 1000_00 }),
      budgetAvailableCents: 1000_00,
    }),
  }),
  above_approval_limit: () => ({
    before: opened({ terms: { maxCostWithoutApprovalCents: 1600_00 } }),
    command: replyCommand(counterOf(2000_00)),
  }),
  invalid_creator: () => ({
    before: null,
    command: startCommand({ creator: creator({ averageViews: 0 }) }),
  }),
  model_unavailable: () => ({
    before: opened(),
    command: {
      type: "escalate",
      at: AT,
      reason: "model_unavailable",
      evidence: ["503 overloaded"],
    },
  }),
  processing_failed: () => ({
    before: opened(),
    command: { type: "escalate", at: AT, reason: "processing_failed", evidence: ["bad MIME"] },
  }),
  draft_rejected: () => ({
    before: reach("awaiting_approval"),
    command: humanCommand("reject_draft", AT + HOUR),
  }),
};

describe("every escalation reaches a person and the audit trail", () => {
  it("covers every escalation reason", () => {
    expect(Object.keys(TRIGGERS).sort()).toEqual([...ESCALATION_REASONS, "draft_rejected"].sort());
  });

  it.each(Object.keys(TRIGGERS) as (keyof typeof TRIGGERS)[])("%s", (reason) => {
    const { before, command, fail } = TRIGGERS[reason]();
    const verdict = fail
      ? { ok: false as const, failures: ["amount_not_allowed: $9,999"] }
      : undefined;
    const { events, after } = run(before, command, verdict);
    const escalated = events.find((e) => e.type === "escalated");
    expect(escalated, "an escalated event").toMatchObject({ reason });
    expect(after.state).toBe("escalated");

    const ctx = { requestId: "req-1", prefix: "neg-1:7", excerpt: "their words" };
    const audit = auditEvents(after, events, ctx).filter((a) => a.type === "escalated");
    expect(audit).toHaveLength(1);
    expect(audit[0]?.data).toMatchObject({ reason });
    expect(audit[0]?.data.evidence).toEqual(expect.arrayContaining([expect.any(String)]));

    const notes = notificationsOf(after, events, ctx).filter((x) => x.kind === "escalation");
    expect(notes).toHaveLength(1);
    expect(notes[0]?.data).toMatchObject({
      reason,
      state: "escalated",
      excerpt: "their words",
      creator: { email: after.creator.email },
    });
    expect(notes[0]?.data.evidence?.length).toBeGreaterThan(0);
  });
});

describe("notifications are settled when the negotiation moves on", () => {
  it("approving a draft settles its approval notification", () => {
    const { events } = run(reach("awaiting_approval"), humanCommand("approve", AT));
    expect(resolutionOf(events)).toEqual({
      label: "Approved and sent",
      actor: "user:ops@acme.test",
      at: AT,
    });
  });

  it("a takeover settles an escalation; a pause settles nothing", () => {
    const escalated = reach("escalated");
    expect(resolutionOf(run(escalated, humanCommand("takeover", AT)).events)).toMatchObject({
      label: "Taken over",
    });
    expect(resolutionOf(run(escalated, humanCommand("pause", AT)).events)).toBeNull();
  });

  it("a late reply settles the unresponsive notification", () => {
    const late = run(
      reach("unresponsive"),
      replyCommand(reading({ intent: "question" }), { at: AT }),
    );
    expect(resolutionOf(late.events)).toMatchObject({ label: "They replied" });
  });

  it("a draft the gate refused can be fixed and sent from the escalation", () => {
    const refused = run(null, startCommand(), {
      ok: false,
      failures: ["amount_not_allowed"],
    }).after;
    expect(refused.state).toBe("escalated");
    const { after, events } = run(refused, humanCommand("approve", AT));
    expect(events.map((e) => e.type)).toContain("email_released");
    expect(after.state).toBe("awaiting_reply");
    expect(resolutionOf(events)).toMatchObject({ label: "Approved and sent" });
  });
});
