/**
 * The outgoing-email gate (DOMAIN.md §8): a deterministic check of a draft against the engine's
 * decision. A failed check never sends; the caller escalates with the draft and the failures.
 *
 * The code-rendered scope block is trusted text: commitment and other-rate phrases are looked for
 * only outside it, so its own words ("Usage rights", the rate) can never fail a compliant draft.
 * Its amounts are still checked like any other, which also catches a block rendered from a
 * different offer than the one being sent.
 */
import { findMoneyMentions, formatUsd } from "./money";
import { SCOPE_START } from "./scope-of-work";
import type { Cents, EmailPurpose } from "./types";

export interface GateInput {
  purpose: EmailPurpose;
  subject: string;
  body: string;
  /** Amounts the engine supplied for this email: our offer, their ask when quoting it is allowed, the product value when that lever is active, the CPM target when shared. */
  allowedAmountsCents: Cents[];
  /** Of those, amounts that are theirs (their ask): quoted back as theirs only, never as what we pay. */
  quotedAmountsCents?: Cents[];
  /** The code-rendered scope block that must appear unchanged, or null when this email has none. */
  scopeOfWork: string | null;
  /** What the engine actually decided, so commitments can be checked. */
  decision: { usageDays: number | null; exclusivity: boolean };
}

export type GateFailureCode =
  | "unknown_amount"
  | "scope_missing"
  | "scope_altered"
  | "commitment"
  | "other_creator_rate"
  | "length"
  | "agreement_terms_missing"
  | "ask_as_offer"
  | "contact_details"
  | "empty";

export type GateFailure = { code: GateFailureCode; detail: string };

export type GateVerdict = { ok: true } | { ok: false; failures: GateFailure[] };

export const MIN_BODY_CHARS = 40;
export const MAX_BODY_CHARS = 6_000;

/** Characters either side of an other-creators phrase in which an amount makes it a rate. */
const OTHER_RATE_DISTANCE = 150;

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirty: 30,
  sixty: 60,
  ninety: 90,
};
const UNIT_DAYS: Record<string, number> = { day: 1, week: 7, month: 30, year: 365 };

const COUNT = `(\\d{1,4}|${Object.keys(NUMBER_WORDS).join("|")})`;
const UNIT = "(day|week|month|year)s?";
/** "30 days of usage", "90-day paid usage", "6 months of paid and organic usage rights". */
const DURATION_THEN_USAGE = new RegExp(
  `\\b${COUNT}[\\s-]+${UNIT}(?:[\\s-]+(?:of|paid|organic|and|or|&|/|social|digital|media|ads?|content|full))*[\\s-]+(?:usage|licens(?:e|ing))\\b`,
  "gi",
);
/** "usage rights for 60 days", "usage for a period of 3 months". */
const USAGE_THEN_DURATION = new RegExp(
  `\\b(?:usage|licens(?:e|ing))\\b[^.!?\\n]{0,20}?\\b${COUNT}[\\s-]+${UNIT}\\b`,
  "gi",
);
const OPEN_ENDED_USAGE = /\b(?:in\s+perpetuity|perpetual(?:ly)?|forever|unlimited\s+usage)\b/gi;
/** A negated mention ("non-exclusive", "no exclusivity") commits to nothing. */
const EXCLUSIVITY = /\b(non[-\s]?|no\s+|not\s+|without\s+)?exclusiv(?:e|ity)\b/gi;
const FUTURE_DEALS =
  /\b(?:future\s+campaigns?|ongoing\s+partnerships?|long[-\s]term\s+(?:deals?|partnerships?)|next\s+campaigns?)\b/gi;
const GUARANTEES = /\b(?:guarantee[ds]?|guaranteeing|promise\s+you)\b/gi;
const OTHER_CREATORS =
  /\b(?:other\s+(?:creators|influencers)|another\s+(?:creator|influencer)|we\s+paid|others\s+are\s+getting)\b/gi;

/** Words that make a quoted amount theirs: "your rate of", "you mentioned", "the fee of". */
const THEIRS =
  /\b(?:your|their|his|her)\s+(?:\w+\s+){0,2}?(?:rate|ask|asking\s+price|fee|quote|number|price|proposal|counter(?:offer)?|figure)\b|\byou(?:'ve|'d)?\s+(?:\w+\s+)?(?:asked|mentioned|proposed|quoted|suggested|requested|shared|charge|named|are\s+asking|were\s+asking)\b|\b(?:the|that)\s+(?:rate|ask|fee|quote|figure)\s+of\b/i;
/** Words right before an amount that make it ours to pay: "we'll pay", "offer you the full". */
const OURS_BEFORE =
  /\b(?:pay|paying|paid|offer|offering|approved?|approving|agreed?\s+(?:to|on)|accept(?:ed|ing)?|confirm(?:ed|ing)?|match(?:ing)?|meet\s+(?:you\s+)?at|go(?:ing)?\s+(?:up\s+)?to|receive|earn|commit(?:ting)?\s+to|budget(?:\s+(?:is|of))?)\s+(?:you\s+)?(?:the\s+)?(?:full\s+|entire\s+|requested\s+|approved\s+|agreed\s+)?$/i;
const OURS_AFTER =
  /^\s*(?:it\s+is|works|is\s+(?:approved|confirmed|agreed|fine|ok(?:ay)?|doable))\b/i;
const ADDRESS_OR_LINK = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\bhttps?:\/\/\S+|\bwww\.[\w-]+\.\S+/gi;

const normalize = (text: string): string => text.replace(/\r\n?/g, "\n");
const quote = (text: string): string => `"${text.replace(/\s+/g, " ").trim()}"`;

function checkScope(input: GateInput, body: string): GateFailure[] {
  if (input.scopeOfWork === null) {
    if (input.purpose === "agreement") {
      return [
        { code: "scope_missing", detail: "agreement emails must carry the scope-of-work block" },
      ];
    }
    return body.includes(SCOPE_START)
      ? [
          {
            code: "scope_altered",
            detail: "the draft contains a scope-of-work block this email does not have",
          },
        ]
      : [];
  }
  if (body.includes(normalize(input.scopeOfWork))) return [];
  return body.includes(SCOPE_START)
    ? [
        {
          code: "scope_altered",
          detail: "the scope-of-work block was changed; it must appear exactly as given",
        },
      ]
    : [
        {
          code: "scope_missing",
          detail: "the scope-of-work block is missing; include it exactly as given",
        },
      ];
}

function checkAmounts(texts: string[], allowed: Cents[]): GateFailure[] {
  const permitted = new Set(allowed);
  const shown = allowed.length > 0 ? allowed.map(formatUsd).join(", ") : "none";
  return texts.flatMap((text) =>
    findMoneyMentions(text)
      .filter((mention) => !permitted.has(mention.cents))
      .map((mention) => ({
        code: "unknown_amount" as const,
        detail: `${quote(mention.raw)} is not an amount the engine supplied (allowed: ${shown})`,
      })),
  );
}

/** Their ask may be quoted back as theirs ("your rate of $3,500"), never presented as our payment. */
function checkQuotedAmounts(text: string, quoted: Cents[]): GateFailure[] {
  if (quoted.length === 0) return [];
  const failures: GateFailure[] = [];
  for (const mention of findMoneyMentions(text)) {
    if (!quoted.includes(mention.cents)) continue;
    const start =
      Math.max(...[".", "!", "?", "\n"].map((c) => text.lastIndexOf(c, mention.index - 1))) + 1;
    const endMatch = /[.!?\n]/.exec(text.slice(mention.index + mention.raw.length));
    const end = endMatch ? mention.index + mention.raw.length + endMatch.index : text.length;
    const sentence = text.slice(start, end);
    const before = text.slice(start, mention.index);
    const after = text.slice(mention.index + mention.raw.length, end);
    if (!THEIRS.test(sentence) || OURS_BEFORE.test(before) || OURS_AFTER.test(after)) {
      failures.push({
        code: "ask_as_offer",
        detail: `${quote(sentence)}: their ask ${formatUsd(mention.cents)} may only be quoted as theirs ("your rate of ${formatUsd(mention.cents)}"), never as what we pay`,
      });
    }
  }
  return failures;
}

/** Recipients are decided by code: a draft never carries addresses or links of its own. */
function checkContactDetails(text: string): GateFailure[] {
  return [...text.matchAll(ADDRESS_OR_LINK)].map((m) => ({
    code: "contact_details" as const,
    detail: `remove ${quote(m[0])}: emails never carry addresses or links`,
  }));
}

function usageDurationDays(count: string, unit: string): number {
  const n = NUMBER_WORDS[count.toLowerCase()] ?? Number(count);
  return n * (UNIT_DAYS[unit.toLowerCase()] ?? Number.NaN);
}

function checkCommitments(text: string, decision: GateInput["decision"]): GateFailure[] {
  const failures: GateFailure[] = [];
  const commitment = (what: string, words: string) =>
    failures.push({
      code: "commitment",
      detail: `${what} the engine did not offer: ${quote(words)}`,
    });

  if (!decision.exclusivity) {
    for (const match of text.matchAll(EXCLUSIVITY)) {
      if (match[1] === undefined) commitment("exclusivity", match[0]);
    }
  }
  for (const match of text.matchAll(OPEN_ENDED_USAGE))
    commitment("open-ended usage rights", match[0]);
  for (const pattern of [DURATION_THEN_USAGE, USAGE_THEN_DURATION]) {
    for (const match of text.matchAll(pattern)) {
      const days = usageDurationDays(match[1] ?? "", match[2] ?? "");
      if (days !== decision.usageDays) commitment("a usage-rights duration", match[0]);
    }
  }
  for (const match of text.matchAll(FUTURE_DEALS)) commitment("a future deal", match[0]);
  for (const match of text.matchAll(GUARANTEES)) commitment("a guarantee", match[0]);
  return failures;
}

function checkOtherCreatorRates(text: string): GateFailure[] {
  const amounts = findMoneyMentions(text);
  const failures: GateFailure[] = [];
  for (const match of text.matchAll(OTHER_CREATORS)) {
    const from = match.index - OTHER_RATE_DISTANCE;
    const to = match.index + match[0].length + OTHER_RATE_DISTANCE;
    const near = amounts.find((a) => a.index + a.raw.length >= from && a.index <= to);
    if (near) {
      failures.push({
        code: "other_creator_rate",
        detail: `never mention other creators' rates: ${quote(match[0])} near ${quote(near.raw)}`,
      });
    }
  }
  return failures;
}

function checkLength(subject: string, body: string): GateFailure[] {
  const failures: GateFailure[] = [];
  if (subject.trim() === "") failures.push({ code: "empty", detail: "the subject is empty" });
  const length = body.trim().length;
  if (length === 0) failures.push({ code: "empty", detail: "the body is empty" });
  else if (length < MIN_BODY_CHARS) {
    failures.push({
      code: "length",
      detail: `the body is ${length} characters; at least ${MIN_BODY_CHARS} expected`,
    });
  } else if (length > MAX_BODY_CHARS) {
    failures.push({
      code: "length",
      detail: `the body is ${length} characters; at most ${MAX_BODY_CHARS} allowed`,
    });
  }
  return failures;
}

function checkAgreementTerms(body: string, freeText: string): GateFailure[] {
  const failures: GateFailure[] = [];
  const termsLine = /^[^\S\n]*Payment terms:[^\S\n]*\S/im.test(body);
  if (!termsLine && !/\bpayment\b/i.test(freeText)) {
    failures.push({ code: "agreement_terms_missing", detail: "state the payment terms" });
  }
  if (!/^[^\S\n]*1\.[^\S\n]*\S/m.test(body) || !/^[^\S\n]*2\.[^\S\n]*\S/m.test(body)) {
    failures.push({
      code: "agreement_terms_missing",
      detail: 'list the next steps as numbered lines starting "1." and "2."',
    });
  }
  return failures;
}

export function checkOutgoingEmail(input: GateInput): GateVerdict {
  const subject = normalize(input.subject);
  const body = normalize(input.body);
  const scope = input.scopeOfWork === null ? null : normalize(input.scopeOfWork);
  const bodyOutsideScope = scope ? body.split(scope).join("\n") : body;
  const freeText = `${subject}\n${bodyOutsideScope}`;

  const failures = [
    ...checkLength(subject, body),
    ...checkScope(input, body),
    ...checkAmounts([subject, body], input.allowedAmountsCents),
    ...checkCommitments(freeText, input.decision),
    ...checkOtherCreatorRates(freeText),
    ...checkQuotedAmounts(freeText, input.quotedAmountsCents ?? []),
    ...checkContactDetails(freeText),
    ...(input.purpose === "agreement" ? checkAgreementTerms(body, freeText) : []),
  ];
  return failures.length === 0 ? { ok: true } : { ok: false, failures };
}
