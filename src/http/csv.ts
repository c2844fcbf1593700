/**
 * A small RFC 4180 reader. Pure string work, no I/O.
 *
 * Lenient where spreadsheets are sloppy: CRLF, LF or CR line ends; a byte-order mark; blank lines
 * skipped; text after a closing quote kept (`"a"b` → `ab`); a quote inside an unquoted field kept
 * literally; `;` or tab as separator when the header line uses it instead of commas. Strict only
 * where guessing would corrupt data: a quoted field that never closes is an error.
 */

export interface CsvRecord {
  /** Physical line (1-based) where the record starts; quoted newlines make records span lines. */
  line: number;
  cells: string[];
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; error: string };

const SEPARATORS = [",", ";", "\t"] as const;

/** The separator the first line uses most (outside quotes); a comma when in doubt. */
export function detectSeparator(text: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string = ",";
  for (const s of SEPARATORS) if ((counts.get(s) ?? 0) > (counts.get(best) ?? 0)) best = s;
  return best;
}

export function parseCsv(input: string, options: { separator?: string } = {}): CsvParse {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const separator = options.separator ?? detectSeparator(text);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let inQuotes = false;
  let recordQuoted = false;
  let line = 1;
  let recordLine = 1;

  const endRecord = () => {
    cells.push(cell);
    const blank = !recordQuoted && cells.length === 1 && cells[0]?.trim() === "";
    if (!blank) records.push({ line: recordLine, cells });
    cells = [];
    cell = "";
    recordQuoted = false;
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else inQuotes = false;
        continue;
      }
      if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) line++;
      cell += ch;
      continue;
    }
    if (ch === '"' && cell.trim() === "") {
      // Whitespace before an opening quote is padding, not data.
      cell = "";
      inQuotes = true;
      recordQuoted = true;
    } else if (ch === separator) {
      cells.push(cell);
      cell = "";
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += ch;
  }
  if (inQuotes)
    return { ok: false, error: `a quoted field starting on line ${recordLine} is never closed` };
  if (cell !== "" || cells.length > 0 || recordQuoted) endRecord();
  return { ok: true, records };
}
