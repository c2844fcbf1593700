import * as z from "zod/mini";
import { RequestIdField } from "../observability/request-id";
import { AuditEventSchema } from "../ports/audit-sink";
import { NotificationSchema } from "../ports/notifier";

export const ProjectionSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  creatorName: z.string(),
  creatorEmail: z.string(),
  platform: z.string(),
  state: z.string(),
  round: z.int(),
  lastOfferCents: z.nullable(z.int()),
  lastOfferCpmCents: z.nullable(z.int()),
  /** Absent on projections queued before the column existed. */
  theirAskCents: z._default(z.nullable(z.int()), null),
  agreedCents: z.nullable(z.int()),
  agreedCpmCents: z.nullable(z.int()),
  counterpartyType: z.string(),
  agency: z.nullable(z.string()),
  contacts: z.array(z.string()),
  nextTimerAt: z.nullable(z.string()),
  /** Absent on projections queued before the approval queue existed. */
  pendingApproval: z._default(
    z.nullable(
      z.object({
        purpose: z.string(),
        subject: z.string(),
        body: z.string(),
        amountCents: z.nullable(z.int()),
        requestedAt: z.string(),
        autoSendAt: z.nullable(z.string()),
      }),
    ),
    null,
  ),
  seq: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Projection = z.infer<typeof ProjectionSchema>;

export const SLACK_ACTIONS = [
  "approve",
  "reject",
  "takeover",
  "stop",
  "resume",
  "release",
  "answer",
] as const;
export const SlackActionSchema = z.enum(SLACK_ACTIONS);
export type SlackAction = z.infer<typeof SlackActionSchema>;

export const SlackUserSchema = z.object({ id: z.string(), name: z.nullable(z.string()) });
export type SlackUser = z.infer<typeof SlackUserSchema>;

/**
 * Messages on the effect queues (`routes.ts` says which queue carries each type). Versioned so old
 * messages still parse after a deploy. Every type carries the `requestId` of the work that queued
 * it (null on messages queued before the field: the consumer gives those a new one).
 */
export const EffectMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("email"),
    version: z.literal(1),
    key: z.string(),
    negotiationId: z.string(),
    requestId: RequestIdField,
  }),
  z.object({
    type: z.literal("audit"),
    version: z.literal(1),
    key: z.string(),
    requestId: RequestIdField,
    event: AuditEventSchema,
  }),
  z.object({
    type: z.literal("notify"),
    version: z.literal(1),
    key: z.string(),
    requestId: RequestIdField,
    notification: NotificationSchema,
  }),
  z.object({
    type: z.literal("projection"),
    version: z.literal(1),
    key: z.string(),
    requestId: RequestIdField,
    row: ProjectionSchema,
  }),
  /** A mailbox's bounce pause was lifted: this negotiation's held email goes out now. */
  z.object({
    type: z.literal("release_deferred"),
    version: z.literal(1),
    key: z.string(),
    requestId: RequestIdField,
    negotiationId: z.string(),
  }),
  /** The global pause was lifted: release the negotiations holding emails, a page at a time. */
  z.object({
    type: z.literal("release_held"),
    version: z.literal(1),
    key: z.string(),
    requestId: RequestIdField,
  }),
  z.object({
    type: z.literal("budget"),
    version: z.literal(1),
    key: z.string(),
    requestId: RequestIdField,
    campaignId: z.string(),
    negotiationId: z.string(),
    amountCents: z.nullable(z.int()),
  }),
  /** Someone acted (or the negotiation moved on): these notifications are settled. */
  z.object({
    type: z.literal("notifications_resolved"),
    version: z.literal(1),
    key: z.string(),
    requestId: RequestIdField,
    negotiationId: z.nullable(z.string()),
    notificationIds: z.array(z.string()),
    label: z.string(),
    actor: z.string(),
    at: z.string(),
  }),
  /** A button or modal submission from Slack, verified and acknowledged by the webhook. */
  z.object({
    type: z.literal("slack_action"),
    version: z.literal(1),
    key: z.string(),
    action: SlackActionSchema,
    negotiationId: z.string(),
    /** The notification whose message carried the button (its Slack message is updated). */
    notificationId: z.nullable(z.string()),
    /** approve from the edit modal: the edited text. */
    text: z.nullable(z.string()),
    user: SlackUserSchema,
    responseUrl: z.nullable(z.string()),
    requestId: RequestIdField,
  }),
  /** A `/parley …` slash command, verified and acknowledged; the answer goes to response_url. */
  z.object({
    type: z.literal("slack_command"),
    version: z.literal(1),
    key: z.string(),
    text: z.string(),
    user: SlackUserSchema,
    channelId: z.nullable(z.string()),
    responseUrl: z.string(),
    requestId: RequestIdField,
  }),
  /** A Gmail Pub/Sub push: sync the mailbox from its stored cursor up to `historyId`. */
  z.object({
    type: z.literal("gmail_push"),
    version: z.literal(1),
    key: z.string(),
    emailAddress: z.string(),
    historyId: z.string(),
    requestId: RequestIdField,
  }),
  /** A verified ClickUp delivery: read the task and upsert its campaign (src/sources/). */
  z.object({
    type: z.literal("clickup_task"),
    version: z.literal(1),
    key: z.string(),
    taskId: z.string(),
    event: z.string(),
    requestId: RequestIdField,
  }),
  /** Read a campaign's creators' sheet: start new rows, report changes (src/jobs/sheet-poll.ts). */
  z.object({
    type: z.literal("sheet_poll"),
    version: z.literal(1),
    key: z.string(),
    campaignId: z.string(),
    requestId: RequestIdField,
  }),
]);
export type EffectMessage = z.infer<typeof EffectMessageSchema>;
export type EffectType = EffectMessage["type"];
/** The message of one type. */
export type MessageOf<T extends EffectType> = Extract<EffectMessage, { type: T }>;
