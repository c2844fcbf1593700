import * as z from "zod/mini";
import type { Negotiation, NegotiationState } from "../domain/negotiation-state";
import type { SenderVerdict } from "../domain/thread-people";
import { PLATFORMS, type Rationale } from "../domain/types";
import type { OutgoingEmail } from "../ports/mailer";

/** RPC inputs are parsed at the object's boundary like any other. */
export const CreatorSchema = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  email: z.pipe(
    z.email().check(z.maxLength(320)),
    z.transform((e) => e.toLowerCase()),
  ),
  platform: z.enum(PLATFORMS),
  handle: z._default(z.nullable(z.string().check(z.trim(), z.maxLength(100))), null),
  averageViews: z.int().check(z.positive(), z.lte(10_000_000_000)),
  engagementRate: z._default(z.nullable(z.number().check(z.gte(0), z.lte(100))), null),
  timezone: z._default(z.string().check(z.minLength(1), z.maxLength(64)), "America/New_York"),
});

export interface InboundEmail {
  messageId: string;
  from: string;
  fromName: string | null;
  to: string[];
  cc: string[];
  subject: string;
  /** Plain text of the whole message (HTML converted), quoted history still in. */
  text: string;
  inReplyTo: string | null;
  references: string[];
  autoSubmitted: boolean;
  bounce: boolean;
  /**
   * The From domain's authentication by our receiving side's own results, and those results
   * (clipped). Mail stored before it was recorded is read as `none`.
   */
  authentication: { verdict: SenderVerdict; evidence: string | null };
  receivedAt: number;
  requestId: string | null;
}

export const COMMAND_NAMES = [
  "pause",
  "resume",
  "stop",
  "takeover",
  "release",
  "approve",
  "reject_draft",
  "answer",
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface CommandInput {
  command: CommandName;
  actor: string;
  requestId: string | null;
  /** approve: an edited draft body to send instead of the pending one; answer: the answer. */
  text?: string | null;
  /** reject_draft: why. */
  reason?: string | null;
}

export type CommandOutcome =
  | { ok: true; negotiation: NegotiationView }
  | {
      ok: false;
      /** invalid_input: the call itself was malformed (`details` lists the problems). */
      code: "illegal_command" | "not_found" | "validation_failed" | "invalid_input";
      message: string;
      state?: NegotiationState;
      details?: string[];
    };

export interface NegotiationView {
  id: string;
  campaignId: string;
  creator: Negotiation["creator"];
  state: NegotiationState;
  previousState: NegotiationState | null;
  round: number;
  lastOffer: {
    amountCents: number;
    cpmCents: number;
    deliverables: string;
    tier: number;
    usageRights: { days: number } | null;
    product: { description: string; valueCents: number } | null;
    syndication: boolean;
    /** The fee plus the product's value. */
    packageValueCents: number;
    rationale: Rationale;
  } | null;
  theirAsk: { amountCents: number; tier: number | null; at: string } | null;
  agreedCents: number | null;
  counterparty: Negotiation["counterparty"];
  contacts: string[];
  leversUsed: string[];
  nextTimerAt: string | null;
  pendingApproval: {
    purpose: string;
    /** The offer the draft carries, so a person editing it knows the amount to state. */
    amountCents: number | null;
    subject: string;
    text: string;
    requestedAt: string;
    autoSendAt: string | null;
  } | null;
  escalation: { reason: string; evidence: string[]; at: string } | null;
  /** Their questions waiting for a person's answer (`POST …/answer`), in their words. */
  openQuestions: string[];
  /** The mailbox every email of this thread goes out from. */
  mailbox: string;
  emailsSent: number;
  createdAt: string;
  updatedAt: string;
}

/** A JSON value, kept shallow so RPC type inference stays cheap. */
export type Json = string | number | boolean | null | object;

export interface TimelineEvent {
  at: string;
  type: string;
  actor: string;
  requestId: string | null;
  [field: string]: Json;
}

/** Outbox payload of an email effect. */
export interface EmailEffect {
  email: OutgoingEmail;
  purpose: string;
  amountCents: number | null;
}

export type DeliveryTicket =
  | {
      action: "send";
      email: OutgoingEmail;
      attempt: number;
      campaignId: string;
      /** Envelope recipients still waiting for this email (To first, then Cc). */
      recipients: string[];
      /** When its first envelope went out (ms): every copy carries the same Date. */
      firstSendAt: number;
    }
  | {
      action: "skip";
      /**
       * deferred: send discipline moved it to a later due time; the alarm brings it back.
       * unreadable: the stored email could not be read; it was set aside and reported.
       */
      reason: "already_sent" | "cancelled" | "held" | "unknown" | "deferred" | "unreadable";
    };
