import * as z from "zod/mini";
import { isValidTimeZone } from "../domain/schedule";
import { isNegotiationId } from "./addressing";
import { CampaignTermsCodec } from "./terms-codec";
import { COMMAND_NAMES, type CommandInput, CreatorSchema, type InboundEmail } from "./types";

/**
 * What the negotiation object's RPC methods accept. The envelopes are strict: a key the object
 * does not know means caller and object disagree about the contract, and acting on half an
 * instruction is worse than refusing it. The limits are generous bounds on what our own callers
 * produce (the HTTP schemas hold the tighter, user-facing ones).
 */

const requestId = z.nullable(z.string().check(z.maxLength(500)));
const key = z.string().check(z.minLength(1), z.maxLength(500));
const address = z.string().check(z.maxLength(1000));

export const StartInputSchema = z.strictObject({
  id: z.string().check(z.refine(isNegotiationId, "a negotiation object id")),
  campaignId: z.string().check(z.minLength(1), z.maxLength(200)),
  creator: z.strictObject({
    ...CreatorSchema.shape,
    timezone: z.string().check(z.refine(isValidTimeZone, "an IANA time zone")),
  }),
  /** Stored campaign terms (possibly saved by an older version): read with their defaults. */
  terms: CampaignTermsCodec,
  requestId,
  mailbox: z._default(z.nullable(z.string().check(z.minLength(3), z.maxLength(320))), null),
});

export const AuthenticationSchema = z.strictObject({
  verdict: z.enum(["pass", "fail", "none"]),
  evidence: z.nullable(z.string().check(z.maxLength(10_000))),
});

/** An inbound email's fields; `InboundEmailSchema` (RPC) and the inbox codec (storage) share them. */
export const inboundEmailShape = {
  messageId: z.string().check(z.minLength(1), z.maxLength(2000)),
  from: address,
  fromName: z.nullable(z.string().check(z.maxLength(1000))),
  to: z.array(address).check(z.maxLength(1000)),
  cc: z.array(address).check(z.maxLength(1000)),
  subject: z.string().check(z.maxLength(2000)),
  text: z.string(),
  inReplyTo: z.nullable(z.string().check(z.maxLength(2000))),
  references: z.array(z.string().check(z.maxLength(2000))).check(z.maxLength(1000)),
  autoSubmitted: z.boolean(),
  bounce: z.boolean(),
  authentication: AuthenticationSchema,
  receivedAt: z.int().check(z.nonnegative()),
  requestId,
};

export const InboundEmailSchema = z.strictObject(
  inboundEmailShape,
) satisfies z.ZodMiniType<InboundEmail>;

export const CommandInputSchema = z.strictObject({
  command: z.enum(COMMAND_NAMES),
  actor: z.string().check(z.minLength(1), z.maxLength(500)),
  requestId,
  text: z.optional(z.nullable(z.string().check(z.maxLength(50_000)))),
  reason: z.optional(z.nullable(z.string().check(z.maxLength(5000)))),
}) satisfies z.ZodMiniType<CommandInput>;

export const BeginDeliverySchema = z.strictObject({ key });

export const DeliveredToSchema = z.strictObject({
  key,
  recipient: address.check(z.minLength(1)),
  providerMessageId: z.nullable(z.string().check(z.maxLength(2000))),
});

export const CompleteDeliverySchema = z.strictObject({
  key,
  providerMessageId: z.nullable(z.string().check(z.maxLength(2000))),
  requestId,
});
