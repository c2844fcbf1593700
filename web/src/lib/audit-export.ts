import type { AuditEvent } from "../api/types";

export type AuditFilters = Record<string, string | undefined>;

/** Pages through every event matching the filters (oldest request first), newest event first. */
export async function collectAudit(
  fetchPage: (
    cursor: string | undefined,
  ) => Promise<{ events: AuditEvent[]; nextCursor: string | null }>,
  onProgress?: (count: number) => void,
): Promise<AuditEvent[]> {
  const all: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    all.push(...page.events);
    onProgress?.(all.length);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/**
 * CSV pages (each with the header row) from `format=csv` joined into one file: the header once,
 * every page's rows after it.
 */
export function joinCsvPages(pages: string[]): string {
  const [first, ...rest] = pages;
  if (first === undefined) return "";
  const bodyOf = (page: string) => {
    const end = page.indexOf("\r\n");
    return end === -1 ? "" : page.slice(end + 2);
  };
  return first + rest.map(bodyOf).join("");
}

/** Offers a text as a file download. */
export function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
