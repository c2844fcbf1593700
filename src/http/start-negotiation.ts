import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type * as z from "zod/mini";
import { campaigns } from "../db/schema";
import { requireConfig } from "../env";
import { campaignPool } from "../gmail/mailbox-pool";
import type { StartOutcome } from "../negotiation/api";
import { negotiationFor } from "../negotiation/client";
import type { InvalidInput } from "../rpc-input";
import type { AppEnv } from "./context";
import { ApiError, notFound } from "./errors";
import { MailboxAssigner } from "./mailbox-assignment";
import type { StartNegotiationSchema } from "./schemas";

export type CampaignRow = typeof campaigns.$inferSelect;
export type StartCreator = z.infer<typeof StartNegotiationSchema>["creator"];

/** The campaign, or a 404 ApiError. */
export async function findCampaign(env: AppEnv["Bindings"], id: string): Promise<CampaignRow> {
  const row = (
    await drizzle(env.DB).select().from(campaigns).where(eq(campaigns.id, id)).limit(1)
  )[0];
  if (!row) throw notFound("Campaign");
  return row;
}

/** Places the negotiations one request starts on the campaign's pool of sending mailboxes. */
export const assignerFor = (env: AppEnv["Bindings"], campaign: CampaignRow) => {
  const config = requireConfig(env);
  return new MailboxAssigner(env, config, campaignPool(config, campaign.terms.mailboxes));
};

/**
 * The one way a negotiation starts, for single and bulk starts alike. Idempotent per
 * (campaign, creator email): the object returns the existing negotiation with `created: false`,
 * and it keeps the mailbox it was given when it started. A new one gets the pool mailbox with the
 * least load (`assigner`, shared by every row of an import). The object parses what it is given:
 * a refusal names the fields (the creator was checked by the route, so it points at the stored
 * campaign terms or a bug).
 */
export async function startNegotiation(
  env: AppEnv["Bindings"],
  campaign: CampaignRow,
  creator: StartCreator,
  requestId: string | null,
  assigner: MailboxAssigner = assignerFor(env, campaign),
): Promise<StartOutcome> {
  const { id, stub } = negotiationFor(env, campaign.id, creator.email);
  // The pool is the campaign's; the negotiation's own terms carry only what prices and words it.
  const { mailboxes: _, ...terms } = campaign.terms;
  const mailbox = await assigner.pick(id);
  const outcome = await stub.start({
    id,
    campaignId: campaign.id,
    creator,
    terms,
    requestId,
    mailbox,
  });
  if (outcome.ok && outcome.created) await assigner.claim(mailbox, id, requestId);
  else await assigner.unpick(mailbox);
  return outcome;
}

/** A refused start as the HTTP error it is. */
export const startRefused = (outcome: InvalidInput) =>
  new ApiError(
    "validation_failed",
    "The negotiation could not be started with these values.",
    outcome.details,
  );
