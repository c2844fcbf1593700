import { centsAfterDollars, readWordNumber } from "./money-words";
import { err, ok, type Result } from "./result";
import type { Cents } from "./types";
import { findWordMoney } from "./word-money";

export type MoneyError = { code: "invalid_views" | "invalid_amount"; message: string };

export type MoneyParse =
  | { kind: "amount"; cents: Cents }
  | { kind: "percent"; value: number }
  | { kind: "none" }
  | { kind: "ambiguous"; reason: string }
  | { kind: "invalid"; reason: string };

/** Money in free text that cannot be read as one exact amount ("two fifty", "a couple grand"). */
export interface UnreadableMoney {
  raw: string;
  index: number;
  reason: string;
}

export interface MoneyMention {
  /** The matched text, currency markers and suffixes included. */
  raw: string;
  cents: Cents;
  /** Offset of `raw` in the searched text. */
  index: number;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const isPositiveSafeInteger = (n: number): boolean => Number.isSafeInteger(n) && n > 0;
const isCents = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/** Half-up integer division of non-negative bigints. */
const divHalfUp = (numerator: bigint, divisor: bigint): bigint =>
  (numerator * 2n + divisor) / (2n * divisor);

function checkInputs(averageViews: number, cents: Cents, what: string): MoneyError | null {
  if (!isPositiveSafeInteger(averageViews)) {
    return {
      code: "invalid_views",
      message: `average views must be a positive integer, got ${averageViews}`,
    };
  }
  if (!isCents(cents)) {
    return {
      code: "invalid_amount",
      message: `${what} must be a non-negative integer of cents, got ${cents}`,
    };
  }
  return null;
}

function toSafeCents(value: bigint): Result<Cents, MoneyError> {
  if (value > MAX_SAFE) return err({ code: "invalid_amount", message: "amount is too large" });
  return ok(Number(value));
}

/** rate = views / 1000 × CPM, half-up to the cent. BigInt keeps huge view counts exact. */
export function rateForCpm(averageViews: number, cpmCents: Cents): Result<Cents, MoneyError> {
  const problem = checkInputs(averageViews, cpmCents, "CPM");
  if (problem) return err(problem);
  return toSafeCents(divHalfUp(BigInt(averageViews) * BigInt(cpmCents), 1000n));
}

/** Implied CPM = rate / (views / 1000), half-up to the cent. */
export function impliedCpm(rateCents: Cents, averageViews: number): Result<Cents, MoneyError> {
  const problem = checkInputs(averageViews, rateCents, "rate");
  if (problem) return err(problem);
  return toSafeCents(divHalfUp(BigInt(rateCents) * 1000n, BigInt(averageViews)));
}

// ---------------------------------------------------------------------------------------------
// Reading numbers written by people

type NumberRead =
  | { kind: "number"; intDigits: string; fracDigits: string }
  | { kind: "ambiguous"; reason: string }
  | { kind: "invalid"; reason: string };

const EUROPEAN = "European-style separators (e.g. 1.500,00 or 1,50)";

/**
 * Reads one digit token. US grouping ("1,500.50") is accepted; anything that reads differently
 * under European conventions is reported as ambiguous rather than guessed. With a k suffix a
 * three-digit fraction ("1.255k") is unambiguous.
 */
function readNumber(token: string, hasK: boolean): NumberRead {
  if (/^\d+$/.test(token)) return { kind: "number", intDigits: token, fracDigits: "" };
  const us = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/.exec(token);
  if (us?.[1])
    return { kind: "number", intDigits: us[1].replaceAll(",", ""), fracDigits: us[2] ?? "" };
  const decimal = /^(\d+)\.(\d+)$/.exec(token);
  if (decimal?.[1] && decimal[2]) {
    if (decimal[2].length <= 2 || (hasK && decimal[2].length <= 5)) {
      return { kind: "number", intDigits: decimal[1], fracDigits: decimal[2] };
    }
    if (decimal[2].length === 3) return { kind: "ambiguous", reason: EUROPEAN };
    return { kind: "invalid", reason: "too many decimal places" };
  }
  if (/^\d+,\d{1,2}$/.test(token) || /^\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?$/.test(token)) {
    return { kind: "ambiguous", reason: EUROPEAN };
  }
  return { kind: "invalid", reason: `unrecognised number "${token}"` };
}

/** Best-effort reading for free text: European separators read the European way. */
function readNumberLoosely(token: string, hasK: boolean): NumberRead {
  const strict = readNumber(token, hasK);
  if (strict.kind !== "ambiguous") return strict;
  const euro = /^([\d.]+?)(?:,(\d{1,2}))?$/.exec(token);
  if (!euro?.[1]) return strict;
  return { kind: "number", intDigits: euro[1].replaceAll(".", ""), fracDigits: euro[2] ?? "" };
}

function toCents(read: { intDigits: string; fracDigits: string }, hasK: boolean): Cents | null {
  const scaled = BigInt(read.intDigits + read.fracDigits) * (hasK ? 100_000n : 100n);
  const cents = divHalfUp(scaled, 10n ** BigInt(read.fracDigits.length));
  return cents > MAX_SAFE ? null : Number(cents);
}

const DIGIT_TOKEN = /\d(?:[\d.,]*\d)?/g;
const USD_PREFIX = /^(?:US\$|\$|USD)\s?/i;
const OTHER_PREFIX = /^(?:C\$|A\$|[€£¥₹]|EUR|GBP|CAD|AUD)\s?/i;
const USD_SUFFIX = /\s?(?:USD|dollars?|bucks)$/i;
const OTHER_SUFFIX = /\s?(?:[€£]|EUR|GBP|euros?)$/i;

// ---------------------------------------------------------------------------------------------
// Form fields and sheet cells

/**
 * Parses one field value. JS numbers are dollars (or a percentage in a percent field).
 * 0, "0", "" and null mean "not provided".
 */
export function parseMoney(
  input: string | number | null | undefined,
  field: "amount" | "percent" = "amount",
): MoneyParse {
  if (input === null || input === undefined) return { kind: "none" };
  if (typeof input === "number") return parseNumberInput(input, field);

  let text = input.trim();
  if (text === "") return { kind: "none" };
  if (/^[-−(]/.test(text)) return { kind: "invalid", reason: "negative amounts are not allowed" };
  if (field === "amount") {
    const words = parseWordAmount(text);
    if (words) return words;
  }
  const tokens = text.match(DIGIT_TOKEN) ?? [];
  if (tokens.length === 0) return { kind: "invalid", reason: `no number in "${input}"` };
  if (tokens.length > 1) {
    const range = /\d[kK]?\s*(?:-|–|—|to)\s*\D{0,5}\d/i.test(text);
    return { kind: "ambiguous", reason: range ? "a range, not one amount" : "several numbers" };
  }

  const percent = /^(.*?)\s*%$/.exec(text);
  if (percent) {
    if (field === "amount")
      return { kind: "invalid", reason: "a percentage where an amount is expected" };
    text = percent[1] ?? "";
  }
  if (OTHER_PREFIX.test(text) || OTHER_SUFFIX.test(text)) {
    return { kind: "ambiguous", reason: "currency other than USD" };
  }
  const hadCurrency = USD_PREFIX.test(text) || USD_SUFFIX.test(text);
  text = text.replace(USD_PREFIX, "").replace(USD_SUFFIX, "").trim();
  if (field === "percent" && hadCurrency) {
    return { kind: "invalid", reason: "an amount where a percentage is expected" };
  }

  const shape = /^(\d[\d.,]*)([kK])?$/.exec(text);
  if (!shape?.[1]) return { kind: "invalid", reason: `not a number: "${input}"` };
  const hasK = shape[2] !== undefined;
  const read = readNumber(shape[1], hasK);
  if (read.kind !== "number") return read;

  if (field === "percent") {
    const value = Number(`${read.intDigits}.${read.fracDigits || "0"}`) * (hasK ? 1000 : 1);
    return value === 0 ? { kind: "none" } : { kind: "percent", value };
  }
  const cents = toCents(read, hasK);
  if (cents === null) return { kind: "invalid", reason: "amount is too large" };
  return cents === 0 ? { kind: "none" } : { kind: "amount", cents };
}

/** "two hundred ninety", "USD twelve hundred", "1.2 thousand dollars"; null when not in words. */
function parseWordAmount(input: string): MoneyParse | null {
  // "two hundred dollars and fifty cents": the cents are read apart and added.
  const centsAt = input.search(/\s+and\s+\S+(?:[-\s]\S+)?\s+cents?$/i);
  const cents = centsAt > 0 && /(?:dollars?|bucks)$/i.test(input.slice(0, centsAt));
  const tail = cents ? centsAfterDollars(input.slice(centsAt)) : null;
  if (cents && tail === null) return null;
  const text = tail ? input.slice(0, centsAt) : input;
  const foreign = OTHER_PREFIX.test(text) || OTHER_SUFFIX.test(text);
  const bare = text
    .replace(USD_PREFIX, "")
    .replace(USD_SUFFIX, "")
    .replace(OTHER_PREFIX, "")
    .replace(OTHER_SUFFIX, "");
  const words = readWordNumber(bare);
  if (words === null) return null;
  if (words.read.kind === "ambiguous") return words.read;
  if (foreign) return { kind: "ambiguous", reason: "currency other than USD" };
  const total = words.read.cents + (tail?.cents ?? 0);
  return total === 0 ? { kind: "none" } : { kind: "amount", cents: total };
}

function parseNumberInput(n: number, field: "amount" | "percent"): MoneyParse {
  if (!Number.isFinite(n)) return { kind: "invalid", reason: "not a finite number" };
  if (n < 0) return { kind: "invalid", reason: "negative amounts are not allowed" };
  if (n === 0) return { kind: "none" };
  if (field === "percent") return { kind: "percent", value: n };
  const cents = Math.round(n * 100);
  return Number.isSafeInteger(cents)
    ? { kind: "amount", cents }
    : { kind: "invalid", reason: "amount is too large" };
}

// ---------------------------------------------------------------------------------------------
// Free text

/** Words after which a bare number of 3+ digits is read as a rate ("rate is 2500", "do 1800"). */
const RATE_WORDS =
  /\b(?:rate(?:\s+(?:is|of))?:?|for|charges?|charging|charged|budget(?:\s+(?:is|of))?:?|fee(?:\s+(?:is|of))?:?|(?:floor|minimum)(?:\s+(?:is|of))?:?|price(?:\s+(?:is|of))?:?|pay|paying|quote[d]?|offer(?:ing)?|do|at|ask(?:ing)?(?:\s+for)?|need|want|propose|(?:down|drop|lower(?:\s+it)?|reduce\s+it)\s+to|settle\s+on|(?:how|what)\s+about|(?:would|will)\s+be)\s+$/i;

/** A bare number put forward as the deal: "1,450 and it's a deal", "1800 works for me". */
const DEAL_AFTER =
  /^,?\s*(?:(?:and|then|so)\s+){0,2}(?:(?:it's|its|we\s+have|we've\s+got|you've\s+got|you\s+have)\s+a\s+deal\b|(?:i'm|we're|i\s+am|we\s+are)\s+in\b|(?:works|would\s+work)(?:\s+for\s+(?:me|us))?\b|sounds\s+(?:good|great|fair|fine|perfect)\b|(?:is|would\s+be)\s+(?:fine|good|ok|okay|great|perfect)\b|it\s+is\b|is\s+(?:my|our|her|his)\s+(?:rate|price|fee|minimum|floor|bottom\s+line)\b)/i;

/** Words that may follow a bare rate number; any other word means it counts something else. */
const RATE_FOLLOWERS =
  /^\s+(?:per|flat|total|each|all|in|and|or|but|if|as|which|is|would|to|for)\b/i;

/** Audience words after a k-number: "50k views" is reach, not money. */
const AUDIENCE_WORDS =
  /^\s*(?:views?|followers?|subs|subscribers?|impressions?|likes?|plays?|reach|fans|streams?|downloads?)\b/i;

/**
 * Finds every money amount in free text so the outgoing-email gate can check each one.
 * Money is a number with a currency marker before or after it (any currency, so a gate catches
 * foreign amounts too), a number with a k suffix ("3.5k", not "5 kids", not "50k views"), a bare
 * number continuing a range that started with money ("$1,500-2,000"), or — conservatively — a
 * bare integer of 3+ digits right after a rate word ("rate is 2500", "for 1800", "budget of 1200")
 * and not followed by a counting word ("for 2500 views"). Year-like numbers (1900–2099) after
 * "for" or "at" are not money unless round to 50 ("for 2000" is a rate, "for 2025" a year).
 * A number before a k-number range end takes its k ("8-10k", "between 4 and 5k").
 * Bare numbers otherwise never count. Amounts in words ("two hundred ninety", "twelve hundred",
 * "1.2 thousand", "a grand") count by the rules of word-money.ts, and each found amount reads
 * the same through `parseMoney`; words that are money but no one amount ("two fifty") are left
 * to `findUnreadableMoney`.
 */
export function findMoneyMentions(text: string): MoneyMention[] {
  const mentions: MoneyMention[] = [];
  let previousEnd = -1;
  for (const match of text.matchAll(DIGIT_TOKEN)) {
    const token = match[0];
    const start = match.index;
    const end = start + token.length;
    // Inside a word ("v2", "mp4") unless the word is a currency code ("USD1500").
    if (/[A-Za-z_]/.test(text[start - 1] ?? "") && !isCurrencyCodeBefore(text, start)) continue;
    // "1.2 thousand", "$2 grand": read with the words (money-words.ts).
    if (SCALE_AFTER.test(text.slice(end))) continue;
    const before = text.slice(Math.max(0, start - 5), start);
    const prefix =
      /(?:US\$|C\$|A\$|[$€£¥₹]|\b(?:USD|EUR|GBP|CAD|AUD))\s?$/i.exec(before)?.[0] ?? "";
    let after = text.slice(end);
    const k = /^[kK](?![A-Za-z0-9])/.test(after) ? 1 : 0;
    after = after.slice(k);
    const suffix =
      /^\s?(?:[€£]|\$(?!\d)|(?:USD|EUR|GBP|dollars?|d[óo]lares|bucks|euros?)\b)/i.exec(
        after,
      )?.[0] ?? "";
    const hasK = k === 1 || takesRangeK(text, start, token, after);

    // "$1,500-2,000": the second end of a money range is money too.
    const rangeEnd =
      previousEnd >= 0 &&
      /^\s*(?:-|–|—|to)\s*$/i.test(text.slice(previousEnd, start)) &&
      (hasK || token.replace(/\D/g, "").length >= 3);
    const byMarker = prefix !== "" || suffix !== "";
    const byK = hasK && !AUDIENCE_WORDS.test(k === 1 ? after : after.replace(RANGE_K, ""));
    const byRateWord = !hasK && isBareRate(text, start, token, after);
    if (!byMarker && !byK && !byRateWord && !rangeEnd) continue;

    const read = readNumberLoosely(token, hasK);
    if (read.kind !== "number") continue;
    const cents = toCents(read, hasK);
    if (cents === null) continue;
    const index = start - prefix.length;
    const raw = text.slice(index, end + k + suffix.length);
    mentions.push({ raw, cents, index });
    previousEnd = index + raw.length;
  }
  const words = findWordMoney(text).flatMap(({ raw, index, read }) =>
    read.kind === "amount" ? [{ raw, index, cents: read.cents }] : [],
  );
  const overlaps = (m: MoneyMention) =>
    words.some((w) => m.index < w.index + w.raw.length && w.index < m.index + m.raw.length);
  return [...mentions.filter((m) => !overlaps(m)), ...words].sort((a, b) => a.index - b.index);
}

const SCALE_AFTER = /^\s+(?:hundred|thousand|million|grand)\b/i;

/**
 * Money written in words that cannot be read as one amount ("two fifty", "a couple grand"),
 * found where `findMoneyMentions` would take an exact one: reported, never guessed.
 */
export function findUnreadableMoney(text: string): UnreadableMoney[] {
  return findWordMoney(text).flatMap(({ raw, index, read }) =>
    read.kind === "ambiguous" ? [{ raw, index, reason: read.reason }] : [],
  );
}

/** The rest of a range whose far end carries the k: "-10k", " to $5K", " and 5k". */
const RANGE_K = /^\s*(?:-|–|—|to|and)\s*\$?(\d+(?:\.\d+)?)[kK](?![A-Za-z0-9])/i;

/** "8-10k" and "between 4 and 5k": a smaller plain number before a k-number shares its k. */
function takesRangeK(text: string, start: number, token: string, after: string): boolean {
  const range = RANGE_K.exec(after);
  if (!range?.[1] || !/^\d+(?:\.\d+)?$/.test(token) || Number(token) >= Number(range[1])) {
    return false;
  }
  return !/^\s*and/i.test(after) || /\bbetween\s+\$?$/i.test(text.slice(0, start));
}

function isCurrencyCodeBefore(text: string, start: number): boolean {
  return /\b(?:USD|EUR|GBP|CAD|AUD)$/i.test(text.slice(Math.max(0, start - 4), start));
}

function isBareRate(text: string, start: number, token: string, after: string): boolean {
  if (!/^\d{3,}(?:\.\d{1,2})?$|^\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?$/.test(token)) return false;
  const before = text.slice(Math.max(0, start - 30), start);
  // A bare 1900–2099 that is not a round amount is a year ("how about 2027?").
  if (/^(?:19|20)\d\d$/.test(token) && Number(token) % 50 !== 0) return false;
  if (DEAL_AFTER.test(after)) return true;
  if (!RATE_WORDS.test(before)) return false;
  if (/^[-–]?\d/.test(after) || /^\s*%/.test(after)) return false;
  if (/^\s*[A-Za-z]/.test(after) && !RATE_FOLLOWERS.test(after)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** "$1,500" for whole dollars, else "$1,499.99". Round-trips through findMoneyMentions. */
export function formatUsd(cents: Cents): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.round(cents));
  const dollars = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const rest = abs % 100;
  return `${sign}$${dollars}${rest === 0 ? "" : `.${rest.toString().padStart(2, "0")}`}`;
}

/** CPM values are cents per thousand views; same format as any amount ("$25", "$27.50"). */
export const formatCpm = (cpmCents: Cents): string => formatUsd(cpmCents);
