import { and, asc, desc, eq, inArray, isNotNull, or, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import * as z from "zod/mini";
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

const STATE_LIST = z.pipe(
  z.pipe(
    z.string().check(z.maxLength(400)),
    z.transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ),
  z.array(z.enum(NEGOTIATION_STATES)).check(z.maxLength(NEGOTIATION_STATES.length)),
);

/** A campaign's negotiations, filtered, sorted and paged on the server (campaigns run to thousands). */
export const NegotiationListQuerySchema = z.object({
  state: z
    .optional(STATE_LIST)
    .check(z.meta({ description: "Comma-separated states, e.g. `escalated,awaiting_approval`." })),
  counterparty: z.optional(z.enum(["creator", "manager", "agency"])).check(
    z.meta({
      description: "`agency`: a contact at an agency domain; `creator`/`manager`: who writes.",
    }),
  ),
  agency: z.optional(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(253))),
  q: z
    .optional(z.string().check(z.trim(), z.maxLength(200)))
    .check(z.meta({ description: "Name or email contains (case-insensitive)." })),
  sort: z._default(z.enum(Object.keys(SORTS) as [keyof typeof SORTS]), "updatedAt"),
  order: z._default(z.enum(["asc", "desc"]), "desc"),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
  offset: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(1_000_000)), 0),
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
