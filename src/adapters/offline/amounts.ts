/**
 * Their proposed rate among the amounts in a reply: money found by the shared parser plus
 * spelled-out amounts ("two thousand"), with add-ons, totals, ranges and percentage bumps read
 * the way a person would.
 */
import { findMoneyMentions, type MoneyMention } from "../../domain/money";
import type { Cents } from "../../domain/types";
import { RATE_CUE } from "./reply-lexicon";

export interface AmountPick {
  mention: MoneyMention;
  ambiguous: boolean;
  /** Several different amounts introduced by rate words; the last one is taken. */
  severalMarked?: boolean;
}

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
const WORD_NUMBER = `(?:(?:${TENS.join("|")})(?:[\\s-](?:${UNITS.slice(0, 9).join("|")}))?|${UNITS.join("|")}|a|\\d{1,3}(?:\\.\\d)?)`;
const SPELLED = new RegExp(
  `\\b(${WORD_NUMBER})\\s+(thousand|grand|hundred)\\b(?:\\s+(?:and\\s+)?(${WORD_NUMBER})\\s+hundred\\b)?`,
  "gi",
);
/** Context that makes a spelled-out number money rather than a count. */
const SPELLED_CUE = /\b(?:at|for|do|is|of|be|ask|need|want|charge|around|about|paid|pay)\s+$/i;
const COUNTED = /^\s*(?:views?|followers?|subs|subscribers?|people|words|%|percent)\b/i;

function wordValue(word: string): number {
  const lower = word.toLowerCase();
  if (lower === "a") return 1;
  if (/^\d/.test(lower)) return Number(lower);
  const [tens = "", unit = ""] = lower.split(/[\s-]/);
  const t = TENS.indexOf(tens);
  if (t !== -1) return (t + 2) * 10 + (UNITS.indexOf(unit) + 1);
  return UNITS.indexOf(lower) + 1;
}

/** "two thousand", "fifteen hundred", "3 grand": amounts written in words, after a rate cue. */
function spelledAmounts(text: string): MoneyMention[] {
  const out: MoneyMention[] = [];
  for (const m of text.matchAll(SPELLED)) {
    const after = text.slice(m.index + m[0].length);
    const grand = m[2]?.toLowerCase() === "grand";
    const dollars = /^\s*(?:dollars|bucks|usd)\b/i.test(after);
    const cued = SPELLED_CUE.test(text.slice(Math.max(0, m.index - 20), m.index));
    if (COUNTED.test(after) || !(grand || dollars || cued)) continue;
    const scale = m[2]?.toLowerCase() === "hundred" ? 100 : 1000;
    const extra = m[3] ? wordValue(m[3]) * 100 : 0;
    const dollarsValue = Math.round(wordValue(m[1] ?? "") * scale) + extra;
    if (dollarsValue > 0) out.push({ raw: m[0], cents: dollarsValue * 100, index: m.index });
  }
  return out;
}

/** Money in the text, spelled-out amounts included, in reading order. */
export function moneyIn(text: string): MoneyMention[] {
  return [...findMoneyMentions(text), ...spelledAmounts(text)]
    .filter((m) => m.cents > 0)
    .sort((a, b) => a.index - b.index);
}

const RANGE_JOINER = /^\s*(?:-|–|—|to|or)\s*$/i;
/** An add-on on top of the deal: "an extra $600", "$200 more", "plus $300". */
const ADDON_BEFORE =
  /\b(?:extra|additional|another|plus|add(?:ing)?|on\s+top\s+of\s+that)\b[^.!?\n$\d]{0,8}$/i;
const ADDON_AFTER = /^\s*(?:extra|more|on\s+top)\b/i;
/** An add-on the brand may take or leave: "if you want to whitelist it, that's an extra $750". */
const OPTIONAL =
  /\b(?:if\s+you(?:'d)?\s+(?:want|like|need|prefer)|optional(?:ly)?|if\s+needed|beyond|would\s+be\s+(?:an?\s+)?(?:extra|additional))\b/i;
/** The sum they ask: "so $3,600 for both", "that's $3,600", "$1,850 total". */
const TOTAL_BEFORE =
  /(?:\bso|\btotal(?:\s+of)?|\bin\s+total|\ball\s+in|\baltogether|\bcomes?\s+to|\bthat's|\bthat\s+is|\bwhich\s+(?:is|makes)|\bmaking\s+it|\bbrings?\s+(?:it|us)\s+to)\s*,?\s*(?:about\s+|around\s+)?$/i;
const TOTAL_AFTER =
  /^\s*(?:total|all[\s-]in|in\s+total|altogether|for\s+(?:both|all|everything|the\s+(?:whole|full|entire)\s+\w+))\b/i;
/** "bump it 20%", "add another 25%", "10% higher". */
const PERCENT_UP =
  /\b(?:bump|raise|increase|up|add|go\s+up)\s+(?:it\s+|that\s+|this\s+|the\s+(?:rate|fee|offer|budget)\s+)?(?:by\s+)?(?:another\s+|an?\s+(?:extra|additional)\s+)?(\d{1,3}(?:\.\d+)?)\s*%|\b(\d{1,3}(?:\.\d+)?)\s*%\s*(?:more|higher|extra|increase|bump|on\s+top|above)\b/i;

const around = (text: string, m: MoneyMention) => ({
  before: text.slice(Math.max(0, m.index - 40), m.index),
  after: text.slice(m.index + m.raw.length, m.index + m.raw.length + 60),
});

const isAddon = (text: string, m: MoneyMention): boolean => {
  const { before, after } = around(text, m);
  return ADDON_BEFORE.test(before) || ADDON_AFTER.test(after);
};

const isTotal = (text: string, m: MoneyMention): boolean => {
  const { before, after } = around(text, m);
  return TOTAL_BEFORE.test(before) || TOTAL_AFTER.test(after);
};

/** A synthetic mention for an amount they imply but do not write (offer + add-on, + 20%). */
const implied = (cents: Cents, at: MoneyMention | null): MoneyMention => ({
  raw: at?.raw ?? "",
  cents,
  index: at?.index ?? 0,
});

/** "bump it 20%" on our offer: the amount they ask, or null. */
export function percentAsk(text: string, ourOfferCents: Cents | null): MoneyMention | null {
  const match = PERCENT_UP.exec(text);
  const percent = Number(match?.[1] ?? match?.[2]);
  if (!match || ourOfferCents === null || !(percent > 0 && percent <= 100)) return null;
  const cents = Math.round((ourOfferCents * (100 + percent)) / 100);
  return { raw: match[0], cents, index: match.index };
}

/**
 * Their proposal among the amounts in the text. An amount equal to our offer is them quoting us,
 * unless it is the only one. A stated total wins; add-ons are not the rate (an optional add-on
 * leaves our offer standing, another one is added to it). Several different amounts: the one
 * introduced by rate words, else the last; two unmarked amounts, or a range, are ambiguous.
 */
export function pickAmount(text: string, ourOfferCents: Cents | null): AmountPick | "ours" | null {
  const mentions = moneyIn(text);
  if (mentions.length === 0) return null;
  const theirs = mentions.filter((m) => m.cents !== ourOfferCents);
  if (theirs.length === 0) return "ours";

  const totals = theirs.filter((m) => isTotal(text, m) && !isAddon(text, m));
  const lastTotal = totals[totals.length - 1];
  if (lastTotal && theirs.length > 1) return { mention: lastTotal, ambiguous: false };
  const addons = theirs.filter((m) => isAddon(text, m));
  const rates = theirs.filter((m) => !addons.includes(m));
  if (rates.length === 0) {
    if (OPTIONAL.test(text)) return "ours";
    const extra = addons.reduce((sum, m) => sum + m.cents, 0);
    const first = addons[0] ?? null;
    if (ourOfferCents === null) return first && { mention: first, ambiguous: true };
    return { mention: implied(ourOfferCents + extra, first), ambiguous: true };
  }

  for (let i = 1; i < rates.length; i++) {
    const [a, b] = [rates[i - 1], rates[i]];
    const between = a && b ? text.slice(a.index + a.raw.length, b.index) : "";
    const joined =
      RANGE_JOINER.test(between) ||
      (/^\s*and\s*$/i.test(between) &&
        a !== undefined &&
        /\bbetween\s+$/i.test(around(text, a).before));
    if (a && b && joined) return { mention: a.cents <= b.cents ? a : b, ambiguous: true };
  }
  const last = rates[rates.length - 1] as MoneyMention;
  if (new Set(rates.map((m) => m.cents)).size === 1) return { mention: last, ambiguous: false };
  const marked = rates.filter((m) => RATE_CUE.test(around(text, m).before));
  const lastMarked = marked[marked.length - 1];
  if (lastMarked === undefined) return { mention: last, ambiguous: true };
  return {
    mention: lastMarked,
    ambiguous: false,
    severalMarked: new Set(marked.map((m) => m.cents)).size > 1,
  };
}
