import type { NegotiationEvent } from "../domain/negotiation-events";
import { isTerminal, type Negotiation } from "../domain/negotiation-state";
import { recipientsFor } from "../domain/thread-people";
import type { Config } from "../env";
import type { OutgoingEmail } from "../ports/mailer";
import type { ModelUsage } from "../ports/model-usage";
import type { EffectMessage } from "../queues/messages";
import { byLane, type EffectQueues, sendToLane } from "../queues/routes";
import { type StoredStateError, unreadableReport } from "../stored-state";
import { messageIdFor, replyAddress } from "./addressing";
import type { StoredEmailEffect } from "./outbox-codec";
import {
  ACTIONABLE_KINDS,
  auditEvents,
  notificationsOf,
  projectionOf,
  questionResolutionOf,
  resolutionOf,
  timelineEntry,
} from "./records";
import { ourDomainsOf } from "./reply-context";
import type { NegotiationStore, OutboxRow } from "./store";

const iso = (ms: number) => new Date(ms).toISOString();

const reSubject = (subject: string) => (/^re:/i.test(subject) ? subject : `Re: ${subject}`);

export interface Delivered {
  key: string;
  effect: StoredEmailEffect;
  hash: string;
  providerMessageId: string | null;
}

/**
 * Writes the history rows and outbox rows implied by one commit. Runs inside the caller's
 * storage transaction, so state, history and effects land together or not at all.
 */
export function recordCommit(
  store: NegotiationStore,
  config: Config,
  n: Negotiation,
  events: NegotiationEvent[],
  ctx: { requestId: string | null; at: number; usage?: ModelUsage[] },
  delivered?: Delivered,
): void {
  const seq = store.seq();
  const prefix = delivered ? `${delivered.key}:sent` : `${n.id}:${seq}`;
  const enqueue = (message: EffectMessage, dueAt = ctx.at) =>
    store.enqueueMessage(message, dueAt, ctx.at);

  for (const e of events) {
    const entry = timelineEntry(e);
    if (entry) store.appendHistory(e.at, entry.type, entry.actor, ctx.requestId, entry.data);
  }
  events.forEach((e, i) => {
    if (e.type !== "email_released") return;
    const key = `email:${n.id}:${seq}:${i}`;
    const thread = store.thread();
    const messageId = messageIdFor(`${seq}.${i}`, n.id, config.mailDomain);
    // The last verified speaker on the creator's side, the creator and every contact see it.
    const { to, cc } = recipientsFor({
      creator: n.creator.email,
      contacts: n.contacts,
      lastSpeaker: thread.replyTo,
      excludedDomains: ourDomainsOf(config),
    });
    // The thread's own mailbox, whatever the pool looks like now: replies keep their sender.
    const mailbox = thread.mailbox ?? config.MAIL_FROM;
    const email: OutgoingEmail = {
      from: { name: config.MAIL_FROM_NAME, address: mailbox },
      to: [to],
      cc,
      replyTo: replyAddress(mailbox, n.id),
      subject: thread.subject ? reSubject(thread.subject) : e.draft.subject,
      text: e.draft.body,
      messageId,
      inReplyTo: thread.messageIds.at(-1) ?? null,
      references: thread.messageIds.slice(-20),
    };
    store.saveThread({
      ...thread,
      subject: thread.subject ?? e.draft.subject,
      messageIds: [...thread.messageIds, messageId],
    });
    const effect: StoredEmailEffect = {
      email,
      purpose: e.intent.purpose,
      amountCents: e.intent.offer?.amountCents ?? null,
      requestId: ctx.requestId,
    };
    store.enqueueEmail(key, effect, e.sendAt, ctx.at);
  });

  const records = { requestId: ctx.requestId, prefix };
  for (const event of auditEvents(n, events, records))
    enqueue({
      type: "audit",
      version: 1,
      key: `audit:${event.id}`,
      requestId: ctx.requestId,
      event,
    });
  settleNotifications(store, n, events, { seq, requestId: ctx.requestId }, enqueue);
  const notified = events.some((e) => e.type === "notified");
  const excerpt = notified ? store.lastReceivedText() : null;
  const created = notificationsOf(n, events, { ...records, excerpt });
  for (const notification of created) {
    enqueue({
      type: "notify",
      version: 1,
      key: `notify:${notification.id}`,
      requestId: ctx.requestId,
      notification,
    });
  }
  const opened = created.filter((x) => ACTIONABLE_KINDS.has(x.kind)).map((x) => x.id);
  if (opened.length) store.setOpenNotifications([...store.openNotifications(), ...opened]);
  const asked = created.filter((x) => x.kind === "question").map((x) => x.id);
  if (asked.length)
    store.setOpenQuestionNotifications([...store.openQuestionNotifications(), ...asked]);
  if (delivered) recordDelivery(store, n, ctx, delivered, enqueue);
  (ctx.usage ?? []).forEach((u, i) => {
    const id = `${prefix}:usage:${i}`;
    enqueue({
      type: "audit",
      version: 1,
      key: `audit:${id}`,
      requestId: ctx.requestId,
      event: {
        id,
        at: iso(ctx.at),
        type: "model_usage",
        campaignId: n.campaignId,
        negotiationId: n.id,
        creatorName: n.creator.name,
        creatorEmail: n.creator.email,
        actor: "agent",
        stateFrom: null,
        stateTo: null,
        amountCents: null,
        requestId: ctx.requestId,
        data: { ...u },
      },
    });
  });
  if (events.length) {
    enqueue({
      type: "projection",
      version: 1,
      key: `projection:${n.id}:${seq}`,
      requestId: ctx.requestId,
      row: projectionOf(n, seq),
    });
    if (
      n.terms.budgetCents !== null &&
      events.some((e) => e.type === "state_changed" && isTerminal(e.to))
    ) {
      const amountCents = n.state === "agreed" ? n.agreedCents : null;
      enqueue({
        type: "budget",
        version: 1,
        key: `budget:${n.id}:${seq}`,
        requestId: ctx.requestId,
        campaignId: n.campaignId,
        negotiationId: n.id,
        amountCents,
      });
    }
  }
}

/** Notifications this commit settles are named to the consumer, which marks them (and their Slack messages). */
function settleNotifications(
  store: NegotiationStore,
  n: Negotiation,
  events: NegotiationEvent[],
  { seq, requestId }: { seq: number; requestId: string | null },
  enqueue: (m: EffectMessage) => void,
): void {
  const resolve = (key: string, ids: string[], r: { label: string; actor: string; at: number }) =>
    enqueue({
      type: "notifications_resolved",
      version: 1,
      key: `${key}:${n.id}:${seq}`,
      requestId,
      negotiationId: n.id,
      notificationIds: ids,
      label: r.label,
      actor: r.actor,
      at: iso(r.at),
    });
  const open = store.openNotifications();
  const resolution = open.length ? resolutionOf(events) : null;
  if (resolution) {
    resolve("resolved", open, resolution);
    store.setOpenNotifications([]);
  }
  const questions = store.openQuestionNotifications();
  const answered = questions.length ? questionResolutionOf(events) : null;
  if (answered) {
    resolve("resolved-questions", questions, answered);
    store.setOpenQuestionNotifications([]);
  }
}

function recordDelivery(
  store: NegotiationStore,
  n: Negotiation,
  ctx: { requestId: string | null; at: number },
  d: Delivered,
  enqueue: (m: EffectMessage) => void,
): void {
  const { email } = d.effect;
  store.appendHistory(ctx.at, "email_sent", "agent", ctx.requestId, {
    subject: email.subject,
    from: email.from.address,
    to: email.to.join(", "),
    cc: email.cc.join(", "),
    text: email.text,
    messageId: email.messageId,
    purpose: d.effect.purpose,
  });
  enqueue({
    type: "audit",
    version: 1,
    key: `audit:${d.key}:sent`,
    requestId: ctx.requestId,
    event: {
      id: `${d.key}:sent`,
      at: iso(ctx.at),
      type: "email_sent",
      campaignId: n.campaignId,
      negotiationId: n.id,
      creatorName: n.creator.name,
      creatorEmail: n.creator.email,
      actor: "agent",
      stateFrom: null,
      stateTo: null,
      amountCents: d.effect.amountCents,
      requestId: ctx.requestId,
      data: {
        messageId: email.messageId,
        providerMessageId: d.providerMessageId,
        subject: email.subject,
        to: email.to,
        cc: email.cc,
        purpose: d.effect.purpose,
        sha256: d.hash,
      },
    },
  });
}

/**
 * Hands due outbox rows to their queues (`src/queues/routes.ts`). Emails stay in the outbox until
 * the consumer confirms the send. Rows are marked per queue as soon as that queue took them, so a
 * queue that refuses leaves only its own rows for the alarm to retry. A row no codec can read is
 * set aside (`unreadable`) and reported in its place, so one bad row never blocks the others or
 * loops the alarm.
 */
export async function dispatchOutbox(
  store: NegotiationStore,
  queues: EffectQueues,
  negotiationId: string,
  cutoff: number,
): Promise<void> {
  for (;;) {
    const { rows, unreadable } = store.duePending(cutoff);
    if (unreadable.length)
      setAside(store, negotiationId, unreadable, (key) =>
        store.setOutboxStatus(key, "unreadable", Date.now()),
      );
    if (rows.length === 0) {
      if (unreadable.length) continue;
      return;
    }
    const messageOf = (row: OutboxRow): EffectMessage =>
      row.kind === "email"
        ? {
            type: "email",
            version: 1,
            key: row.key,
            negotiationId,
            requestId: row.effect.requestId,
          }
        : row.message;
    for (const { lane, items } of byLane(rows, messageOf)) {
      await sendToLane(queues, lane, items.map(messageOf));
      const now = Date.now();
      store.transaction(() => {
        for (const row of items) {
          if (row.kind === "email") store.setOutboxStatus(row.key, "dispatched", now);
          else store.deleteOutbox(row.key);
        }
      });
    }
  }
}

/**
 * Sets unreadable rows aside and queues their reports, in one transaction: logged, put in front
 * of a person by the notification, kept for inspection in storage.
 */
export function setAside(
  store: NegotiationStore,
  negotiationId: string,
  errors: StoredStateError[],
  quarantine: (key: string) => void,
): void {
  const now = Date.now();
  store.transaction(() => {
    for (const error of errors) {
      quarantine(error.key);
      for (const message of unreadableReport({ negotiationId }, error, now))
        store.enqueueMessage(message, now, now);
    }
  });
}
