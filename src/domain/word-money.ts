/**
 * Which numbers written in words are money in their sentence (the reading itself is
 * money-words.ts): "my rate is two hundred ninety" is, "two hundred thousand followers" and
 * "two thousand twenty-six" are not. Pure; money.ts merges these with the amounts in digits.
 */
import {
  centsAfterDollars,
  findWordNumbers,
  readWordNumber,
  type Scale,
  scaleFactor,
  type WordRead,
} from "./money-words";

/** A currency marker right before or after the phrase ("$", "USD", "dollars", "euros"). */
const PREFIX = /(?:US\$|C\$|A\$|[$€£¥₹]|\b(?:USD|EUR|GBP|CAD|AUD))\s?$/i;
const SUFFIX = /^\s?(?:[€£]|\$(?!\d)|(?:USD|EUR|GBP|dollars?|d[óo]lares|bucks|euros?)\b)/i;

/** Words after which a number in words is a price ("my rate is", "for", "around", "less than"). */
const CUE =
  /\b(?:rate|fee|price|budget|ask|asking|quote[ds]?|is|be|of|for|at|to|do|around|about|roughly|approximately|say|consider|than|least|below|under|above|over|minimum|floor|as|with|take|get|accept|want|need|charge[ds]?|charging|pay|paid|paying|offer(?:ing)?|propose|settle|meet|just|only|like|maybe|between|(?:make|call)\s+it|how\s+about|what\s+about)\s*:?\s+$/i;

/** Cues that also introduce years ("for", "of", "in"): a year-like number after them is a year. */
const WEAK_CUE = /^(?:for|at|to|of|as|with|between|like|just|only|maybe|is|be)\b/i;

/** "my rate is", "a budget of": a weak cue after a money noun is strong. */
const RATE_LEAD =
  /\b(?:rate|fee|price|budget|ask|quote|minimum|floor|cost|charge)\s+(?:is|of|would\s+be|will\s+be|be|at)\s+$/i;

/** Words that may follow a price; any other word means the phrase counts something else. */
const FOLLOWERS =
  /^\s+(?:per|flat|total|each|all|in|and|or|but|if|as|which|is|would|will|to|for|a|an|plus|with|upfront|up\s+front|max|min|minimum|then|though|so|because|since|works|sounds|seems|on|usd|depending|including|inclusive|excluding|covering|net|before|after|not|more|extra|less|higher|lower)\b/i;

/** "a grand total", "grand prize": grand as an adjective. */
const NOT_GRAND = /^\s+(?:total|prize|opening|idea|plan|scheme|tour|finale|gesture|scale)\b/i;

/** Where a clause starts: the number opens a sentence, a line or a clause ("Honestly, …"). */
function opensClause(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && /[\s"'(*]/.test(text[i] ?? "") && text[i] !== "\n") i--;
  return i < 0 || /[.!?\n:;,–—-]/.test(text[i] ?? "");
}

export interface WordMoney {
  raw: string;
  index: number;
  read: WordRead;
}

/**
 * Number phrases that are money in their sentence: with a currency marker (any size), "grand",
 * or a scale word ("hundred", "thousand") after a rate word or at the start of a clause, and not
 * followed by a counting word ("two hundred thousand followers"). Year-like values (1900–2099,
 * not round to 50) after "for"/"at" or opening a clause are years. `raw` includes the markers.
 */
export function findWordMoney(text: string): WordMoney[] {
  const out: WordMoney[] = [];
  let previousEnd = -1;
  for (const w of findWordNumbers(text)) {
    const end = w.index + w.raw.length;
    const before = text.slice(Math.max(0, w.index - 30), w.index);
    const prefix = PREFIX.exec(before)?.[0] ?? "";
    const suffix = SUFFIX.exec(text.slice(end))?.[0] ?? "";
    const after = text.slice(end + suffix.length);
    // "two hundred dollars and fifty cents" is $200.50, not $200.
    const cents = /dollar|buck|usd/i.test(suffix)
      ? centsAfterDollars(text.slice(end + suffix.length))
      : null;
    const rawEnd = end + suffix.length + (cents?.length ?? 0);
    const raw = text.slice(w.index - prefix.length, rawEnd);
    const read: WordRead =
      cents && w.read.kind === "amount"
        ? { kind: "amount", cents: w.read.cents + cents.cents }
        : w.read;
    const money = { raw, index: w.index - prefix.length, read };
    const push = () => {
      out.push(money);
      previousEnd = rawEnd;
    };
    if (prefix !== "" || suffix !== "") {
      push();
      continue;
    }
    if (/^\s*-?[A-Za-z]/.test(after) && !FOLLOWERS.test(after)) continue;
    // "between fifteen hundred and two thousand": the far end of a money range is money too.
    const rangeEnd =
      previousEnd >= 0 && /^\s*(?:-|–|—|to|or|and)\s*$/i.test(text.slice(previousEnd, w.index));
    if (rangeEnd && w.scale !== null) {
      push();
      continue;
    }
    // The far end of a range ("between two and three thousand") takes the cue of its start.
    const range = RANGE_START.exec(before);
    const lead = range ? before.slice(0, range.index) : before;
    const cue = CUE.exec(before) ?? (range ? CUE.exec(lead) : null);
    const opens = opensClause(text, w.index - before.length + lead.length);
    // Below one hundred, words are money only with a marker, or when run together after a rate
    // word ("I could do two fifty"): then reported as ambiguous.
    if (w.scale === null) {
      if (cue && w.read.kind === "ambiguous") push();
      continue;
    }
    if (w.scale === "grand") {
      if (!NOT_GRAND.test(after)) push();
      continue;
    }
    const dollars = w.read.kind === "amount" ? w.read.cents / 100 : 0;
    const yearLike = dollars >= 1900 && dollars <= 2099 && dollars % 50 !== 0;
    if (yearLike && (!cue || (WEAK_CUE.test(cue[0]) && !RATE_LEAD.test(before)))) continue;
    if (cue || opens) push();
  }
  return withRangeStarts(text, out);
}

/** A plain number, then the scaled end of a range: "two to three thousand", "2-3 grand". */
const SIMPLE_SCALED =
  /^(?:[a-z]+(?:[\s-][a-z]+)?|\d+(?:\.\d+)?)\s+(hundred|thousand|million|grand)$/i;
const PREFIX_AT_START = /^(?:US\$|C\$|A\$|[$€£¥₹]|(?:USD|EUR|GBP|CAD|AUD)\b)\s?/i;
const SUFFIX_AT_END = /\s?(?:[€£$]|\b(?:USD|EUR|GBP|dollars?|d[óo]lares|bucks|euros?))$/i;
const RANGE_START = /(\d+(?:\.\d+)?|\b[a-z]+(?:-[a-z]+)?)\s*(-|–|—|\bto|\bor|\band)\s*$/i;

/** The start of a range shares its end's scale: "between two and three thousand" starts at $2,000. */
function withRangeStarts(text: string, found: WordMoney[]): WordMoney[] {
  const out = [...found];
  for (const money of found) {
    const bare = money.raw.replace(PREFIX_AT_START, "").replace(SUFFIX_AT_END, "");
    const scaled = SIMPLE_SCALED.exec(bare);
    if (!scaled?.[1] || money.read.kind !== "amount") continue;
    const factor = scaleFactor(scaled[1].toLowerCase() as Scale);
    const before = text.slice(Math.max(0, money.index - 30), money.index);
    const start = RANGE_START.exec(before);
    if (!start?.[1] || !start[2]) continue;
    if (/and/i.test(start[2]) && !/\bbetween\s+\$?$/i.test(before.slice(0, start.index))) continue;
    const small = /^\d/.test(start[1]) ? Number(start[1]) : smallWordValue(start[1]);
    const end = money.read.cents / 100 / factor;
    if (small === null || !(small > 0 && small < end)) continue;
    const cents = Math.round(small * factor * 100);
    out.push({
      raw: start[1],
      index: money.index - before.length + start.index,
      read: { kind: "amount", cents },
    });
  }
  return out.sort((a, b) => a.index - b.index);
}

function smallWordValue(words: string): number | null {
  const w = readWordNumber(words);
  return w && w.scale === null && w.read.kind === "amount" ? w.read.cents / 100 : null;
}
