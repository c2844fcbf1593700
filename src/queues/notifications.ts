import { and, eq, inArray, isNull, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { campaigns, notifications } from "../db/schema";
import type { Notification, Notifier } from "../ports/notifier";
import type { MessageOf } from "./messages";

type Resolved = MessageOf<"notifications_resolved">;

/** Thrown while a resolution names notifications whose own message has not landed yet. */
export class NotificationNotYetStored extends Error {}

/**
 * Stores a team notification (the team's inbox; the campaign's name added for people) and hands
 * it to the notifier (Slack, when configured). Idempotent per notification id.
 */
export async function storeAndPost(
  database: D1Database,
  notifier: Notifier,
  n: Notification,
): Promise<void> {
  const db = drizzle(database);
  const campaignName = n.campaignId
    ? ((
        await db
          .select({ name: campaigns.name })
          .from(campaigns)
          .where(eq(campaigns.id, n.campaignId))
          .get()
      )?.name ?? null)
    : null;
  const notification = { ...n, data: { ...n.data, campaignName } };
  await db.insert(notifications).values(notification).onConflictDoNothing();
  const stored = await db.select().from(notifications).where(eq(notifications.id, n.id)).get();
  // Settled before it could be posted (people acted through the API first): nothing to ask Slack.
  if (stored?.resolvedAt) return;
  await notifier.post(notification);
  // Settled while it was being posted: show the settled form at once.
  const after = await db.select().from(notifications).where(eq(notifications.id, n.id)).get();
  if (after?.resolvedAt) await notifier.markResolved(notification, resolutionOf(after));
}

/**
 * Marks the named notifications settled and has the notifier show them settled. Waits (by
 * failing, so the queue retries) until every named notification is stored: the queue does not
 * keep order.
 */
export async function resolveNotifications(
  database: D1Database,
  notifier: Notifier,
  m: Resolved,
): Promise<void> {
  const db = drizzle(database);
  const rows = await db
    .select()
    .from(notifications)
    .where(inArray(notifications.id, m.notificationIds));
  if (rows.length < m.notificationIds.length)
    throw new NotificationNotYetStored(
      `${m.notificationIds.length - rows.length} notification(s) of ${m.key} not stored yet`,
    );
  await db
    .update(notifications)
    .set({ resolvedAt: m.at, resolvedBy: m.actor, resolution: m.label })
    .where(
      and(
        inArray(notifications.id, m.notificationIds),
        or(isNull(notifications.resolvedAt), eq(notifications.resolvedAt, m.at)),
      ),
    );
  const resolution = { label: m.label, actor: m.actor, at: m.at };
  for (const row of rows) {
    // A row settled by an earlier resolution keeps that one.
    if (row.resolvedAt && row.resolvedAt !== m.at) continue;
    await notifier.markResolved(row, resolution);
  }
}

function resolutionOf(row: typeof notifications.$inferSelect) {
  return {
    label: row.resolution ?? "Resolved",
    actor: row.resolvedBy ?? "system",
    at: row.resolvedAt ?? row.at,
  };
}
