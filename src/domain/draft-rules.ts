import { type Sender, slotValues } from "./draft-slots";
import { checkOutgoingEmail, type GateFailureCode } from "./email-gate";
import type { Draft, EmailIntent, Negotiation } from "./negotiation-state";
import type { ProseTerm } from "./prose-guard";
import { PLATFORM_NAMES } from "./scope-of-work";
import type { EmailPurpose } from "./types";

/** What the gate needs beyond the negotiation: who sends, and what the writer was told. */
export interface GateContext extends Sender {
  /** The writer's instructions (its system prompt): no email may reproduce them. */
  instructions: readonly string[];
}

/**
 * The commitment topics this email may speak of: exactly what the engine put on the table (the
 * offer states its usage rights, with or without paid usage) and what the brief answers to the
 * questions they asked.
 */
export function allowedTerms(n: Negotiation, intent: EmailIntent): ProseTerm[] {
  const offer = intent.offer;
  const asked = new Set(intent.reply?.questionTopics ?? []);
  const brief = n.terms.brief;
  const terms: ProseTerm[] = [];
  if (offer) terms.push("usage_rights");
  if (offer?.product || (asked.has("product") && brief?.productDetails)) terms.push("product");
  if (offer?.syndication) terms.push("syndication");
  if (offer?.shareCpmTarget) terms.push("cpm_target");
  if (asked.has("exclusivity") && brief?.exclusivity) terms.push("exclusivity");
  return terms;
}

const SUBJECT_TOPIC: Record<Exclude<EmailPurpose, "opening">, string> = {
  counter: "updated proposal",
  answer: "your questions",
  agreement: "partnership confirmed",
  walk_away: "thank you",
  follow_up: "following up",
  decline_ack: "thanks for letting us know",
};

/** Subjects are code's: a reply keeps the thread's subject, the first email gets this one. */
export function subjectFor(n: Negotiation, purpose: EmailPurpose, sender: Sender): string {
  const prefix = `${sender.brandName.trim()} x ${n.creator.name.trim()}`;
  return purpose === "opening"
    ? `${prefix}: partnership on ${PLATFORM_NAMES[n.creator.platform]}`
    : `${prefix}: ${SUBJECT_TOPIC[purpose]}`;
}

/**
 * What the writer is told when its draft was refused: the remedy for each kind of failure, never
 * the failure's quote. A quote would hand a compromised draft's words back to the model.
 */
const ADVICE: Record<GateFailureCode, string> = {
  digit: "the prose stated a figure; figures come only from slot tokens",
  number_word: "the prose stated a number in words; figures come only from slot tokens",
  currency: "the prose named a currency; amounts come only from slot tokens",
  percentage: "the prose stated a percentage; leave it out",
  date: "the prose stated a date, weekday or deadline; leave it out",
  unknown_amount: "the prose stated an amount; amounts come only from slot tokens",
  link: "the prose held a link or domain name; leave it out",
  address: "the prose held an email address; leave it out",
  payment_detail: "the prose held payment details; leave them out",
  payment_vocabulary: "the prose talked about payment methods; the payment terms are a slot",
  commitment:
    "the prose promised something this email does not carry; promise nothing beyond the slots",
  instructions_leak: "the email repeated instructions or talked about itself; write only the email",
  writer_artifact:
    "the email held a malformed token or template leftovers; use only the listed slots",
  unfilled_slot: "the email used a slot this email does not have; use only the listed slots",
  scope_missing: "put {{SCOPE_OF_WORK}} on its own line exactly once",
  scope_altered: "put {{SCOPE_OF_WORK}} on its own line exactly once and restate none of it",
  ask_as_offer: "their ask may only be quoted as theirs, never as what we pay",
  amount_context: "state each amount once, as decided, never added to or multiplied",
  agreement_terms_missing: "end with {{NEXT_STEPS}} on its own line",
  length: "keep the body short: a few sentences around the slots",
  empty: "write the body",
};

/** The gate's verdict on a finished draft (model, template or a person's edit alike). */
export function checkDraft(
  n: Negotiation,
  intent: EmailIntent,
  draft: Draft,
  context: GateContext,
): { ok: true } | { ok: false; failures: string[]; advice: string[] } {
  const verdict = checkOutgoingEmail({
    purpose: intent.purpose,
    subject: draft.subject,
    body: draft.body,
    slots: slotValues(n, intent, context),
    allowedTerms: allowedTerms(n, intent),
    instructions: context.instructions,
  });
  return verdict.ok
    ? verdict
    : {
        ok: false,
        failures: verdict.failures.map((f) => `${f.code}: ${f.detail}`),
        advice: [...new Set(verdict.failures.map((f) => ADVICE[f.code]))],
      };
}
