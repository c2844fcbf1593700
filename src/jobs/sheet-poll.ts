import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { checkRow, type StartCreator, startCreators } from "../campaigns/creator-rows";
import type { CampaignRow } from "../campaigns/upsert";
import { campaigns, sheetPolls, sheetRows } from "../db/schema";
import type { Cell, CreatorField } from "../domain/creator-fields";
import {
  creatorFingerprint,
  decideRow,
  newRowKey,
  type RowDecision,
  type RowRead,
  type SheetLayout,
  sheetLayout,
  stableHash,
  type TrackedRow,
} from "../domain/sheet-rows";
import { type Env, requireConfig } from "../env";
import { SourceError } from "../ports/campaign-source";
import type { CreatorTable } from "../ports/creator-source";
import type { EffectMessage } from "../queues/messages";
import { enqueue } from "../queues/routes";
import { anyCreatorSource, creatorSourceFor } from "../sources/registry";
import { reportToTeam, type SourceReport } from "../sources/report";
import { writeBack } from "./sheet-write-back";

/** Negotiations one poll starts at most (each is a Durable Object call); the rest follow. */
const MAX_STARTS_PER_POLL = 500;

type SheetPollMessage = Extract<EffectMessage, { type: "sheet_poll" }>;
export type StoredRow = typeof sheetRows.$inferSelect;

/** One row of this poll, read and decided. */
export interface PolledRow {
  key: string;
  rowNumber: number;
  cells: string[];
  read: RowRead;
  creator: StartCreator | null;
  decision: RowDecision;
}

/**
 * Queue handler: reads a campaign's creators' sheet once. New rows start negotiations through the
 * same validation and idempotent start as the API import; rows are known by Parley's key column,
 * so inserted, sorted or deleted rows never restart anyone; a row edited after its negotiation
 * started, and a row deleted, are reported to the team and never acted on. Parley's columns
 * (key, status, state, last offer) are written back in one batched request.
 */
export async function pollCampaignSheet(env: Env, m: SheetPollMessage): Promise<void> {
  const config = requireConfig(env);
  const db = drizzle(env.DB);
  const campaign = await db.select().from(campaigns).where(eq(campaigns.id, m.campaignId)).get();
  if (!campaign?.sheetUrl || campaign.status !== "active") return;
  const source = creatorSourceFor(config, campaign.sheetUrl);
  const report = (r: Omit<SourceReport, "at" | "campaignId" | "actor" | "requestId">) => ({
    ...r,
    at: new Date().toISOString(),
    campaignId: campaign.id,
    actor: source ? `integration:${source.name}` : "system",
    requestId: m.requestId,
  });
  if (!source) {
    // Sources are configured (the poll was queued) but none reads this link.
    if (anyCreatorSource(config))
      await reportToTeam(env, [
        sheetProblem(
          campaign,
          "no configured creator source reads this link (a Google Sheets URL is expected)",
          report,
        ),
      ]);
    return;
  }
  const location = { url: campaign.sheetUrl, tab: campaign.sheetTab };

  let table: CreatorTable;
  try {
    table = await source.read(location);
  } catch (error) {
    if (!(error instanceof SourceError) || error.retryable) throw error;
    // Not shared with the service account, no such tab: a person has to fix the sheet.
    await reportToTeam(env, [sheetProblem(campaign, error.message, report)]);
    return;
  }
  const layout = sheetLayout(table.header);
  if (layout.missingRequired.length > 0) {
    const message = `the header row lacks columns for: ${layout.missingRequired.join(", ")}`;
    await reportToTeam(env, [sheetProblem(campaign, message, report)]);
    return;
  }

  const stored = await db.select().from(sheetRows).where(eq(sheetRows.campaignId, campaign.id));
  const tracked = new Map(stored.map((r) => [r.rowKey, r]));
  const polled = readRows(table, layout, tracked);

  // A long new sheet is started a page per message: the rest waits for the follow-up poll.
  const allStarts = polled.filter((r) => r.decision.kind === "start" && r.creator);
  const starts = allStarts.slice(0, MAX_STARTS_PER_POLL);
  const deferred = new Set(allStarts.slice(MAX_STARTS_PER_POLL).map((r) => r.key));
  const started = await startCreators(
    env,
    campaign,
    starts.map((r) => r.creator as StartCreator),
    m.requestId,
  );

  const now = new Date().toISOString();
  const writes: StoredRow[] = [];
  const reports: SourceReport[] = [];
  const invalidRows: PolledRow[] = [];
  for (const row of polled) {
    if (deferred.has(row.key)) continue;
    const before = tracked.get(row.key);
    const next = nextStored(campaign.id, row, before, started, now);
    if (row.decision.kind === "invalid" && row.decision.report) invalidRows.push(row);
    if (row.decision.kind === "changed")
      reports.push(
        report({
          id: `sheet_row_changed:${campaign.id}:${row.key}:${stableHash(row.decision.change)}`,
          auditType: "sheet_row_changed",
          notificationKind: "sheet_row_changed",
          title: `Row ${row.rowNumber} of "${campaign.name}"'s sheet changed after its negotiation started`,
          detail: `${row.decision.detail}. The negotiation goes on with the values it started with; update it by hand if the change matters.`,
          data: { rowKey: row.key, rowNumber: row.rowNumber, change: row.decision.detail },
          creator: { name: row.creator?.name ?? null, email: before?.email ?? null },
        }),
      );
    if (!sameStored(before, next)) writes.push(next);
  }
  for (const row of invalidRows)
    reports.push(
      report({
        id: `sheet_row_invalid:${campaign.id}:${row.key}:${stableHash(rowProblem(row))}`,
        auditType: "sheet_row_invalid",
        notificationKind: "sheet_rows_invalid",
        title: `Row ${row.rowNumber} of "${campaign.name}"'s sheet was skipped`,
        detail: rowProblem(row),
        data: { rowKey: row.key, rowNumber: row.rowNumber, problem: rowProblem(row) },
        creator: { name: null, email: row.read.email },
      }),
    );
  const seen = new Set(polled.map((r) => r.key));
  for (const gone of stored.filter((r) => !seen.has(r.rowKey) && r.deletedAt === null)) {
    writes.push({ ...gone, deletedAt: now, updatedAt: now });
    reports.push(
      report({
        id: `sheet_row_deleted:${campaign.id}:${gone.rowKey}`,
        auditType: "sheet_row_deleted",
        notificationKind: "sheet_row_deleted",
        title: `A row of "${campaign.name}"'s sheet was deleted`,
        detail: gone.negotiationId
          ? `${gone.email ?? "A creator"} (row ${gone.rowNumber}) is no longer in the sheet. Parley does not act on deletions: the negotiation goes on until someone stops it.`
          : `Row ${gone.rowNumber} (${gone.status}) is no longer in the sheet.`,
        data: { rowKey: gone.rowKey, rowNumber: gone.rowNumber, negotiationId: gone.negotiationId },
        creator: { name: null, email: gone.email },
      }),
    );
  }

  await saveRows(env, writes);
  await reportToTeam(env, reports);
  const byKey = new Map([...stored, ...writes].map((r) => [r.rowKey, r]));
  await writeBack(env, source, location, table, layout, polled, byKey);
  if (deferred.size > 0)
    await enqueue(env, {
      type: "sheet_poll",
      version: 1,
      key: `sheet_poll:${campaign.id}:more:${now}`,
      campaignId: campaign.id,
      requestId: m.requestId,
    });
  await db
    .insert(sheetPolls)
    .values({ campaignId: campaign.id, queuedAt: now, polledAt: now })
    .onConflictDoUpdate({ target: sheetPolls.campaignId, set: { polledAt: now } });
}

function sheetProblem(
  campaign: CampaignRow,
  message: string,
  report: (r: Omit<SourceReport, "at" | "campaignId" | "actor" | "requestId">) => SourceReport,
): SourceReport {
  return report({
    id: `sheet_problem:${campaign.id}:${stableHash(message)}`,
    auditType: "sheet_unreadable",
    notificationKind: "sheet_problem",
    title: `The creators' sheet of "${campaign.name}" cannot be read`,
    detail: message,
    data: { sheetUrl: campaign.sheetUrl, sheetTab: campaign.sheetTab, problem: message },
  });
}

const rowProblem = (row: PolledRow) =>
  row.decision.kind === "invalid" ? row.decision.problem : row.read.ok ? "" : row.read.problem;

/** Every non-empty row with its key, validated like an import row, and decided. */
function readRows(
  table: CreatorTable,
  layout: SheetLayout,
  tracked: Map<string, StoredRow>,
): PolledRow[] {
  const keyColumn = layout.owned.key;
  const creatorCells = (cells: string[]) =>
    layout.columns.map((f, i) => (f ? (cells[i] ?? "") : ""));
  const rows = table.rows.filter((r) => creatorCells(r.cells).some((c) => c.trim() !== ""));
  // Keys already in the sheet first; a key pasted into a second row belongs to the first.
  const taken = new Set<string>();
  const keyed = rows.map((r) => {
    const key = (r.cells[keyColumn] ?? "").trim();
    if (key === "" || taken.has(key)) return null;
    taken.add(key);
    return key;
  });
  const read = rows.map((r, i) => {
    const cells: Partial<Record<CreatorField, Cell>> = {};
    layout.columns.forEach((field, col) => {
      const value = r.cells[col];
      if (field && value !== undefined && (cells[field] ?? "").toString().trim() === "")
        cells[field] = value;
    });
    const check = checkRow({ row: r.rowNumber, cells, problems: [] });
    const rowRead: RowRead = check.ok
      ? { ok: true, email: check.creator.email, fingerprint: creatorFingerprint(check.creator) }
      : { ok: false, email: check.email, problem: check.reason };
    const key = keyed[i] ?? newRowKey(rowRead.email, creatorCells(r.cells), taken);
    return { row: r, key, read: rowRead, creator: check.ok ? check.creator : null };
  });
  // The row a creator's negotiation belongs to: the one already started, else the first.
  const firstFor = new Map<string, string>();
  for (const r of read)
    if (
      r.read.ok &&
      tracked.get(r.key)?.status === "started" &&
      tracked.get(r.key)?.email === r.read.email
    )
      firstFor.set(r.read.email, r.key);
  for (const r of read)
    if (r.read.ok && !firstFor.has(r.read.email)) firstFor.set(r.read.email, r.key);
  return read.map((r) => {
    const t = tracked.get(r.key);
    const trackedRow: TrackedRow | undefined = t && {
      ...t,
      status: t.status as TrackedRow["status"],
    };
    const first = r.read.ok ? (firstFor.get(r.read.email) ?? null) : null;
    return {
      key: r.key,
      rowNumber: r.row.rowNumber,
      cells: r.row.cells,
      read: r.read,
      creator: r.creator,
      decision: decideRow(trackedRow, r.read, first, r.key),
    };
  });
}

function nextStored(
  campaignId: string,
  row: PolledRow,
  before: StoredRow | undefined,
  started: Awaited<ReturnType<typeof startCreators>>,
  now: string,
): StoredRow {
  const base: StoredRow = before
    ? { ...before, rowNumber: row.rowNumber, deletedAt: null, updatedAt: now }
    : {
        campaignId,
        rowKey: row.key,
        status: "invalid",
        email: row.read.email,
        fingerprint: null,
        negotiationId: null,
        problem: null,
        notifiedChange: null,
        rowNumber: row.rowNumber,
        firstSeenAt: now,
        updatedAt: now,
        deletedAt: null,
      };
  const d = row.decision;
  const fingerprint = row.read.ok ? row.read.fingerprint : null;
  switch (d.kind) {
    case "start": {
      const result = row.creator ? started.get(row.creator.email) : undefined;
      if (!result || result.status === "invalid")
        return {
          ...base,
          status: "invalid",
          email: row.read.email,
          problem: result?.status === "invalid" ? result.reason : "not started",
        };
      return {
        ...base,
        status: "started",
        email: row.read.email,
        fingerprint,
        negotiationId: result.negotiationId,
        problem: null,
        notifiedChange: null,
      };
    }
    case "duplicate":
      return {
        ...base,
        status: "duplicate",
        email: row.read.email,
        fingerprint,
        problem: `duplicate of ${d.of}`,
      };
    case "invalid":
      return { ...base, status: "invalid", email: row.read.email, problem: d.problem };
    case "changed":
      return { ...base, notifiedChange: d.change };
    case "unchanged":
      return base;
  }
}

const sameStored = (a: StoredRow | undefined, b: StoredRow) =>
  a !== undefined &&
  a.status === b.status &&
  a.email === b.email &&
  a.fingerprint === b.fingerprint &&
  a.negotiationId === b.negotiationId &&
  a.problem === b.problem &&
  a.notifiedChange === b.notifiedChange &&
  a.rowNumber === b.rowNumber &&
  a.deletedAt === b.deletedAt;

async function saveRows(env: Env, rows: StoredRow[]): Promise<void> {
  const db = drizzle(env.DB);
  const statements = rows.map((row) =>
    db
      .insert(sheetRows)
      .values(row)
      .onConflictDoUpdate({ target: [sheetRows.campaignId, sheetRows.rowKey], set: row }),
  );
  for (let i = 0; i < statements.length; i += 50) {
    const chunk = statements.slice(i, i + 50);
    const [first, ...rest] = chunk;
    if (first) await db.batch([first, ...rest]);
  }
}
