import { findInjection } from "../../domain/injection";
import { findUnreadableMoney, type UnreadableMoney } from "../../domain/money";
import { type AmountPick, pickAmount, relativeAsk } from "../../domain/reply-amounts";
import { parseReturnDate } from "../../domain/return-date";
import { findContractRequest, findSignals } from "../../domain/signals";
import type { Cents, ReplyIntent, ReplyReading } from "../../domain/types";
import type { ReadRequest, ReplyReader } from "../../ports/reply-reader";
import { proposedDeliverables } from "./deliverables";
import { findQuestions } from "./questions";
import {
  ACCEPT,
  BARE_LIMIT,
  COMPLAINT,
  CONDITION_ON_TERMS,
  DELIVERABLE_WORDS,
  EXCLUSIVITY,
  findFirmDecline,
  findPhrase,
  HANDOFF,
  hasObjection,
  NOT_YET,
  normalize,
  OBJECTION,
  offeredAfter,
  POSITIVE,
  PUSHBACK,
  REJECT,
  STALL,
  sentences,
  USAGE_RIGHTS,
  unreadNumberNear,
  WEAK_ACCEPT,
} from "./reply-lexicon";
import {
  AUTO_REPLY,
  AWAY_UNTIL,
  BOUNCE,
  OPT_OUT,
  OUT_OF_OFFICE,
  REDIRECT,
} from "./transport-lexicon";

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

const FOREIGN_CURRENCY = /[€£¥₹]|EUR|GBP|CAD|AUD|C\$|A\$|euro/i;
/** Offering other deliverables in place of ours ("3 TikToks instead of the Reel"). */
const SWAP = /\binstead\b|\brather\s+(?:do|have|go\s+with)\b/i;

/** An explicit ask to change price or terms, with the amount it implies when there is one. */
function pushbackOf(text: string, ourOfferCents: Cents | null) {
  const relative = relativeAsk(text, ourOfferCents);
  if (relative) return { amount: { mention: relative, ambiguous: false } as AmountPick };
  // "Or 2 Reels instead?" after a question is one more alternative asked about, not a proposal.
  const swap = sentences(text).some(
    (s) => SWAP.test(s) && DELIVERABLE_WORDS.test(s) && !/^or\b/i.test(s),
  );
  const condition = sentences(text).some(
    (s) => CONDITION_ON_TERMS.test(s) && !s.endsWith("?") && findPhrase([CONDITION_ON_TERMS], s),
  );
  if (swap || condition || findPhrase(PUSHBACK, text) !== null) return { amount: null };
  return null;
}

function hasAbsence(
  text: string,
  withSubject: string,
  options: OfflineReplyReaderOptions,
): boolean {
  if (findPhrase(OUT_OF_OFFICE, withSubject) !== null) return true;
  return AWAY_UNTIL.some((pattern) => {
    const away = pattern.exec(text);
    if (!away) return false;
    const window = text.slice(away.index, away.index + away[0].length + 40);
    return parseReturnDate(window, options.referenceDate) !== null;
  });
}

interface Decision {
  intent: ReplyIntent;
  confidence: number;
  amount: AmountPick | null;
}

function decideNegotiation(
  text: string,
  ourOfferCents: Cents | null,
  questions: string[],
  injected: boolean,
  unreadableMoney: UnreadableMoney[],
) {
  const pick = pickAmount(text, ourOfferCents);
  // Asking for the contract to sign accepts the offer, unless they want to read it first.
  const contract = NOT_YET.test(text) ? null : findContractRequest(text);
  const accept = findPhrase(ACCEPT, text) ?? contract;
  const reject = findPhrase(REJECT, text);
  const firmDecline = findFirmDecline(text);
  // Money that cannot be read exactly ("two fifty") is never guessed: a person reads it.
  const unreadable = unreadableMoney.length > 0;
  const picked = pick === "ours" ? null : pick;
  const amount = picked && unreadable ? { ...picked, ambiguous: true } : picked;
  const asked = questions.length > 0 ? FAIRLY_CLEAR : CLEAR;

  const unclear = (confidence: number): Decision => ({ intent: "unclear", confidence, amount });
  const decide = (): Decision => {
    // "My minimum is $2k, so I'll pass": a decline that names their floor is not a counter.
    const offered =
      firmDecline !== null &&
      amount !== null &&
      offeredAfter(text, firmDecline.index, amount.mention.index, amount.mention.raw);
    if (firmDecline !== null && (amount !== null || unreadable) && !offered) {
      const confidence = accept !== null ? FAIRLY_CLEAR : asked;
      return { intent: "reject", confidence, amount: amount?.ambiguous ? null : amount };
    }
    if (amount === null && unreadable)
      return { intent: "counter", confidence: CONFLICTING, amount };
    if (amount !== null) {
      let confidence = reject !== null || amount.severalMarked ? FAIRLY_CLEAR : CLEAR;
      if (amount.ambiguous || FOREIGN_CURRENCY.test(amount.mention.raw)) confidence = CONFLICTING;
      return { intent: "counter", confidence, amount };
    }
    if (BARE_LIMIT.test(text)) return unclear(0.5);
    const pushback = pushbackOf(text, ourOfferCents);
    if (pushback !== null) {
      const confidence = pushback.amount ? CLEAR : FAIRLY_CLEAR;
      return { intent: "counter", confidence, amount: pushback.amount };
    }
    if (accept !== null && reject !== null) return unclear(0.5);
    if (accept !== null) {
      if (hasObjection(text) || unreadNumberNear(text, accept, ourOfferCents))
        return unclear(CONFLICTING);
      // "Yes, let me think about it": interest, not a decision, unless they also clearly accept.
      const decided = findPhrase(
        ACCEPT.filter((p) => !WEAK_ACCEPT.has(p)),
        text,
      );
      if (contract === null && decided === null && STALL.test(text)) return unclear(CONFLICTING);
      return { intent: "accept", confidence: asked, amount };
    }
    if (reject !== null) return { intent: "reject", confidence: asked, amount };
    if (findPhrase(COMPLAINT, text) !== null) {
      return { intent: "counter", confidence: FAIRLY_CLEAR, amount };
    }
    if (questions.length > 0) return { intent: "question", confidence: CLEAR, amount };
    // A handoff is answered like a question with nothing to ask: our offer, to them and the person
    // they brought in (who speaks for them once copied).
    if (findPhrase(HANDOFF, text) !== null)
      return { intent: "question", confidence: CLEAR, amount };
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

function concernsOf(text: string, injected: boolean, unreadable: UnreadableMoney[]): string[] {
  const concerns = sentences(text)
    .filter((sentence) => OBJECTION.test(sentence))
    .slice(0, MAX_LISTED);
  for (const money of unreadable.slice(0, 3)) {
    concerns.push(`"${money.raw}" cannot be read as one amount: ${money.reason}`);
  }
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
  const questions = findQuestions(text, MAX_LISTED);

  // Instructions can hide in the subject as well as the body.
  const injected = findInjection(withSubject) !== null;
  const unreadable = findUnreadableMoney(text);
  const negotiation = decideNegotiation(
    text,
    request.ourOfferCents,
    questions,
    injected,
    unreadable,
  );
  const mention = negotiation.amount?.mention ?? null;
  const base: Omit<ReplyReading, "tone"> = {
    intent: negotiation.intent,
    confidence: negotiation.confidence,
    // A decline that names their floor records it for the team; it is never answered with a counter.
    proposedAmountCents:
      (negotiation.intent === "counter" || negotiation.intent === "reject") && mention
        ? mention.cents
        : null,
    // A question proposes nothing ("is it just the Reel?").
    proposedDeliverables:
      negotiation.intent === "question" ? null : proposedDeliverables(text, mention),
    usageRightsMentioned: USAGE_RIGHTS.test(text),
    exclusivityMentioned: EXCLUSIVITY.test(text),
    questions,
    concerns: concernsOf(text, negotiation.injected, unreadable),
    signals: findSignals(text, options.keywords ?? []),
    returnDate: null,
  };

  const transport = transportIntent(request, text, withSubject, negotiation, questions, options);
  const reading = transport === null ? base : { ...base, ...transport, proposedAmountCents: null };
  return { ...reading, tone: toneOf(reading, text) };
}

/** Bounces, absences, robots and opt-outs outrank anything negotiated in the text. */
function transportIntent(
  request: ReadRequest,
  text: string,
  withSubject: string,
  negotiation: { intent: ReplyIntent; injected: boolean },
  questions: string[],
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
  // A travel note that also answers us is a person writing: it is read as what it answers.
  const asks = negotiation.intent === "question" && questions.some((q) => !REDIRECT.test(q));
  const negotiating = ["counter", "accept", "reject"].includes(negotiation.intent) || asks;
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
