import { columnLetters } from "../../domain/sheet-rows";
import { SourceError } from "../../ports/campaign-source";
import type {
  CellUpdate,
  CreatorLocation,
  CreatorSource,
  CreatorTable,
} from "../../ports/creator-source";
import type { SheetsApi, ValueRange } from "./api";

/** At most this many ranges in one values.batchUpdate request. */
const RANGES_PER_REQUEST = 200;

/** `https://docs.google.com/spreadsheets/d/<id>/edit#gid=<tab id>` → its parts, or null. */
export function parseSheetUrl(url: string): { spreadsheetId: string; gid: number | null } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.hostname !== "docs.google.com") return null;
  const id = /^\/spreadsheets\/d\/([A-Za-z0-9_-]{10,})/.exec(parsed.pathname)?.[1];
  if (!id) return null;
  const gid = /(?:^|[#&?])gid=(\d+)/.exec(`${parsed.search}${parsed.hash}`)?.[1];
  return { spreadsheetId: id, gid: gid === undefined ? null : Number(gid) };
}

const sameTitle = (a: string, b: string) =>
  a.trim().replace(/\s+/g, " ").toLowerCase() === b.trim().replace(/\s+/g, " ").toLowerCase();

/** A1 notation needs the tab's title quoted, its own quotes doubled. */
const quoted = (title: string) => `'${title.replace(/'/g, "''")}'`;

/** A Google Sheet as a creator list: one tab, header in row 1. */
export class GoogleSheetsCreatorSource implements CreatorSource {
  readonly name = "google-sheets";

  constructor(private readonly api: SheetsApi) {}

  accepts(location: string): boolean {
    return parseSheetUrl(location) !== null;
  }

  async read(location: CreatorLocation): Promise<CreatorTable> {
    const { spreadsheetId, tab } = await this.resolve(location);
    const values = await this.api.values(spreadsheetId, quoted(tab));
    const [header = [], ...rest] = values;
    return {
      tab,
      header,
      rows: rest.map((cells, i) => ({ rowNumber: i + 2, cells })),
    };
  }

  async write(
    location: CreatorLocation,
    table: CreatorTable,
    updates: CellUpdate[],
  ): Promise<void> {
    const parsed = parseSheetUrl(location.url);
    if (!parsed || updates.length === 0) return;
    const data = columnRuns(table.tab, updates);
    for (let i = 0; i < data.length; i += RANGES_PER_REQUEST)
      await this.api.batchUpdate(parsed.spreadsheetId, data.slice(i, i + RANGES_PER_REQUEST));
  }

  /** The tab: by name (case and spacing ignored), else the URL's gid, else the first tab. */
  private async resolve(location: CreatorLocation) {
    const parsed = parseSheetUrl(location.url);
    if (!parsed) throw new SourceError(`${location.url} is not a Google Sheets URL`, false);
    const tabs = await this.api.tabs(parsed.spreadsheetId);
    const wanted = location.tab;
    const tab = wanted
      ? tabs.find((t) => sameTitle(t.title, wanted))
      : (tabs.find((t) => t.sheetId === parsed.gid) ?? tabs[0]);
    if (!tab)
      throw new SourceError(
        wanted
          ? `the spreadsheet has no tab named "${wanted}" (tabs: ${tabs.map((t) => t.title).join(", ")})`
          : "the spreadsheet has no tabs",
        false,
      );
    return { spreadsheetId: parsed.spreadsheetId, tab: tab.title };
  }
}

/**
 * Updates grouped into one range per column and run of consecutive rows: a first poll of 500 new
 * rows is four ranges (one per column Parley owns) in a single request.
 */
export function columnRuns(tab: string, updates: CellUpdate[]): ValueRange[] {
  const byColumn = new Map<number, CellUpdate[]>();
  for (const u of updates) byColumn.set(u.column, [...(byColumn.get(u.column) ?? []), u]);
  const ranges: ValueRange[] = [];
  for (const [column, cells] of [...byColumn].sort((a, b) => a[0] - b[0])) {
    cells.sort((a, b) => a.rowNumber - b.rowNumber);
    let run: CellUpdate[] = [];
    const flush = () => {
      const first = run[0];
      const last = run[run.length - 1];
      if (!first || !last) return;
      const letter = columnLetters(column);
      ranges.push({
        range: `${quoted(tab)}!${letter}${first.rowNumber}:${letter}${last.rowNumber}`,
        majorDimension: "COLUMNS",
        values: [run.map((u) => u.value)],
      });
      run = [];
    };
    for (const cell of cells) {
      const previous = run[run.length - 1];
      if (previous && cell.rowNumber !== previous.rowNumber + 1) flush();
      if (previous?.rowNumber !== cell.rowNumber) run.push(cell);
    }
    flush();
  }
  return ranges;
}
