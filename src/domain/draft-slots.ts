/**
 * Slots: every amount, term, name and date in an outgoing email is rendered by code from decided
 * values. A writer (the model, the template writer) writes prose around `{{SLOT}}` tokens and code
 * fills them; the gate turns the finished text back into tokens (`toSlotTokens`) so that whatever
 * is left is the writer's own prose, which must carry no figures or terms at all. The same round
 * trip works for a person's edit of a finished email.
 */
import { formatUsd } from "./money";
import type { EmailIntent, Negotiation } from "./negotiation-state";
import type { QuestionTopic } from "./question-topics";
import { PLATFORM_NAMES, renderScopeOfWork, usageLine } from "./scope-of-work";
import type { CampaignBrief, EmailPurpose } from "./types";

export const SLOT_NAMES = [
  "CREATOR_FIRST_NAME",
  "MANAGER_FIRST_NAME",
  "CREATOR_NAME",
  "HANDLE",
  "PLATFORM",
  "BRAND",
  "SENDER_NAME",
  "AMOUNT",
  "THEIR_ASK",
  "PRODUCT",
  "PRODUCT_VALUE",
  "CPM_TARGET",
  "DELIVERABLES",
  "USAGE",
  "PAYMENT_TERMS",
  "SCOPE_OF_WORK",
  "NEXT_STEPS",
  "POSTING_WINDOW",
  "REVISIONS",
  "CONTENT_APPROVAL",
  "EXCLUSIVITY",
  "PRODUCT_DETAILS",
  "FAQ_ANSWERS",
] as const;
export type SlotName = (typeof SLOT_NAMES)[number];

/** The values code fills in for one email; a slot that is absent may not be used in it. */
export type SlotValues = Partial<Record<SlotName, string>>;

/** Slots that stand for money: their context is checked (theirs, not ours; never multiplied). */
export const MONEY_SLOTS: ReadonlySet<SlotName> = new Set([
  "AMOUNT",
  "THEIR_ASK",
  "PRODUCT_VALUE",
  "CPM_TARGET",
]);

/** What each slot stands for, as the writer is told. */
export const SLOT_MEANING: Record<SlotName, string> = {
  CREATOR_FIRST_NAME: "the creator's first name",
  MANAGER_FIRST_NAME: "the first name of the manager you are writing to",
  CREATOR_NAME: "the creator's full name",
  HANDLE: "the creator's handle",
  PLATFORM: "the platform",
  BRAND: "the brand's name",
  SENDER_NAME: "the sender's name",
  AMOUNT: "our offer, the flat fee",
  THEIR_ASK: 'the rate they asked for (only ever as theirs: "your rate of {{THEIR_ASK}}")',
  PRODUCT: "the product included as extra value",
  PRODUCT_VALUE: "the retail value of that product",
  CPM_TARGET: "our CPM target, shared to explain the budget",
  DELIVERABLES: "the deliverables on the table",
  USAGE: "the usage rights on the table",
  PAYMENT_TERMS: "the payment terms",
  SCOPE_OF_WORK: "the scope-of-work block (on its own line)",
  NEXT_STEPS: "the numbered next steps (on its own line, at the end)",
  POSTING_WINDOW: 'when the content goes live, e.g. "between March 3, 2026 and March 17, 2026"',
  REVISIONS: 'the revision rounds included, e.g. "two rounds of revisions"',
  CONTENT_APPROVAL: "whether we review the draft before it goes live (a full clause)",
  EXCLUSIVITY: "the exclusivity the campaign asks for, or that there is none (a full clause)",
  PRODUCT_DETAILS: "the product details the team wrote",
  FAQ_ANSWERS: "the team's own answers to the questions they asked (full sentences)",
};

/** Emails that restate the terms carry the code-rendered scope block. */
const WITH_SCOPE: ReadonlySet<EmailPurpose> = new Set([
  "opening",
  "counter",
  "answer",
  "agreement",
]);

/** Who the email is from, as configured for the deployment. */
export interface Sender {
  brandName: string;
  senderName: string;
}

export function scopeFor(n: Negotiation, intent: EmailIntent): string | null {
  if (!intent.offer || !WITH_SCOPE.has(intent.purpose)) return null;
  return renderScopeOfWork({
    offer: intent.offer,
    creatorHandle: n.creator.handle,
    platform: n.creator.platform,
    paymentTerms: n.terms.paymentTerms,
    agreement: intent.purpose === "agreement",
  });
}

/** What the creator is told happens after a deal, in order. */
export function agreementNextSteps(withProduct: boolean): string {
  return [
    "Next steps:",
    "1. We'll send a short written agreement with these terms for signature.",
    `2. Our team will share the creative brief${withProduct ? " and ship the product" : ""}.`,
    "3. Send us the draft for a quick review before it goes live; payment follows the terms above.",
  ].join("\n");
}

const oneLine = (value: string): string => value.replace(/\s+/g, " ").trim();

/** Every value this email may carry, rendered by code from the engine's decision and the campaign. */
export function slotValues(n: Negotiation, intent: EmailIntent, sender: Sender): SlotValues {
  const { offer } = intent;
  // Answers to their questions are values too, and only for the questions they asked.
  const asked = new Set(intent.reply?.questionTopics ?? []);
  const name = oneLine(n.creator.name);
  const handle = oneLine(n.creator.handle ?? "").replace(/^@+/, "");
  const values: SlotValues = {
    CREATOR_FIRST_NAME: name.split(" ")[0] || name,
    CREATOR_NAME: name,
    PLATFORM: PLATFORM_NAMES[n.creator.platform],
    BRAND: oneLine(sender.brandName),
    SENDER_NAME: oneLine(sender.senderName),
  };
  if (handle !== "") values.HANDLE = `@${handle}`;
  if (n.counterparty.type === "manager" && n.counterparty.name)
    values.MANAGER_FIRST_NAME = n.counterparty.name;
  if (intent.theirAskCents !== null) values.THEIR_ASK = formatUsd(intent.theirAskCents);
  if (offer) {
    values.AMOUNT = formatUsd(offer.amountCents);
    values.DELIVERABLES = oneLine(offer.deliverables);
    values.USAGE = usageLine(offer.usageDays).toLowerCase();
    if (offer.product) {
      values.PRODUCT = oneLine(offer.product.description);
      values.PRODUCT_VALUE = formatUsd(offer.product.valueCents);
    }
    if (offer.shareCpmTarget && n.terms.cpmTargetCents !== null)
      values.CPM_TARGET = formatUsd(n.terms.cpmTargetCents);
  }
  if (intent.purpose === "agreement" || asked.has("payment"))
    values.PAYMENT_TERMS = oneLine(n.terms.paymentTerms).replace(/\.$/, "");
  Object.assign(values, briefValues(n.terms.brief, asked, intent.reply?.faq ?? []));
  const scope = scopeFor(n, intent);
  if (scope !== null) values.SCOPE_OF_WORK = scope;
  if (intent.purpose === "agreement") values.NEXT_STEPS = agreementNextSteps(!!offer?.product);
  return values;
}

const NUMBER_WORDS = ["no", "one", "two", "three", "four", "five"];
const MONTHS =
  "January February March April May June July August September October November December".split(
    " ",
  );

/** "2026-03-03" → "March 3, 2026" (dates are rendered by code, never written by a writer). */
function longDate(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number);
  return `${MONTHS[(month ?? 1) - 1]} ${day}, ${year}`;
}

/** The brief's answers to the topics they asked about, and the FAQ answers that fit. */
function briefValues(
  brief: CampaignBrief | null,
  asked: ReadonlySet<QuestionTopic>,
  faq: readonly number[],
): SlotValues {
  const values: SlotValues = {};
  if (!brief) return values;
  if (asked.has("timing") && brief.postingWindow)
    values.POSTING_WINDOW = `between ${longDate(brief.postingWindow.start)} and ${longDate(brief.postingWindow.end)}`;
  if (asked.has("revisions") && brief.revisionRounds !== null) {
    const rounds = brief.revisionRounds;
    values.REVISIONS = `${NUMBER_WORDS[rounds] ?? rounds} round${rounds === 1 ? "" : "s"} of revisions`;
  }
  if (asked.has("approval"))
    values.CONTENT_APPROVAL = brief.contentApproval
      ? "we review the draft before it goes live"
      : "there is no approval step: you post it when it is ready";
  if (asked.has("exclusivity"))
    values.EXCLUSIVITY = brief.exclusivity
      ? `we ask for exclusivity in the ${oneLine(brief.exclusivity.category)} category for ${brief.exclusivity.days} days after posting`
      : "there is no exclusivity: you are free to work with other brands";
  if (asked.has("product") && brief.productDetails)
    values.PRODUCT_DETAILS = oneLine(brief.productDetails);
  const answers = faq.map((i) => brief.faq[i]?.answer).filter((a): a is string => !!a);
  if (answers.length) values.FAQ_ANSWERS = answers.map(oneLine).join(" ");
  return values;
}

const TOKEN = /\{\{([A-Z][A-Z0-9_]*)\}\}/g;

/** Fills every known slot; unknown or unavailable tokens stay as they are (and fail the gate). */
export function fillSlots(template: string, values: SlotValues): string {
  return template.replace(TOKEN, (token, name: string) => values[name as SlotName] ?? token);
}

/** Slots whose values are long or structural come first, so a name inside a block stays in it. */
const DE_RENDER_ORDER: readonly SlotName[] = [
  "SCOPE_OF_WORK",
  "NEXT_STEPS",
  "FAQ_ANSWERS",
  "PRODUCT_DETAILS",
  "EXCLUSIVITY",
  "CONTENT_APPROVAL",
  "POSTING_WINDOW",
  "REVISIONS",
  "PAYMENT_TERMS",
  "USAGE",
  "DELIVERABLES",
  "PRODUCT",
  "CREATOR_NAME",
  "SENDER_NAME",
  "MANAGER_FIRST_NAME",
  "BRAND",
  "HANDLE",
  "CREATOR_FIRST_NAME",
  "PLATFORM",
  "CPM_TARGET",
  "AMOUNT",
  "THEIR_ASK",
  "PRODUCT_VALUE",
];

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The finished text with every exact rendering of a slot value turned back into its token, so
 * that what remains is prose. Values are matched as whole words or amounts: "$1,500" is not found
 * inside "$1,5000", nor "Ann" inside "Annual". Our own renderings only: "$1,500.00" or "1500
 * dollars" stay prose and fail the gate.
 */
export function toSlotTokens(text: string, values: SlotValues): string {
  let out = text;
  for (const name of DE_RENDER_ORDER) {
    const value = values[name];
    if (!value) continue;
    const start = /^[\p{L}\p{N}]/u.test(value) ? "(?<![\\p{L}\\p{N}_@])" : "";
    const end = /[\p{L}\p{N}]$/u.test(value) ? "(?![\\p{L}\\p{N}_]|[.,]\\d)" : "";
    const pattern = new RegExp(`${start}${escapeRegExp(value)}${end}`, "gu");
    out = out.replace(pattern, `{{${name}}}`);
  }
  return out;
}
