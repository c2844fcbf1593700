import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { negotiations } from "../db/schema";
import { isTerminal, NEGOTIATION_STATES, type NegotiationState } from "../domain/negotiation-state";
import { priceBand } from "../domain/price-band";
import type { CampaignTerms } from "../domain/types";
import type { Env } from "../env";

/** How a campaign's negotiations are going, beyond the counts by state. */
export interface OutcomeMetrics {
  /** Not yet at an end (agreed, declined, walked away, stopped). */
  active: number;
  escalated: number;
  awaitingApproval: number;
  /** At an end. */
  closed: number;
  /** agreed ÷ closed, 0–1; null until one negotiation closed. */
  dealRate: number | null;
  /** Median round at which agreed negotiations closed; null without agreements. */
  medianRounds: number | null;
}

const isState = (s: string): s is NegotiationState =>
  (NEGOTIATION_STATES as readonly string[]).includes(s);

export function outcomeMetrics(
  byState: Record<string, number>,
  medianRounds: number | null,
): OutcomeMetrics {
  let active = 0;
  let closed = 0;
  for (const [state, count] of Object.entries(byState)) {
    if (isState(state) && isTerminal(state)) closed += count;
    else active += count;
  }
  const agreed = byState.agreed ?? 0;
  return {
    active,
    escalated: byState.escalated ?? 0,
    awaitingApproval: byState.awaiting_approval ?? 0,
    closed,
    dealRate: closed > 0 ? agreed / closed : null,
    medianRounds,
  };
}

/** The campaign's CPM band (floor = target, ceiling = target × (1 + leniency)), as the engine uses it. */
export const bandOf = (terms: Pick<CampaignTerms, "cpmTargetCents" | "leniencyPct">) =>
  priceBand(terms);

/**
 * Median round of the agreed negotiations, per campaign (or for one), in one query: rows numbered
 * by round within each campaign, the middle one or two averaged.
 */
export async function medianRoundsByCampaign(
  env: Env,
  campaignId?: string,
): Promise<Map<string, number>> {
  const scope = campaignId ? sql`and campaign_id = ${campaignId}` : sql``;
  const rows = await drizzle(env.DB).all<{ campaignId: string; median: number }>(sql`
    select campaign_id as campaignId, avg(round) as median from (
      select campaign_id, round,
        row_number() over (partition by campaign_id order by round) as rn,
        count(*) over (partition by campaign_id) as cnt
      from negotiations where state = ${"agreed"} ${scope}
    ) where rn in ((cnt + 1) / 2, (cnt + 2) / 2) group by campaign_id`);
  return new Map(rows.map((r) => [r.campaignId, r.median]));
}

/** At most this many agreed deals are listed for the chart (the newest). */
export const MAX_CHART_DEALS = 1000;

/** Agreed deals of a campaign, newest first: what the CPM chart plots against the band. */
export async function agreedDeals(env: Env, campaignId: string) {
  return drizzle(env.DB)
    .select({
      negotiationId: negotiations.id,
      creatorName: negotiations.creatorName,
      platform: negotiations.platform,
      agreedCents: negotiations.agreedCents,
      agreedCpmCents: negotiations.agreedCpmCents,
      round: negotiations.round,
      updatedAt: negotiations.updatedAt,
    })
    .from(negotiations)
    .where(
      and(
        eq(negotiations.campaignId, campaignId),
        eq(negotiations.state, "agreed"),
        isNotNull(negotiations.agreedCpmCents),
      ),
    )
    .orderBy(desc(negotiations.updatedAt))
    .limit(MAX_CHART_DEALS);
}

/** Agencies with negotiations in the campaign: how many are still open (stop-all targets). */
export async function agenciesOf(env: Env, campaignId: string) {
  const rows = await drizzle(env.DB)
    .select({
      agency: negotiations.agency,
      total: sql<number>`count(*)`,
      open: sql<number>`sum(case when ${negotiations.state} in (${sql.join(
        ["agreed", "declined", "walked_away", "stopped"].map((s) => sql`${s}`),
        sql`, `,
      )}) then 0 else 1 end)`,
    })
    .from(negotiations)
    .where(and(eq(negotiations.campaignId, campaignId), isNotNull(negotiations.agency)))
    .groupBy(negotiations.agency)
    .orderBy(negotiations.agency)
    .limit(200);
  return rows.flatMap((r) =>
    r.agency ? [{ agency: r.agency, total: r.total, open: r.open }] : [],
  );
}
