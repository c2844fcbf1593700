import type { Env } from "../env";
import { isNegotiationId } from "./addressing";

/** The only way callers reach a negotiation object. One object per (campaign, creator email). */
export function negotiationIdFor(env: Env, campaignId: string, creatorEmail: string): string {
  return env.NEGOTIATIONS.idFromName(
    `${campaignId}:${creatorEmail.trim().toLowerCase()}`,
  ).toString();
}

/** A stub for a negotiation id, or null when the id is malformed. */
export function negotiationStub(env: Env, id: string) {
  if (!isNegotiationId(id)) return null;
  return env.NEGOTIATIONS.get(env.NEGOTIATIONS.idFromString(id));
}
