/**
 * Reads the date an out-of-office reply says its sender is back. Clock-free: dates without a
 * year, weekdays and "tomorrow" resolve against a caller-supplied reference date, or not at all.
 */

const MONTH =
  "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const WEEKDAY_PREFIX = "(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\\.?,?\\s+)?";
const DAY = "(\\d{1,2})(?:st|nd|rd|th)?";
const YEAR = "(?:,?\\s+(\\d{4}))?";

const MONTH_FIRST = new RegExp(`\\b${WEEKDAY_PREFIX}${MONTH}\\s+${DAY}\\b${YEAR}`, "gi");
const DAY_FIRST = new RegExp(
  `\\b${WEEKDAY_PREFIX}(?:the\\s+)?${DAY}(?:\\s+of)?\\s+${MONTH}(?![a-z])${YEAR}`,
  "gi",
);
const ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
/** "until the 14th": an ordinal day with no month, the next such day on or after the reference. */
const ORDINAL_DAY = new RegExp(
  `\\b(?:until|till|til|through|thru|back\\s+(?:on\\s+)?)\\s*(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)\\b(?!\\s+(?:of\\s+)?${MONTH})`,
  "gi",
);
/** Numeric dates with a year; without one only after a return cue ("until 12/14"): "24/7" is no date. */
const NUMERIC = /\b(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/g;
const NUMERIC_NO_YEAR =
  /\b(?:until|till|til|through|thru|back|return(?:ing|s)?|on|after)\s+(?:on\s+)?(\d{1,2})\/(\d{1,2})\b(?!\/)/gi;

/** Month names in the other languages whose mail Parley reads (de, es, fr, it, nl, pt), day first. */
const FOREIGN_MONTHS: readonly string[][] = [
  ["januar", "janvier", "enero", "janeiro", "gennaio", "januari"],
  ["februar", "février", "fevrier", "febrero", "fevereiro", "febbraio", "februari"],
  ["märz", "maerz", "mars", "marzo", "março", "marco", "maart"],
  ["april", "avril", "abril", "aprile"],
  ["mai", "mayo", "maio", "maggio", "mei"],
  ["juni", "juin", "junio", "junho", "giugno"],
  ["juli", "juillet", "julio", "julho", "luglio"],
  ["august", "août", "aout", "agosto", "augustus"],
  ["september", "septembre", "septiembre", "setiembre", "setembro", "settembre"],
  ["oktober", "octobre", "octubre", "outubro", "ottobre"],
  ["november", "novembre", "noviembre", "novembro"],
  ["dezember", "décembre", "decembre", "diciembre", "dezembro", "dicembre"],
];
const FOREIGN_NAMES = FOREIGN_MONTHS.flat().sort((a, b) => b.length - a.length);
/** "14. Dezember", "14 de diciembre", "14 décembre", "1er janvier", "14 dicembre 2026". */
const FOREIGN_DAY_FIRST = new RegExp(
  `\\b(\\d{1,2})(?:\\.|º|°|er)?\\s+(?:de\\s+|di\\s+)?(${FOREIGN_NAMES.join("|")})(?![a-zà-ÿ])(?:,?\\s+(?:de\\s+)?(\\d{4}))?`,
  "gi",
);
const foreignMonth = (name: string): number =>
  FOREIGN_MONTHS.findIndex((names) => names.includes(name.toLowerCase()));
const RELATIVE = new RegExp(
  `\\b(tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b(?!,?\\s+(?:the\\s+)?(?:\\d|${MONTH}))`,
  "gi",
);

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const RETURN_CUE =
  /(?:\b(?:until|till|til|back|return|returning|returns|through|thru|after|resume|resuming|bis|hasta|até|fino|tot|zurück|regreso|vuelvo|retour|volto|rientro|terug)\b|jusqu)[^.!?\n]{0,24}$/i;

const DAY_MS = 86_400_000;

interface FoundDate {
  index: number;
  /** Epoch ms at UTC midnight. */
  time: number;
}

function monthIndex(name: string): number {
  return [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
  ].indexOf(name.slice(0, 3).toLowerCase());
}

function utc(year: number, month: number, day: number): number | null {
  if (month < 0 || month > 11 || day < 1 || day > 31) return null;
  const time = Date.UTC(year, month, day);
  return new Date(time).getUTCDate() === day ? time : null;
}

function parseReference(referenceDate: string | undefined): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(referenceDate ?? "");
  if (!match) return null;
  return utc(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** A month/day with no year is the next such day on or after the reference. */
function resolve(year: string | undefined, month: number, day: number, ref: number | null) {
  if (year !== undefined) {
    const full = year.length === 2 ? 2000 + Number(year) : Number(year);
    return utc(full, month, day);
  }
  if (ref === null) return null;
  const refYear = new Date(ref).getUTCFullYear();
  const sameYear = utc(refYear, month, day);
  if (sameYear !== null && sameYear >= ref) return sameYear;
  return utc(refYear + 1, month, day);
}

/** How far ahead a return is expected: weeks, not months. */
const SOON_MS = 62 * DAY_MS;

/**
 * M/D or D/M. 3/4 could be March 4 or 3 April: read it when one order cannot be a date, when both
 * agree, or when only one reading falls within two months after the reference (a return is
 * weeks away, not months); otherwise not at all.
 */
function numericDate(a: number, b: number, year: string | undefined, ref: number | null) {
  if (a > 12 || b > 12 || a === b) {
    const [month, day] = a <= 12 ? [a, b] : [b, a];
    return resolve(year, month - 1, day, ref);
  }
  const monthFirst = resolve(year, a - 1, b, ref);
  const dayFirst = resolve(year, b - 1, a, ref);
  if (ref === null || monthFirst === null || dayFirst === null) return null;
  const soon = (time: number) => time >= ref && time - ref <= SOON_MS;
  if (soon(monthFirst) === soon(dayFirst)) return null;
  return soon(monthFirst) ? monthFirst : dayFirst;
}

function collect(text: string, ref: number | null): FoundDate[] {
  const found: FoundDate[] = [];
  const push = (index: number, time: number | null) => {
    if (time !== null) found.push({ index, time });
  };
  for (const m of text.matchAll(ISO)) {
    push(m.index, utc(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  }
  for (const m of text.matchAll(MONTH_FIRST)) {
    push(m.index, resolve(m[3], monthIndex(m[1] ?? ""), Number(m[2]), ref));
  }
  for (const m of text.matchAll(DAY_FIRST)) {
    push(m.index, resolve(m[3], monthIndex(m[2] ?? ""), Number(m[1]), ref));
  }
  for (const m of text.matchAll(FOREIGN_DAY_FIRST)) {
    push(m.index, resolve(m[3], foreignMonth(m[2] ?? ""), Number(m[1]), ref));
  }
  for (const m of text.matchAll(NUMERIC_NO_YEAR)) {
    const at = m.index + m[0].length - `${m[1]}/${m[2]}`.length;
    push(at, numericDate(Number(m[1]), Number(m[2]), undefined, ref));
  }
  for (const m of text.matchAll(NUMERIC)) {
    push(m.index, numericDate(Number(m[1]), Number(m[2]), m[3], ref));
  }
  if (ref !== null) {
    for (const m of text.matchAll(ORDINAL_DAY)) {
      const at = new Date(ref);
      const day = Number(m[1]);
      const month = at.getUTCMonth() + (day < at.getUTCDate() ? 1 : 0);
      const year = at.getUTCFullYear() + Math.floor(month / 12);
      push(m.index + m[0].length - (m[1] ?? "").length - 2, utc(year, month % 12, day));
    }
    for (const m of text.matchAll(RELATIVE)) {
      const word = (m[1] ?? "").toLowerCase();
      if (word === "tomorrow") {
        push(m.index, ref + DAY_MS);
        continue;
      }
      const target = WEEKDAYS.indexOf(word);
      const delta = (target - new Date(ref).getUTCDay() + 7) % 7 || 7;
      push(m.index, ref + delta * DAY_MS);
    }
  }
  return found;
}

const toIso = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** "back on" and "returning" name the first day back; "through" names the last day away. */
const BACK_CUE =
  /\b(?:back|return|returning|returns|resume|resuming|zurück|regreso|vuelvo|retour|volto|rientro|terug)\b[^.!?\n]{0,24}$/i;
const THROUGH_CUE = /\b(?:through|thru|tot\s+en\s+met)\b[^.!?\n]{0,12}$/i;

/**
 * The return date as YYYY-MM-DD, or null. Prefers a date introduced by "back" or "returning",
 * then the first one introduced by a cue such as "until" ("through Nov 30" is back Dec 1);
 * otherwise the latest date mentioned (the end of an absence).
 */
export function parseReturnDate(text: string, referenceDate?: string): string | null {
  const ref = parseReference(referenceDate);
  const found = collect(text, ref).sort((a, b) => a.index - b.index);
  if (found.length === 0) return null;
  const before = (date: FoundDate) => text.slice(Math.max(0, date.index - 30), date.index);
  const back = found.find((date) => BACK_CUE.test(before(date)));
  if (back) return toIso(back.time);
  const cued = found.find((date) => RETURN_CUE.test(before(date)));
  if (cued) return toIso(cued.time + (THROUGH_CUE.test(before(cued)) ? DAY_MS : 0));
  return toIso(Math.max(...found.map((date) => date.time)));
}
