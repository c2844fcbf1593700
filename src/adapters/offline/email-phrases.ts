import type { SlotName } from "../../domain/draft-slots";
import type { QuestionTopic } from "../../domain/question-topics";
import type { WriteRequest } from "../../ports/email-writer";

/**
 * Building blocks of the offline writer. Invariant: phrases never print a value; every name,
 * amount and term is a `{{SLOT}}` token that code fills from the engine's decision, and a token
 * is used only when the request lists its slot. Their words are never echoed back (the request
 * has none).
 */

export interface Voice {
  manager: boolean;
  /** The creator, by first name for a manager, "you" for the creator. */
  talent: string;
  greeting: string;
  signOff: string;
}

export const has = (request: WriteRequest, slot: SlotName): boolean => request.slots.includes(slot);

export function voiceFor(request: WriteRequest): Voice {
  const manager = request.counterparty.type === "manager";
  const named = has(request, "CREATOR_FIRST_NAME") && request.creator.name.trim() !== "";
  const first = named ? "{{CREATOR_FIRST_NAME}}" : "there";
  return {
    manager,
    talent: manager && named ? first : "you",
    greeting: !manager
      ? `Hi ${first},`
      : has(request, "MANAGER_FIRST_NAME")
        ? "Hi {{MANAGER_FIRST_NAME}},"
        : "Hello,",
    signOff: `${manager ? "Kind regards" : "Best"},\n{{SENDER_NAME}}\n{{BRAND}}`,
  };
}

/** "(@handle)" after the platform, when there is a handle. */
export const handleLabel = (request: WriteRequest): string =>
  has(request, "HANDLE") ? " ({{HANDLE}})" : "";

/** One sentence explaining the lever the engine used this round, or null. */
export function leverSentence(request: WriteRequest, voice: Voice): string | null {
  switch (request.lever) {
    case "deliverable_tier":
      return has(request, "DELIVERABLES")
        ? "We could make it work for a smaller scope: {{DELIVERABLES}}."
        : "We could make it work for a smaller scope.";
    case "usage_rights":
      return has(request, "USAGE")
        ? "We've also shortened the usage rights to {{USAGE}}."
        : "We've also shortened the usage rights period.";
    case "product":
      if (!has(request, "PRODUCT")) return null;
      return has(request, "PRODUCT_VALUE")
        ? "On top of the fee, we'd include {{PRODUCT}} (a {{PRODUCT_VALUE}} value)."
        : "On top of the fee, we'd include {{PRODUCT}}.";
    case "syndication":
      return `We'd also cross-post the content on {{BRAND}}'s own channels with credit to ${voice.talent}, for more visibility.`;
    case "share_cpm_target":
      return has(request, "CPM_TARGET")
        ? "To be transparent about how we budget: we work to a {{CPM_TARGET}} CPM target (cost per thousand views)."
        : null;
    default:
      return null;
  }
}

/** What the email says to each topic they asked about; each answer is a decided value (a slot). */
const ANSWERS: Record<QuestionTopic, (request: WriteRequest) => string | null> = {
  deliverables: (r) =>
    has(r, "SCOPE_OF_WORK")
      ? "On what's included: the scope of work below lists exactly what we're asking for."
      : has(r, "DELIVERABLES")
        ? "On what's included: the deliverables are {{DELIVERABLES}}."
        : null,
  usage_rights: (r) =>
    has(r, "USAGE") ? "On usage rights: {{USAGE}}, as set out in the scope of work." : null,
  payment: (r) => (has(r, "PAYMENT_TERMS") ? "On payment: our terms are {{PAYMENT_TERMS}}." : null),
  timing: (r) =>
    has(r, "POSTING_WINDOW") ? "On timing: the content goes live {{POSTING_WINDOW}}." : null,
  revisions: (r) =>
    has(r, "REVISIONS") ? "On revisions: the brief includes {{REVISIONS}}." : null,
  approval: (r) => (has(r, "CONTENT_APPROVAL") ? "On approval: {{CONTENT_APPROVAL}}." : null),
  exclusivity: (r) => (has(r, "EXCLUSIVITY") ? "On exclusivity: {{EXCLUSIVITY}}." : null),
  product: (r) =>
    has(r, "PRODUCT_DETAILS")
      ? "On the product: {{PRODUCT_DETAILS}}."
      : has(r, "PRODUCT")
        ? "On the product: {{PRODUCT}} is part of the offer."
        : null,
  other: () => null,
};

/**
 * Answers to their questions, from decided values only; questions only the team can answer are
 * said to be with the team (a question notification makes that true).
 */
export function questionParagraph(request: WriteRequest): string | null {
  const reply = request.reply;
  if (!reply) return null;
  const answers = [
    ...new Set(reply.questionTopics.map((topic) => ANSWERS[topic](request))),
    has(request, "FAQ_ANSWERS") ? "{{FAQ_ANSWERS}}" : null,
  ].filter((a): a is string => a !== null);
  const team = reply.askedTeam
    ? answers.length
      ? "I've passed your other question on to the team, and they'll come back to you on it."
      : "I've passed your question on to the team, and they'll come back to you on it."
    : null;
  if (answers.length === 0 && !team) return null;
  const lead = answers.length > 1 ? "Thanks for your questions." : "Thanks for your question.";
  return [lead, ...answers, team].filter(Boolean).join(" ");
}

/** Joins paragraphs, dropping empty ones. */
export const paragraphs = (...parts: (string | null | undefined | false)[]): string =>
  parts
    .filter((part): part is string => typeof part === "string" && part.trim() !== "")
    .join("\n\n");
