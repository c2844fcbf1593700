import { type AuditEvent, systemAuditEvent } from "../ports/audit-sink";
import type { EffectMessage } from "../queues/messages";
import type { Pause } from "./send-ledger";

const iso = (ms: number) => new Date(ms).toISOString();
const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** Why a mailbox paused, in words a person reads on the status and in the notification. */
export function bounceReason(input: {
  sends: number;
  bounces: number;
  rate: number;
  pauseRate: number;
}): string {
  return `bounce rate ${percent(input.rate)} (${input.bounces} of ${input.sends} sent) is above ${percent(input.pauseRate)}`;
}

function mailboxAudit(
  mailbox: string,
  input: {
    id: string;
    at: number;
    type: string;
    actor: string;
    requestId: string | null;
    data: Record<string, unknown>;
  },
): AuditEvent {
  return systemAuditEvent({
    ...input,
    at: iso(input.at),
    data: { mailbox, ...input.data },
  });
}

/** The audit row and the team notification of a pause; ids derive from the mailbox and the moment. */
export function pausedMessages(
  mailbox: string,
  pause: Pause,
  rule: { pauseRate: number; minSends: number; windowStart: number },
  requestId: string | null,
): EffectMessage[] {
  const id = `mailbox_paused:${mailbox}:${pause.at}`;
  const resumePath = `/api/mailboxes/${encodeURIComponent(mailbox)}/resume`;
  const evidence = [
    `${pause.bounces} bounces out of ${pause.sends} emails sent since ${iso(rule.windowStart)}`,
    `limit: ${percent(rule.pauseRate)} once at least ${rule.minSends} emails were sent`,
  ];
  return [
    {
      type: "audit",
      version: 1,
      key: `audit:${id}`,
      requestId,
      event: mailboxAudit(mailbox, {
        id,
        at: pause.at,
        type: "mailbox_paused",
        actor: "system",
        requestId,
        data: {
          reason: pause.reason,
          sends: pause.sends,
          bounces: pause.bounces,
          bounceRate: pause.rate,
          pauseRate: rule.pauseRate,
          minSends: rule.minSends,
          windowStart: iso(rule.windowStart),
        },
      }),
    },
    {
      type: "notify",
      version: 1,
      key: `notify:${id}`,
      requestId,
      notification: {
        id,
        at: iso(pause.at),
        kind: "mailbox_paused",
        campaignId: null,
        negotiationId: null,
        title: `Sending from ${mailbox} is paused: too many bounces`,
        detail:
          `The ${pause.reason}. No email leaves ${mailbox} until someone resumes it; emails due ` +
          "meanwhile wait and go out after the resume. Check the bounced creator addresses " +
          `(their negotiations are stopped), then resume with POST ${resumePath}.`,
        data: { reason: "bounce_rate", evidence },
      },
    },
  ];
}

/** The queue message that wakes a negotiation whose email a lifted pause held back. */
export function releaseMessage(
  mailbox: string,
  negotiationId: string,
  input: { at: number; requestId: string | null },
): EffectMessage {
  return {
    type: "release_deferred",
    version: 1,
    key: `release_deferred:${mailbox}:${input.at}:${negotiationId}`,
    requestId: input.requestId,
    negotiationId,
  };
}

export function resumedMessage(
  mailbox: string,
  input: { at: number; actor: string; requestId: string | null; pause: Pause },
): EffectMessage {
  const id = `mailbox_resumed:${mailbox}:${input.at}`;
  return {
    type: "audit",
    version: 1,
    key: `audit:${id}`,
    requestId: input.requestId,
    event: mailboxAudit(mailbox, {
      id,
      at: input.at,
      type: "mailbox_resumed",
      actor: input.actor,
      requestId: input.requestId,
      data: { pausedAt: iso(input.pause.at), pauseReason: input.pause.reason },
    }),
  };
}
