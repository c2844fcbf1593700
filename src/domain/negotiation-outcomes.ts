import { outsideAutoSend } from "./autonomy";
import type { NegotiationEvent } from "./negotiation-events";
import type {
  Actor,
  Draft,
  EmailIntent,
  Negotiation,
  NegotiationState,
  Timer,
} from "./negotiation-state";
import { addBusinessDays, followUpPlan, nextSendTime } from "./schedule";
import type { EscalationReason } from "./types";

/** What the gate said about a draft (see email-gate.ts). */
export type DraftVerdict = { ok: true } | { ok: false; failures: string[] };

export function changeState(
  n: Negotiation,
  to: NegotiationState,
  at: number,
  actor: Actor,
  reason: string,
): NegotiationEvent[] {
  return n.state === to ? [] : [{ type: "state_changed", at, from: n.state, to, actor, reason }];
}

export function escalate(
  n: Negotiation,
  at: number,
  reason: EscalationReason | "draft_rejected",
  evidence: string[],
  actor: Actor = "agent",
): NegotiationEvent[] {
  return [
    { type: "escalated", at, reason, evidence, actor },
    ...changeState(n, "escalated", at, actor, reason),
    {
      type: "notified",
      at,
      kind: "escalation",
      title: `Escalated: ${reason.replaceAll("_", " ")}`,
      detail: evidence.join(" | ") || reason,
    },
  ];
}

/**
 * Routes a drafted email by the campaign's autonomy: sent at once (`autonomous`), or held for a
 * person (`review`), or held with a cancel window after which it goes out (`delayed`).
 * A draft that failed the gate never leaves: it escalates with the failures.
 */
export function settleDraft(
  n: Negotiation,
  intent: EmailIntent,
  draft: Draft,
  verdict: DraftVerdict,
  at: number,
  confidence: number | null = null,
): NegotiationEvent[] {
  if (!verdict.ok) {
    // The failing draft travels with the escalation so a person can fix it and send it (approve
    // with an edit that passes the gate).
    return [
      ...escalate(n, at, "validation_failed", [
        ...verdict.failures,
        `draft: ${draft.subject}\n\n${draft.body}`,
      ]),
      {
        type: "approval_requested",
        at,
        pending: {
          intent,
          draft,
          requestedAt: at,
          autoSendAt: null,
          heldBecause: verdict.failures,
        },
      },
    ];
  }
  const heldBecause =
    n.terms.autonomy === "autonomous" ? outsideAutoSend(n.terms, intent, confidence) : [];
  if (n.terms.autonomy === "autonomous" && heldBecause.length === 0)
    return releaseEmail(n, intent, draft, at, "agent");
  const autoSendAt =
    n.terms.autonomy === "delayed" ? at + n.terms.approvalWindowMinutes * 60_000 : null;
  const pending = { intent, draft, requestedAt: at, autoSendAt, heldBecause };
  const events: NegotiationEvent[] = [
    { type: "approval_requested", at, pending },
    ...changeState(n, "awaiting_approval", at, "agent", `draft_${intent.purpose}`),
    {
      type: "notified",
      at,
      kind: "approval_needed",
      title: `Approval needed: ${intent.purpose.replace("_", " ")} email`,
      detail: heldBecause.length
        ? `${draft.subject} (outside the autonomy thresholds: ${heldBecause.join("; ")})`
        : draft.subject,
    },
  ];
  if (autoSendAt !== null) {
    events.push({
      type: "timers_set",
      at,
      timers: [...n.timers, { name: "approval_window", at: autoSendAt, n: null }],
    });
  }
  return events;
}

/** The email leaves (inside the send window) and the negotiation enters the intent's target state. */
export function releaseEmail(
  n: Negotiation,
  intent: EmailIntent,
  draft: Draft,
  at: number,
  actor: Actor,
): NegotiationEvent[] {
  const { terms, creator } = n;
  const sendAt = nextSendTime(at, terms.sendWindow, creator.timezone);
  const events: NegotiationEvent[] = [{ type: "email_released", at, intent, draft, sendAt, actor }];
  const timersLeft: Timer[] = n.timers.filter((t) => t.name !== "approval_window");
  switch (intent.targetState) {
    case "awaiting_reply": {
      const timers =
        intent.purpose === "follow_up"
          ? withUnresponsive(timersLeft, sendAt, n)
          : planFollowUps(
              followUpPlan(sendAt, terms.followUps, terms.sendWindow, creator.timezone),
            );
      events.push(...changeState(n, "awaiting_reply", at, actor, `${intent.purpose}_sent`));
      events.push({ type: "timers_set", at, timers });
      return events;
    }
    case "agreed": {
      // The single persisted "last offer" record drives the email, the notification and the audit.
      const offer = intent.offer ?? n.lastOffer;
      if (!offer) throw new Error("releaseEmail: an agreement needs an offer on the table");
      return [
        ...events,
        { type: "agreed", at, offer },
        ...changeState(n, "agreed", at, actor, "agreement_confirmed"),
        {
          type: "notified",
          at,
          kind: "agreement",
          title: `Agreed with ${creator.name}`,
          detail: intent.reply?.contractRequested
            ? `${offer.deliverables}; they asked for the contract`
            : `${offer.deliverables}`,
        },
      ];
    }
    default:
      return [
        ...events,
        ...changeState(n, intent.targetState, at, actor, `${intent.purpose}_sent`),
      ];
  }
}

/** A follow-up released late (after an approval) still ends in `unresponsive` if nobody answers. */
function withUnresponsive(timers: Timer[], sendAt: number, n: Negotiation): Timer[] {
  if (timers.some((t) => t.name === "unresponsive")) return timers;
  const { sendWindow } = n.terms;
  const at = nextSendTime(
    addBusinessDays(sendAt, 2, n.creator.timezone),
    sendWindow,
    n.creator.timezone,
  );
  return [...timers, { name: "unresponsive", at, n: null }];
}

export function planFollowUps(
  plan: { followUps: number[]; unresponsiveAt: number },
  alreadySent = 0,
): Timer[] {
  return [
    ...plan.followUps.map((t, i) => ({
      name: "follow_up" as const,
      at: t,
      n: alreadySent + i + 1,
    })),
    { name: "unresponsive" as const, at: plan.unresponsiveAt, n: null },
  ];
}
