import { inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { negotiations } from "../db/schema";
import { formatUsd } from "../domain/money";
import { OWNED_HEADERS, type OwnedColumn, type SheetLayout } from "../domain/sheet-rows";
import type { Env } from "../env";
import type { CellUpdate, CreatorSource, CreatorTable } from "../ports/creator-source";
import type { PolledRow, StoredRow } from "./sheet-poll";

/** Parley's columns as they should read; only cells that differ from the sheet are written. */
export async function writeBack(
  env: Env,
  source: CreatorSource,
  location: { url: string; tab: string | null },
  table: CreatorTable,
  layout: SheetLayout,
  polled: PolledRow[],
  byKey: Map<string, StoredRow>,
): Promise<void> {
  const ids = [...new Set(polled.flatMap((r) => byKey.get(r.key)?.negotiationId ?? []))];
  const projections = new Map<string, { state: string; offer: number | null }>();
  const db = drizzle(env.DB);
  for (let i = 0; i < ids.length; i += 90) {
    const rows = await db
      .select({
        id: negotiations.id,
        state: negotiations.state,
        lastOfferCents: negotiations.lastOfferCents,
        agreedCents: negotiations.agreedCents,
      })
      .from(negotiations)
      .where(inArray(negotiations.id, ids.slice(i, i + 90)));
    for (const r of rows)
      projections.set(r.id, { state: r.state, offer: r.agreedCents ?? r.lastOfferCents });
  }
  const rowNumberOf = new Map(polled.map((r) => [r.key, r.rowNumber]));
  const updates: CellUpdate[] = layout.missingOwned.map((owned) => ({
    rowNumber: 1,
    column: layout.owned[owned],
    owned: "header" as const,
    value: OWNED_HEADERS[owned],
  }));
  for (const row of polled) {
    const stored = byKey.get(row.key);
    const projection = stored?.negotiationId ? projections.get(stored.negotiationId) : undefined;
    const want: Record<OwnedColumn, string> = {
      key: row.key,
      status: statusText(row, stored, rowNumberOf),
      state: projection?.state ?? "",
      lastOffer: projection?.offer ? formatUsd(projection.offer) : "",
    };
    for (const owned of Object.keys(want) as OwnedColumn[]) {
      const column = layout.owned[owned];
      if ((row.cells[column] ?? "") !== want[owned])
        updates.push({ rowNumber: row.rowNumber, column, owned, value: want[owned] });
    }
  }
  await source.write(location, table, updates);
}

function statusText(
  row: PolledRow,
  stored: StoredRow | undefined,
  rowNumberOf: Map<string, number>,
): string {
  if (!stored) return row.decision.kind === "start" ? "queued" : "";
  switch (stored.status) {
    case "started":
      return stored.notifiedChange && row.decision.kind !== "start"
        ? "started; edited since (not applied, team notified)"
        : "started";
    case "duplicate": {
      const of = stored.problem?.replace(/^duplicate of /, "") ?? "";
      const n = rowNumberOf.get(of);
      return n ? `duplicate of row ${n}` : "duplicate";
    }
    default:
      return `invalid: ${stored.problem ?? "unreadable"}`;
  }
}
