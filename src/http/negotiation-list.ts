import { and, asc, desc, eq, inArray, isNotNull, or, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import * as z from "zod";
import { negotiations } from "../db/schema";
import { containsText } from "../db/text-search";
import { NEGOTIATION_STATES } from "../domain/negotiation-state";
import type { Env } from "../env";

const SORTS = {
  updatedAt: negotiations.updatedAt,
  createdAt: negotiations.createdAt,
  name: negotiations.creatorName,
  state: negotiations.state,
  lastOffer: negotiations.lastOfferCents,
  cpm: negotiations.lastOfferCpmCents,
  theirAsk: negotiations.theirAskCents,
  round: negotiations.round,
  nextTimer: negotiations.nextTimerAt,
} as const satisfies Record<string, SQLiteColumn>;

const STATE_LIST = z
  .string()
  .max(400)
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(NEGOTIATION_STATES)).max(NEGOTIATION_STATES.length));

/** A campaign's negotiations, filtered, sorted and paged on the server (campaigns run to thousands). */
export const NegotiationListQuerySchema = z.object({
  state: STATE_LIST.optional().meta({
    description: "Comma-separated states, e.g. `escalated,awaiting_approval`.",
  }),
  counterparty: z.enum(["creator", "manager", "agency"]).optional().meta({
    description: "`agency`: a contact at an agency domain; `creator`/`manager`: who writes.",
  }),
  agency: z.string().trim().toLowerCase().max(253).optional(),
  q: z.string().trim().max(200).optional().meta({
    description: "Name or email contains (case-insensitive).",
  }),
  sort: z.enum(Object.keys(SORTS) as [keyof typeof SORTS]).default("updatedAt"),
  order: z.enum(["asc", "desc"]).default("desc"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type NegotiationListQuery = z.infer<typeof NegotiationListQuerySchema>;

type Row = typeof negotiations.$inferSelect;

/** A summary row: the projection without its version. */
export const summaryOf = ({ seq: _, ...row }: Row) => row;

export async function listNegotiations(env: Env, campaignId: string, q: NegotiationListQuery) {
  const where: (SQL | undefined)[] = [eq(negotiations.campaignId, campaignId)];
  if (q.state?.length) where.push(inArray(negotiations.state, q.state));
  if (q.counterparty === "agency") where.push(isNotNull(negotiations.agency));
  if (q.counterparty === "creator" || q.counterparty === "manager")
    where.push(eq(negotiations.counterpartyType, q.counterparty));
  if (q.agency) where.push(eq(negotiations.agency, q.agency));
  if (q.q)
    where.push(
      or(containsText(negotiations.creatorName, q.q), containsText(negotiations.creatorEmail, q.q)),
    );
  const filter = and(...where);
  const column = SORTS[q.sort];
  const direction = q.order === "asc" ? asc : desc;
  const db = drizzle(env.DB);
  const [rows, counted] = await Promise.all([
    db
      .select()
      .from(negotiations)
      .where(filter)
      // Missing values (no offer yet, no timer) sort last either way; the id breaks ties.
      .orderBy(sql`${column} is null`, direction(column), direction(negotiations.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ total: sql<number>`count(*)` }).from(negotiations).where(filter),
  ]);
  return {
    negotiations: rows.map(summaryOf),
    total: counted[0]?.total ?? 0,
    limit: q.limit,
    offset: q.offset,
  };
}
