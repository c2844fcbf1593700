import type { SlotName } from "../../domain/draft-slots";
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
    greeting: manager ? "Hello," : `Hi ${first},`,
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

/** Replies to their questions by topic, answering from the decided values when they are known. */
export function questionParagraph(request: WriteRequest): string | null {
  const topics = request.reply?.questionTopics ?? [];
  if (topics.length === 0) return null;
  const answers = topics.map((topic) => {
    switch (topic) {
      case "deliverables":
        if (has(request, "SCOPE_OF_WORK"))
          return "On what's included: the scope of work below lists exactly what we're asking for.";
        return has(request, "DELIVERABLES")
          ? "On what's included: the deliverables are {{DELIVERABLES}}."
          : "On what's included: I'll confirm the exact deliverables with the team.";
      case "usage_rights":
        return has(request, "USAGE")
          ? "On usage rights: the offer includes {{USAGE}}, as set out in the scope of work."
          : "On that point: I'm confirming the details with the team and will get back to you.";
      case "payment":
        return has(request, "PAYMENT_TERMS")
          ? "On payment: our terms are {{PAYMENT_TERMS}}."
          : "On payment: I'll confirm the details with the team.";
      case "timing":
        return "On timing: I'm checking the schedule with the team and will come back to you shortly.";
      case "product":
        return has(request, "PRODUCT")
          ? "On the product: {{PRODUCT}} is part of the offer, and I'll confirm the shipping details with the team."
          : "On that point: I'll confirm the details with the team and follow up.";
      default:
        return "On your other question: I'm checking with the team and will get back to you shortly.";
    }
  });
  const lead = topics.length === 1 ? "Thanks for your question." : "Thanks for your questions.";
  return [lead, ...new Set(answers)].join(" ");
}

/** Joins paragraphs, dropping empty ones. */
export const paragraphs = (...parts: (string | null | undefined | false)[]): string =>
  parts
    .filter((part): part is string => typeof part === "string" && part.trim() !== "")
    .join("\n\n");
