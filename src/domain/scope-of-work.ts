/**
 * The scope-of-work block: rendered by code from the engine's offer, never by the model, and
 * checked verbatim by the outgoing-email gate (DOMAIN.md §8).
 */
import { formatUsd } from "./money";
import type { Offer, Platform } from "./types";

export const SCOPE_START = "--- Scope of work ---";
export const SCOPE_END = "---";

export interface ScopeOfWorkInput {
  offer: Offer;
  creatorHandle: string | null;
  platform: Platform;
  paymentTerms: string;
  /** Agreement emails also state the payment terms. */
  agreement: boolean;
}

export const PLATFORM_NAMES: Record<Platform, string> = {
  instagram: "Instagram",
  tiktok: "TikTok",
  youtube: "YouTube",
};

/** One line per field: collapsing whitespace keeps a value from forging a line or an end marker. */
const oneLine = (value: string): string => value.replace(/\s+/g, " ").trim();

function handleLabel(handle: string | null): string | null {
  const clean = handle === null ? "" : oneLine(handle);
  if (clean === "") return null;
  return clean.startsWith("@") ? clean : `@${clean}`;
}

/** The usage-rights terms, as the scope block and the `{{USAGE}}` slot state them. */
export function usageLine(usageDays: number | null): string {
  if (usageDays === null) return "Organic posting only — no paid usage rights";
  return `${usageDays} ${usageDays === 1 ? "day" : "days"} of paid and organic usage`;
}

export function renderScopeOfWork(input: ScopeOfWorkInput): string {
  const { offer } = input;
  const handle = handleLabel(input.creatorHandle);
  const deliverables = `${oneLine(offer.deliverables)} on ${PLATFORM_NAMES[input.platform]}${
    handle ? ` for ${handle}` : ""
  }`;
  const lines = [
    SCOPE_START,
    `Deliverables: ${deliverables}`,
    `Usage rights: ${usageLine(offer.usageDays)}`,
  ];
  if (offer.product) {
    lines.push(`Product: ${oneLine(offer.product.description)}, included in addition to the rate`);
  }
  if (offer.syndication) {
    lines.push("Cross-posting: we also share the content on our brand channels, crediting you");
  }
  lines.push(`Rate: ${formatUsd(offer.amountCents)} flat fee`);
  if (input.agreement) lines.push(`Payment terms: ${oneLine(input.paymentTerms)}`);
  lines.push(SCOPE_END);
  return lines.join("\n");
}
