import type {
  Actor,
  Draft,
  EmailIntent,
  Negotiation,
  NegotiationState,
  PendingApproval,
  Timer,
} from "./negotiation-state";
import type { Cents, Counterparty, EscalationReason, Offer, ReplyIntent } from "./types";

export type NotificationKind =
  | "agreement"
  | "escalation"
  | "unresponsive"
  | "stopped"
  | "approval_needed"
  | "failure"
  | "question";

/** Facts about a negotiation. `evolve` folds them into the aggregate; the object also turns them into history, audit rows and side effects. */
export type NegotiationEvent =
  | { type: "started"; at: number; negotiation: Negotiation }
  | {
      type: "state_changed";
      at: number;
      from: NegotiationState;
      to: NegotiationState;
      actor: Actor;
      reason: string;
    }
  | {
      type: "reply_received";
      at: number;
      messageId: string;
      from: string;
      intent: ReplyIntent;
      confidence: number;
      amountCents: Cents | null;
    }
  | { type: "their_ask"; at: number; amountCents: Cents; tier: number | null }
  | { type: "offer_made"; at: number; offer: Offer; kind: "opening" | "counter" | "accepted" }
  | {
      type: "escalated";
      at: number;
      reason: EscalationReason | "draft_rejected";
      evidence: string[];
      actor: Actor;
    }
  | { type: "approval_requested"; at: number; pending: PendingApproval }
  | {
      type: "draft_cleared";
      at: number;
      outcome: "approved" | "rejected" | "superseded";
      actor: Actor;
      reason: string | null;
    }
  | {
      type: "email_released";
      at: number;
      intent: EmailIntent;
      draft: Draft;
      /** Earliest send time (inside the creator's send window). */
      sendAt: number;
      actor: Actor;
    }
  | { type: "agreed"; at: number; offer: Offer }
  | { type: "timers_set"; at: number; timers: Timer[] }
  | { type: "counterparty_updated"; at: number; counterparty: Counterparty; contacts: string[] }
  | { type: "notified"; at: number; kind: NotificationKind; title: string; detail: string }
  /** Their questions, in their words, that only a person can answer. */
  | { type: "questions_for_team"; at: number; questions: string[] }
  | { type: "questions_answered"; at: number; actor: Actor }
  | { type: "human_action"; at: number; actor: Actor; command: string; note: string | null };

const TIMED_STATES: ReadonlySet<NegotiationState> = new Set([
  "awaiting_reply",
  "awaiting_approval",
  "unresponsive",
]);

/** Applies one event to the aggregate. Pure and total: every event type is handled. */
export function evolve(n: Negotiation, e: NegotiationEvent): Negotiation {
  const next: Negotiation = { ...n, updatedAt: e.at };
  switch (e.type) {
    case "started":
      return { ...e.negotiation };
    case "state_changed":
      return {
        ...next,
        state: e.to,
        previousState: e.to === "paused" ? e.from : e.from === "paused" ? null : n.previousState,
        // Only states that wait on the creator or on an approval window keep timers.
        timers: TIMED_STATES.has(e.to) ? n.timers : [],
        // A draft survives a pause (and a gate escalation's draft its resume); nothing else.
        pendingApproval:
          e.to === "awaiting_approval" ||
          e.to === "paused" ||
          (e.to === "escalated" && e.from === "paused")
            ? n.pendingApproval
            : null,
      };
    case "reply_received":
      // A real reply cancels pending follow-ups; auto-replies and out-of-office notes do not.
      return e.intent === "out_of_office" || e.intent === "auto_reply"
        ? { ...next, lastIntent: e.intent }
        : { ...next, lastIntent: e.intent, followUpsSent: 0, timers: [] };
    case "their_ask":
      return {
        ...next,
        theirAsk: { amountCents: e.amountCents, tier: e.tier, at: e.at },
        rateAsked: false,
      };
    case "offer_made":
      // A decided offer is only a proposal until its email is released (see email_released).
      return next;
    case "escalated":
      return {
        ...next,
        lastEscalation: {
          reason: e.reason,
          evidence: e.evidence,
          at: e.at,
        },
      };
    case "approval_requested":
      return { ...next, pendingApproval: e.pending };
    case "draft_cleared":
      return { ...next, pendingApproval: null };
    case "email_released": {
      // The offer on the table is the one the creator has been sent: drafts held for approval,
      // superseded or rejected never move it.
      const { offer, purpose, lever } = e.intent;
      const carriesOffer =
        offer !== null &&
        (purpose === "opening" || purpose === "counter" || purpose === "agreement");
      return {
        ...next,
        emailsReleased: n.emailsReleased + 1,
        followUpsSent: purpose === "follow_up" ? (e.intent.followUpNumber ?? n.followUpsSent) : 0,
        pendingApproval: null,
        lastOffer: carriesOffer ? offer : n.lastOffer,
        rateAsked: e.intent.reply?.pushedBackWithoutRate === true || (!carriesOffer && n.rateAsked),
        round: purpose === "counter" ? n.round + 1 : n.round,
        leversUsed:
          lever && !n.leversUsed.includes(lever) ? [...n.leversUsed, lever] : n.leversUsed,
      };
    }
    case "agreed":
      return { ...next, agreedCents: e.offer.amountCents, lastOffer: e.offer };
    case "timers_set":
      return { ...next, timers: e.timers };
    case "counterparty_updated":
      return { ...next, counterparty: e.counterparty, contacts: e.contacts };
    case "questions_for_team":
      return {
        ...next,
        openQuestions: [...new Set([...n.openQuestions, ...e.questions])],
      };
    case "questions_answered":
      return { ...next, openQuestions: [] };
    case "notified":
    case "human_action":
      return next;
  }
}

export const evolveAll = (n: Negotiation, events: readonly NegotiationEvent[]): Negotiation =>
  events.reduce(evolve, n);
