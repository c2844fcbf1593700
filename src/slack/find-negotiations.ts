import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { campaigns, negotiations } from "../db/schema";
import { containsText } from "../db/text-search";
import type { Target } from "./commands";

/** A list longer than this is cut: the person narrows the query instead. */
export const MAX_MATCHES = 10;

export interface NegotiationMatch {
  id: string;
  campaignId: string;
  campaignName: string | null;
  creatorName: string;
  creatorEmail: string;
  state: string;
}

/**
 * Negotiations a person means by `query`, from the D1 projection: an email matches exactly
 * (case-insensitive); anything else matches names containing it, and when some names are exactly
 * the query, only those. At most MAX_MATCHES + 1 rows, newest activity first.
 */
export async function findNegotiations(
  db: D1Database,
  target: Target,
): Promise<NegotiationMatch[]> {
  const query = target.query.trim().toLowerCase();
  const byEmail = query.includes("@");
  const who: SQL = byEmail
    ? sql`lower(${negotiations.creatorEmail}) = ${query}`
    : containsText(negotiations.creatorName, target.query.trim());
  const rows = await drizzle(db)
    .select({
      id: negotiations.id,
      campaignId: negotiations.campaignId,
      campaignName: campaigns.name,
      creatorName: negotiations.creatorName,
      creatorEmail: negotiations.creatorEmail,
      state: negotiations.state,
    })
    .from(negotiations)
    .leftJoin(campaigns, eq(campaigns.id, negotiations.campaignId))
    .where(target.campaignId ? and(who, eq(negotiations.campaignId, target.campaignId)) : who)
    .orderBy(desc(negotiations.updatedAt), negotiations.id)
    .limit(byEmail ? MAX_MATCHES + 1 : 200);
  if (byEmail) return rows;
  const exact = rows.filter((r) => r.creatorName.trim().toLowerCase() === query);
  return (exact.length > 0 ? exact : rows).slice(0, MAX_MATCHES + 1);
}
