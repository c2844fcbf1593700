import { and, eq, ne } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { campaignParts } from "../../campaigns/upsert";
import { campaigns } from "../../db/schema";
import { writeAudit } from "../../queues/write-audit";
import { agenciesOf, agreedDeals, MAX_CHART_DEALS } from "../campaign-metrics";
import { assertKnownMailboxes, sendingOf } from "../campaign-sending";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { listNegotiations, NegotiationListQuerySchema } from "../negotiation-list";
import { CampaignInputSchema } from "../schemas";
import { findCampaign } from "../start-negotiation";
import { jsonBody, parse } from "../validate";
import { emptyStats, present, statsByCampaign } from "./campaigns";

/**
 * What the dashboard reads and edits beyond the original campaign routes: a campaign's
 * negotiations paged and filtered on the server, its metrics for the chart, and a full edit.
 */
export const campaignViewRoutes = new Hono<AppEnv>()
  .get("/:id/negotiations", async (c) => {
    const q = parse(NegotiationListQuerySchema, c.req.query());
    const campaign = await findCampaign(c.env, c.req.param("id"));
    return c.json(await listNegotiations(c.env, campaign.id, q));
  })
  .get("/:id/metrics", async (c) => {
    const campaign = await findCampaign(c.env, c.req.param("id"));
    const [stats, deals, agencies] = await Promise.all([
      statsByCampaign(c.env, campaign.id),
      agreedDeals(c.env, campaign.id),
      agenciesOf(c.env, campaign.id),
    ]);
    const campaignStats = stats.get(campaign.id) ?? emptyStats();
    const { stats: withBand } = present(campaign, campaignStats);
    return c.json({
      campaignId: campaign.id,
      stats: withBand,
      sending: sendingOf(c.var.config, campaign.terms, campaignStats.active ?? 0),
      budgetCents: campaign.terms.budgetCents,
      deals,
      dealsTruncated: deals.length === MAX_CHART_DEALS,
      agencies,
    });
  })
  /**
   * Replaces the campaign's name and terms (fields left out take their defaults, as on create).
   * Negotiations already running keep the terms they started with; new ones use these.
   */
  .put("/:id", async (c) => {
    const input = await jsonBody(c, CampaignInputSchema);
    assertKnownMailboxes(c.var.config, input.mailboxes);
    const existing = await findCampaign(c.env, c.req.param("id"));
    const { name, externalId, sheetUrl, sheetTab, terms } = campaignParts(
      input,
      c.var.config.PAYMENT_TERMS,
    );
    const db = drizzle(c.env.DB);
    if (externalId) {
      const clash = await db
        .select({ id: campaigns.id })
        .from(campaigns)
        .where(and(eq(campaigns.externalId, externalId), ne(campaigns.id, existing.id)))
        .limit(1);
      if (clash.length)
        throw new ApiError(
          "external_id_taken",
          `Another campaign has the externalId "${externalId}".`,
          [{ field: "externalId", message: "already used by another campaign" }],
        );
    }
    const now = new Date().toISOString();
    await db
      .update(campaigns)
      .set({ name, externalId, terms, sheetUrl, sheetTab, updatedAt: now })
      .where(eq(campaigns.id, existing.id));
    await writeAudit(c.env, {
      id: `campaign:${existing.id}:${now}`,
      at: now,
      type: "campaign_updated",
      campaignId: existing.id,
      negotiationId: null,
      creatorName: null,
      creatorEmail: null,
      actor: c.var.actor,
      stateFrom: null,
      stateTo: null,
      amountCents: terms.budgetCents,
      requestId: c.var.requestId,
      data: {
        name,
        externalId,
        terms,
        sheetUrl,
        sheetTab,
        previous: { name: existing.name, terms: existing.terms },
      },
    });
    const row = { ...existing, name, externalId, terms, sheetUrl, sheetTab, updatedAt: now };
    const stats = (await statsByCampaign(c.env, row.id)).get(row.id) ?? emptyStats();
    return c.json(present(row, stats));
  });
