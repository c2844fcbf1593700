import type { Negotiation } from "../domain/negotiation-state";
import type { HistoryRow } from "./store";
import type { Json, NegotiationView, TimelineEvent } from "./types";

const iso = (ms: number) => new Date(ms).toISOString();

export function toView(n: Negotiation, emailsSent: number, mailbox: string): NegotiationView {
  const next = n.timers.reduce<number | null>((m, t) => (m === null || t.at < m ? t.at : m), null);
  const offer = n.lastOffer;
  const pending = n.pendingApproval;
  return {
    id: n.id,
    campaignId: n.campaignId,
    creator: n.creator,
    state: n.state,
    previousState: n.state === "paused" ? n.previousState : null,
    round: n.round,
    lastOffer: offer
      ? {
          amountCents: offer.amountCents,
          cpmCents: offer.cpmCents,
          deliverables: offer.deliverables,
          tier: offer.tier,
          usageRights: offer.usageDays === null ? null : { days: offer.usageDays },
          product: offer.product,
          syndication: offer.syndication,
          packageValueCents: offer.packageValueCents,
          rationale: offer.rationale,
        }
      : null,
    theirAsk: n.theirAsk ? { ...n.theirAsk, at: iso(n.theirAsk.at) } : null,
    agreedCents: n.agreedCents,
    counterparty: n.counterparty,
    contacts: n.contacts,
    leversUsed: n.leversUsed,
    nextTimerAt: next === null ? null : iso(next),
    pendingApproval: pending
      ? {
          purpose: pending.intent.purpose,
          amountCents: pending.intent.offer?.amountCents ?? null,
          subject: pending.draft.subject,
          text: pending.draft.body,
          requestedAt: iso(pending.requestedAt),
          autoSendAt: pending.autoSendAt === null ? null : iso(pending.autoSendAt),
        }
      : null,
    escalation: n.lastEscalation ? { ...n.lastEscalation, at: iso(n.lastEscalation.at) } : null,
    openQuestions: n.openQuestions,
    mailbox,
    emailsSent,
    createdAt: iso(n.createdAt),
    updatedAt: iso(n.updatedAt),
  };
}

export function toTimeline(rows: HistoryRow[]): TimelineEvent[] {
  return rows.map((r) => ({
    ...(r.data as Record<string, Json>),
    at: iso(r.at),
    type: r.type,
    actor: r.actor,
    requestId: r.requestId,
  }));
}
