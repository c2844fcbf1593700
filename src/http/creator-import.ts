import type { Context } from "hono";
import type { ImportRow } from "../campaigns/creator-rows";
import {
  type Cell,
  type CreatorField,
  creatorFieldFor,
  REQUIRED_CREATOR_FIELDS,
} from "../domain/creator-fields";
import { parseCsv } from "./csv";
import { ApiError, validationError } from "./errors";
import { CreatorImportJsonSchema, MAX_IMPORT_ROWS } from "./schemas";

export { checkRow, type ImportRow, type RowCheck } from "../campaigns/creator-rows";

type BodyKind = "csv" | "json";

const tooManyRows = (count: number) =>
  new ApiError(
    "too_many_rows",
    `An import takes at most ${MAX_IMPORT_ROWS} rows; this one has ${count}. Split the file.`,
    [{ field: "body", message: `at most ${MAX_IMPORT_ROWS} rows` }],
  );

/** The body's kind from its media type: 415 for anything but CSV or JSON. */
export function importKind(c: Context): BodyKind {
  const type = c.req.header("content-type") ?? "";
  if (/^(?:text|application)\/csv\b/i.test(type)) return "csv";
  if (/^application\/json\b/i.test(type)) return "json";
  throw new ApiError(
    "unsupported_media_type",
    "Send the creators as text/csv or application/json.",
  );
}

/** Reads the request body into rows; 400 when the body as a whole is unreadable or too long. */
export async function readImportRows(c: Context, kind: BodyKind): Promise<ImportRow[]> {
  const raw = await c.req.text();
  return kind === "csv" ? rowsFromCsv(raw) : rowsFromJson(raw);
}

export function rowsFromCsv(text: string): ImportRow[] {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new ApiError("invalid_csv", `The CSV is malformed: ${parsed.error}.`);
  const [header, ...records] = parsed.records;
  if (!header) throw new ApiError("invalid_csv", "The CSV is empty; it needs a header row.");
  const columns = header.cells.map(creatorFieldFor);
  const missing = REQUIRED_CREATOR_FIELDS.filter((f) => !columns.includes(f));
  if (missing.length > 0)
    throw new ApiError(
      "invalid_csv",
      `The CSV header lacks required columns: ${missing.join(", ")}.`,
      missing.map((field) => ({ field, message: "column missing from the header row" })),
    );
  const data = records.filter((r) => r.cells.some((cell) => cell.trim() !== ""));
  if (data.length > MAX_IMPORT_ROWS) throw tooManyRows(data.length);
  return data.map((record, i) => {
    const cells: Partial<Record<CreatorField, Cell>> = {};
    columns.forEach((field, col) => {
      const value = record.cells[col];
      // With repeated columns for one field, the first non-empty cell wins.
      if (field && value !== undefined && (cells[field] ?? "").toString().trim() === "")
        cells[field] = value;
    });
    return { row: i + 1, line: record.line, cells, problems: [] };
  });
}

export function rowsFromJson(text: string): ImportRow[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError("invalid_json", "The body is not valid JSON.");
  }
  const length = Array.isArray(body)
    ? body.length
    : Array.isArray((body as { creators?: unknown } | null)?.creators)
      ? (body as { creators: unknown[] }).creators.length
      : 0;
  if (length > MAX_IMPORT_ROWS) throw tooManyRows(length);
  const result = CreatorImportJsonSchema.safeParse(body);
  if (!result.success) throw validationError(result.error);
  const rows = Array.isArray(result.data) ? result.data : result.data.creators;
  return rows.map((object, i) => {
    const cells: Partial<Record<CreatorField, Cell>> = {};
    const problems: string[] = [];
    for (const [key, value] of Object.entries(object)) {
      const field = creatorFieldFor(key);
      if (!field || cells[field] !== undefined) continue;
      if (typeof value === "object" && value !== null)
        problems.push(`${key} must be text or a number`);
      else cells[field] = value as Cell;
    }
    return { row: i + 1, cells, problems };
  });
}
