import { z } from "zod";

/** One audit row, as produced by the negotiation object or the Worker. `id` is its idempotency key. */
export const AuditEventSchema = z.object({
  id: z.string().min(1),
  at: z.string(),
  type: z.string().min(1),
  campaignId: z.string().nullable(),
  negotiationId: z.string().nullable(),
  creatorName: z.string().nullable(),
  creatorEmail: z.string().nullable(),
  actor: z.string().min(1),
  stateFrom: z.string().nullable(),
  stateTo: z.string().nullable(),
  amountCents: z.number().int().nullable(),
  requestId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const NotificationSchema = z.object({
  id: z.string().min(1),
  at: z.string(),
  kind: z.string(),
  campaignId: z.string().nullable(),
  negotiationId: z.string().nullable(),
  title: z.string(),
  detail: z.string(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const ProjectionSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  creatorName: z.string(),
  creatorEmail: z.string(),
  platform: z.string(),
  state: z.string(),
  round: z.number().int(),
  lastOfferCents: z.number().int().nullable(),
  lastOfferCpmCents: z.number().int().nullable(),
  agreedCents: z.number().int().nullable(),
  agreedCpmCents: z.number().int().nullable(),
  counterpartyType: z.string(),
  agency: z.string().nullable(),
  contacts: z.array(z.string()),
  nextTimerAt: z.string().nullable(),
  seq: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Projection = z.infer<typeof ProjectionSchema>;

/** Messages on the effects queue. Versioned so old messages still parse after a deploy. */
export const EffectMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("email"),
    version: z.literal(1),
    key: z.string(),
    negotiationId: z.string(),
    requestId: z.string().nullable(),
  }),
  z.object({
    type: z.literal("audit"),
    version: z.literal(1),
    key: z.string(),
    event: AuditEventSchema,
  }),
  z.object({
    type: z.literal("notify"),
    version: z.literal(1),
    key: z.string(),
    notification: NotificationSchema,
  }),
  z.object({
    type: z.literal("projection"),
    version: z.literal(1),
    key: z.string(),
    row: ProjectionSchema,
  }),
  z.object({
    type: z.literal("budget"),
    version: z.literal(1),
    key: z.string(),
    campaignId: z.string(),
    negotiationId: z.string(),
    amountCents: z.number().int().nullable(),
  }),
  /** A Gmail Pub/Sub push: sync the mailbox from its stored cursor up to `historyId`. */
  z.object({
    type: z.literal("gmail_push"),
    version: z.literal(1),
    key: z.string(),
    emailAddress: z.string(),
    historyId: z.string(),
    requestId: z.string().nullable().optional(),
  }),
]);
export type EffectMessage = z.infer<typeof EffectMessageSchema>;
