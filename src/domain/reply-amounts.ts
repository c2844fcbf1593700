/**
 * Their proposed rate among the amounts in a reply, found by the shared parser (digits and words:
 * "two thousand", "twelve hundred"), with add-ons, totals, ranges and percentage bumps read the
 * way a person would.
 */
import { findMoneyMentions, type MoneyMention } from "./money";
import type { Cents } from "./types";

export interface AmountPick {
  mention: MoneyMention;
  ambiguous: boolean;
  /** Several different amounts introduced by rate words; the last one is taken. */
  severalMarked?: boolean;
}

/** Money in the text, amounts in words included, in reading order. */
export function moneyIn(text: string): MoneyMention[] {
  return findMoneyMentions(text).filter((m) => m.cents > 0);
}

/** Money talk that marks an amount as their proposal ("my rate is", "I charge", "for", "would be"). */
const RATE_CUE =
  /\b(?:my\s+rate|our\s+rate|rate\s+(?:is|would\s+be|of)|rates?\s+start|i\s+charge|we\s+charge|charge|for|would\s+be|(?:could|can|would)(?:\s+(?:we|you))?\s+do|can\s+go|need|asking|ask\s+is|looking\s+for|settle|meet\s+(?:you\s+)?at|at|quote|fee\s+is|price\s+is|ask|propose|want|(?:can|could)\s+offer)\b[^.!?\n$\d]{0,12}$/i;

const RANGE_JOINER = /^\s*(?:-|–|—|to|or)\s*$/i;
/** An add-on on top of the deal: "an extra $600", "$200 more", "plus $300". */
const ADDON_BEFORE =
  /\b(?:extra|additional|another|plus|add(?:ing)?|on\s+top\s+of\s+that)\b[^.!?\n$\d]{0,8}$/i;
const ADDON_AFTER = /^\s*(?:extra|more|on\s+top)\b/i;
/** A raise of the price itself, by an amount: "increase it by $300", "bump the fee up by $200". */
const RAISE_BY =
  /\b(?:increase|raise|bump|up|add\s+to|go\s+up|come\s+up|move\s+up)\s+(?:(?:it|that|this|your\s+offer|the\s+(?:rate|fee|offer|budget|price|amount))\s+)?(?:up\s+)?by\s*$/i;
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

const isRaise = (text: string, m: MoneyMention): boolean => RAISE_BY.test(around(text, m).before);

const isAddon = (text: string, m: MoneyMention): boolean => {
  const { before, after } = around(text, m);
  return ADDON_BEFORE.test(before) || ADDON_AFTER.test(after) || isRaise(text, m);
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

/** "I'd need double", "at least twice that": a multiple of our offer. */
const MULTIPLE =
  /\b(?:need|want|ask(?:ing)?\s+for|looking\s+for|expect(?:ing)?|charge)\s+(?:at\s+least\s+|about\s+|around\s+|roughly\s+)?(double|twice|triple)\b(?!\s+(?:the\s+)?(?:stor|reel|post|video|tiktok|content|deliverable))/i;

/** "bump it 20%" or "I'd need double" on our offer: the amount they ask, or null. */
export function relativeAsk(text: string, ourOfferCents: Cents | null): MoneyMention | null {
  const multiple = MULTIPLE.exec(text);
  if (multiple && ourOfferCents !== null) {
    const factor = multiple[1]?.toLowerCase() === "triple" ? 3 : 2;
    return { raw: multiple[0], cents: ourOfferCents * factor, index: multiple.index };
  }
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
    // "Increase it by $300" says what the price becomes; "an extra $600" may pay for more work.
    const raise = addons.every((m) => isRaise(text, m));
    return { mention: implied(ourOfferCents + extra, first), ambiguous: !raise };
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

/**
 * What code reads about an amount a model proposes, for a model reader to check itself against:
 * whether the email writes it, whether it is written only as an add-on on top of our offer ("an
 * extra $300", "up by $300"), which is never their whole ask, and the ask code derives without it
 * being written (our offer plus a raise, "+20%", "double").
 */
export function checkProposedAmount(
  text: string,
  ourOfferCents: Cents | null,
  cents: Cents,
): { written: boolean; addonOnly: boolean; implied: Cents | null } {
  const mentions = moneyIn(text);
  const pick = pickAmount(text, ourOfferCents);
  const derived =
    pick !== null &&
    pick !== "ours" &&
    !pick.ambiguous &&
    !mentions.some((m) => m.cents === pick.mention.cents)
      ? pick.mention.cents
      : null;
  const same = mentions.filter((m) => m.cents === cents);
  return {
    written: same.length > 0,
    addonOnly: same.length > 0 && same.every((m) => isAddon(text, m)),
    implied: relativeAsk(text, ourOfferCents)?.cents ?? derived,
  };
}
