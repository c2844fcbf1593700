import { type CreatorField, creatorFieldFor, REQUIRED_CREATOR_FIELDS } from "./creator-fields";

/**
 * A creators' sheet as Parley reads and annotates it: columns found by header (renamed and
 * reordered columns are fine, names compared case-insensitively), rows known by a stable key
 * that Parley writes into its own column (never by row number, which shifts when people insert,
 * sort or delete), and the decision for each row on each poll. Pure: no I/O, no clock.
 */

/** Columns Parley owns: it writes them, people read them. */
export const OWNED_COLUMNS = ["key", "status", "state", "lastOffer"] as const;
export type OwnedColumn = (typeof OWNED_COLUMNS)[number];

export const OWNED_HEADERS: Record<OwnedColumn, string> = {
  key: "Parley key",
  status: "Parley status",
  state: "Parley state",
  lastOffer: "Parley last offer",
};

const OWNED_ALIASES: Record<OwnedColumn, readonly string[]> = {
  key: ["parleykey", "parleyid", "parleyrowkey"],
  status: ["parleystatus", "parleyrowstatus"],
  state: ["parleystate", "parleynegotiationstate"],
  lastOffer: ["parleylastoffer", "parleyoffer"],
};

const normalizeHeader = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, "");

export interface SheetLayout {
  /** The creator field each column holds (null: a column Parley does not read). */
  columns: (CreatorField | null)[];
  /** Where Parley's own columns are (0-based); absent ones are appended after the last header. */
  owned: Record<OwnedColumn, number>;
  /** Owned columns that need their header written. */
  missingOwned: OwnedColumn[];
  /** Required creator columns the header lacks: the sheet cannot be read. */
  missingRequired: CreatorField[];
}

export function sheetLayout(header: readonly string[]): SheetLayout {
  const owned: Partial<Record<OwnedColumn, number>> = {};
  const columns = header.map((cell, index) => {
    const name = normalizeHeader(cell);
    const mine = OWNED_COLUMNS.find((c) => OWNED_ALIASES[c].includes(name));
    if (mine) {
      owned[mine] ??= index;
      return null;
    }
    return creatorFieldFor(cell);
  });
  // Trailing empty header cells do not count: Parley's columns go right after the last used one.
  let next = header.reduce((last, cell, i) => (cell.trim() === "" ? last : i + 1), 0);
  const missingOwned: OwnedColumn[] = [];
  for (const column of OWNED_COLUMNS) {
    if (owned[column] !== undefined) continue;
    owned[column] = next++;
    missingOwned.push(column);
  }
  return {
    columns,
    owned: owned as Record<OwnedColumn, number>,
    missingOwned,
    missingRequired: REQUIRED_CREATOR_FIELDS.filter((f) => !columns.includes(f)),
  };
}

/** Column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** 64 bits of FNV-1a (two 32-bit lanes), base36: short, stable, not a secret. */
export function stableHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(36).padStart(7, "0") + b.toString(36).padStart(7, "0");
}

/**
 * The key for a row that has none yet: from its email (so a row whose key was never written back
 * gets the same key next time), else from its cells. `taken` holds keys used in this poll; a
 * second row with the same email gets a suffix.
 */
export function newRowKey(email: string | null, cells: readonly string[], taken: Set<string>) {
  const base = `p-${stableHash(email ?? `cells:${cells.map((c) => c.trim()).join("\u0001")}`)}`;
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  taken.add(key);
  return key;
}

/** The values a negotiation was started with; a change of any of them is reported, not acted on. */
export function creatorFingerprint(c: {
  email: string;
  platform: string;
  averageViews: number;
  engagementRate: number | null;
}): string {
  return [c.email, c.platform, c.averageViews, c.engagementRate ?? ""].join("|");
}

/** What Parley remembers about a row from earlier polls. */
export interface TrackedRow {
  rowKey: string;
  status: "started" | "duplicate" | "invalid";
  email: string | null;
  fingerprint: string | null;
  problem: string | null;
  notifiedChange: string | null;
  deletedAt: string | null;
}

/** One row as read on this poll. */
export type RowRead =
  | { ok: true; email: string; fingerprint: string }
  | { ok: false; email: string | null; problem: string };

export type RowDecision =
  /** Start a negotiation (new row, or a row that was invalid and is now fixed). */
  | { kind: "start" }
  /** Another row of this sheet already has this email. */
  | { kind: "duplicate"; of: string }
  | { kind: "invalid"; problem: string; report: boolean }
  /** Started before, unchanged (or a change already reported). */
  | { kind: "unchanged" }
  /** Started before and edited since: tell the team, keep negotiating as it was. */
  | { kind: "changed"; change: string; detail: string };

/**
 * The decision for one row. `firstRowForEmail` names the key of the first row on this poll with
 * the same email (the row itself when it is first).
 */
export function decideRow(
  tracked: TrackedRow | undefined,
  read: RowRead,
  firstRowForEmail: string | null,
  rowKey: string,
): RowDecision {
  if (!tracked || tracked.status === "invalid") {
    if (!read.ok)
      return { kind: "invalid", problem: read.problem, report: tracked?.problem !== read.problem };
    if (firstRowForEmail && firstRowForEmail !== rowKey)
      return { kind: "duplicate", of: firstRowForEmail };
    return { kind: "start" };
  }
  if (tracked.status === "duplicate") {
    if (read.ok && firstRowForEmail === rowKey) return { kind: "start" };
    if (read.ok && firstRowForEmail) return { kind: "duplicate", of: firstRowForEmail };
  }
  const current = read.ok ? read.fingerprint : `invalid:${read.problem}`;
  if (current === tracked.fingerprint || current === tracked.notifiedChange)
    return { kind: "unchanged" };
  return {
    kind: "changed",
    change: current,
    detail: describeChange(tracked.fingerprint, read),
  };
}

function describeChange(before: string | null, read: RowRead): string {
  if (!read.ok) return `the row no longer reads as a creator: ${read.problem}`;
  const [email, platform, views, rate] = (before ?? "").split("|");
  const [email2, platform2, views2, rate2] = read.fingerprint.split("|");
  const changes: string[] = [];
  if (email !== email2) changes.push(`email ${email} → ${email2}`);
  if (platform !== platform2) changes.push(`platform ${platform} → ${platform2}`);
  if (views !== views2) changes.push(`average views ${views} → ${views2}`);
  if (rate !== rate2) changes.push(`engagement ${rate || "none"} → ${rate2 || "none"}`);
  return changes.join(", ");
}

/** Whether a campaign's sheet is due for a poll. */
export function isPollDue(lastQueuedAt: string | null, now: number, everyMinutes: number): boolean {
  if (lastQueuedAt === null) return true;
  const last = Date.parse(lastQueuedAt);
  // A little slack: a cron that fires a few seconds early still counts as the next period.
  return Number.isNaN(last) || now - last >= everyMinutes * 60_000 - 30_000;
}
