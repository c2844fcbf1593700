import { and, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import * as z from "zod/mini";
import { negotiations } from "../../db/schema";
import { inPool } from "../../negotiation/in-pool";
import { stopAgency } from "../../negotiation/stop-agency";
import { importCapacity } from "../campaign-sending";
import type { AppEnv } from "../context";
import { checkRow, importKind, readImportRows } from "../creator-import";
import { StopAgencySchema } from "../schemas";
import {
  assignerFor,
  findCampaign,
  type StartCreator,
  startNegotiation,
} from "../start-negotiation";
import { jsonBody, parse } from "../validate";
import { statsByCampaign } from "./campaigns";

export const ImportQuerySchema = z.object({
  dryRun: z._default(z.enum(["true", "false"]), "false").check(
    z.meta({
      description: "`true`: check every row and report what a real import would do; start nothing.",
    }),
  ),
});

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
    const { dryRun } = parse(ImportQuerySchema, c.req.query());
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
    // Counted before anything starts: the projection of the new ones may land at any time.
    const active = (await statsByCampaign(c.env, campaign.id)).get(campaign.id)?.active ?? 0;
    const capacityAfter = (newNegotiations: number) =>
      importCapacity(c.var.config, campaign.terms, { activeNegotiations: active, newNegotiations });
    if (dryRun === "true") {
      const previewed = await preview(c.env, campaign.id, results, firsts);
      return c.json({ ...previewed, ...capacityAfter(previewed.new) });
    }
    const assigner = assignerFor(c.env, campaign);
    await inPool([...firsts.values()], async ({ result, creator }) => {
      const outcome = await startNegotiation(c.env, campaign, creator, c.var.requestId, assigner);
      if (!outcome.ok) {
        result.status = "invalid";
        result.reason = outcome.details.join("; ");
        return;
      }
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
      ...capacityAfter(count("started")),
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

/**
 * A dry run: the rows a real import would start are `new`, the rest as a real import would
 * report them (a repeat in the file, or a creator the campaign already negotiates with, is a
 * duplicate).
 */
async function preview(
  env: AppEnv["Bindings"],
  campaignId: string,
  results: ImportResult[],
  firsts: Map<string, { result: ImportResult }>,
) {
  const emails = [...firsts.keys()];
  const existing = new Map<string, string>();
  const db = drizzle(env.DB);
  // D1 binds at most 100 variables a statement.
  for (let i = 0; i < emails.length; i += 90) {
    const rows = await db
      .select({ id: negotiations.id, email: negotiations.creatorEmail })
      .from(negotiations)
      .where(
        and(
          eq(negotiations.campaignId, campaignId),
          inArray(negotiations.creatorEmail, emails.slice(i, i + 90)),
        ),
      );
    for (const r of rows) existing.set(r.email, r.id);
  }
  const rows = results.map((r) => {
    const first = r.email ? firsts.get(r.email)?.result : undefined;
    if (r.status !== "duplicate" || first !== r) return r;
    const id = r.email ? existing.get(r.email) : undefined;
    return id ? { ...r, negotiationId: id } : { ...r, status: "new" as const };
  });
  const count = (status: string) => rows.filter((r) => r.status === status).length;
  return {
    dryRun: true,
    results: rows,
    new: count("new"),
    duplicates: count("duplicate"),
    invalid: count("invalid"),
  };
}
