import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type * as z from "zod/mini";
import { campaigns } from "../db/schema";
import { tierSharesOf } from "../domain/concession";
import type { CampaignTerms } from "../domain/types";
import type { Env } from "../env";
import type { CampaignInput, CampaignInputSchema } from "../http/schemas";
import { writeAudit } from "../queues/write-audit";

export type CampaignRow = typeof campaigns.$inferSelect;

/** A validated campaign input split into the row's columns and the terms negotiations start with. */
export function campaignParts(input: CampaignInput, defaultPaymentTerms: string) {
  const { name, externalId, paymentTerms, sheetUrl, sheetTab, ...rest } = input;
  const terms: CampaignTerms = {
    ...rest,
    tierShares: tierSharesOf(rest),
    paymentTerms: paymentTerms ?? defaultPaymentTerms,
  };
  return { name, externalId, sheetUrl, sheetTab, terms };
}

/**
 * A stored campaign as the input that would write it again (the inverse of `campaignParts`), so
 * an update from a source can keep what the source does not speak for.
 */
export function campaignInputOf(row: CampaignRow): z.input<typeof CampaignInputSchema> {
  return {
    ...row.terms,
    name: row.name,
    externalId: row.externalId,
    sheetUrl: row.sheetUrl,
    sheetTab: row.sheetTab,
  };
}

/** The campaign a source record or an API caller identifies by its `externalId`, if any. */
export async function campaignByExternalId(
  env: Env,
  externalId: string,
): Promise<CampaignRow | undefined> {
  const db = drizzle(env.DB);
  return (
    await db.select().from(campaigns).where(eq(campaigns.externalId, externalId)).limit(1)
  )[0];
}

export interface UpsertContext {
  actor: string;
  requestId: string | null;
  defaultPaymentTerms: string;
  /** Sources redeliver: an upsert that changes nothing writes nothing and is not audited. */
  skipUnchanged?: boolean;
  /** Extra facts for the audit row (e.g. the problems a source's values had). */
  auditData?: Record<string, unknown>;
}

export type UpsertOutcome = { row: CampaignRow; created: boolean; changed: boolean };

/**
 * Creates the campaign, or updates the one with the same `externalId`. The one write path for
 * campaigns from the API and from sources (ClickUp), audited as `campaign_created` /
 * `campaign_updated` with the acting identity or integration.
 */
export async function upsertCampaign(
  env: Env,
  input: CampaignInput,
  ctx: UpsertContext,
): Promise<UpsertOutcome> {
  const { name, externalId, sheetUrl, sheetTab, terms } = campaignParts(
    input,
    ctx.defaultPaymentTerms,
  );
  const db = drizzle(env.DB);
  const now = new Date().toISOString();
  const existing = externalId ? await campaignByExternalId(env, externalId) : undefined;
  if (existing && ctx.skipUnchanged && sameCampaign(existing, { name, sheetUrl, sheetTab, terms }))
    return { row: existing, created: false, changed: false };
  const row: CampaignRow = existing
    ? { ...existing, name, terms, sheetUrl, sheetTab, updatedAt: now }
    : {
        id: crypto.randomUUID(),
        externalId,
        name,
        terms,
        sheetUrl,
        sheetTab,
        status: "active",
        createdAt: now,
        updatedAt: now,
      };
  if (existing)
    await db
      .update(campaigns)
      .set({ name, terms, sheetUrl, sheetTab, updatedAt: now })
      .where(eq(campaigns.id, existing.id));
  else {
    const inserted = await db.insert(campaigns).values(row).onConflictDoNothing();
    // A concurrent upsert with the same externalId inserted first: update that one instead.
    if (inserted.meta.changes === 0 && externalId) return upsertCampaign(env, input, ctx);
  }
  await writeAudit(env, {
    id: `campaign:${row.id}:${now}`,
    at: now,
    type: existing ? "campaign_updated" : "campaign_created",
    campaignId: row.id,
    negotiationId: null,
    creatorName: null,
    creatorEmail: null,
    actor: ctx.actor,
    stateFrom: null,
    stateTo: null,
    amountCents: terms.budgetCents,
    requestId: ctx.requestId,
    data: { name, externalId, terms, sheetUrl, sheetTab, ...ctx.auditData },
  });
  return { row, created: !existing, changed: true };
}

function sameCampaign(
  row: CampaignRow,
  next: { name: string; sheetUrl: string | null; sheetTab: string | null; terms: CampaignTerms },
): boolean {
  return (
    row.name === next.name &&
    row.sheetUrl === next.sheetUrl &&
    row.sheetTab === next.sheetTab &&
    canonical(row.terms) === canonical(next.terms)
  );
}

/** JSON with sorted keys: D1 hands the terms back in another key order than they were written. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
