import { Hono } from "hono";
import * as z from "zod/mini";
import { decodeAuditCursor, queryAudit } from "../../audit/query";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { parse } from "../validate";

const dateOrTime = z
  .string()
  .check(
    z.refine((s) => !Number.isNaN(Date.parse(s)), { message: "must be an ISO date or timestamp" }),
  );
/** An optional string of at most `max` characters. */
const upTo = (max: number) => z.optional(z.string().check(z.maxLength(max)));

export const AuditQuerySchema = z.object({
  campaignId: upTo(200),
  negotiationId: upTo(200),
  creator: upTo(320),
  type: upTo(100),
  actor: upTo(320),
  /** Everything one request caused (the `X-Request-Id` of its response, or the id in a log line). */
  requestId: upTo(200),
  from: z.optional(dateOrTime),
  to: z.optional(dateOrTime),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 100),
  cursor: upTo(500),
  format: z._default(z.enum(["json", "csv"]), "json"),
});

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
  const cursor = q.cursor ? decodeAuditCursor(q.cursor) : undefined;
  if (cursor === null)
    throw new ApiError("validation_failed", "The request has invalid fields.", [
      { field: "cursor", message: "invalid cursor" },
    ]);
  const { events: page, nextCursor } = await queryAudit(c.env.DB, {
    ...q,
    cursor,
  });
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
