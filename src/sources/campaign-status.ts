import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { CampaignRow } from "../campaigns/upsert";
import { campaigns, negotiations } from "../db/schema";
import { isTerminal, NEGOTIATION_STATES, type NegotiationState } from "../domain/negotiation-state";
import type { Env } from "../env";
import { negotiationStub } from "../negotiation/client";
import { inPool } from "../negotiation/in-pool";
import { systemAuditEvent } from "../ports/audit-sink";
import type { CampaignStatusAction } from "../ports/campaign-source";
import { writeAudit } from "../queues/write-audit";

const NEXT_STATUS: Record<CampaignStatusAction, string> = {
  pause: "paused",
  stop: "stopped",
  resume: "active",
};

const COMMAND: Record<CampaignStatusAction, "pause" | "stop" | "resume"> = {
  pause: "pause",
  stop: "stop",
  resume: "resume",
};

const isOpen = (state: string) =>
  (NEGOTIATION_STATES as readonly string[]).includes(state) &&
  !isTerminal(state as NegotiationState);

/**
 * A campaign paused, stopped or resumed from its source: its status (the sheet poll skips a
 * campaign that is not active) and each of its open negotiations, commanded as the integration.
 * A stopped campaign stays stopped. Safe to repeat: a command that no longer applies is refused
 * by the negotiation and skipped.
 */
export async function applyCampaignStatus(
  env: Env,
  campaign: CampaignRow,
  action: CampaignStatusAction,
  ctx: { actor: string; requestId: string | null; reason: string },
): Promise<void> {
  if (campaign.status === "stopped") return;
  const db = drizzle(env.DB);
  const status = NEXT_STATUS[action];
  const now = new Date().toISOString();
  if (campaign.status !== status) {
    await db.update(campaigns).set({ status, updatedAt: now }).where(eq(campaigns.id, campaign.id));
    await writeAudit(
      env,
      systemAuditEvent({
        id: `campaign_status:${campaign.id}:${status}:${now}`,
        at: now,
        type: `campaign_${status === "active" ? "resumed" : status}`,
        campaignId: campaign.id,
        actor: ctx.actor,
        stateFrom: campaign.status,
        stateTo: status,
        requestId: ctx.requestId,
        data: { reason: ctx.reason },
      }),
    );
    campaign.status = status;
  }
  const rows = await db
    .select({ id: negotiations.id, state: negotiations.state })
    .from(negotiations)
    .where(eq(negotiations.campaignId, campaign.id));
  const targets = rows.filter((r) =>
    action === "resume"
      ? r.state === "paused"
      : isOpen(r.state) && !(action === "pause" && r.state === "paused"),
  );
  await inPool(targets, async (row) => {
    const stub = negotiationStub(env, row.id);
    if (!stub) return;
    // Refused (already closed, already paused): the negotiation's own answer decides.
    await stub.command({ command: COMMAND[action], actor: ctx.actor, requestId: ctx.requestId });
  });
}
