import * as z from "zod/mini";

/**
 * Everything a person needs to act on a notification without opening anything else. Every field is
 * optional: a dead-letter failure has no creator, an agreement has no draft.
 */
export const NotificationDataSchema = z.partial(
  z.object({
    creator: z.object({
      name: z.string(),
      email: z.string(),
      platform: z.string(),
      handle: z.nullable(z.string()),
    }),
    campaignName: z.nullable(z.string()),
    state: z.string(),
    round: z.int(),
    /** Their latest message (quoted history and signature removed), clipped. */
    excerpt: z.nullable(z.string()),
    /** What triggered it (escalation reason, draft purpose, …) and the evidence behind it. */
    reason: z.nullable(z.string()),
    evidence: z.array(z.string()),
    /** The engine's rationale for the offer on the table. */
    rationale: z.nullable(z.string()),
    /** The email waiting for a person: the pending draft, or the failing one of a gate escalation. */
    draft: z.nullable(
      z.object({ subject: z.string(), body: z.string(), autoSendAt: z.nullable(z.string()) }),
    ),
    /** Agreement summary, from the single last-offer record. */
    deal: z.nullable(
      z.object({
        platform: z.string(),
        deliverables: z.string(),
        usageDays: z.nullable(z.int()),
        product: z.nullable(z.string()),
        amountCents: z.int(),
        cpmCents: z.nullable(z.int()),
        targetCpmCents: z.nullable(z.int()),
        nextSteps: z.array(z.string()),
      }),
    ),
    /** Their questions only a person can answer, in their words (question notifications). */
    questions: z.array(z.string()),
    /** Dead-lettered effect. */
    failure: z.object({
      queue: z.string(),
      kind: z.string(),
      key: z.nullable(z.string()),
      attempts: z.int(),
      reason: z.string(),
    }),
  }),
);
export type NotificationData = z.infer<typeof NotificationDataSchema>;

export const NotificationSchema = z.object({
  id: z.string().check(z.minLength(1)),
  at: z.string(),
  kind: z.string(),
  campaignId: z.nullable(z.string()),
  negotiationId: z.nullable(z.string()),
  title: z.string(),
  detail: z.string(),
  data: z._default(NotificationDataSchema, {}),
});
export type Notification = z.infer<typeof NotificationSchema>;

/** Who settled a notification, how and when. */
export interface Resolution {
  label: string;
  actor: string;
  at: string;
}

/**
 * Where the team sees notifications besides the dashboard's inbox (which the consumer keeps in
 * D1 whatever the notifier). Both methods are idempotent per notification id: at-least-once
 * delivery calls them again, and a person never sees a notification twice. Errors say whether
 * a retry can help (`retryable`), as every adapter's do.
 */
export interface Notifier {
  /** Shows the notification (or, shown already, refreshes it in place). */
  post(notification: Notification): Promise<void>;
  /** Shows the notification as settled: who did what, no buttons left. */
  markResolved(notification: Notification, resolution: Resolution): Promise<void>;
}
