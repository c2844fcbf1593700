import type { campaigns } from "../db/schema";
import { type Cell, type CreatorField, readCreator } from "../domain/creator-fields";
import type { Env } from "../env";
import { StartNegotiationSchema } from "../http/schemas";
import { assignerFor, type StartCreator, startNegotiation } from "../http/start-negotiation";
import { inPool } from "../negotiation/in-pool";

/**
 * Creators from rows of cells, whatever carried them (an API import, a campaign's sheet): one
 * validation (`checkRow`: coercion, then the single-start schema) and one way to start them,
 * idempotent per (campaign, creator email).
 */

type CampaignRow = typeof campaigns.$inferSelect;

export type { StartCreator };

/** One row of an import: `row` counts data rows from 1 (CSV header excluded). */
export interface ImportRow {
  row: number;
  /** CSV only: the line the row starts on, for people fixing the file. */
  line?: number;
  cells: Partial<Record<CreatorField, Cell>>;
  /** Problems found before reading fields (e.g. a JSON value that is an object). */
  problems: string[];
}

export type RowCheck =
  | { ok: true; creator: StartCreator }
  | { ok: false; email: string | null; reason: string };

const CreatorInputSchema = StartNegotiationSchema.shape.creator;

/** Coerces one row's messy values, then validates them with the single-start schema. */
export function checkRow(row: ImportRow): RowCheck {
  const read = readCreator(row.cells);
  if (!read.ok || row.problems.length > 0) {
    const reasons = [...row.problems, ...(read.ok ? [] : read.reasons)];
    return {
      ok: false,
      email: read.ok ? read.creator.email : read.email,
      reason: reasons.join("; "),
    };
  }
  const parsed = CreatorInputSchema.safeParse(read.creator);
  if (parsed.success) return { ok: true, creator: parsed.data };
  const reason = parsed.error.issues
    .map((issue) => `${issue.path.join(".") || "creator"}: ${issue.message}`)
    .join("; ");
  return { ok: false, email: read.creator.email, reason };
}

export type StartResult =
  | { status: "started" | "duplicate"; negotiationId: string }
  | { status: "invalid"; reason: string };

/**
 * Starts checked creators a few at a time; `duplicate` when the campaign already negotiates with
 * them. Callers pass each email once. Safe to repeat after a failure part-way.
 */
export async function startCreators(
  env: Env,
  campaign: CampaignRow,
  creators: StartCreator[],
  requestId: string | null,
): Promise<Map<string, StartResult>> {
  const results = new Map<string, StartResult>();
  // One assigner for the batch: new negotiations spread over the campaign's sending mailboxes.
  const assigner = assignerFor(env, campaign);
  await inPool(creators, async (creator) => {
    const outcome = await startNegotiation(env, campaign, creator, requestId, assigner);
    results.set(
      creator.email,
      outcome.ok
        ? {
            status: outcome.created ? "started" : "duplicate",
            negotiationId: outcome.negotiation.id,
          }
        : { status: "invalid", reason: outcome.details.join("; ") },
    );
  });
  return results;
}
