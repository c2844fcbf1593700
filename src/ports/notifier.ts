import * as z from "zod";

/**
 * Everything a person needs to act on a notification without opening anything else. Every field is
 * optional: a dead-letter failure has no creator, an agreement has no draft.
 */
export const NotificationDataSchema = z
  .object({
    creator: z.object({
      name: z.string(),
      email: z.string(),
      platform: z.string(),
      handle: z.string().nullable(),
    }),
    campaignName: z.string().nullable(),
    state: z.string(),
    round: z.number().int(),
    /** Their latest message (quoted history and signature removed), clipped. */
    excerpt: z.string().nullable(),
    /** What triggered it (escalation reason, draft purpose, …) and the evidence behind it. */
    reason: z.string().nullable(),
    evidence: z.array(z.string()),
    /** The engine's rationale for the offer on the table. */
    rationale: z.string().nullable(),
    /** The email waiting for a person: the pending draft, or the failing one of a gate escalation. */
    draft: z
      .object({ subject: z.string(), body: z.string(), autoSendAt: z.string().nullable() })
      .nullable(),
    /** Agreement summary, from the single last-offer record. */
    deal: z
      .object({
        platform: z.string(),
        deliverables: z.string(),
        usageDays: z.number().int().nullable(),
        product: z.string().nullable(),
        amountCents: z.number().int(),
        cpmCents: z.number().int().nullable(),
        targetCpmCents: z.number().int().nullable(),
        nextSteps: z.array(z.string()),
      })
      .nullable(),
    /** Their questions only a person can answer, in their words (question notifications). */
    questions: z.array(z.string()),
    /** Dead-lettered effect. */
    failure: z.object({
      queue: z.string(),
      kind: z.string(),
      key: z.string().nullable(),
      attempts: z.number().int(),
      reason: z.string(),
    }),
  })
  .partial();
export type NotificationData = z.infer<typeof NotificationDataSchema>;

export const NotificationSchema = z.object({
  id: z.string().min(1),
  at: z.string(),
  kind: z.string(),
  campaignId: z.string().nullable(),
  negotiationId: z.string().nullable(),
  title: z.string(),
  detail: z.string(),
  data: NotificationDataSchema.default({}),
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
