import { and, desc, eq, gte, lt, lte, or, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { auditEvents } from "../db/schema";
import { containsText } from "../db/text-search";

/** Filters of the audit trail, shared by the API and the Slack command. */
export interface AuditQuery {
  campaignId?: string;
  negotiationId?: string;
  /** Name or email, case-insensitive substring. */
  creator?: string;
  type?: string;
  actor?: string;
  requestId?: string;
  /** Inclusive; a bare date means the start (`from`) or the end (`to`) of that day. */
  from?: string;
  to?: string;
  limit: number;
  /** Keyset position from `nextCursor` of the previous page. */
  cursor?: AuditCursor;
  /** Rows to skip (page numbers for people; the API pages by cursor). */
  offset?: number;
}

export interface AuditCursor {
  at: string;
  id: string;
}

export type AuditRow = typeof auditEvents.$inferSelect;

/** A bare date as `to` means the whole day. */
const endOf = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T23:59:59.999Z` : new Date(s).toISOString();
const startOf = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00.000Z` : new Date(s).toISOString();

/** The cursor's position, or null when it is not one of ours. */
export function decodeAuditCursor(cursor: string): AuditCursor | null {
  try {
    const [at, id] = JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/"))) as [
      string,
      string,
    ];
    if (typeof at === "string" && typeof id === "string") return { at, id };
  } catch {}
  return null;
}

const encodeCursor = (at: string, id: string) =>
  btoa(JSON.stringify([at, id]))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

/** Newest first; `nextCursor` is set when there is more. */
export async function queryAudit(
  db: D1Database,
  q: AuditQuery,
): Promise<{ events: AuditRow[]; nextCursor: string | null }> {
  const where: (SQL | undefined)[] = [];
  if (q.campaignId) where.push(eq(auditEvents.campaignId, q.campaignId));
  if (q.negotiationId) where.push(eq(auditEvents.negotiationId, q.negotiationId));
  if (q.type) where.push(eq(auditEvents.type, q.type));
  if (q.actor) where.push(eq(auditEvents.actor, q.actor));
  if (q.requestId) where.push(eq(auditEvents.requestId, q.requestId));
  if (q.creator)
    where.push(
      or(
        containsText(auditEvents.creatorName, q.creator),
        containsText(auditEvents.creatorEmail, q.creator),
      ),
    );
  if (q.from) where.push(gte(auditEvents.at, startOf(q.from)));
  if (q.to) where.push(lte(auditEvents.at, endOf(q.to)));
  if (q.cursor) {
    const cur = q.cursor;
    where.push(
      or(lt(auditEvents.at, cur.at), and(eq(auditEvents.at, cur.at), lt(auditEvents.id, cur.id))),
    );
  }
  const rows = await drizzle(db)
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(q.limit + 1)
    .offset(q.offset ?? 0);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > q.limit && last ? encodeCursor(last.at, last.id) : null;
  return { events: page, nextCursor };
}
