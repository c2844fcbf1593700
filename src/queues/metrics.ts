import type { Env } from "../env";
import type { AuditEvent } from "../ports/audit-sink";

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
  if (!env.METRICS) return;
  if (event.type === "model_usage") {
    // Token usage per model call: doubles [input, cache read, cache creation, output].
    const d = event.data as Record<string, unknown>;
    const n = (k: string) => (typeof d[k] === "number" ? (d[k] as number) : 0);
    env.METRICS.writeDataPoint({
      indexes: [event.campaignId ?? "none"],
      blobs: ["model_usage", String(d.call ?? ""), String(d.model ?? "")],
      doubles: [
        n("inputTokens"),
        n("cacheReadTokens"),
        n("cacheCreationTokens"),
        n("outputTokens"),
      ],
    });
    return;
  }
  if (!METRIC_TYPES.has(event.type)) return;
  env.METRICS.writeDataPoint({
    indexes: [event.campaignId ?? "none"],
    blobs: [event.type, event.campaignId ?? "", event.negotiationId ?? ""],
    doubles: [event.amountCents ?? 0],
  });
}
