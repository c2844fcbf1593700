import { and, asc, count, desc, eq, isNotNull, isNull, lt, or, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { Hono } from "hono";
import * as z from "zod/mini";
import { failedJobs, negotiations, notifications } from "../../db/schema";
import { replayFailedJob, replayFailedJobs } from "../../operations/replay";
import type { AppEnv } from "../context";
import { ApiError, notFound } from "../errors";
import { jsonBody, parse } from "../validate";

/** A string of at most `max` characters. */
const upTo = (max: number) => z.string().check(z.maxLength(max));
/** A page size from the query string. */
const pageLimit = () =>
  z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 200);

/** The previous page's `nextBefore`: the page after it, older rows. */
const beforeCursor = () =>
  z.optional(
    z.pipe(
      upTo(400),
      z.transform((cursor, ctx) => {
        const decoded = decodeCursor(cursor);
        if (!decoded)
          ctx.issues.push({
            code: "custom",
            message: "not a cursor this API returned",
            input: cursor,
          });
        return decoded ?? { at: "", id: "" };
      }),
    ),
  );

export const NotificationQuerySchema = z.object({
  /** open: waiting for someone (or informational and never settled); resolved: someone acted. */
  status: z._default(z.enum(["open", "resolved", "all"]), "all"),
  kind: z.optional(upTo(50)),
  negotiationId: z.optional(upTo(200)),
  campaignId: z.optional(upTo(200)),
  limit: pageLimit(),
  before: beforeCursor(),
});

export const FailedJobQuerySchema = z.object({
  /** waiting: not replayed yet; replayed: a person sent it back to its queue. */
  status: z._default(z.enum(["waiting", "replayed", "all"]), "all"),
  kind: z.optional(upTo(50)),
  negotiationId: z.optional(upTo(200)),
  limit: pageLimit(),
  before: beforeCursor(),
});

/** A row's place in a newest-first order (its time, then its id), opaque to callers. */
const encodeCursor = (row: { at: string; id: string }) =>
  btoa(JSON.stringify([row.at, row.id]))
    .replaceAll("+", "-")
    .replaceAll("/", "_");

function decodeCursor(cursor: string): { at: string; id: string } | null {
  try {
    const value: unknown = JSON.parse(atob(cursor.replaceAll("-", "+").replaceAll("_", "/")));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [at, id] = value;
    return typeof at === "string" && typeof id === "string" ? { at, id } : null;
  } catch {
    return null;
  }
}

/** Rows after a cursor in a newest-first order: older, or as old with a smaller id. */
const olderThan = (at: SQLiteColumn, id: SQLiteColumn, cursor: { at: string; id: string }) =>
  or(lt(at, cursor.at), and(eq(at, cursor.at), lt(id, cursor.id)));

/** A page of `limit` rows from `limit + 1` fetched, and the cursor to the next when there is one. */
function pageOf<T extends { id: string }>(rows: T[], limit: number, at: (row: T) => string) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextBefore =
    rows.length > limit && last ? encodeCursor({ at: at(last), id: last.id }) : null;
  return { page, nextBefore };
}

/** Which dead letters a bulk replay sends back: the kind of effect, and how recent. */
export const BulkReplaySchema = z.strictObject({
  kind: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(50))),
  since: z.optional(z.iso.datetime()),
});

export const ApprovalQuerySchema = z.object({
  campaignId: z.optional(upTo(200)),
  limit: pageLimit(),
});

/**
 * Dead-lettered effects, team notifications and the approval queue: what people act on when Slack
 * is not configured (and the record of what was said there when it is).
 */
export const operationsRoutes = new Hono<AppEnv>()
  /** Newest first, a page at a time; `waiting` counts every dead letter not yet replayed. */
  .get("/failed-jobs", async (c) => {
    const q = parse(FailedJobQuerySchema, c.req.query());
    const where: SQL[] = [];
    if (q.status === "waiting") where.push(isNull(failedJobs.replayedAt));
    if (q.status === "replayed") where.push(isNotNull(failedJobs.replayedAt));
    if (q.kind) where.push(eq(failedJobs.kind, q.kind));
    if (q.negotiationId) where.push(eq(failedJobs.negotiationId, q.negotiationId));
    const older = q.before && olderThan(failedJobs.failedAt, failedJobs.id, q.before);
    if (older) where.push(older);
    const db = drizzle(c.env.DB);
    const [rows, [counted]] = await Promise.all([
      db
        .select()
        .from(failedJobs)
        .where(and(...where))
        .orderBy(desc(failedJobs.failedAt), desc(failedJobs.id))
        .limit(q.limit + 1),
      db.select({ waiting: count() }).from(failedJobs).where(isNull(failedJobs.replayedAt)),
    ]);
    const { page, nextBefore } = pageOf(rows, q.limit, (job) => job.failedAt);
    return c.json({ failedJobs: page, nextBefore, waiting: counted?.waiting ?? 0 });
  })
  /** Sends one dead letter back to the queue, once (a second replay changes nothing). */
  .post("/failed-jobs/:id/replay", async (c) => {
    const outcome = await replayFailedJob(c.env, {
      id: c.req.param("id"),
      actor: c.var.actor,
      requestId: c.var.requestId,
    });
    if (outcome.status === "not_found") throw notFound("Failed job");
    if (outcome.status === "not_replayable")
      throw new ApiError(
        "not_replayable",
        `This dead letter cannot be replayed: ${outcome.reason}.`,
      );
    return c.json({ failedJob: outcome.job, replayed: outcome.status === "replayed" });
  })
  /** After an outage: every dead letter not yet replayed (optionally of one kind, since a time). */
  .post("/failed-jobs/replay", async (c) => {
    const body = await jsonBody(c, BulkReplaySchema, { optional: true });
    return c.json(
      await replayFailedJobs(c.env, {
        kind: body?.kind,
        since: body?.since,
        actor: c.var.actor,
        requestId: c.var.requestId,
      }),
    );
  })
  .get("/notifications", async (c) => {
    const q = parse(NotificationQuerySchema, c.req.query());
    const where: SQL[] = [];
    if (q.status === "open") where.push(isNull(notifications.resolvedAt));
    if (q.status === "resolved") where.push(isNotNull(notifications.resolvedAt));
    if (q.kind) where.push(eq(notifications.kind, q.kind));
    if (q.negotiationId) where.push(eq(notifications.negotiationId, q.negotiationId));
    if (q.campaignId) where.push(eq(notifications.campaignId, q.campaignId));
    const older = q.before && olderThan(notifications.at, notifications.id, q.before);
    if (older) where.push(older);
    const rows = await drizzle(c.env.DB)
      .select()
      .from(notifications)
      .where(and(...where))
      .orderBy(desc(notifications.at), desc(notifications.id))
      .limit(q.limit + 1);
    const { page, nextBefore } = pageOf(rows, q.limit, (n) => n.at);
    return c.json({ notifications: page, nextBefore });
  })
  /** Drafts waiting for a person, oldest first; act with /api/negotiations/:id/approve or /reject-draft. */
  .get("/approvals", async (c) => {
    const q = parse(ApprovalQuerySchema, c.req.query());
    const rows = await drizzle(c.env.DB)
      .select()
      .from(negotiations)
      .where(
        and(
          eq(negotiations.state, "awaiting_approval"),
          isNotNull(negotiations.pendingApproval),
          q.campaignId ? eq(negotiations.campaignId, q.campaignId) : undefined,
        ),
      )
      .orderBy(asc(negotiations.updatedAt))
      .limit(q.limit);
    return c.json({
      approvals: rows.map((r) => ({
        negotiationId: r.id,
        campaignId: r.campaignId,
        creator: { name: r.creatorName, email: r.creatorEmail, platform: r.platform },
        state: r.state,
        round: r.round,
        lastOfferCents: r.lastOfferCents,
        draft: r.pendingApproval,
        updatedAt: r.updatedAt,
      })),
    });
  });
