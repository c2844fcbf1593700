/**
 * The global kill switch: while it is on, no email leaves, queued ones included. Each negotiation
 * asks before every send (one D1 read); an email it holds back is marked held in its own outbox
 * and the negotiation is listed in `held_sends`, and lifting the pause releases the list page by
 * page through the queue.
 */
import { count, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import * as z from "zod/mini";
import { heldSends, settings } from "../db/schema";
import type { Env } from "../env";
import { negotiationStub } from "../negotiation/client";
import { systemAuditEvent } from "../ports/audit-sink";
import { enqueue } from "../queues/routes";
import { writeAudit } from "../queues/write-audit";

const KEY = "global_pause";

/** Negotiations released per queue message; the rest follow in the next one. */
export const RELEASE_PAGE = 100;

export const GlobalPauseSchema = z.object({
  paused: z.boolean(),
  since: z.nullable(z.string()),
  by: z.nullable(z.string()),
  reason: z.nullable(z.string()),
});
export type GlobalPause = z.infer<typeof GlobalPauseSchema>;

const OFF: GlobalPause = { paused: false, since: null, by: null, reason: null };

export async function globalPause(db: D1Database): Promise<GlobalPause> {
  const row = (await drizzle(db).select().from(settings).where(eq(settings.key, KEY)).limit(1))[0];
  const parsed = GlobalPauseSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : OFF;
}

/** Negotiations holding an email back for the pause (after a resume, until their release). */
export async function heldSendCount(db: D1Database): Promise<number> {
  const rows = await drizzle(db).select({ held: count() }).from(heldSends);
  return rows[0]?.held ?? 0;
}

/**
 * Turns the pause on or off (audited). Lifting it queues the release of every held email; turning
 * it on when it is on (or off when off) changes nothing and writes nothing.
 */
export async function setGlobalPause(
  env: Env,
  input: { paused: boolean; actor: string; reason: string | null; requestId: string | null },
): Promise<{ pause: GlobalPause; changed: boolean }> {
  const current = await globalPause(env.DB);
  if (current.paused === input.paused) return { pause: current, changed: false };
  const at = new Date().toISOString();
  const pause: GlobalPause = input.paused
    ? { paused: true, since: at, by: input.actor, reason: input.reason }
    : OFF;
  await drizzle(env.DB)
    .insert(settings)
    .values({ key: KEY, value: pause, updatedAt: at, updatedBy: input.actor })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value: pause, updatedAt: at, updatedBy: input.actor },
    });
  await writeAudit(
    env,
    systemAuditEvent({
      id: `${input.paused ? "global_pause" : "global_resume"}:${at}:${input.actor}`,
      at,
      type: input.paused ? "global_pause" : "global_resume",
      actor: input.actor,
      requestId: input.requestId,
      data: { reason: input.reason, pausedSince: current.since },
    }),
  );
  if (!input.paused)
    await enqueue(env, {
      type: "release_held",
      version: 1,
      key: `release_held:${at}`,
      requestId: input.requestId,
    });
  return { pause, changed: true };
}

/**
 * Lists a negotiation as holding an email, then looks again: true while the pause is still on.
 * When it was lifted in between, the caller releases the email itself (the release pass may have
 * run before the listing).
 */
export async function holdForGlobalPause(db: D1Database, negotiationId: string): Promise<boolean> {
  await drizzle(db)
    .insert(heldSends)
    .values({ negotiationId, heldAt: new Date().toISOString() })
    .onConflictDoNothing();
  return (await globalPause(db)).paused;
}

/** Releases one page of held negotiations; true when more may remain. Idempotent per negotiation. */
export async function releaseHeldPage(env: Env): Promise<boolean> {
  if ((await globalPause(env.DB)).paused) return false;
  const db = drizzle(env.DB);
  const page = await db.select().from(heldSends).limit(RELEASE_PAGE);
  for (const row of page) {
    await negotiationStub(env, row.negotiationId)?.releaseHeld();
    await db.delete(heldSends).where(eq(heldSends.negotiationId, row.negotiationId));
  }
  return page.length === RELEASE_PAGE;
}
