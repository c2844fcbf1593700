/**
 * Numbers written in words, for money: "two hundred ninety", "seven hundred and fifty",
 * "one thousand two hundred", "twelve hundred", "twenty-five hundred", "1.2 thousand", "a grand".
 * Each phrase is read exactly or reported as ambiguous, never guessed: "two fifty" may be $250 or
 * $2.50, "a couple grand" is no one amount. Pure; whether a phrase is money in its sentence is
 * decided in word-money.ts.
 */
import type { Cents } from "./types";

const UNITS = [
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const SCALES = { hundred: 100n, thousand: 1000n, million: 1_000_000n, grand: 1000n } as const;
export type Scale = keyof typeof SCALES;
/** Dollars one scale word stands for: hundred 100, thousand and grand 1,000, million 1,000,000. */
export const scaleFactor = (scale: Scale): number => Number(SCALES[scale]);

type Token = { start: number; end: number } & (
  | { kind: "unit"; value: number }
  | { kind: "tens"; value: number }
  | { kind: "scale"; scale: Scale }
  | { kind: "and" }
  | { kind: "a" }
  | { kind: "digits"; text: string }
);

export type WordRead = { kind: "amount"; cents: Cents } | { kind: "ambiguous"; reason: string };

export interface WordNumber {
  /** The phrase as written, from its first number word to its last. */
  raw: string;
  index: number;
  read: WordRead;
  /** The largest scale word in the phrase ("thousand" in "two thousand five hundred"), or null. */
  scale: Scale | null;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const RUN_TOGETHER = 'numbers run together (e.g. "two fifty" may be $250 or $2.50)';
const VAGUE_REASON = "a vague amount, not one number";

function classify(word: string, start: number): Token | null {
  const end = start + word.length;
  if (/^\d/.test(word)) return { kind: "digits", text: word, start, end };
  const lower = word.toLowerCase();
  const unit = UNITS.indexOf(lower);
  if (unit !== -1) return { kind: "unit", value: unit + 1, start, end };
  const tens = TENS.indexOf(lower);
  if (tens !== -1) return { kind: "tens", value: (tens + 2) * 10, start, end };
  if (lower in SCALES) return { kind: "scale", scale: lower as Scale, start, end };
  if (lower === "and") return { kind: "and", start, end };
  if (lower === "a") return { kind: "a", start, end };
  return null;
}

const VOCABULARY = new RegExp(
  `\\b(?:${[...UNITS, ...TENS, ...Object.keys(SCALES), "and", "a"].join("|")})\\b|\\d(?:[\\d.,]*\\d)?`,
  "gi",
);

/** No number word at all: nothing to read ("a" and "and" alone make no number). */
const ANY_NUMBER_WORD = new RegExp(
  `\\b(?:${[...UNITS, ...TENS, ...Object.keys(SCALES)].join("|")})\\b`,
  "i",
);

const isNumberWord = (t: Token | undefined) => t?.kind === "unit" || t?.kind === "tens";

/**
 * "and" after a scale joins what is smaller: "two hundred and ninety", "one thousand and two
 * hundred"; not "fifteen hundred and two thousand", a range.
 */
function smallerFollows(tokens: Token[], i: number, previous: Token | undefined): boolean {
  if (previous?.kind !== "scale" || !isNumberWord(tokens[i])) return false;
  const after = tokens[i]?.kind === "tens" && tokens[i + 1]?.kind === "unit" ? i + 2 : i + 1;
  const scale = tokens[after];
  return scale?.kind !== "scale" || SCALES[scale.scale] < SCALES[previous.scale];
}

/** What may sit between two words of one number: spaces, one hyphen, a comma after a scale. */
function joins(text: string, left: Token, right: Token): boolean {
  const gap = text.slice(left.end, right.start);
  if (/^[^\S\n]+$/.test(gap) || gap === "-") return true;
  return left.kind === "scale" && left.scale !== "hundred" && /^,[^\S\n]*$/.test(gap);
}

/**
 * Splits the text into runs of tokens that may form one number. "a" and a digit token join only
 * before a scale word ("a grand", "1.2 thousand"); "and" only after a scale word ("two hundred and ninety").
 */
function runs(text: string): Token[][] {
  if (!ANY_NUMBER_WORD.test(text)) return [];
  const tokens: Token[] = [];
  // Only number vocabulary becomes a token; any other word in a gap keeps two tokens apart.
  for (const m of text.matchAll(VOCABULARY)) {
    // A number glued to letters or digits ("twofold", "v2") is no number.
    if (/[A-Za-z\d]/.test(text[m.index - 1] ?? "")) continue;
    const token = classify(m[0], m.index);
    if (token) tokens.push(token);
  }
  const out: Token[][] = [];
  let run: Token[] = [];
  const close = () => {
    while (run.length > 0 && run[run.length - 1]?.kind === "and") run.pop();
    if (run.some((t) => t.kind !== "and")) out.push(run);
    run = [];
  };
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    const beforeScale =
      next?.kind === "scale" && /^[^\S\n]+$/.test(text.slice(token.end, next.start));
    const member =
      isNumberWord(token) ||
      (token.kind === "scale" && run.length > 0) ||
      ((token.kind === "a" || token.kind === "digits") && beforeScale && run.length === 0) ||
      (token.kind === "and" && smallerFollows(tokens, i + 1, run[run.length - 1]));
    const previous = run[run.length - 1];
    if (member && previous && joins(text, previous, token)) {
      run.push(token);
      return;
    }
    close();
    if (member && token.kind !== "scale" && token.kind !== "and") run.push(token);
  });
  close();
  return out;
}

/** Below one hundred: "seven", "fifteen", "forty", "twenty-five". */
function below100(t: Token[], i: number): { value: number; next: number } | null {
  const first = t[i];
  if (first?.kind === "tens") {
    const unit = t[i + 1];
    if (unit?.kind === "unit" && unit.value < 10)
      return { value: first.value + unit.value, next: i + 2 };
    return { value: first.value, next: i + 1 };
  }
  if (first?.kind === "unit") return { value: first.value, next: i + 1 };
  return null;
}

/**
 * A group below one thousand: "seven", "a hundred", "two hundred and ninety"; with `colloquial`
 * also "twelve hundred fifty" and "twenty-five hundred" (11–99 hundreds, not a round ten).
 */
function group(t: Token[], i: number, colloquial: boolean) {
  let head: { value: number; next: number } | null;
  if (t[i]?.kind === "a" && t[i + 1]?.kind === "scale") head = { value: 1, next: i + 1 };
  else head = below100(t, i);
  if (!head) return null;
  let { value, next } = head;
  const hundred = t[next];
  if (hundred?.kind !== "scale" || hundred.scale !== "hundred")
    return { value, next, loose: false };
  const loose = value > 9;
  if (loose && (!colloquial || value % 10 === 0)) return null;
  value *= 100;
  next++;
  const and = t[next]?.kind === "and" ? 1 : 0;
  const tail = below100(t, next + and);
  if (tail) return { value: value + tail.value, next: tail.next, loose };
  return and ? null : { value, next, loose };
}

/** Tokens of one run to cents, or why they are not one exact amount. */
function readTokens(t: Token[]): WordRead {
  const first = t[0];
  if (first?.kind === "digits") return readDigitsTimesScale(first.text, t[1], t.length);
  let dollars = 0n;
  let lastScale: bigint | null = null;
  let i = 0;
  while (i < t.length) {
    const g = group(t, i, lastScale === null);
    if (!g) return { kind: "ambiguous", reason: RUN_TOGETHER };
    i = g.next;
    const scale = t[i];
    if (scale?.kind === "scale" && scale.scale !== "hundred") {
      const factor = SCALES[scale.scale];
      if (g.loose || (lastScale !== null && factor >= lastScale)) {
        return { kind: "ambiguous", reason: RUN_TOGETHER };
      }
      dollars += BigInt(g.value) * factor;
      lastScale = factor;
      i++;
      if (scale.scale === "grand" && i < t.length)
        return { kind: "ambiguous", reason: RUN_TOGETHER };
      if (t[i]?.kind === "and") i++;
      continue;
    }
    dollars += BigInt(g.value);
    if (i < t.length) return { kind: "ambiguous", reason: RUN_TOGETHER };
  }
  return toAmount(dollars * 100n);
}

/** "1.2 thousand", "12 hundred", "2 grand": a plain decimal times its scale, exact to the cent. */
function readDigitsTimesScale(digits: string, scale: Token | undefined, length: number): WordRead {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(digits);
  if (!match?.[1] || scale?.kind !== "scale" || length !== 2) {
    return { kind: "ambiguous", reason: `"${digits}" before a scale word is not one plain number` };
  }
  const frac = match[2] ?? "";
  const scaled = BigInt(match[1] + frac) * SCALES[scale.scale] * 100n;
  const divisor = 10n ** BigInt(frac.length);
  if (scaled % divisor !== 0n) return { kind: "ambiguous", reason: "finer than a cent" };
  return toAmount(scaled / divisor);
}

function toAmount(cents: bigint): WordRead {
  if (cents > MAX_SAFE) return { kind: "ambiguous", reason: "amount is too large" };
  return { kind: "amount", cents: Number(cents) };
}

const largestScale = (t: Token[]): Scale | null =>
  t.reduce<Scale | null>((best, token) => {
    if (token.kind !== "scale") return best;
    return best === null || SCALES[token.scale] > SCALES[best] ? token.scale : best;
  }, null);

/** "a couple grand", "a few hundred", "several thousand": no one amount. */
const VAGUE = /\b(?:an?\s+)?(?:couple(?:\s+of)?|few|several)\s+(?:hundred|thousand|grand|k)\b/gi;

/** Every number phrase in the text, exact or not, in reading order. */
export function findWordNumbers(text: string): WordNumber[] {
  const found: WordNumber[] = runs(text).map((t) => {
    const start = t[0]?.start ?? 0;
    const end = t[t.length - 1]?.end ?? start;
    return {
      raw: text.slice(start, end),
      index: start,
      read: readTokens(t),
      scale: largestScale(t),
    };
  });
  for (const m of text.matchAll(VAGUE)) {
    const scale = /grand|k$/i.test(m[0])
      ? "grand"
      : /thousand/i.test(m[0])
        ? "thousand"
        : "hundred";
    const covered = found.filter((w) => w.index >= m.index && w.index < m.index + m[0].length);
    for (const w of covered) found.splice(found.indexOf(w), 1);
    found.push({
      raw: m[0],
      index: m.index,
      read: { kind: "ambiguous", reason: VAGUE_REASON },
      scale,
    });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The whole text as one number in words; null when it is not written in number words. */
export function readWordNumber(text: string): WordNumber | null {
  const trimmed = text.trim();
  const [only, ...more] = findWordNumbers(trimmed);
  if (!only || more.length > 0 || only.index !== 0 || only.raw.length !== trimmed.length)
    return null;
  return only;
}

/** "… dollars and fifty cents": the cents after an amount in dollars, 1–99, or null. */
export function centsAfterDollars(after: string): { length: number; cents: number } | null {
  const tail = /^\s+and\s+(\d{1,2}|[a-z]+(?:[-\s][a-z]+)?)\s+cents?\b/i.exec(after);
  if (!tail?.[1]) return null;
  const words = /^\d/.test(tail[1]) ? null : readWordNumber(tail[1]);
  const cents = words
    ? words.scale === null && words.read.kind === "amount"
      ? words.read.cents / 100
      : Number.NaN
    : Number(tail[1]);
  return cents >= 1 && cents <= 99 ? { length: tail[0].length, cents } : null;
}
