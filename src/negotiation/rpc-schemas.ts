import * as z from "zod";
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

const requestId = z.string().max(500).nullable();
const key = z.string().min(1).max(500);
const address = z.string().max(1000);

export const StartInputSchema = z.strictObject({
  id: z.string().refine(isNegotiationId, "a negotiation object id"),
  campaignId: z.string().min(1).max(200),
  creator: CreatorSchema.extend({
    timezone: z.string().refine(isValidTimeZone, "an IANA time zone"),
  }).strict(),
  /** Stored campaign terms (possibly saved by an older version): read with their defaults. */
  terms: CampaignTermsCodec,
  requestId,
  mailbox: z.string().min(3).max(320).nullable().default(null),
});

export const AuthenticationSchema = z.strictObject({
  verdict: z.enum(["pass", "fail", "none"]),
  evidence: z.string().max(10_000).nullable(),
});

/** An inbound email's fields; `InboundEmailSchema` (RPC) and the inbox codec (storage) share them. */
export const inboundEmailShape = {
  messageId: z.string().min(1).max(2000),
  from: address,
  fromName: z.string().max(1000).nullable(),
  to: z.array(address).max(1000),
  cc: z.array(address).max(1000),
  subject: z.string().max(2000),
  text: z.string(),
  inReplyTo: z.string().max(2000).nullable(),
  references: z.array(z.string().max(2000)).max(1000),
  autoSubmitted: z.boolean(),
  bounce: z.boolean(),
  authentication: AuthenticationSchema,
  receivedAt: z.number().int().nonnegative(),
  requestId,
};

export const InboundEmailSchema = z.strictObject(
  inboundEmailShape,
) satisfies z.ZodType<InboundEmail>;

export const CommandInputSchema = z.strictObject({
  command: z.enum(COMMAND_NAMES),
  actor: z.string().min(1).max(500),
  requestId,
  text: z.string().max(50_000).nullable().optional(),
  reason: z.string().max(5000).nullable().optional(),
}) satisfies z.ZodType<CommandInput>;

export const BeginDeliverySchema = z.strictObject({ key });

export const DeliveredToSchema = z.strictObject({
  key,
  recipient: address.min(1),
  providerMessageId: z.string().max(2000).nullable(),
});

export const CompleteDeliverySchema = z.strictObject({
  key,
  providerMessageId: z.string().max(2000).nullable(),
  requestId,
});
