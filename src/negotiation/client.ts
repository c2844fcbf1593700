import type { Env } from "../env";
import { isNegotiationId } from "./addressing";

/**
 * The only way callers reach the negotiation and budget objects. Stubs are typed by the objects'
 * RPC interfaces (`NegotiationApi`, `CampaignBudgetApi`), through `Env`. One negotiation per
 * (campaign, creator email).
 */
function negotiationIdFor(env: Env, campaignId: string, creatorEmail: string): string {
  return env.NEGOTIATIONS.idFromName(
    `${campaignId}:${creatorEmail.trim().toLowerCase()}`,
  ).toString();
}

/** A stub for a negotiation id, or null when the id is malformed or not one of ours. */
export function negotiationStub(env: Env, id: string) {
  if (!isNegotiationId(id)) return null;
  try {
    return env.NEGOTIATIONS.get(env.NEGOTIATIONS.idFromString(id));
  } catch {
    // Well-formed hex that this namespace did not mint.
    return null;
  }
}

/** The negotiation for a creator in a campaign: its id and stub. */
export function negotiationFor(env: Env, campaignId: string, creatorEmail: string) {
  const id = negotiationIdFor(env, campaignId, creatorEmail);
  return { id, stub: env.NEGOTIATIONS.get(env.NEGOTIATIONS.idFromString(id)) };
}

/** The campaign's budget pool. */
export function budgetStub(env: Env, campaignId: string) {
  return env.BUDGETS.get(env.BUDGETS.idFromName(campaignId));
}
