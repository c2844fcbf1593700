/**
 * Follow-up policy and send windows in the creator's IANA time zone (DOMAIN.md §5).
 * Zone math uses only Intl.DateTimeFormat. Instants are epoch milliseconds; a "wall" value is the
 * local date and time encoded as if it were UTC, so calendar arithmetic on it ignores DST.
 *
 * Time zones and windows are validated at the boundary (isValidTimeZone, parseSendWindow); the
 * functions below throw RangeError when handed invalid ones, because that is a programming error.
 */
import { err, ok, type Result } from "./result";
import type { CampaignTerms, SendWindow, Weekday } from "./types";
import { WEEKDAYS } from "./types";

export type FollowUpPolicy = CampaignTerms["followUps"];

export interface FollowUpPlan {
  /** Instants the follow-ups fire at, ascending. */
  followUps: number[];
  /** Instant the negotiation becomes `unresponsive` if nothing came back. */
  unresponsiveAt: number;
}

export interface ParsedSendWindow {
  days: ReadonlySet<Weekday>;
  startMinutes: number;
  endMinutes: number;
}

export const DEFAULT_FOLLOW_UP_POLICY: FollowUpPolicy = { afterBusinessDays: [2, 4] };

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Indexed by Date#getUTCDay (0 = Sunday). */
const DAY_BY_UTC_INDEX: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const WEEKEND: ReadonlySet<Weekday> = new Set<Weekday>(["sat", "sun"]);

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== "string" || tz.trim() === "") return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** "HH:MM" (or "H:MM") → minutes after midnight. "24:00" is accepted as an end-of-day bound. */
export function parseHhMm(s: string): Result<number, string> {
  const match = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 24 || minutes > 59 || (hours === 24 && minutes !== 0)) {
    return err(`"${s}" is not a time of day in HH:MM form`);
  }
  return ok(hours * 60 + minutes);
}

/** Overnight windows (start after end) are rejected: a window lies within one local day. */
export function parseSendWindow(window: SendWindow): Result<ParsedSendWindow, string> {
  const start = parseHhMm(window.start);
  if (!start.ok) return start;
  const end = parseHhMm(window.end);
  if (!end.ok) return end;
  if (start.value >= end.value)
    return err(`send window start ${window.start} is not before end ${window.end}`);
  const unknown = window.days.filter((d) => !WEEKDAYS.includes(d));
  if (unknown.length > 0) return err(`unknown weekday(s): ${unknown.join(", ")}`);
  if (window.days.length === 0) return err("send window has no days");
  return ok({ days: new Set(window.days), startMinutes: start.value, endMinutes: end.value });
}

/** Offset of the zone from UTC at an instant, in ms (wall = instant + offset). */
function offsetAt(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(wholeSecond)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    (parts.hour ?? 0) % 24,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - wholeSecond;
}

const toWall = (instantMs: number, timeZone: string): number =>
  instantMs + offsetAt(instantMs, timeZone);

const weekdayOfWall = (wallMs: number): Weekday =>
  DAY_BY_UTC_INDEX[new Date(wallMs).getUTCDay()] as Weekday;

const startOfWallDay = (wallMs: number): number => Math.floor(wallMs / DAY) * DAY;

/** Every instant showing this wall time: none in a spring-forward gap, two in a fall-back overlap. */
function instantsForWall(wallMs: number, timeZone: string): number[] {
  const offsets = new Set([
    offsetAt(wallMs - DAY, timeZone),
    offsetAt(wallMs, timeZone),
    offsetAt(wallMs + DAY, timeZone),
  ]);
  const found = new Set<number>();
  for (const offset of offsets) {
    const candidate = wallMs - offset;
    if (offsetAt(candidate, timeZone) === offset) found.add(candidate);
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * The earliest instant whose local wall time is at or after `wallMs`: the earlier of two in an
 * overlap, and the first instant after the gap (e.g. 03:00 EDT for 02:30) when the time is skipped.
 */
function resolveWall(wallMs: number, timeZone: string): number {
  const exact = instantsForWall(wallMs, timeZone)[0];
  if (exact !== undefined) return exact;
  const before = offsetAt(wallMs - DAY, timeZone);
  const after = offsetAt(wallMs + DAY, timeZone);
  // The transition lies between the two readings of the wall time; find its second.
  let lo = Math.floor(Math.min(wallMs - before, wallMs - after) / 1000);
  let hi = Math.ceil(Math.max(wallMs - before, wallMs - after) / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid * 1000, timeZone) === after) hi = mid;
    else lo = mid;
  }
  return hi * 1000;
}

export function isBusinessDay(instantMs: number, timeZone: string): boolean {
  return !WEEKEND.has(weekdayOfWall(toWall(instantMs, timeZone)));
}

/** Same local wall-clock time `days` business days later (Sat/Sun skipped; no holiday calendar). */
export function addBusinessDays(instantMs: number, days: number, timeZone: string): number {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`business days must be a non-negative integer, got ${days}`);
  }
  if (days === 0) return instantMs;
  let wall = toWall(instantMs, timeZone);
  let remaining = days;
  while (remaining > 0) {
    wall += DAY;
    if (!WEEKEND.has(weekdayOfWall(wall))) remaining -= 1;
  }
  return resolveWall(wall, timeZone);
}

function isInside(instantMs: number, window: ParsedSendWindow, timeZone: string): boolean {
  const wall = toWall(instantMs, timeZone);
  const timeOfDay = wall - startOfWallDay(wall);
  return (
    window.days.has(weekdayOfWall(wall)) &&
    timeOfDay >= window.startMinutes * MINUTE &&
    timeOfDay < window.endMinutes * MINUTE
  );
}

function mustParse(window: SendWindow): ParsedSendWindow {
  const parsed = parseSendWindow(window);
  if (!parsed.ok) throw new RangeError(parsed.error);
  return parsed.value;
}

/** Earliest instant ≥ instantMs inside the window (start inclusive, end exclusive, local time). */
export function nextSendTime(
  instantMs: number,
  window: SendWindow | null,
  timeZone: string,
): number {
  if (window === null) {
    formatterFor(timeZone);
    return instantMs;
  }
  const parsed = mustParse(window);
  if (isInside(instantMs, parsed, timeZone)) return instantMs;
  const firstDay = startOfWallDay(toWall(instantMs, timeZone));
  // Two weeks covers any weekly window even when a DST gap swallows one day's opening.
  for (let day = 0; day < 15; day += 1) {
    const dayWall = firstDay + day * DAY;
    if (!parsed.days.has(weekdayOfWall(dayWall))) continue;
    const startWall = dayWall + parsed.startMinutes * MINUTE;
    // A fall-back overlap can open the window twice in one day; either opening may be next.
    const openings = [...instantsForWall(startWall, timeZone), resolveWall(startWall, timeZone)];
    const next = openings
      .filter((t) => t >= instantMs && isInside(t, parsed, timeZone))
      .sort((a, b) => a - b)[0];
    if (next !== undefined) return next;
  }
  throw new RangeError("send window never opens");
}

/**
 * Business days from the last follow-up to `unresponsive`: the gap between the last two offsets,
 * 2 when there is a single follow-up, and 5 after the email itself when there are none.
 */
function unresponsiveGap(offsets: readonly number[]): number {
  const last = offsets.at(-1);
  const secondLast = offsets.at(-2);
  if (last === undefined) return 5;
  if (secondLast === undefined) return 2;
  return last - secondLast;
}

function sortedOffsets(policy: FollowUpPolicy): number[] {
  return [...policy.afterBusinessDays].sort((a, b) => a - b);
}

/**
 * Follow-up i fires afterBusinessDays[i] business days after the send (offsets sorted ascending),
 * moved into the send window. `unresponsiveAt` is `unresponsiveGap` business days after the last
 * follow-up's offset (counted from sentAtMs), also moved into the window.
 */
export function followUpPlan(
  sentAtMs: number,
  policy: FollowUpPolicy,
  window: SendWindow | null,
  timeZone: string,
): FollowUpPlan {
  const offsets = sortedOffsets(policy);
  const at = (businessDays: number): number =>
    nextSendTime(addBusinessDays(sentAtMs, businessDays, timeZone), window, timeZone);
  // A narrow window can fold two offsets onto the same moment: each step lands strictly after
  // the previous one (at least one business day later), so no two follow-ups go out together.
  let previous = sentAtMs;
  const after = (t: number): number =>
    t > previous ? t : nextSendTime(addBusinessDays(previous, 1, timeZone), window, timeZone);
  const followUps = offsets.map((offset) => {
    previous = after(at(offset));
    return previous;
  });
  const lastOffset = offsets.at(-1) ?? 0;
  return { followUps, unresponsiveAt: after(at(lastOffset + unresponsiveGap(offsets))) };
}

/**
 * After an out-of-office reply: the first remaining follow-up fires one business day after the
 * first send-window moment on the return date (or after `notBeforeMs`, when that is later); each
 * later one keeps the policy's spacing between the last `remaining` offsets. `unresponsiveAt`
 * follows the last follow-up — or that first window moment when none remain — by the policy's
 * unresponsive gap. Everything lands inside the window.
 */
export function followUpsAfterReturn(
  returnDate: string,
  remaining: number,
  policy: FollowUpPolicy,
  window: SendWindow | null,
  timeZone: string,
  notBeforeMs = Number.NEGATIVE_INFINITY,
): FollowUpPlan {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(returnDate);
  const wallMidnight = date
    ? Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]))
    : Number.NaN;
  if (
    Number.isNaN(wallMidnight) ||
    new Date(wallMidnight).toISOString().slice(0, 10) !== returnDate
  ) {
    throw new RangeError(`return date must be YYYY-MM-DD, got "${returnDate}"`);
  }
  const offsets = sortedOffsets(policy);
  const count = Math.max(0, Math.min(Math.floor(remaining), offsets.length));
  const tail = offsets.slice(offsets.length - count);
  const into = (t: number): number => nextSendTime(t, window, timeZone);
  const back = into(Math.max(resolveWall(wallMidnight, timeZone), notBeforeMs));

  const followUps: number[] = [];
  let previous = back;
  tail.forEach((offset, i) => {
    const gap = i === 0 ? 1 : offset - (tail[i - 1] ?? offset);
    previous = into(addBusinessDays(previous, gap, timeZone));
    followUps.push(previous);
  });
  return {
    followUps,
    unresponsiveAt: into(addBusinessDays(previous, unresponsiveGap(offsets), timeZone)),
  };
}
