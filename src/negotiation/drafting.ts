import { checkDraft, type GateContext, subjectFor } from "../domain/draft-rules";
import { fillSlots, SLOT_NAMES, slotValues } from "../domain/draft-slots";
import type { NegotiationEvent } from "../domain/negotiation-events";
import { escalate, settleDraft } from "../domain/negotiation-outcomes";
import type { Draft, EmailIntent, Negotiation } from "../domain/negotiation-state";
import type { Config } from "../env";
import type { EmailWriter, WriteRequest } from "../ports/email-writer";
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
  const context = gateContext(deps);
  const first = await write(deps, n, intent, []);
  const verdict = checkDraft(n, intent, first, context);
  if (verdict.ok) return settleDraft(n, intent, first, verdict, at, deps.readConfidence);
  const second = await write(deps, n, intent, verdict.advice);
  return settleDraft(
    n,
    intent,
    second,
    checkDraft(n, intent, second, context),
    at,
    deps.readConfidence,
  );
}

/** The gate's context for this deployment's writer: who sends, and what the writer was told. */
export function gateContext(deps: { config: Config; writer: EmailWriter }): GateContext {
  return {
    brandName: deps.config.BRAND_NAME,
    senderName: deps.config.MAIL_FROM_NAME,
    instructions: deps.writer.instructions,
  };
}

/** The writer drafts prose around slots; code fills them and sets the subject. */
async function write(
  deps: DraftingDeps,
  n: Negotiation,
  intent: EmailIntent,
  gateFailures: string[],
): Promise<Draft> {
  const sender = { brandName: deps.config.BRAND_NAME, senderName: deps.config.MAIL_FROM_NAME };
  const values = slotValues(n, intent, sender);
  const template = await deps.writer.write(
    writeRequest(n, intent, sender, values, { gateFailures, history: deps.history }),
  );
  return { subject: subjectFor(n, intent.purpose, sender), body: fillSlots(template.body, values) };
}

/** What the writer is told for one email: the decision as facts and the slots it may use. */
export function writeRequest(
  n: Negotiation,
  intent: EmailIntent,
  sender: { brandName: string; senderName: string },
  values: ReturnType<typeof slotValues>,
  context: Pick<WriteRequest, "gateFailures" | "history">,
): WriteRequest {
  return {
    purpose: intent.purpose,
    brandName: sender.brandName,
    senderName: sender.senderName,
    creator: { name: n.creator.name, platform: n.creator.platform, handle: n.creator.handle },
    counterparty: n.counterparty,
    // Intents stored before replies were reduced to facts carry none.
    reply: intent.reply,
    slots: SLOT_NAMES.filter((name) => values[name] !== undefined),
    lever: intent.lever,
    followUpNumber: intent.followUpNumber,
    exchange: exchangeOf(intent),
    ...context,
  };
}

/** Which counter this is and whether it holds our amount, from the engine's rationale. */
function exchangeOf(intent: EmailIntent): WriteRequest["exchange"] {
  if (intent.purpose !== "counter" || !intent.offer) return null;
  const { round, decision } = intent.offer.rationale;
  return { counter: round + 1, held: decision === "hold" };
}

/**
 * The conversation as the writer may see it: our own emails (each passed the gate) in full but
 * shortened, and theirs only as the facts code verified. Never their words.
 */
export function compactHistory(rows: HistoryRow[], limit = 6): string[] {
  return rows
    .filter((r) => r.type === "email_sent" || r.type === "email_received")
    .slice(-limit)
    .map((r) => {
      if (r.type === "email_received") return `them: ${replySummary(r)}`;
      const text = String(r.data.text ?? "")
        .replace(/\s+/g, " ")
        .trim();
      return `us: ${text.length > 400 ? `${text.slice(0, 400)}…` : text}`;
    });
}

function replySummary({ actor, data }: HistoryRow): string {
  if (actor.startsWith("user:")) return "a member of our team replied";
  const parts = [typeof data.intent === "string" ? data.intent.replace("_", " ") : "a reply"];
  if (typeof data.amountCents === "number") parts.push("named a rate");
  const topics = Array.isArray(data.questionTopics) ? data.questionTopics : [];
  if (topics.length) parts.push(`asked about ${topics.join(", ").replaceAll("_", " ")}`);
  return parts.join(", ");
}
