/**
 * Slots: every amount, term, name and date in an outgoing email is rendered by code from decided
 * values. A writer (the model, the template writer) writes prose around `{{SLOT}}` tokens and code
 * fills them; the gate turns the finished text back into tokens (`toSlotTokens`) so that whatever
 * is left is the writer's own prose, which must carry no figures or terms at all. The same round
 * trip works for a person's edit of a finished email.
 */
import { formatUsd } from "./money";
import type { EmailIntent, Negotiation } from "./negotiation-state";
import { PLATFORM_NAMES, renderScopeOfWork, usageLine } from "./scope-of-work";
import type { EmailPurpose } from "./types";

export const SLOT_NAMES = [
  "CREATOR_FIRST_NAME",
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
  if (intent.theirAskCents !== null) values.THEIR_ASK = formatUsd(intent.theirAskCents);
  if (offer) {
    values.AMOUNT = formatUsd(offer.amountCents);
    values.DELIVERABLES = oneLine(offer.deliverables);
    if (offer.usageDays !== null) values.USAGE = usageLine(offer.usageDays).toLowerCase();
    if (offer.product) {
      values.PRODUCT = oneLine(offer.product.description);
      values.PRODUCT_VALUE = formatUsd(offer.product.valueCents);
    }
    if (offer.shareCpmTarget && n.terms.cpmTargetCents !== null)
      values.CPM_TARGET = formatUsd(n.terms.cpmTargetCents);
  }
  if (intent.purpose === "agreement" || intent.purpose === "answer")
    values.PAYMENT_TERMS = oneLine(n.terms.paymentTerms).replace(/\.$/, "");
  const scope = scopeFor(n, intent);
  if (scope !== null) values.SCOPE_OF_WORK = scope;
  if (intent.purpose === "agreement") values.NEXT_STEPS = agreementNextSteps(!!offer?.product);
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
  "PAYMENT_TERMS",
  "USAGE",
  "DELIVERABLES",
  "PRODUCT",
  "CREATOR_NAME",
  "SENDER_NAME",
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
