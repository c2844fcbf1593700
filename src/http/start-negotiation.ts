import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { campaigns } from "../db/schema";
import type { InvalidInput } from "../rpc-input";
import type { AppEnv } from "./context";
import { ApiError, notFound } from "./errors";

export { type StartCreator, startNegotiation } from "../campaigns/creator-rows";

export type CampaignRow = typeof campaigns.$inferSelect;

/** The campaign, or a 404 ApiError. */
export async function findCampaign(env: AppEnv["Bindings"], id: string): Promise<CampaignRow> {
  const row = (
    await drizzle(env.DB).select().from(campaigns).where(eq(campaigns.id, id)).limit(1)
  )[0];
  if (!row) throw notFound("Campaign");
  return row;
}

/** A refused start as the HTTP error it is. */
export const startRefused = (outcome: InvalidInput) =>
  new ApiError(
    "validation_failed",
    "The negotiation could not be started with these values.",
    outcome.details,
  );
