import type { OwnedColumn } from "../domain/sheet-rows";

/**
 * Where a campaign's creators are listed (a Google Sheet): read as a header and rows of cells,
 * annotated back in the columns Parley owns. Parsing, validation and what to start are shared
 * (src/jobs/sheet-poll.ts); an adapter only moves cells.
 */
export interface CreatorSource {
  readonly name: string;
  /** Whether this source reads the location (a sheet URL). */
  accepts(location: string): boolean;
  /** The table at the location; `tab` is matched case-insensitively when given. */
  read(location: CreatorLocation): Promise<CreatorTable>;
  /** Writes Parley's columns back, in as few requests as the service allows. */
  write(location: CreatorLocation, table: CreatorTable, updates: CellUpdate[]): Promise<void>;
}

export interface CreatorLocation {
  url: string;
  tab: string | null;
}

export interface CreatorTable {
  /** The tab actually read (its real title). */
  tab: string;
  header: string[];
  /** Data rows in sheet order; `rowNumber` is the sheet's own 1-based row number. */
  rows: { rowNumber: number; cells: string[] }[];
}

/** One cell Parley owns: `column` is 0-based, `rowNumber` 1-based (1 is the header). */
export interface CellUpdate {
  rowNumber: number;
  column: number;
  owned: OwnedColumn | "header";
  value: string;
}
