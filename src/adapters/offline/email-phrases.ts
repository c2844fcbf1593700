import { formatUsd } from "../../domain/money";
import type { Platform } from "../../domain/types";
import type { WriteRequest } from "../../ports/email-writer";

/**
 * Building blocks of the offline writer. Invariant: the only money amounts any phrase may print
 * are the ones the engine put in the request for this email (offer, their ask, product value
 * with the product lever, CPM target with the share lever). Untrusted text (their message and
 * questions) is never echoed back.
 */

const PLATFORM_LABEL: Record<Platform, string> = {
  instagram: "Instagram",
  tiktok: "TikTok",
  youtube: "YouTube",
};

export interface Voice {
  manager: boolean;
  /** The creator's first name, or "there" when unknown. */
  first: string;
  greeting: string;
  /** "your" to the creator, "Jane's" to a manager. */
  talentPossessive: string;
  signOff: string;
}

export function voiceFor(request: WriteRequest): Voice {
  const first = request.creator.name.trim().split(/\s+/)[0] || "there";
  const manager = request.counterparty.type === "manager";
  return {
    manager,
    first,
    greeting: manager ? "Hello," : `Hi ${first},`,
    talentPossessive: manager ? `${first}'s` : "your",
    signOff: `${manager ? "Kind regards" : "Best"},\n${request.senderName}\n${request.brandName}`,
  };
}

export const platformLabel = (platform: Platform): string => PLATFORM_LABEL[platform];

export function handleLabel(handle: string | null): string {
  const trimmed = handle?.trim().replace(/^@+/, "") ?? "";
  return trimmed === "" ? "" : ` (@${trimmed})`;
}

export const offerAmount = (request: WriteRequest): string | null =>
  request.offer === null ? null : formatUsd(request.offer.amountCents);

export const theirAsk = (request: WriteRequest): string | null =>
  request.theirAskCents === null ? null : formatUsd(request.theirAskCents);

/** One sentence explaining the lever the engine used this round, or null. */
export function leverSentence(request: WriteRequest, voice: Voice): string | null {
  const { offer } = request;
  switch (request.lever) {
    case "deliverable_tier":
      return offer === null
        ? "We could make it work for a smaller scope."
        : `We could make it work for a smaller scope: ${offer.deliverables}.`;
    case "usage_rights":
      return offer?.usageDays
        ? `We've also shortened the usage rights to ${offer.usageDays} days.`
        : "We've also shortened the usage rights period.";
    case "product": {
      const product = request.product ?? offer?.product ?? null;
      if (product === null) return null;
      return `On top of the fee, we'd include ${product.description} (a ${formatUsd(product.valueCents)} value).`;
    }
    case "syndication":
      return `We'd also cross-post the content on ${request.brandName}'s own channels with credit to ${voice.manager ? voice.first : "you"}, for extra visibility.`;
    case "share_cpm_target":
      if (request.cpmTargetCents === null) return null;
      return `To be transparent about how we budget: we work to a ${formatUsd(request.cpmTargetCents)} CPM target (cost per thousand views), and this offer is built on it.`;
    default:
      return null;
  }
}

type QuestionTopic = "scope" | "usage" | "payment" | "timeline" | "product" | "other";

const TOPICS: [QuestionTopic, RegExp][] = [
  ["usage", /\b(usage|rights|whitelist|allowlist|licens|paid\s+ads|repost|own\s+channels)/i],
  ["payment", /\b(pay|paid|payment|invoice|net\s*\d|upfront|deposit)/i],
  ["timeline", /\b(when|timeline|deadline|date|go\s+live|post\s+by|due|schedule)/i],
  ["product", /\b(product|ship|shipping|sample|gift|send\s+me)/i],
  [
    "scope",
    /\b(deliverable|reel|post|stor(y|ies)|video|scope|include|tiktok|short|integration|how\s+many|brief|content)/i,
  ],
];

function topicOf(question: string): QuestionTopic {
  return TOPICS.find(([, pattern]) => pattern.test(question))?.[0] ?? "other";
}

/** Replies to their questions by topic, answering from the request when the answer is known. */
export function questionParagraph(request: WriteRequest): string | null {
  if (request.questions.length === 0) return null;
  const topics = [...new Set(request.questions.map(topicOf))];
  const answers = topics.map((topic) => {
    switch (topic) {
      case "scope":
        if (request.scopeOfWork !== null) {
          return "On what's included: the scope of work below lists exactly what we're asking for.";
        }
        return request.offer === null
          ? "On what's included: I'll confirm the exact deliverables with the team."
          : `On what's included: the deliverables are ${request.offer.deliverables}.`;
      case "usage":
        return request.offer?.usageDays
          ? `On usage rights: they run for ${request.offer.usageDays} days, as set out in the scope of work.`
          : "On usage rights: I'm confirming the details with the team and will get back to you.";
      case "payment":
        return request.paymentTerms.trim() === ""
          ? "On payment: I'll confirm the payment terms with the team."
          : `On payment: our terms are ${stripPeriod(request.paymentTerms)}.`;
      case "timeline":
        return "On timing: I'm checking the schedule with the team and will come back to you shortly.";
      case "product":
        return "On the product: I'll confirm the details with the team and follow up.";
      default:
        return "On your other question: I'm checking with the team and will get back to you shortly.";
    }
  });
  const lead =
    request.questions.length === 1 ? "Thanks for your question." : "Thanks for your questions.";
  return [lead, ...answers].join(" ");
}

export const stripPeriod = (text: string): string => text.trim().replace(/[.\s]+$/, "");

/** Joins paragraphs, dropping empty ones. */
export const paragraphs = (...parts: (string | null | undefined | false)[]): string =>
  parts
    .filter((part): part is string => typeof part === "string" && part.trim() !== "")
    .join("\n\n");
