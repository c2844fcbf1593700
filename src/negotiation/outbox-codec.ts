import * as z from "zod/mini";
import type { OutgoingEmail } from "../ports/mailer";
import { type EffectMessage, EffectMessageSchema } from "../queues/messages";
import { inboundEmailShape } from "./rpc-schemas";
import type { EmailEffect, InboundEmail } from "./types";

/**
 * Codecs for the outbox and inbox rows. Like the aggregate's, stored objects are `looseObject`:
 * an unknown key is kept, a missing or mistyped known one makes the row unreadable (it is set
 * aside and reported, never guessed at).
 *
 * Outbox rows other than emails hold the very `EffectMessage` handed to the queue, read back with
 * the queue's own schema: one definition of each message, whoever writes or reads it.
 */

export const OutgoingEmailCodec = z.looseObject({
  from: z.looseObject({ name: z.string(), address: z.string() }),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  replyTo: z.string(),
  subject: z.string(),
  text: z.string(),
  messageId: z.string(),
  inReplyTo: z.nullable(z.string()),
  references: z.array(z.string()),
}) satisfies z.ZodMiniType<OutgoingEmail>;

/** An email effect as the outbox keeps it: the email, why it goes out, and the commit's request. */
export const StoredEmailEffectCodec = z.looseObject({
  email: OutgoingEmailCodec,
  purpose: z.string(),
  amountCents: z.nullable(z.number()),
  requestId: z._default(z.nullable(z.string()), null),
}) satisfies z.ZodMiniType<StoredEmailEffect>;

export type StoredEmailEffect = EmailEffect & { requestId: string | null };

/**
 * Per-recipient progress of one email. A transport that takes one envelope recipient per send
 * records each recipient as it succeeds, so a retry sends only to those still missing.
 */
export const DeliveryCodec = z.looseObject({
  /** When the first send attempt began: every copy carries this as its Date. */
  startedAt: z.number(),
  delivered: z.array(
    z.looseObject({ recipient: z.string(), providerMessageId: z.nullable(z.string()) }),
  ),
});
export type Delivery = z.output<typeof DeliveryCodec>;

/** What the outbox holds for a row of each kind: an email effect, or a queue message. */
export type OutboxContent =
  | { kind: "email"; effect: StoredEmailEffect }
  | { kind: Exclude<EffectMessage["type"], "email">; message: EffectMessage };

/** The queue message a non-email row holds; its type must be the row's kind. */
export const QueuedMessageCodec = (kind: string) =>
  EffectMessageSchema.check(
    z.refine((m) => m.type === kind && m.type !== "email", {
      message: `a queue message of type ${kind}`,
    }),
  );

/**
 * An inbox row's email: the fields the RPC accepted (its bounds only ever widen). `authentication`
 * was recorded later: mail stored before it reads as `none`, exactly what it meant then.
 */
export const StoredInboundEmailCodec = z.looseObject({
  ...inboundEmailShape,
  authentication: z._default(
    z.looseObject({ verdict: z.enum(["pass", "fail", "none"]), evidence: z.nullable(z.string()) }),
    { verdict: "none", evidence: null },
  ),
}) satisfies z.ZodMiniType<InboundEmail>;
