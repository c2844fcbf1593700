import { desc, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import * as z from "zod/mini";
import { upsertCampaign } from "../../campaigns/upsert";
import { campaigns, negotiations } from "../../db/schema";
import { tierSharesOf } from "../../domain/concession";
import {
  bandOf,
  medianRoundsByCampaign,
  type OutcomeMetrics,
  outcomeMetrics,
} from "../campaign-metrics";
import { assertKnownMailboxes, sendingOf } from "../campaign-sending";
import type { AppEnv } from "../context";
import { notFound } from "../errors";
import { CampaignInputSchema, StartNegotiationSchema } from "../schemas";
import { findCampaign, startNegotiation, startRefused } from "../start-negotiation";
import { jsonBody, parse } from "../validate";

type CampaignRow = typeof campaigns.$inferSelect;

export interface CampaignStats extends Partial<OutcomeMetrics> {
  negotiations: number;
  byState: Record<string, number>;
  agreed: number;
  avgAgreedCpmCents: number | null;
  budgetUsedCents: number;
}

export const present = (row: CampaignRow, stats: CampaignStats) => ({
  id: row.id,
  name: row.name,
  externalId: row.externalId,
  ...row.terms,
  sheetUrl: row.sheetUrl,
  sheetTab: row.sheetTab,
  status: row.status,
  // Terms saved before tier shares existed are priced with the default.
  tierShares: tierSharesOf(row.terms),
  // Campaigns saved before pools send from every configured mailbox.
  mailboxes: row.terms.mailboxes ?? null,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  stats: { ...stats, band: bandOf(row.terms) },
});

export async function statsByCampaign(
  env: AppEnv["Bindings"],
  campaignId?: string,
): Promise<Map<string, CampaignStats>> {
  const db = drizzle(env.DB);
  const rows = await db
    .select({
      campaignId: negotiations.campaignId,
      state: negotiations.state,
      count: sql<number>`count(*)`,
      agreedSum: sql<number>`coalesce(sum(${negotiations.agreedCents}), 0)`,
      cpmSum: sql<number>`coalesce(sum(${negotiations.agreedCpmCents}), 0)`,
    })
    .from(negotiations)
    .where(campaignId ? eq(negotiations.campaignId, campaignId) : undefined)
    .groupBy(negotiations.campaignId, negotiations.state);
  const out = new Map<string, CampaignStats & { cpmSum: number }>();
  for (const r of rows) {
    const s = out.get(r.campaignId) ?? {
      negotiations: 0,
      byState: {},
      agreed: 0,
      avgAgreedCpmCents: null,
      budgetUsedCents: 0,
      cpmSum: 0,
    };
    s.negotiations += r.count;
    s.byState[r.state] = r.count;
    if (r.state === "agreed") {
      s.agreed = r.count;
      s.budgetUsedCents = r.agreedSum;
      s.cpmSum = r.cpmSum;
      s.avgAgreedCpmCents = r.count ? Math.round(r.cpmSum / r.count) : null;
    }
    out.set(r.campaignId, s);
  }
  const medians = await medianRoundsByCampaign(env, campaignId);
  return new Map(
    [...out].map(([k, { cpmSum: _, ...s }]) => [
      k,
      { ...s, ...outcomeMetrics(s.byState, medians.get(k) ?? null) },
    ]),
  );
}

export const emptyStats = (): CampaignStats => ({
  negotiations: 0,
  byState: {},
  agreed: 0,
  avgAgreedCpmCents: null,
  budgetUsedCents: 0,
  ...outcomeMetrics({}, null),
});

/** `GET /:id?negotiationsLimit=0` leaves the summaries out (the dashboard pages them instead). */
export const SummaryLimitSchema = z.object({
  negotiationsLimit: z
    ._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(1000)), 1000)
    .check(z.meta({ description: "How many summaries (newest first); 0 leaves them out." })),
});

export const campaignRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const input = await jsonBody(c, CampaignInputSchema);
    assertKnownMailboxes(c.var.config, input.mailboxes);
    const { row, created } = await upsertCampaign(c.env, input, {
      actor: c.var.actor,
      requestId: c.var.requestId,
      defaultPaymentTerms: c.var.config.PAYMENT_TERMS,
    });
    const stats = (await statsByCampaign(c.env, row.id)).get(row.id) ?? emptyStats();
    return c.json(present(row, stats), created ? 201 : 200);
  })
  .get("/", async (c) => {
    const rows = await drizzle(c.env.DB)
      .select()
      .from(campaigns)
      .orderBy(desc(campaigns.createdAt))
      .limit(500);
    const stats = await statsByCampaign(c.env);
    return c.json({ campaigns: rows.map((r) => present(r, stats.get(r.id) ?? emptyStats())) });
  })
  .get("/:id", async (c) => {
    const db = drizzle(c.env.DB);
    const row = (
      await db
        .select()
        .from(campaigns)
        .where(eq(campaigns.id, c.req.param("id")))
        .limit(1)
    )[0];
    if (!row) throw notFound("Campaign");
    const { negotiationsLimit } = parse(SummaryLimitSchema, c.req.query());
    const list = negotiationsLimit
      ? await db
          .select()
          .from(negotiations)
          .where(eq(negotiations.campaignId, row.id))
          .orderBy(desc(negotiations.updatedAt))
          .limit(negotiationsLimit)
      : [];
    const stats = (await statsByCampaign(c.env, row.id)).get(row.id) ?? emptyStats();
    return c.json({
      ...present(row, stats),
      sending: sendingOf(c.var.config, row.terms, stats.active ?? 0),
      negotiations: list.map(({ seq: _, ...n }) => n),
    });
  })
  .post("/:id/negotiations", async (c) => {
    const { creator } = await jsonBody(c, StartNegotiationSchema);
    const campaign = await findCampaign(c.env, c.req.param("id"));
    const result = await startNegotiation(c.env, campaign, creator, c.var.requestId);
    if (!result.ok) throw startRefused(result);
    return c.json(result.negotiation, result.created ? 201 : 200);
  });
