import type { Env } from "../env";
import type { AuditEvent } from "./messages";

/** Audit types that are business metrics. */
const METRIC_TYPES = new Set([
  "email_sent",
  "reply_read",
  "offer",
  "agreement",
  "escalated",
  "dead_letter",
]);

/** One Analytics Engine data point per business event: blobs [type, campaign], doubles [amount cents]. */
export function recordMetric(env: Env, event: AuditEvent): void {
  if (!METRIC_TYPES.has(event.type) || !env.METRICS) return;
  env.METRICS.writeDataPoint({
    indexes: [event.campaignId ?? "none"],
    blobs: [event.type, event.campaignId ?? "", event.negotiationId ?? ""],
    doubles: [event.amountCents ?? 0],
  });
}
