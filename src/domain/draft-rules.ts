import { checkOutgoingEmail } from "./email-gate";
import type { DraftVerdict } from "./negotiation-outcomes";
import type { Draft, EmailIntent, Negotiation } from "./negotiation-state";
import { renderScopeOfWork } from "./scope-of-work";
import type { Cents, EmailPurpose } from "./types";

/** Emails that restate the terms carry the code-rendered scope block. */
const WITH_SCOPE: ReadonlySet<EmailPurpose> = new Set([
  "opening",
  "counter",
  "answer",
  "agreement",
]);

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

/** Exactly the amounts the engine supplied for this email; the gate rejects any other. */
export function allowedAmounts(n: Negotiation, intent: EmailIntent): Cents[] {
  const offer = intent.offer;
  const amounts: Cents[] = [];
  if (offer) amounts.push(offer.amountCents);
  if (intent.theirAskCents !== null) amounts.push(intent.theirAskCents);
  if (offer?.product) amounts.push(offer.product.valueCents);
  if (offer?.shareCpmTarget && n.terms.cpmTargetCents !== null)
    amounts.push(n.terms.cpmTargetCents);
  return amounts;
}

/** Their ask when it is not also one of our own amounts: quotable as theirs, never offered. */
export function quotedOnlyAmounts(n: Negotiation, intent: EmailIntent): Cents[] {
  const ask = intent.theirAskCents;
  if (ask === null) return [];
  return allowedAmounts(n, { ...intent, theirAskCents: null }).includes(ask) ? [] : [ask];
}

export function checkDraft(n: Negotiation, intent: EmailIntent, draft: Draft): DraftVerdict {
  const verdict = checkOutgoingEmail({
    purpose: intent.purpose,
    subject: draft.subject,
    body: draft.body,
    allowedAmountsCents: allowedAmounts(n, intent),
    quotedAmountsCents: quotedOnlyAmounts(n, intent),
    scopeOfWork: scopeFor(n, intent),
    decision: { usageDays: intent.offer?.usageDays ?? null, exclusivity: false },
  });
  return verdict.ok
    ? verdict
    : { ok: false, failures: verdict.failures.map((f) => `${f.code}: ${f.detail}`) };
}
