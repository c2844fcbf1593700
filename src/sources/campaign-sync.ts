import { and, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import {
  campaignByExternalId,
  campaignInputOf,
  type UpsertOutcome,
  upsertCampaign,
} from "../campaigns/upsert";
import { campaignSourceRecords as records } from "../db/schema";
import { coerceCampaignFields, type FieldProblem } from "../domain/campaign-fields";
import { stableHash } from "../domain/sheet-rows";
import { type Config, type Env, requireConfig } from "../env";
import { type CampaignInput, CampaignInputSchema } from "../http/schemas";
import type {
  CampaignSource,
  CampaignStatusAction,
  SourcedCampaign,
} from "../ports/campaign-source";
import type { EffectMessage } from "../queues/messages";
import { enqueue } from "../queues/routes";
import { applyCampaignStatus } from "./campaign-status";
import { campaignSource } from "./registry";
import { reportToTeam } from "./report";

type ClickUpTaskMessage = Extract<EffectMessage, { type: "clickup_task" }>;

/** Queue handler: a verified ClickUp delivery for a task. */
export async function syncClickUpTask(env: Env, m: ClickUpTaskMessage): Promise<void> {
  const config = requireConfig(env);
  const source = campaignSource(config, "clickup");
  // ClickUp was unconfigured since the delivery was queued: nothing to read it with.
  if (!source) return;
  await syncCampaign(env, config, source, m.taskId, m.requestId);
}

/**
 * One source record → one campaign, by `externalId`. Values are coerced, then validated with the
 * API's campaign schema. The record speaks for the fields it has: a value it carries is taken, a
 * field it has left empty goes back to its default; a field it does not have at all (no column
 * for it: mailboxes, a brief written in the dashboard) keeps the campaign's value. A value that
 * fails coercion or validation is reported (on the record, once per distinct set of problems, and
 * in Parley) and keeps the campaign's current value, or the default for a new campaign: a typo
 * in a task never resets a CPM target. Repeats change nothing: an unchanged record writes
 * nothing, and negotiations are started only by the creators' sheet, whose starts are
 * idempotent per creator.
 */
export async function syncCampaign(
  env: Env,
  config: Config,
  source: CampaignSource,
  externalId: string,
  requestId: string | null,
): Promise<UpsertOutcome | null> {
  const sourced = await source.fetch(externalId);
  const actor = `integration:${source.name}`;
  if (!sourced) {
    await reportGone(env, source, externalId, actor, requestId);
    return null;
  }
  const coerced = coerceCampaignFields(sourced.fields);
  const existing = await campaignByExternalId(env, sourced.externalId);
  // What the campaign has now, in the input's own fields (terms saved by older versions may
  // carry keys the strict input schema would refuse).
  const current: Record<string, unknown> = {};
  if (existing) {
    const stored: Record<string, unknown> = campaignInputOf(existing);
    for (const field of Object.keys(CampaignInputSchema.shape))
      if (stored[field] !== undefined) current[field] = stored[field];
  }
  for (const field of coerced.cleared) delete current[field];
  const { input, problems } = validInput(sourced, coerced.values, current, [
    ...sourced.problems,
    ...coerced.problems,
  ]);
  const outcome = await upsertCampaign(env, input, {
    actor,
    requestId,
    defaultPaymentTerms: config.PAYMENT_TERMS,
    skipUnchanged: true,
    auditData: { source: source.name, problems },
  });
  const { row } = outcome;
  await rememberStatus(env, source, externalId, row.id, sourced.status, async (changed) => {
    const action = sourced.statusAction;
    if (action && (changed || !matches(row.status, action)))
      await applyCampaignStatus(env, row, action, {
        actor,
        requestId,
        reason: `${source.name} status "${sourced.status}"`,
      });
  });
  await reportProblems(env, source, externalId, row.id, problems, actor, requestId);
  // A new or changed campaign with a sheet is read at once rather than at the next cron tick.
  if (outcome.changed && row.sheetUrl && row.status === "active")
    await enqueue(env, {
      type: "sheet_poll",
      version: 1,
      key: `sheet_poll:${row.id}:${row.updatedAt}`,
      campaignId: row.id,
      requestId,
    });
  return outcome;
}

const matches = (status: string, action: CampaignStatusAction) =>
  (action === "pause" && status === "paused") ||
  (action === "stop" && status === "stopped") ||
  (action === "resume" && status !== "paused");

/** At most this many rounds of dropping fields the campaign schema refuses. */
const MAX_DROPS = 10;

/**
 * The campaign input: the record's values over the campaign's current ones. A value of the
 * record the campaign schema refuses is reported and replaced by the current one; a current value
 * it refuses next to the record's (three tier shares for two tiers) is dropped for its default.
 * The name and externalId come from the record itself and are always valid.
 */
function validInput(
  sourced: SourcedCampaign,
  values: Record<string, unknown>,
  current: Record<string, unknown>,
  problems: FieldProblem[],
): { input: CampaignInput; problems: FieldProblem[] } {
  const labels = new Map(sourced.fields.map((f) => [f.field as string, f.label]));
  const kept = { ...current, ...values };
  const name = sourced.name.trim().slice(0, 200) || `Campaign ${sourced.externalId}`;
  for (let round = 0; round < MAX_DROPS; round++) {
    const parsed = CampaignInputSchema.safeParse({
      ...kept,
      name,
      externalId: sourced.externalId,
    });
    if (parsed.success) return { input: parsed.data, problems };
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      if (!(field in kept)) continue;
      const fromRecord = field in values && kept[field] === values[field];
      if (fromRecord && field in current) kept[field] = current[field];
      else delete kept[field];
      if (!fromRecord) continue;
      problems.push({
        field: labels.get(field) ?? field,
        message: `${issue.message}${issue.path.length > 1 ? ` (${issue.path.slice(1).join(".")})` : ""}`,
      });
    }
  }
  // Unreachable with the fields sources may fill; a bare campaign is still a campaign.
  return {
    input: CampaignInputSchema.parse({ name, externalId: sourced.externalId }),
    problems,
  };
}

/** Remembers the record's status; `onStatus(changed)` runs before it is stored, so a failure retries. */
async function rememberStatus(
  env: Env,
  source: CampaignSource,
  externalId: string,
  campaignId: string,
  status: string | null,
  onStatus: (changed: boolean) => Promise<void>,
): Promise<void> {
  const db = drizzle(env.DB);
  const known = await db
    .select({ status: records.status })
    .from(records)
    .where(recordIs(source, externalId))
    .get();
  await onStatus(known === undefined || known.status !== status);
  const now = new Date().toISOString();
  await db
    .insert(records)
    .values({
      source: source.name,
      externalId,
      campaignId,
      status,
      commentedProblems: null,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [records.source, records.externalId],
      set: { status, campaignId, updatedAt: now },
    });
}

/**
 * A record behind one of our campaigns that is gone (deleted, or moved out of the configured list)
 * is told to the team once; the campaign and its negotiations go on unchanged until a person
 * decides. A record we never made a campaign of is simply not ours.
 */
async function reportGone(
  env: Env,
  source: CampaignSource,
  externalId: string,
  actor: string,
  requestId: string | null,
): Promise<void> {
  const known = await drizzle(env.DB)
    .select({ campaignId: records.campaignId })
    .from(records)
    .where(recordIs(source, externalId))
    .get();
  if (!known) return;
  await reportToTeam(env, [
    {
      id: `source_gone:${source.name}:${externalId}`,
      at: new Date().toISOString(),
      campaignId: known.campaignId,
      actor,
      auditType: "campaign_source_gone",
      notificationKind: "source_problem",
      title: `The ${source.name} record behind a campaign is gone`,
      detail: `${source.name} no longer shows ${externalId} in the configured list (deleted or moved). The campaign and its negotiations go on unchanged: pause or stop it if that was meant.`,
      data: { source: source.name, externalId },
      requestId,
    },
  ]);
}

const recordIs = (source: CampaignSource, externalId: string) =>
  and(eq(records.source, source.name), eq(records.externalId, externalId));

/**
 * Problems go back to the record as one comment per distinct set (a redelivery or an unrelated
 * edit does not comment again) and to Parley as an audit row and a notification.
 */
async function reportProblems(
  env: Env,
  source: CampaignSource,
  externalId: string,
  campaignId: string,
  problems: FieldProblem[],
  actor: string,
  requestId: string | null,
): Promise<void> {
  const digest = problems.length
    ? stableHash(JSON.stringify(problems.map((p) => [p.field, p.message]).sort()))
    : null;
  const db = drizzle(env.DB);
  const previous = await db
    .select({ commented: records.commentedProblems })
    .from(records)
    .where(recordIs(source, externalId))
    .get();
  if ((previous?.commented ?? null) === digest) return;
  // Claimed before commenting: a concurrent delivery with the same problems finds it done.
  const claim = await db
    .update(records)
    .set({ commentedProblems: digest })
    .where(
      and(
        recordIs(source, externalId),
        sql`${records.commentedProblems} is ${previous?.commented ?? null}`,
      ),
    );
  if (claim.meta.changes === 0 || digest === null) return;
  const text = problemText(problems);
  try {
    await source.reportProblems(externalId, text);
  } catch (error) {
    // Not commented after all: a retry must try again.
    await db
      .update(records)
      .set({ commentedProblems: previous?.commented ?? null })
      .where(recordIs(source, externalId));
    throw error;
  }
  await reportToTeam(env, [
    {
      id: `source_problems:${campaignId}:${digest}`,
      at: new Date().toISOString(),
      campaignId,
      actor,
      auditType: "campaign_source_problems",
      notificationKind: "source_problem",
      title: `Some ${source.name} fields could not be read`,
      detail: problems.map((p) => `${p.field}: ${p.message}`).join("\n"),
      data: { source: source.name, externalId, problems },
      requestId,
    },
  ]);
}

export function problemText(problems: FieldProblem[]): string {
  return [
    "Parley could not use these fields; the campaign uses its defaults for them until they are fixed:",
    ...problems.map((p) => `• ${p.field}: ${p.message}`),
  ].join("\n");
}
