import { and, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { notifications } from "../../db/schema";
import { ACTIONABLE_KINDS } from "../../negotiation/records";
import type { EffectMessage } from "../../queues/messages";
import { enqueue } from "../../queues/routes";
import { writeAudit } from "../../queues/write-audit";
import type { AppEnv } from "../context";
import { ApiError, notFound } from "../errors";
import { ActorSchema } from "../schemas";
import { jsonBody } from "../validate";

const DISMISSED = "Dismissed";

/**
 * A person marks an informational notification (an agreement, a stop, a failure, a paused
 * mailbox, an unverified sender) as seen. Notifications that wait for a decision settle only
 * when the negotiation moves on (approve, answer, take over…), so they cannot be dismissed. The
 * row settles at once; its Slack message settles through the same queued path as every other
 * resolution.
 */
export const notificationActionRoutes = new Hono<AppEnv>().post("/:id/dismiss", async (c) => {
  await jsonBody(c, ActorSchema, { optional: true });
  const db = drizzle(c.env.DB);
  const id = c.req.param("id");
  const row = await db.select().from(notifications).where(eq(notifications.id, id)).get();
  if (!row) throw notFound("Notification");
  if (row.resolvedAt) return c.json(row);
  if (ACTIONABLE_KINDS.has(row.kind) || row.kind === "question")
    throw new ApiError(
      "not_dismissible",
      "This notification waits for a decision: act on the negotiation (approve, answer, take over, stop) to settle it.",
      { kind: row.kind },
    );
  const at = new Date().toISOString();
  await db
    .update(notifications)
    .set({ resolvedAt: at, resolvedBy: c.var.actor, resolution: DISMISSED })
    .where(and(eq(notifications.id, id), isNull(notifications.resolvedAt)));
  const settled = await db.select().from(notifications).where(eq(notifications.id, id)).get();
  // Someone else settled it a moment earlier: theirs stands.
  if (settled && settled.resolvedAt === at) {
    const message: EffectMessage = {
      type: "notifications_resolved",
      version: 1,
      key: `dismiss:${id}`,
      requestId: c.var.requestId,
      negotiationId: row.negotiationId ?? "",
      notificationIds: [id],
      label: DISMISSED,
      actor: c.var.actor,
      at,
    };
    await enqueue(c.env, message);
    await writeAudit(c.env, {
      id: `notification_dismissed:${id}`,
      at,
      type: "notification_dismissed",
      campaignId: row.campaignId,
      negotiationId: row.negotiationId,
      creatorName: row.data.creator?.name ?? null,
      creatorEmail: row.data.creator?.email ?? null,
      actor: c.var.actor,
      stateFrom: null,
      stateTo: null,
      amountCents: null,
      requestId: c.var.requestId,
      data: { notificationId: id, kind: row.kind, title: row.title },
    });
  }
  return c.json(settled ?? row);
});
