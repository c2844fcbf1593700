/** Times arrive as ISO-8601 UTC and are shown in the viewer's own time zone. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "–";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "–";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateOnly.format(d);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** "in 3 hours", "2 days ago". */
export function fromNow(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "–";
  let value = (Date.parse(iso) - now) / 1000;
  if (Number.isNaN(value)) return iso;
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return iso;
}

/**
 * A date picked in the viewer's zone ("2026-11-03") as the ISO instant of that local day's start
 * or end, so an audit search for "the 3rd" means the 3rd where the viewer is.
 */
export function localDayBoundary(date: string, edge: "start" | "end"): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const local =
    edge === "start" ? new Date(y, mo, d, 0, 0, 0, 0) : new Date(y, mo, d, 23, 59, 59, 999);
  return local.toISOString();
}

export const timeZoneName = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;
