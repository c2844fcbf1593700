import { z } from "zod";
import type { DeferReason } from "../domain/send-discipline";
import { WEEKDAYS } from "../domain/types";
import type { Config, Env } from "../env";

/**
 * The only way callers reach a sending mailbox's ledger. One object per sending address (the same
 * object the Gmail sync uses for MAIL_FROM), whichever transport sends.
 */
export function sendingMailbox(env: Env, config: Config, address: string) {
  const mailbox = mailboxKey(config, address);
  return { mailbox, stub: env.MAILBOXES.get(env.MAILBOXES.idFromName(mailbox)) };
}

/** MAIL_FROM keeps its configured spelling (the object's name); anything else is lower-cased. */
function mailboxKey(config: Config, address: string): string {
  const lower = address.trim().toLowerCase();
  return lower === config.MAIL_FROM.toLowerCase() ? config.MAIL_FROM : lower;
}

const address = z.string().trim().min(3).max(320);

export const ReserveSendSchema = z.object({
  mailbox: address,
  /** The outbox key: a retried delivery of the same email asks with the same key. */
  key: z.string().min(1).max(500),
  creatorEmail: address.transform((e) => e.toLowerCase()),
  now: z.number().int().positive().optional(),
  window: z
    .object({
      sendWindow: z
        .object({ days: z.array(z.enum(WEEKDAYS)).min(1), start: z.string(), end: z.string() })
        .nullable(),
      timeZone: z.string().min(1).max(64),
    })
    .nullable()
    .default(null),
});
export type ReserveSendInput = z.input<typeof ReserveSendSchema>;

export type Reservation =
  | { status: "granted"; slotAt: number; day: string }
  | { status: "deferred"; until: number; reason: DeferReason };

export const MailboxInputSchema = z.object({ mailbox: address });

export const RecordBounceSchema = z.object({
  mailbox: address,
  messageId: z.string().min(1).max(1000),
  now: z.number().int().positive().optional(),
});

export const ResumeSendingSchema = z.object({
  mailbox: address,
  actor: z.string().min(1).max(300),
  requestId: z.string().max(200).nullable().default(null),
});

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
}

export type ResumeOutcome = { ok: true; status: SendingStatus } | { ok: false; code: "not_paused" };
