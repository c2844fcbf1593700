/**
 * Replaying dead letters: a person sends a failed side effect back to the queue, once. Effects
 * are idempotent by their key (an email already sent is not sent again), so a replay is safe
 * after any partial progress; marking the row first makes a second replay enqueue nothing.
 */
import { and, desc, eq, gte, isNull, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { failedJobs } from "../db/schema";
import type { Env } from "../env";
import { systemAuditEvent } from "../ports/audit-sink";
import { EffectMessageSchema } from "../queues/messages";
import { NotificationNotYetStored, resolveNotifications } from "../queues/notifications";
import { enqueue } from "../queues/routes";
import { writeAudit } from "../queues/write-audit";
import { createServices } from "../services";

export type FailedJob = typeof failedJobs.$inferSelect;

export type ReplayOutcome =
  | { status: "replayed"; job: FailedJob }
  | { status: "already_replayed"; job: FailedJob }
  | { status: "not_found" }
  | { status: "not_replayable"; job: FailedJob; reason: string };

/** At most this many dead letters per bulk replay request; call again for the rest. */
export const BULK_REPLAY_LIMIT = 200;

export async function replayFailedJob(
  env: Env,
  input: { id: string; actor: string; requestId: string | null },
): Promise<ReplayOutcome> {
  const db = drizzle(env.DB);
  const job = (await db.select().from(failedJobs).where(eq(failedJobs.id, input.id)).limit(1))[0];
  if (!job) return { status: "not_found" };
  if (job.replayedAt) return { status: "already_replayed", job };
  const message = EffectMessageSchema.safeParse(job.body);
  if (!message.success)
    return { status: "not_replayable", job, reason: "the dead letter is not a valid message" };
  const at = new Date().toISOString();
  // Claim it first: of two concurrent replays only the one that marks the row enqueues.
  const claimed = await db
    .update(failedJobs)
    .set({ replayedAt: at, replayedBy: input.actor })
    .where(and(eq(failedJobs.id, job.id), isNull(failedJobs.replayedAt)))
    .returning();
  const updated = claimed[0];
  if (!updated) return { status: "already_replayed", job };
  // Back to the queue its type is routed to, whichever dead-letter queue it came from.
  await enqueue(env, message.data);
  await writeAudit(
    env,
    systemAuditEvent({
      id: `replay:${job.id}`,
      at,
      type: "failed_job_replayed",
      actor: input.actor,
      negotiationId: job.negotiationId,
      requestId: input.requestId,
      data: { failedJobId: job.id, kind: job.kind, key: job.effectKey, queue: job.queue },
    }),
  );
  // The failure notification is settled as replayed (in Slack too); a notification that was
  // never stored has nothing to settle.
  try {
    await resolveNotifications(env.DB, createServices(env).notifier, {
      type: "notifications_resolved",
      version: 1,
      key: `resolved:replay:${job.id}`,
      requestId: input.requestId,
      negotiationId: job.negotiationId,
      notificationIds: [`failure:${job.id.replace(/^failed:/, "")}`],
      label: "Replayed",
      actor: input.actor,
      at,
    });
  } catch (error) {
    if (!(error instanceof NotificationNotYetStored)) throw error;
  }
  return { status: "replayed", job: updated };
}

/** Replays the dead letters not yet replayed that match, newest first, up to the limit. */
export async function replayFailedJobs(
  env: Env,
  input: {
    kind?: string | undefined;
    since?: string | undefined;
    actor: string;
    requestId: string | null;
  },
): Promise<{ replayed: number; skipped: number; more: boolean }> {
  const where: SQL[] = [isNull(failedJobs.replayedAt)];
  if (input.kind) where.push(eq(failedJobs.kind, input.kind));
  if (input.since) where.push(gte(failedJobs.failedAt, input.since));
  const rows = await drizzle(env.DB)
    .select({ id: failedJobs.id })
    .from(failedJobs)
    .where(and(...where))
    .orderBy(desc(failedJobs.failedAt))
    .limit(BULK_REPLAY_LIMIT + 1);
  let replayed = 0;
  let skipped = 0;
  for (const row of rows.slice(0, BULK_REPLAY_LIMIT)) {
    const outcome = await replayFailedJob(env, { ...input, id: row.id });
    if (outcome.status === "replayed") replayed++;
    else skipped++;
  }
  return { replayed, skipped, more: rows.length > BULK_REPLAY_LIMIT };
}
