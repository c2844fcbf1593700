import type { Env } from "../env";
import { type AuditEvent, systemAuditEvent } from "../ports/audit-sink";
import type { EffectMessage } from "../queues/messages";
import { enqueue } from "../queues/routes";
import { writeAudit } from "../queues/write-audit";

/** Something a source could not do or read, told to the team: an audit row and a notification. */
export interface SourceReport {
  /** Deterministic: the same problem reported again lands once. */
  id: string;
  at: string;
  campaignId: string | null;
  actor: string;
  auditType: string;
  notificationKind: string;
  title: string;
  detail: string;
  data: Record<string, unknown>;
  requestId: string | null;
  creator?: { name: string | null; email: string | null };
}

/** Audit rows at once; notifications through the queue, so a Slack outage only delays them. */
export async function reportToTeam(env: Env, reports: SourceReport[]): Promise<void> {
  if (reports.length === 0) return;
  const messages: EffectMessage[] = [];
  for (const r of reports) {
    const event: AuditEvent = systemAuditEvent({
      id: r.id,
      at: r.at,
      type: r.auditType,
      campaignId: r.campaignId,
      actor: r.actor,
      requestId: r.requestId,
      creatorName: r.creator?.name ?? null,
      creatorEmail: r.creator?.email ?? null,
      data: r.data,
    });
    await writeAudit(env, event);
    messages.push({
      type: "notify",
      version: 1,
      key: `notify:${r.id}`,
      requestId: r.requestId,
      notification: {
        id: r.id,
        at: r.at,
        kind: r.notificationKind,
        campaignId: r.campaignId,
        negotiationId: null,
        title: r.title,
        detail: r.detail,
        data: { reason: r.detail, evidence: [] },
      },
    });
  }
  await enqueue(env, ...messages);
}
