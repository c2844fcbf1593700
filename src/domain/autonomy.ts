import { formatUsd } from "./money";
import type { EmailIntent } from "./negotiation-state";
import { type AutoSendLimits, type CampaignTerms, EMAIL_PURPOSES } from "./types";

export const DEFAULT_AUTO_SEND: AutoSendLimits = {
  maxAmountCents: null,
  minConfidence: 0.8,
  purposes: [...EMAIL_PURPOSES],
};

/**
 * Why an `autonomous` campaign's email must still wait for a person; empty when it may go out.
 * `confidence` is the reader's confidence in the reply this email answers (null: not a reply).
 */
export function outsideAutoSend(
  terms: CampaignTerms,
  intent: EmailIntent,
  confidence: number | null,
): string[] {
  const limits = terms.autoSend;
  const reasons: string[] = [];
  if (!limits.purposes.includes(intent.purpose))
    reasons.push(`${intent.purpose.replace("_", " ")} emails are not sent automatically`);
  const amount = intent.offer?.amountCents ?? null;
  if (amount !== null && limits.maxAmountCents !== null && amount > limits.maxAmountCents)
    reasons.push(
      `the offer of ${formatUsd(amount)} is above the ${formatUsd(limits.maxAmountCents)} auto-send limit`,
    );
  if (confidence !== null && confidence < limits.minConfidence)
    reasons.push(
      `their reply was read with confidence ${confidence}, below the ${limits.minConfidence} auto-send threshold`,
    );
  return reasons;
}
