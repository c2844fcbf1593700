/**
 * The outgoing-email gate (DOMAIN.md §8): a deterministic check of a finished email against the
 * engine's decision. It guards every draft, whoever wrote or edited it (the model, the template
 * writer, a person approving an edit). A failed check never sends; the caller escalates with the
 * draft and the failures.
 *
 * Every value code rendered for the email (see draft-slots) is turned back into its `{{SLOT}}`
 * token; what remains is the writer's own prose, which may hold no figures, money, links,
 * addresses, payment details or commitments the engine did not make (prose-guard). Around the
 * tokens, their ask may only be quoted as theirs and no amount may be multiplied or repeated.
 */
import { MONEY_SLOTS, type SlotName, type SlotValues, toSlotTokens } from "./draft-slots";
import { findMoneyMentions, formatUsd } from "./money";
import { checkProse, type ProseFailureCode, type ProseTerm } from "./prose-guard";
import { SCOPE_START } from "./scope-of-work";
import type { EmailPurpose } from "./types";

export interface GateInput {
  purpose: EmailPurpose;
  subject: string;
  body: string;
  /** Every value code rendered for this email; the only place figures and terms may come from. */
  slots: SlotValues;
  /** The commitment topics the engine and the campaign decided for this email (an allow-list). */
  allowedTerms: readonly ProseTerm[];
  /** What the writer was instructed with: an email must never reproduce it. */
  instructions: readonly string[];
}

export type GateFailureCode =
  | ProseFailureCode
  | "unknown_amount"
  | "unfilled_slot"
  | "scope_missing"
  | "scope_altered"
  | "ask_as_offer"
  | "amount_context"
  | "length"
  | "agreement_terms_missing"
  | "empty";

export type GateFailure = { code: GateFailureCode; detail: string };

export type GateVerdict = { ok: true } | { ok: false; failures: GateFailure[] };

export const MIN_BODY_CHARS = 40;
export const MAX_BODY_CHARS = 6_000;

/** Words that make a quoted amount theirs: "your rate of", "you mentioned", "the fee of". */
const THEIRS =
  /\b(?:your|their|his|her)\s+(?:\w+\s+){0,2}?(?:rate|ask|asking\s+price|fee|quote|number|price|proposal|counter(?:offer)?|figure)\b|\byou(?:'ve|'d)?\s+(?:\w+\s+)?(?:asked|mentioned|proposed|quoted|suggested|requested|shared|charge|named|are\s+asking|were\s+asking)\b|\b(?:the|that)\s+(?:rate|ask|fee|quote|figure)\s+of\b/i;
/** Words right before an amount that make it ours to pay: "we'll pay", "offer you the full". */
const OURS_BEFORE =
  /\b(?:pay|paying|paid|offer|offering|approved?|approving|agreed?\s+(?:to|on)|accept(?:ed|ing)?|confirm(?:ed|ing)?|match(?:ing)?|meet\s+(?:you\s+)?at|go(?:ing)?\s+(?:up\s+)?to|receive|earn|commit(?:ting)?\s+to|budget(?:\s+(?:is|of))?)\s+(?:you\s+)?(?:the\s+)?(?:full\s+|entire\s+|requested\s+|approved\s+|agreed\s+)?$/i;
const OURS_AFTER =
  /^\s*(?:it\s+is|works|is\s+(?:approved|confirmed|agreed|fine|ok(?:ay)?|doable))\b/i;
/** An amount made bigger by the words around it: "another {{AMOUNT}}", "{{AMOUNT}} per video". */
const ADDS_BEFORE =
  /\b(?:another|additional|extra|more|second|plus|on\s+top\s+of|double|twice|triple|bonus\s+of)\s+(?:\w+\s+){0,1}$/i;
const MULTIPLIES_AFTER = /^\s*(?:each|apiece|a\s+piece|per\b|every\b|times\b|x\b|[x×*]\s*\w)/i;
/** The product's value is stated as its value, never as something we pay. */
const VALUE_WORDS = /\{\{PRODUCT\}\}|\b(?:value|valued|worth|retail)\b/i;

const SLOT_TOKEN = /\{\{([A-Z][A-Z0-9_]*)\}\}/g;

const normalize = (text: string): string => text.replace(/\r\n?/g, "\n");
const quote = (text: string): string => `"${text.replace(/\s+/g, " ").trim().slice(0, 160)}"`;

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

/** A `{{TOKEN}}` left in the finished text is a slot this email does not have. */
function checkUnfilled(text: string): GateFailure[] {
  return [...text.matchAll(SLOT_TOKEN)].map((m) => ({
    code: "unfilled_slot" as const,
    detail: `${m[0]} is not something this email may state`,
  }));
}

function checkScope(input: GateInput, body: string): GateFailure[] {
  const scope = input.slots.SCOPE_OF_WORK;
  if (scope === undefined) {
    if (input.purpose === "agreement")
      return [
        { code: "scope_missing", detail: "agreement emails must carry the scope-of-work block" },
      ];
    return body.includes(SCOPE_START)
      ? [
          {
            code: "scope_altered",
            detail: "the draft contains a scope-of-work block this email does not have",
          },
        ]
      : [];
  }
  const rest = body.split(normalize(scope));
  if (rest.length > 1) {
    return rest.some((part) => part.includes(SCOPE_START))
      ? [{ code: "scope_altered", detail: "a second scope-of-work block was added" }]
      : [];
  }
  return body.includes(SCOPE_START)
    ? [
        {
          code: "scope_altered",
          detail: "the scope-of-work block was changed; it must appear exactly as given",
        },
      ]
    : [{ code: "scope_missing", detail: "the scope-of-work block is missing" }];
}

function checkAgreementTerms(input: GateInput, body: string): GateFailure[] {
  const steps = input.slots.NEXT_STEPS;
  return steps === undefined || body.includes(normalize(steps))
    ? []
    : [{ code: "agreement_terms_missing", detail: "the numbered next steps are missing" }];
}

/** What this email may state about money, for a person fixing a refused edit. */
function moneyAllowed(slots: SlotValues): string {
  const said: string[] = [];
  if (slots.AMOUNT) said.push(`${slots.AMOUNT} (our offer)`);
  if (slots.THEIR_ASK) said.push(`${slots.THEIR_ASK} (their ask, quoted as theirs)`);
  if (slots.PRODUCT_VALUE) said.push(`${slots.PRODUCT_VALUE} (the product's value)`);
  if (slots.CPM_TARGET) said.push(`${slots.CPM_TARGET} (our CPM target)`);
  return said.length ? said.join(", ") : "none";
}

/**
 * Amounts written in the prose (not one of our renderings): reported once each, in a way a person
 * editing can act on; those in digits are removed so the prose checks do not report them again.
 */
function takeStrayAmounts(
  prose: string,
  slots: SlotValues,
): { prose: string; failures: GateFailure[] } {
  const failures: GateFailure[] = [];
  let out = prose;
  for (const mention of findMoneyMentions(prose).reverse()) {
    failures.unshift({
      code: "unknown_amount",
      detail: `${quote(mention.raw)} (${formatUsd(mention.cents)}) is not an amount rendered by the engine; this email may state: ${moneyAllowed(slots)}, written exactly so`,
    });
    // An amount in words stays in the prose, so the prose checks name its number words too.
    if (/\d/.test(mention.raw)) {
      out = `${out.slice(0, mention.index)} ${out.slice(mention.index + mention.raw.length)}`;
    }
  }
  return { prose: out, failures };
}

function sentenceAround(text: string, index: number, length: number) {
  const start = Math.max(...[".", "!", "?", "\n"].map((c) => text.lastIndexOf(c, index - 1))) + 1;
  const endMatch = /[.!?\n]/.exec(text.slice(index + length));
  const end = endMatch ? index + length + endMatch.index : text.length;
  return {
    sentence: text.slice(start, end),
    before: text.slice(start, index),
    after: text.slice(index + length, end),
  };
}

/** Money tokens in context: their ask stays theirs, no amount is added to or multiplied. */
function checkMoneyContext(prose: string, slots: SlotValues): GateFailure[] {
  const failures: GateFailure[] = [];
  const seen = new Map<string, Set<string>>();
  for (const m of prose.matchAll(SLOT_TOKEN)) {
    const name = m[1] as SlotName;
    if (!MONEY_SLOTS.has(name)) continue;
    const shown = slots[name] ?? m[0];
    const { sentence, before, after } = sentenceAround(prose, m.index, m[0].length);
    const inSentence = seen.get(sentence) ?? new Set<string>();
    if (inSentence.has(name))
      failures.push({
        code: "amount_context",
        detail: `${shown} is stated twice in one sentence: ${quote(sentence)}`,
      });
    inSentence.add(name);
    seen.set(sentence, inSentence);
    if (ADDS_BEFORE.test(before) || MULTIPLIES_AFTER.test(after))
      failures.push({
        code: "amount_context",
        detail: `${quote(sentence)}: ${shown} may only be stated as decided, never added to or multiplied`,
      });
    if (
      name === "THEIR_ASK" &&
      (!THEIRS.test(sentence) || OURS_BEFORE.test(before) || OURS_AFTER.test(after))
    )
      failures.push({
        code: "ask_as_offer",
        detail: `${quote(sentence)}: their ask ${shown} may only be quoted as theirs ("your rate of ${shown}"), never as what we pay`,
      });
    if (name === "PRODUCT_VALUE" && !VALUE_WORDS.test(sentence))
      failures.push({
        code: "amount_context",
        detail: `${quote(sentence)}: ${shown} is the product's value and may only be stated as that`,
      });
  }
  return failures;
}

export function checkOutgoingEmail(input: GateInput): GateVerdict {
  const subject = normalize(input.subject);
  const body = normalize(input.body);
  const text = `${subject}\n${body}`;
  const stray = takeStrayAmounts(toSlotTokens(text, input.slots), input.slots);
  const failures: GateFailure[] = [
    ...checkLength(subject, body),
    ...checkUnfilled(text),
    ...checkScope(input, body),
    ...(input.purpose === "agreement" ? checkAgreementTerms(input, body) : []),
    ...stray.failures,
    ...checkMoneyContext(stray.prose, input.slots),
    ...checkProse({
      // Unfilled tokens are reported above; the prose checks see only real slot tokens.
      prose: stray.prose.replace(SLOT_TOKEN, (t, name: string) =>
        input.slots[name as SlotName] === undefined ? " " : t,
      ),
      allowedTerms: input.allowedTerms,
      instructions: input.instructions,
    }),
  ];
  return failures.length === 0 ? { ok: true } : { ok: false, failures };
}
