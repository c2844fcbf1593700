import { and, desc, eq, gte, like, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { z } from "zod";
import { auditEvents } from "../../db/schema";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { parse } from "../validate";

const dateOrTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: "must be an ISO date or timestamp" });

export const AuditQuerySchema = z.object({
  campaignId: z.string().max(200).optional(),
  negotiationId: z.string().max(200).optional(),
  creator: z.string().max(320).optional(),
  type: z.string().max(100).optional(),
  actor: z.string().max(320).optional(),
  from: dateOrTime.optional(),
  to: dateOrTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(500).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

/** A bare date as `to` means the whole day. */
const endOf = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T23:59:59.999Z` : new Date(s).toISOString();
const startOf = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00.000Z` : new Date(s).toISOString();

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/"))) as [
      string,
      string,
    ];
    if (typeof at === "string" && typeof id === "string") return { at, id };
  } catch {}
  throw new ApiError(400, "validation_failed", "The request has invalid fields.", [
    { field: "cursor", message: "invalid cursor" },
  ]);
}

const encodeCursor = (at: string, id: string) =>
  btoa(JSON.stringify([at, id]))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

const CSV_COLUMNS = [
  "id",
  "at",
  "type",
  "campaignId",
  "negotiationId",
  "creatorName",
  "creatorEmail",
  "actor",
  "stateFrom",
  "stateTo",
  "amountCents",
  "requestId",
  "data",
] as const;

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ""
      : typeof value === "string"
        ? value
        : JSON.stringify(value);
  // Cells starting with formula characters are prefixed so spreadsheets never evaluate them.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const auditRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const q = parse(AuditQuerySchema, c.req.query());
  const where: (SQL | undefined)[] = [];
  if (q.campaignId) where.push(eq(auditEvents.campaignId, q.campaignId));
  if (q.negotiationId) where.push(eq(auditEvents.negotiationId, q.negotiationId));
  if (q.type) where.push(eq(auditEvents.type, q.type));
  if (q.actor) where.push(eq(auditEvents.actor, q.actor));
  if (q.creator) {
    const pattern = `%${q.creator.toLowerCase().replace(/[%_\\]/g, "\\$&")}%`;
    where.push(
      or(
        sql`lower(${auditEvents.creatorName}) like ${pattern} escape '\\'`,
        like(auditEvents.creatorEmail, pattern),
      ),
    );
  }
  if (q.from) where.push(gte(auditEvents.at, startOf(q.from)));
  if (q.to) where.push(lte(auditEvents.at, endOf(q.to)));
  if (q.cursor) {
    const cur = decodeCursor(q.cursor);
    where.push(
      or(lt(auditEvents.at, cur.at), and(eq(auditEvents.at, cur.at), lt(auditEvents.id, cur.id))),
    );
  }
  const rows = await drizzle(c.env.DB)
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > q.limit && last ? encodeCursor(last.at, last.id) : null;
  if (q.format === "csv") {
    const lines = [
      CSV_COLUMNS.join(","),
      ...page.map((r) => CSV_COLUMNS.map((k) => csvCell(r[k])).join(",")),
    ];
    if (nextCursor) c.header("X-Next-Cursor", nextCursor);
    c.header("Content-Disposition", 'attachment; filename="parley-audit.csv"');
    return c.body(`${lines.join("\r\n")}\r\n`, 200, { "Content-Type": "text/csv; charset=utf-8" });
  }
  return c.json({ events: page, nextCursor });
});
