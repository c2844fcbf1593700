import type { Negotiation } from "../domain/negotiation-state";
import type { UnverifiedReason } from "../domain/thread-people";
import type { AuditEvent } from "../ports/audit-sink";
import type { Notification } from "../ports/notifier";
import type { EffectMessage } from "../queues/messages";
import type { NegotiationStore } from "./store";
import type { InboundEmail } from "./types";

/**
 * Mail on a thread from someone who may not speak in it (src/domain/thread-people.ts): kept on
 * the timeline, in the audit trail and in front of the team, and nothing else. It is not read by
 * the model, changes no state, contacts or reply-to, cancels no timer and supersedes no draft.
 *
 * It has its own timeline type, `email_unverified`: whatever reads `email_received` rows (the
 * writer's view of the conversation, "their latest message" in notifications) must never take a
 * stranger's words for the creator's.
 */
export const UNVERIFIED_TIMELINE_TYPE = "email_unverified";

const EXCERPT_CHARS = 1200;

const REASONS: Record<UnverifiedReason, string> = {
  not_on_thread: "not the creator or a contact on this thread",
  authentication_failed: "the sender's domain failed authentication (possibly forged)",
  team_not_authenticated: "a team address without passing authentication, so not a takeover",
};

const clip = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

export interface UnverifiedMail {
  email: InboundEmail;
  /** Their words, quoted history removed. */
  reply: string;
  reason: UnverifiedReason;
}

/** The timeline entry, audit row and notification of one unverified email. `id` is deterministic. */
export function unverifiedRecords(
  n: Negotiation,
  mail: UnverifiedMail,
  id: string,
  at: number,
): { timeline: Record<string, unknown>; audit: AuditEvent; notification: Notification } {
  const { email, reason } = mail;
  const verdict = email.authentication.verdict;
  const evidence = email.authentication.evidence;
  const iso = new Date(at).toISOString();
  return {
    timeline: {
      subject: email.subject,
      from: email.from,
      to: email.to.join(", "),
      text: mail.reply,
      messageId: email.messageId,
      unverified: true,
      reason,
      authentication: verdict,
      authenticationEvidence: evidence,
    },
    audit: {
      id,
      at: iso,
      type: "unverified_sender",
      campaignId: n.campaignId,
      negotiationId: n.id,
      creatorName: n.creator.name,
      creatorEmail: n.creator.email,
      actor: "system",
      stateFrom: null,
      stateTo: null,
      amountCents: null,
      requestId: email.requestId,
      data: {
        from: email.from,
        verdict,
        reason,
        subject: email.subject,
        messageId: email.messageId,
        evidence,
      },
    },
    notification: {
      id,
      at: iso,
      kind: "unverified_sender",
      campaignId: n.campaignId,
      negotiationId: n.id,
      title: `Not read: mail from ${clip(email.from, 200)}`,
      detail: `${email.from} wrote on the thread with ${n.creator.name} <${n.creator.email}>: ${REASONS[reason]}. Parley did not read or answer it.`,
      data: {
        creator: {
          name: n.creator.name,
          email: n.creator.email,
          platform: n.creator.platform,
          handle: n.creator.handle,
        },
        state: n.state,
        round: n.round,
        excerpt: clip(mail.reply.trim(), EXCERPT_CHARS),
        reason: `unverified_sender_${reason}`,
        evidence: [
          `from: ${email.from}`,
          `subject: ${clip(email.subject, 300)}`,
          `authentication: ${verdict}`,
          ...(evidence ? [evidence] : []),
        ],
      },
    },
  };
}

/**
 * Writes one unverified email's records and marks it handled, in one transaction. The key is
 * derived from the Message-ID, and the inbox dedupes by it before this runs, so a redelivered
 * message is recorded once.
 */
export async function recordUnverified(
  store: NegotiationStore,
  n: Negotiation,
  mail: UnverifiedMail,
): Promise<void> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(mail.email.messageId),
  );
  const hex = [...new Uint8Array(digest)]
    .slice(0, 12)
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
  const id = `${n.id}:unverified:${hex}`;
  const now = Date.now();
  const records = unverifiedRecords(n, mail, id, now);
  const enqueue = (message: EffectMessage) => store.enqueueMessage(message, now, now);
  store.transaction(() => {
    store.appendHistory(
      mail.email.receivedAt,
      UNVERIFIED_TIMELINE_TYPE,
      "unverified",
      mail.email.requestId,
      records.timeline,
    );
    const requestId = mail.email.requestId;
    enqueue({ type: "audit", version: 1, key: `audit:${id}`, requestId, event: records.audit });
    enqueue({
      type: "notify",
      version: 1,
      key: `notify:${id}`,
      requestId,
      notification: records.notification,
    });
    store.markInboundDone(mail.email.messageId);
  });
}
