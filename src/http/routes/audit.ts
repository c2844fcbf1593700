import { Hono } from "hono";
import * as z from "zod";
import { decodeAuditCursor, queryAudit } from "../../audit/query";
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
  /** Everything one request caused (the `X-Request-Id` of its response, or the id in a log line). */
  requestId: z.string().max(200).optional(),
  from: dateOrTime.optional(),
  to: dateOrTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(500).optional(),
  format: z.enum(["json", "csv"]).default("json"),
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
