import { findInjection } from "../../domain/injection";
import { findMoneyMentions } from "../../domain/money";
import { findSignals } from "../../domain/signals";
import type { Cents, ReplyIntent, ReplyReading } from "../../domain/types";
import type { ReadRequest, ReplyReader } from "../../ports/reply-reader";
import {
  ACCEPT,
  AUTO_REPLY,
  BACK_ON,
  BARE_LIMIT,
  BOUNCE,
  DELIVERABLE_WORDS,
  EXCLUSIVITY,
  findPhrase,
  normalize,
  OBJECTION,
  OPT_OUT,
  OUT_OF_OFFICE,
  POSITIVE,
  RATE_CUE,
  REJECT,
  sentences,
  USAGE_RIGHTS,
} from "./reply-lexicon";
import { parseReturnDate } from "./return-date";

export interface OfflineReplyReaderOptions {
  /** YYYY-MM-DD that dates without a year ("back on March 3", "Monday") resolve against. */
  referenceDate?: string;
  /** Words that always raise a `keyword` signal (deployment escalation config). */
  keywords?: string[];
}

const CLEAR = 0.9;
const FAIRLY_CLEAR = 0.8;
const CONFLICTING = 0.6;
const NOTHING_MATCHED = 0.4;
const MAX_LISTED = 10;

type MoneyMention = ReturnType<typeof findMoneyMentions>[number];

interface AmountPick {
  mention: MoneyMention;
  ambiguous: boolean;
  /** Several different amounts introduced by rate words; the last one is taken. */
  severalMarked?: boolean;
}

const FOREIGN_CURRENCY = /[€£¥₹]|EUR|GBP|CAD|AUD|C\$|A\$|euro/i;
const RANGE_JOINER = /^\s*(?:-|–|—|to|or)\s*$/i;
const ONLY_DELIVERABLE =
  /\b(?:just|only)\s+(?:the\s+|a\s+|one\s+|two\s+|three\s+|\d\s+)?(?:(?:ig|instagram|tiktok|youtube|yt)\s+)?(?:reels?|posts?|stor(?:y|ies)|videos?|tiktoks?|shorts?|integrations?|carousels?)\b/i;
const AFTER_AMOUNT_SCOPE =
  /^\s*(?:for|to\s+cover|covering|including|includes)\s+([^.!?\n;,]{1,60})/i;

/**
 * Their proposal among the amounts in the text. An amount equal to our offer is them quoting us,
 * unless it is the only one. Several different amounts: the one introduced by rate words, else
 * the last; two unmarked amounts, or a range, are ambiguous.
 */
function pickAmount(text: string, ourOfferCents: Cents | null): AmountPick | "ours" | null {
  const mentions = findMoneyMentions(text).filter((m) => m.cents > 0);
  if (mentions.length === 0) return null;
  const theirs = mentions.filter((m) => m.cents !== ourOfferCents);
  if (theirs.length === 0) return "ours";

  for (let i = 1; i < theirs.length; i++) {
    const [a, b] = [theirs[i - 1], theirs[i]];
    if (a && b && RANGE_JOINER.test(text.slice(a.index + a.raw.length, b.index))) {
      return { mention: a.cents <= b.cents ? a : b, ambiguous: true };
    }
  }
  const last = theirs[theirs.length - 1] as MoneyMention;
  if (new Set(theirs.map((m) => m.cents)).size === 1) return { mention: last, ambiguous: false };
  const marked = theirs.filter((m) =>
    RATE_CUE.test(text.slice(Math.max(0, m.index - 40), m.index)),
  );
  const lastMarked = marked[marked.length - 1];
  if (lastMarked === undefined) return { mention: last, ambiguous: true };
  return {
    mention: lastMarked,
    ambiguous: false,
    severalMarked: new Set(marked.map((m) => m.cents)).size > 1,
  };
}

function proposedDeliverables(text: string, mention: MoneyMention | null): string | null {
  if (mention !== null) {
    const after = text.slice(mention.index + mention.raw.length);
    const scope = AFTER_AMOUNT_SCOPE.exec(after)?.[1]?.trim();
    if (scope && (DELIVERABLE_WORDS.test(scope) || /^(?:just|only)\b/i.test(scope))) return scope;
  }
  return ONLY_DELIVERABLE.exec(text)?.[0] ?? null;
}

function hasAbsence(
  text: string,
  withSubject: string,
  options: OfflineReplyReaderOptions,
): boolean {
  if (findPhrase(OUT_OF_OFFICE, withSubject) !== null) return true;
  const backOn = BACK_ON.exec(text);
  if (!backOn) return false;
  const window = text.slice(backOn.index, backOn.index + 60);
  return parseReturnDate(window, options.referenceDate) !== null;
}

interface Decision {
  intent: ReplyIntent;
  confidence: number;
  amount: AmountPick | null;
}

function decideNegotiation(text: string, ourOfferCents: Cents | null, questions: string[]) {
  const pick = pickAmount(text, ourOfferCents);
  const accept = findPhrase(ACCEPT, text);
  const reject = findPhrase(REJECT, text);
  const injected = findInjection(text) !== null;
  const amount = pick === "ours" ? null : pick;

  const unclear = (confidence: number): Decision => ({ intent: "unclear", confidence, amount });
  const decide = (): Decision => {
    if (amount !== null) {
      let confidence = reject !== null || amount.severalMarked ? FAIRLY_CLEAR : CLEAR;
      if (amount.ambiguous || FOREIGN_CURRENCY.test(amount.mention.raw)) confidence = CONFLICTING;
      return { intent: "counter", confidence, amount };
    }
    if (accept !== null && reject !== null) return unclear(0.5);
    if (BARE_LIMIT.test(text)) return unclear(0.5);
    if (accept !== null) {
      if (OBJECTION.test(text)) return unclear(CONFLICTING);
      return { intent: "accept", confidence: questions.length > 0 ? FAIRLY_CLEAR : CLEAR, amount };
    }
    if (reject !== null) {
      return { intent: "reject", confidence: questions.length > 0 ? FAIRLY_CLEAR : CLEAR, amount };
    }
    if (questions.length > 0) return { intent: "question", confidence: CLEAR, amount };
    return unclear(NOTHING_MATCHED);
  };
  const decision = decide();
  // Untrusted text that addresses the agent can at most be a counter, and always goes to a person.
  if (injected) {
    return decision.intent === "counter"
      ? { ...decision, confidence: Math.min(decision.confidence, CONFLICTING), injected }
      : { ...unclear(0.3), injected };
  }
  return { ...decision, injected };
}

function concernsOf(text: string, injected: boolean): string[] {
  const concerns = sentences(text)
    .filter((sentence) => OBJECTION.test(sentence))
    .slice(0, MAX_LISTED);
  if (injected) concerns.push("the message contains instructions addressed to the agent");
  return concerns;
}

function toneOf(reading: Omit<ReplyReading, "tone">, text: string): ReplyReading["tone"] {
  if (reading.signals.some((s) => s.kind === "hostile_tone")) return "hostile";
  if (["out_of_office", "auto_reply", "bounce"].includes(reading.intent)) return "neutral";
  if (reading.intent === "reject" || reading.intent === "opt_out") return "negative";
  if (reading.intent === "accept" || POSITIVE.test(text)) return "positive";
  return reading.concerns.length > 0 ? "negative" : "neutral";
}

/** Deterministic, rule-based reading of one reply (DOMAIN.md §6). Never throws. */
export function readReply(
  request: ReadRequest,
  options: OfflineReplyReaderOptions = {},
): ReplyReading {
  const text = normalize(request.text);
  const withSubject = `${normalize(request.subject)}\n${text}`;
  const questions = sentences(text)
    .filter((sentence) => sentence.endsWith("?"))
    .slice(0, MAX_LISTED);

  const negotiation = decideNegotiation(text, request.ourOfferCents, questions);
  const mention = negotiation.amount?.mention ?? null;
  const base: Omit<ReplyReading, "tone"> = {
    intent: negotiation.intent,
    confidence: negotiation.confidence,
    proposedAmountCents: negotiation.intent === "counter" && mention ? mention.cents : null,
    proposedDeliverables: proposedDeliverables(text, mention),
    usageRightsMentioned: USAGE_RIGHTS.test(text),
    exclusivityMentioned: EXCLUSIVITY.test(text),
    questions,
    concerns: concernsOf(text, negotiation.injected),
    signals: findSignals(text, options.keywords ?? []),
    returnDate: null,
  };

  const transport = transportIntent(request, text, withSubject, negotiation, options);
  const reading = transport === null ? base : { ...base, ...transport, proposedAmountCents: null };
  return { ...reading, tone: toneOf(reading, text) };
}

/** Bounces, absences, robots and opt-outs outrank anything negotiated in the text. */
function transportIntent(
  request: ReadRequest,
  text: string,
  withSubject: string,
  negotiation: { intent: ReplyIntent; injected: boolean },
  options: OfflineReplyReaderOptions,
): Pick<ReplyReading, "intent" | "confidence" | "returnDate"> | null {
  if (request.headers.bounce) return { intent: "bounce", confidence: 0.95, returnDate: null };
  const absent = hasAbsence(text, withSubject, options);
  const outOfOffice = () => ({
    intent: "out_of_office" as const,
    confidence: CLEAR,
    returnDate: parseReturnDate(text, options.referenceDate),
  });
  if (request.headers.autoSubmitted) {
    return absent ? outOfOffice() : { intent: "auto_reply", confidence: 0.95, returnDate: null };
  }
  // Phrases in text that addresses the agent are not trusted to stop or pause the negotiation.
  if (negotiation.injected) return null;
  if (findPhrase(BOUNCE, withSubject))
    return { intent: "bounce", confidence: CLEAR, returnDate: null };
  const negotiating = ["counter", "accept", "reject"].includes(negotiation.intent);
  if (absent && !negotiating) return outOfOffice();
  if (findPhrase(AUTO_REPLY, withSubject)) {
    return { intent: "auto_reply", confidence: CLEAR, returnDate: null };
  }
  if (findPhrase(OPT_OUT, text)) return { intent: "opt_out", confidence: CLEAR, returnDate: null };
  return null;
}

/** Offline `ReplyReader`: the rule-based reading, for tests, demos and model outages. */
export class OfflineReplyReader implements ReplyReader {
  constructor(private readonly options: OfflineReplyReaderOptions = {}) {}

  async read(request: ReadRequest): Promise<ReplyReading> {
    return readReply(request, this.options);
  }
}
