import * as z from "zod/mini";
import type { DeferReason } from "../domain/send-discipline";
import { WEEKDAYS } from "../domain/types";

/**
 * The mailbox object's RPC surface: what `MailboxObject` implements and callers see through
 * `Env.MAILBOXES` and the client. Its callers are the negotiation object, the queue consumer, the
 * cron and the mailbox routes (which parse their own requests first), so malformed input throws a
 * TypeError: a bug to fix, dead-lettered at once when a queue message carried it.
 */
export interface MailboxApi {
  /** Reads the mailbox from its stored cursor up to `historyId` (Gmail push). */
  sync(input: SyncInput): Promise<{ delivered: number; skipped: number }>;
  /** Renews the Gmail push watch when it is missing or close to expiry. */
  renewWatch(input: RenewWatchInput): Promise<MailboxStatus>;
  status(): Promise<MailboxStatus>;
  /** A send slot for one outbox email; idempotent per key. */
  reserveSend(input: ReserveSendInput): Promise<Reservation>;
  /** Gives back a granted slot the email will not use. */
  releaseSend(input: ReleaseSendInput): Promise<void>;
  /** Counts a bounce once per report; may pause the mailbox. */
  recordBounce(input: RecordBounceInput): Promise<{ recorded: boolean; paused: boolean }>;
  /** Lifts a pause (audited with who did it). */
  resumeSending(input: ResumeSendingInput): Promise<ResumeOutcome>;
  sendingStatus(input: MailboxInput): Promise<SendingStatus>;
  /** Records that a new negotiation sends from this mailbox (its load); idempotent per negotiation. */
  claim(input: ClaimInput): Promise<{ assigned: number }>;
}

const address = z.string().check(z.trim(), z.minLength(3), z.maxLength(320));

export const SyncSchema = z.strictObject({
  historyId: z.string().check(z.regex(/^\d{1,30}$/, "a Gmail history id")),
  requestId: z.nullable(z.string().check(z.maxLength(500))),
  /** The Gmail account whose history this object reads (its name); absent, the default account. */
  account: z.optional(address),
});
export type SyncInput = z.input<typeof SyncSchema>;

export const RenewWatchSchema = z.strictObject({
  topic: z.string().check(z.minLength(1), z.maxLength(500)),
  account: z.optional(address),
});
export type RenewWatchInput = z.input<typeof RenewWatchSchema>;

export const ReserveSendSchema = z.strictObject({
  mailbox: address,
  /** The outbox key: a retried delivery of the same email asks with the same key. */
  key: z.string().check(z.minLength(1), z.maxLength(500)),
  /** Whose email it is: a negotiation held back by a pause is woken when the pause is lifted. */
  negotiationId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  creatorEmail: z.pipe(
    address,
    z.transform((e) => e.toLowerCase()),
  ),
  now: z.optional(z.int().check(z.positive())),
  window: z._default(
    z.nullable(
      z.strictObject({
        // A copy of the negotiation's stored window, only read here: a key a newer version added
        // to it is not this method's to refuse, and nothing is stored from it.
        sendWindow: z.nullable(
          z.object({
            days: z.array(z.enum(WEEKDAYS)).check(z.minLength(1)),
            start: z.string(),
            end: z.string(),
          }),
        ),
        timeZone: z.string().check(z.minLength(1), z.maxLength(64)),
      }),
    ),
    null,
  ),
});
export type ReserveSendInput = z.input<typeof ReserveSendSchema>;

export const ReleaseSendSchema = z.strictObject({
  mailbox: address,
  key: z.string().check(z.minLength(1), z.maxLength(500)),
});
export type ReleaseSendInput = z.input<typeof ReleaseSendSchema>;

export const MailboxInputSchema = z.strictObject({ mailbox: address });
export type MailboxInput = z.input<typeof MailboxInputSchema>;

export const ClaimSchema = z.strictObject({
  mailbox: address,
  negotiationId: z.string().check(z.minLength(1), z.maxLength(200)),
  now: z.optional(z.int().check(z.positive())),
});
export type ClaimInput = z.input<typeof ClaimSchema>;

export const RecordBounceSchema = z.strictObject({
  mailbox: address,
  messageId: z.string().check(z.minLength(1), z.maxLength(1000)),
  now: z.optional(z.int().check(z.positive())),
  requestId: z._default(z.nullable(z.string().check(z.maxLength(200))), null),
});
export type RecordBounceInput = z.input<typeof RecordBounceSchema>;

export const ResumeSendingSchema = z.strictObject({
  mailbox: address,
  actor: z.string().check(z.minLength(1), z.maxLength(300)),
  requestId: z._default(z.nullable(z.string().check(z.maxLength(200))), null),
});
export type ResumeSendingInput = z.input<typeof ResumeSendingSchema>;

export interface MailboxStatus {
  cursor: string | null;
  watchExpiresAt: string | null;
}

export type Reservation =
  | { status: "granted"; slotAt: number; day: string }
  | { status: "deferred"; until: number; reason: DeferReason };

export interface SendingStatus {
  address: string;
  paused: boolean;
  pausedAt: string | null;
  pauseReason: string | null;
  /** Slots granted on today's UTC day, including ones reserved for later today. */
  sentToday: number;
  capToday: number;
  /** Bounces per send over the bounce window; null before anything was sent. */
  bounceRate: number | null;
  /** Sends and bounces in the bounce window: the last 7 days, since the last resume if later. */
  sends7d: number;
  bounces7d: number;
  /** Negotiations assigned to this mailbox over the last 14 days: its load in the pool. */
  assigned: number;
  /** Emails a day: the cap, or fewer when spacing allows fewer (docs/sending-capacity.md). */
  emailsPerDay: number;
  gapSeconds: number;
}

/**
 * A mailbox as the API shows it: its send discipline, whether it is retired (finishing its threads,
 * taking no new negotiation) and, with Gmail, the account it sends through.
 */
export type MailboxView = SendingStatus & { retired: boolean; gmailAccount: string | null };

export type ResumeOutcome = { ok: true; status: SendingStatus } | { ok: false; code: "not_paused" };
