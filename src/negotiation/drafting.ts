import { checkDraft, scopeFor } from "../domain/draft-rules";
import type { NegotiationEvent } from "../domain/negotiation-events";
import { escalate, settleDraft } from "../domain/negotiation-outcomes";
import type { Draft, EmailIntent, Negotiation } from "../domain/negotiation-state";
import type { Config } from "../env";
import type { EmailWriter } from "../ports/email-writer";
import { ModelRequestError, ModelUnavailableError } from "../ports/model-usage";
import type { HistoryRow } from "./store";

export interface DraftingDeps {
  config: Config;
  writer: EmailWriter;
  /** What a model failure means here: wait and retry ("throw"), or hand over to a person. */
  onModelFailure: "throw" | "escalate";
  /** Compact conversation so far, oldest first, for the writer. */
  history: string[];
  /** The reader's confidence in the reply this email answers; null when it answers none. */
  readConfidence: number | null;
  /** Sets this negotiation's commitment in the campaign budget; false when it would break it. */
  reserve(amountCents: number, budgetCents: number): Promise<boolean>;
}

/** Purposes whose email commits money: the budget pool must hold it before it is drafted. */
const COMMITS_MONEY = new Set(["opening", "counter", "answer", "agreement", "follow_up"]);

/**
 * Turns an email intent into events: reserve the money, draft the prose around the code-rendered
 * scope block, check it with the gate (one regeneration with the failures named), then route it.
 */
export async function draftEmail(
  deps: DraftingDeps,
  n: Negotiation,
  intent: EmailIntent,
  at: number,
): Promise<NegotiationEvent[]> {
  const amount =
    intent.offer && COMMITS_MONEY.has(intent.purpose) ? intent.offer.amountCents : null;
  if (
    amount !== null &&
    n.terms.budgetCents !== null &&
    !(await deps.reserve(amount, n.terms.budgetCents))
  ) {
    return escalate(n, at, "budget_exhausted", [
      `an offer of ${amount} cents would exceed the campaign budget`,
    ]);
  }
  try {
    return await draftChecked(deps, n, intent, at);
  } catch (error) {
    // A reply being handled waits and retries (its caller decides); anything else goes to a person.
    if (
      deps.onModelFailure === "throw" ||
      !(error instanceof ModelUnavailableError || error instanceof ModelRequestError)
    )
      throw error;
    return escalate(n, at, "model_unavailable", [
      `the email could not be written: ${error.message}`,
    ]);
  }
}

async function draftChecked(
  deps: DraftingDeps,
  n: Negotiation,
  intent: EmailIntent,
  at: number,
): Promise<NegotiationEvent[]> {
  const first = await write(deps, n, intent, []);
  const verdict = checkDraft(n, intent, first);
  if (verdict.ok) return settleDraft(n, intent, first, verdict, at, deps.readConfidence);
  const second = await write(deps, n, intent, verdict.failures);
  return settleDraft(n, intent, second, checkDraft(n, intent, second), at, deps.readConfidence);
}

function write(
  deps: DraftingDeps,
  n: Negotiation,
  intent: EmailIntent,
  gateFailures: string[],
): Promise<Draft> {
  return deps.writer.write({
    purpose: intent.purpose,
    brandName: deps.config.BRAND_NAME,
    senderName: deps.config.MAIL_FROM_NAME,
    creator: { name: n.creator.name, platform: n.creator.platform, handle: n.creator.handle },
    counterparty: n.counterparty,
    theirMessage: intent.theirMessage,
    questions: intent.questions,
    offer: intent.offer,
    theirAskCents: intent.theirAskCents,
    lever: intent.lever,
    cpmTargetCents: intent.offer?.shareCpmTarget ? n.terms.cpmTargetCents : null,
    product: intent.offer?.product ?? null,
    paymentTerms: n.terms.paymentTerms,
    scopeOfWork: scopeFor(n, intent),
    followUpNumber: intent.followUpNumber,
    gateFailures,
    history: deps.history,
  });
}

/** The last few emails each way, shortened: enough context for tone, never the whole thread. */
export function compactHistory(rows: HistoryRow[], limit = 6): string[] {
  return rows
    .filter((r) => r.type === "email_sent" || r.type === "email_received")
    .slice(-limit)
    .map((r) => {
      const who = r.type === "email_sent" ? "us" : "them";
      const text = String(r.data.text ?? "")
        .replace(/\s+/g, " ")
        .trim();
      return `${who}: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
    });
}
