import { Hono } from "hono";
import { inPool } from "../../negotiation/in-pool";
import { stopAgency } from "../../negotiation/stop-agency";
import type { AppEnv } from "../context";
import { checkRow, importKind, readImportRows } from "../creator-import";
import { StopAgencySchema } from "../schemas";
import { findCampaign, type StartCreator, startNegotiation } from "../start-negotiation";
import { jsonBody } from "../validate";

export interface ImportResult {
  row: number;
  line?: number;
  status: "started" | "duplicate" | "invalid";
  negotiationId?: string;
  email?: string;
  reason?: string;
}

export const campaignBulkRoutes = new Hono<AppEnv>()
  /**
   * Bulk start from CSV or JSON. One bad row is reported and never stops the others; a failure
   * of the platform mid-way is safe to retry, since starts are idempotent per (campaign, email).
   * Hono would read ":import" as a parameter, so the literal segment is a regexp-pinned parameter
   * (a percent-encoded colon matches too).
   */
  .post("/:id/:action{creators(?::|%3[Aa])import}", async (c) => {
    const kind = importKind(c);
    const campaign = await findCampaign(c.env, c.req.param("id"));
    const rows = await readImportRows(c, kind);
    const results: ImportResult[] = [];
    const firsts = new Map<string, { result: ImportResult; creator: StartCreator }>();
    for (const row of rows) {
      const at = row.line === undefined ? { row: row.row } : { row: row.row, line: row.line };
      const check = checkRow(row);
      if (!check.ok) {
        const email = check.email ? { email: check.email } : {};
        results.push({ ...at, status: "invalid", ...email, reason: check.reason });
        continue;
      }
      const result: ImportResult = { ...at, status: "duplicate", email: check.creator.email };
      results.push(result);
      // A repeated email in one file is a duplicate of its first row, decided before any start.
      if (!firsts.has(check.creator.email))
        firsts.set(check.creator.email, { result, creator: check.creator });
    }
    await inPool([...firsts.values()], async ({ result, creator }) => {
      const outcome = await startNegotiation(c.env, campaign, creator, c.var.requestId);
      if (outcome.created) result.status = "started";
      result.negotiationId = outcome.negotiation.id;
    });
    for (const result of results) {
      const first = result.email ? firsts.get(result.email)?.result : undefined;
      if (result.status === "duplicate" && !result.negotiationId && first?.negotiationId)
        result.negotiationId = first.negotiationId;
    }
    const count = (status: ImportResult["status"]) =>
      results.filter((r) => r.status === status).length;
    return c.json({
      results,
      started: count("started"),
      duplicates: count("duplicate"),
      invalid: count("invalid"),
    });
  })
  /** Stops every open negotiation of the campaign with a contact at the agency's domain. */
  .post("/:id/stop-agency", async (c) => {
    const { domain } = await jsonBody(c, StopAgencySchema);
    const campaign = await findCampaign(c.env, c.req.param("id"));
    const result = await stopAgency(c.env, {
      domain,
      campaignId: campaign.id,
      actor: c.var.actor,
      requestId: c.var.requestId,
    });
    return c.json(result);
  });
