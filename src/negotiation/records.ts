import { formatUsd } from "../domain/money";
import type { NegotiationEvent } from "../domain/negotiation-events";
import { isTerminal, type Negotiation } from "../domain/negotiation-state";
import type { AuditEvent } from "../ports/audit-sink";
import type { Notification, NotificationData } from "../ports/notifier";
import type { Projection } from "../queues/messages";

const iso = (ms: number) => new Date(ms).toISOString();

export interface RecordContext {
  requestId: string | null;
  /** Key prefix unique to this commit, e.g. "<negotiationId>:<seq>". */
  prefix: string;
}

/** Timeline entry for one event, or null when the event is bookkeeping only. */
export function timelineEntry(
  e: NegotiationEvent,
): { type: string; actor: string; data: Record<string, unknown> } | null {
  switch (e.type) {
    case "started":
      return {
        type: "state_changed",
        actor: "agent",
        data: { from: null, to: "opening", reason: "started" },
      };
    case "state_changed":
      return {
        type: "state_changed",
        actor: e.actor,
        data: { from: e.from, to: e.to, reason: e.reason },
      };
    case "offer_made":
      return { type: "offer", actor: "agent", data: { kind: e.kind, ...offerData(e.offer) } };
    case "escalated":
      return {
        type: "escalated",
        actor: e.actor,
        data: { reason: e.reason, evidence: e.evidence },
      };
    case "approval_requested":
      return {
        type: "approval_requested",
        actor: "agent",
        data: {
          purpose: e.pending.intent.purpose,
          subject: e.pending.draft.subject,
          text: e.pending.draft.body,
          autoSendAt: e.pending.autoSendAt === null ? null : iso(e.pending.autoSendAt),
        },
      };
    case "draft_cleared":
      return e.outcome === "superseded"
        ? { type: "draft_superseded", actor: e.actor, data: { reason: e.reason } }
        : {
            type: e.outcome === "approved" ? "approved" : "rejected_draft",
            actor: e.actor,
            data: { reason: e.reason },
          };
    case "timers_set": {
      const followUps = e.timers.filter((t) => t.name === "follow_up");
      return followUps.length
        ? {
            type: "follow_up_scheduled",
            actor: "system",
            // Not `at`: a timeline entry's `at` is when it happened.
            data: { followUpsAt: followUps.map((t) => iso(t.at)) },
          }
        : null;
    }
    case "notified":
      return { type: "notification", actor: "system", data: { kind: e.kind, title: e.title } };
    case "human_action":
      return { type: "human_action", actor: e.actor, data: { command: e.command, note: e.note } };
    case "agreed":
      return { type: "agreement", actor: "agent", data: offerData(e.offer) };
    case "email_released":
      return {
        type: "email_queued",
        actor: e.actor,
        data: { purpose: e.intent.purpose, subject: e.draft.subject, sendAt: iso(e.sendAt) },
      };
    case "questions_for_team":
      return { type: "question_for_team", actor: "agent", data: { questions: e.questions } };
    case "questions_answered":
      return null;
    case "reply_received":
    case "their_ask":
    case "counterparty_updated":
      return null;
  }
}

function offerData(offer: NonNullable<Negotiation["lastOffer"]>): Record<string, unknown> {
  return {
    amountCents: offer.amountCents,
    cpmCents: offer.cpmCents,
    tier: offer.tier,
    deliverables: offer.deliverables,
    usageDays: offer.usageDays,
    product: offer.product,
    syndication: offer.syndication,
    packageValueCents: offer.packageValueCents,
    rationale: offer.rationale,
  };
}

const AUDIT_TYPES: Partial<Record<NegotiationEvent["type"], string>> = {
  started: "negotiation_started",
  state_changed: "state_changed",
  reply_received: "reply_read",
  offer_made: "offer",
  escalated: "escalated",
  approval_requested: "approval_requested",
  draft_cleared: "draft_cleared",
  agreed: "agreement",
  notified: "notification",
  human_action: "human_action",
  email_released: "email_queued",
  questions_for_team: "question_for_team",
};

/** Audit rows for one committed batch of events; ids are deterministic so replays never duplicate. */
export function auditEvents(
  n: Negotiation,
  events: NegotiationEvent[],
  ctx: RecordContext,
): AuditEvent[] {
  const rows: AuditEvent[] = [];
  events.forEach((e, i) => {
    const type = AUDIT_TYPES[e.type];
    if (!type) return;
    const entry = timelineEntry(e);
    const base: AuditEvent = {
      id: `${ctx.prefix}:${i}`,
      at: iso(e.at),
      type,
      campaignId: n.campaignId,
      negotiationId: n.id,
      creatorName: n.creator.name,
      creatorEmail: n.creator.email,
      actor: entry?.actor ?? "agent",
      stateFrom: null,
      stateTo: null,
      amountCents: null,
      requestId: ctx.requestId,
      data: entry?.data ?? {},
    };
    switch (e.type) {
      case "state_changed":
        rows.push({ ...base, stateFrom: e.from, stateTo: e.to });
        return;
      case "offer_made":
      case "agreed":
        rows.push({ ...base, amountCents: e.offer.amountCents });
        return;
      case "reply_received":
        rows.push({
          ...base,
          actor: "agent",
          data: {
            messageId: e.messageId,
            from: e.from,
            intent: e.intent,
            confidence: e.confidence,
          },
          amountCents: e.amountCents,
        });
        return;
      default:
        rows.push(base);
    }
  });
  return rows;
}

/** Longest excerpt of their message carried by a notification. */
const EXCERPT_CHARS = 1200;

/**
 * Team notifications of a commit, each with what a person needs to act on it: who, where the
 * negotiation stands, their latest words, the trigger and its evidence, the engine's rationale,
 * the draft waiting for a decision or the deal. `excerpt` is their latest message.
 */
export function notificationsOf(
  n: Negotiation,
  events: NegotiationEvent[],
  ctx: RecordContext & { excerpt: string | null },
): Notification[] {
  return events.flatMap((e, i) =>
    e.type === "notified"
      ? [
          {
            id: `${ctx.prefix}:${i}`,
            at: iso(e.at),
            kind: e.kind,
            campaignId: n.campaignId,
            negotiationId: n.id,
            title: e.title,
            detail:
              e.kind === "agreement" && n.agreedCents !== null
                ? `${formatUsd(n.agreedCents)} for ${e.detail}`
                : e.detail,
            data: notificationData(n, e.kind, ctx.excerpt),
          },
        ]
      : [],
  );
}

function notificationData(
  n: Negotiation,
  kind: Extract<NegotiationEvent, { type: "notified" }>["kind"],
  excerpt: string | null,
): NotificationData {
  const pending = n.pendingApproval;
  const escalation = kind === "escalation" ? n.lastEscalation : null;
  const offer = n.lastOffer;
  return {
    creator: {
      name: n.creator.name,
      email: n.creator.email,
      platform: n.creator.platform,
      handle: n.creator.handle,
    },
    state: n.state,
    round: n.round,
    excerpt: excerpt === null ? null : clip(excerpt.trim(), EXCERPT_CHARS),
    ...(kind === "question" ? { questions: n.openQuestions } : {}),
    reason: escalation?.reason ?? (pending ? `draft_${pending.intent.purpose}` : null),
    evidence: escalation?.evidence ?? pending?.heldBecause ?? [],
    // The offer a person is asked about: the draft's when one waits, else the one on the table.
    rationale: (pending?.intent.offer ?? offer)?.rationale.reason ?? null,
    draft:
      pending && (kind === "approval_needed" || kind === "escalation")
        ? {
            subject: pending.draft.subject,
            body: pending.draft.body,
            autoSendAt: pending.autoSendAt === null ? null : iso(pending.autoSendAt),
          }
        : null,
    deal:
      kind === "agreement" && offer && n.agreedCents !== null
        ? {
            platform: n.creator.platform,
            deliverables: offer.deliverables,
            usageDays: offer.usageDays,
            product: offer.product?.description ?? null,
            amountCents: n.agreedCents,
            cpmCents: offer.cpmCents,
            targetCpmCents: n.terms.cpmTargetCents,
            nextSteps: nextSteps(n),
          }
        : null,
  };
}

/** What the team does after a deal, in the order the creator's email promises it. */
function nextSteps(n: Negotiation): string[] {
  const product = n.lastOffer?.product?.description;
  return [
    "Send the written agreement for signature",
    product ? `Ship ${product} and share the creative brief` : "Share the creative brief",
    "Review the draft content before it goes live",
    `Pay on the agreed terms: ${n.terms.paymentTerms}`,
  ];
}

const clip = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

export function projectionOf(n: Negotiation, seq: number): Projection {
  const next = n.timers.reduce<number | null>((m, t) => (m === null || t.at < m ? t.at : m), null);
  return {
    id: n.id,
    campaignId: n.campaignId,
    creatorName: n.creator.name,
    creatorEmail: n.creator.email,
    platform: n.creator.platform,
    state: n.state,
    round: n.round,
    lastOfferCents: n.lastOffer?.amountCents ?? null,
    lastOfferCpmCents: n.lastOffer?.cpmCents ?? null,
    theirAskCents: n.theirAsk?.amountCents ?? null,
    agreedCents: n.agreedCents,
    agreedCpmCents: n.agreedCents !== null ? (n.lastOffer?.cpmCents ?? null) : null,
    counterpartyType: n.counterparty.type,
    agency: n.counterparty.agency,
    contacts: n.contacts,
    nextTimerAt: next === null ? null : iso(next),
    pendingApproval: n.pendingApproval
      ? {
          purpose: n.pendingApproval.intent.purpose,
          subject: n.pendingApproval.draft.subject,
          body: n.pendingApproval.draft.body,
          amountCents: n.pendingApproval.intent.offer?.amountCents ?? null,
          requestedAt: iso(n.pendingApproval.requestedAt),
          autoSendAt:
            n.pendingApproval.autoSendAt === null ? null : iso(n.pendingApproval.autoSendAt),
        }
      : null,
    seq,
    createdAt: iso(n.createdAt),
    updatedAt: iso(n.updatedAt),
  };
}

/** Notification kinds that wait for someone to act; they are resolved once the negotiation moves on. */
export const ACTIONABLE_KINDS: ReadonlySet<string> = new Set([
  "escalation",
  "approval_needed",
  "unresponsive",
]);

/**
 * A question for the team is settled by a person's answer, or by the thread ending or being taken
 * over; a new reply from them leaves it open (their question still waits).
 */
export function questionResolutionOf(
  events: NegotiationEvent[],
): { label: string; actor: string; at: number } | null {
  for (const e of events) {
    if (e.type === "questions_answered") return { label: "Answered", actor: e.actor, at: e.at };
    if (e.type === "state_changed" && (isTerminal(e.to) || e.to === "human"))
      return { label: STATE_LABELS[e.to] ?? `Moved on to ${e.to}`, actor: e.actor, at: e.at };
  }
  return null;
}

const WAITING_STATES: ReadonlySet<string> = new Set([
  "escalated",
  "awaiting_approval",
  "unresponsive",
]);

const OUTCOME_LABELS = {
  approved: "Approved and sent",
  rejected: "Draft rejected",
  superseded: "Superseded by a newer reply",
} as const;

const STATE_LABELS: Record<string, string> = {
  human: "Taken over",
  stopped: "Stopped",
  agreed: "Agreed",
  declined: "Declined",
  walked_away: "Walked away",
  escalated: "Escalated",
  awaiting_reply: "Handed back to the agent",
};

/**
 * Whether a commit settles the negotiation's open notifications (a draft decided, or the
 * negotiation leaving a state that waits on people; a pause settles nothing), and how to say so.
 */
export function resolutionOf(
  events: NegotiationEvent[],
): { label: string; actor: string; at: number } | null {
  const cleared = events.find((e) => e.type === "draft_cleared");
  if (cleared?.type === "draft_cleared")
    return { label: OUTCOME_LABELS[cleared.outcome], actor: cleared.actor, at: cleared.at };
  const moved = events.find(
    (e) => e.type === "state_changed" && WAITING_STATES.has(e.from) && e.to !== "paused",
  );
  if (moved?.type !== "state_changed") return null;
  const label =
    moved.from === "unresponsive"
      ? "They replied"
      : moved.from === "awaiting_approval" && moved.to === "awaiting_reply"
        ? "Sent"
        : (STATE_LABELS[moved.to] ?? `Moved on to ${moved.to.replaceAll("_", " ")}`);
  return { label, actor: moved.actor, at: moved.at };
}
