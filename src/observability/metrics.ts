import type { AuditEvent } from "../ports/audit-sink";

/**
 * Business metrics in Workers Analytics Engine (dataset `parley_events`, binding `METRICS`).
 * One data point per event, every event with the same layout, so one query shape reads them all
 * (docs/metrics.md explains each field and has the SQL API queries):
 *
 * | field   | holds                                                                  |
 * |---------|------------------------------------------------------------------------|
 * | index1  | campaign id (`none` without one); queue events: the queue               |
 * | blob1   | event name (`METRIC_EVENTS`)                                            |
 * | blob2   | campaign id, or ""                                                      |
 * | blob3   | negotiation id, or ""                                                   |
 * | blob4   | request id, or ""                                                       |
 * | blob5   | what kind: email purpose, reply intent, offer kind, escalation reason, model, message type |
 * | blob6   | more of it: model call; queue name                                      |
 * | blob7   | queue outcome: `ack`, `retry`, `give_up`                                |
 * | double1 | amount in cents; input tokens; queue latency in ms                      |
 * | double2 | CPM in cents; output tokens; delivery attempts                          |
 * | double3 | cache-read input tokens                                                 |
 * | double4 | cache-creation input tokens                                             |
 *
 * Counted once: negotiation events are written when their audit row is first recorded (a
 * redelivered audit message records nothing and writes nothing).
 */
export const METRIC_EVENTS = [
  "email_sent",
  "reply_read",
  "offer",
  "agreement",
  "escalation",
  "model_tokens",
  "queue_message",
  "dead_letter",
] as const;
export type MetricName = (typeof METRIC_EVENTS)[number];

interface About {
  campaignId: string | null;
  negotiationId: string | null;
  requestId: string | null;
}

export type MetricEvent =
  | (About & { name: "email_sent"; purpose: string; amountCents: number | null })
  | (About & { name: "reply_read"; intent: string; amountCents: number | null })
  | (About & { name: "offer"; kind: string; amountCents: number; cpmCents: number | null })
  | (About & { name: "agreement"; amountCents: number; cpmCents: number | null })
  | (About & { name: "escalation"; reason: string })
  | (About & {
      name: "model_tokens";
      model: string;
      call: string;
      inputTokens: number;
      outputTokens: number;
      cacheReadTokens: number;
      cacheCreationTokens: number;
    })
  | {
      name: "queue_message";
      requestId: string | null;
      queue: string;
      messageType: string;
      outcome: "ack" | "retry" | "give_up";
      latencyMs: number;
      attempts: number;
    }
  | {
      name: "dead_letter";
      requestId: string | null;
      negotiationId: string | null;
      queue: string;
      messageType: string;
      attempts: number;
    };

/** The data point of one event, in the layout above. */
export function dataPointOf(e: MetricEvent): AnalyticsEngineDataPoint {
  const point = (
    index: string,
    about: { campaignId?: string | null; negotiationId: string | null; requestId: string | null },
    more: (string | null)[],
    doubles: number[],
  ): AnalyticsEngineDataPoint => ({
    indexes: [index.slice(0, 96)],
    blobs: [
      e.name,
      about.campaignId ?? "",
      about.negotiationId ?? "",
      about.requestId ?? "",
      ...more.map((b) => b ?? ""),
    ],
    doubles,
  });
  const campaign = "campaignId" in e ? (e.campaignId ?? "none") : "none";
  switch (e.name) {
    case "email_sent":
      return point(campaign, e, [e.purpose], [e.amountCents ?? 0]);
    case "reply_read":
      return point(campaign, e, [e.intent], [e.amountCents ?? 0]);
    case "offer":
      return point(campaign, e, [e.kind], [e.amountCents, e.cpmCents ?? 0]);
    case "agreement":
      return point(campaign, e, [""], [e.amountCents, e.cpmCents ?? 0]);
    case "escalation":
      return point(campaign, e, [e.reason], []);
    case "model_tokens":
      return point(
        campaign,
        e,
        [e.model, e.call],
        [e.inputTokens, e.outputTokens, e.cacheReadTokens, e.cacheCreationTokens],
      );
    case "queue_message":
      return point(
        e.queue,
        { negotiationId: null, requestId: e.requestId },
        [e.messageType, e.queue, e.outcome],
        [e.latencyMs, e.attempts],
      );
    case "dead_letter":
      return point(e.queue, e, [e.messageType, e.queue], [0, e.attempts]);
  }
}

/**
 * Writes one event; never throws (a metric is never worth failing the work it measures). Does
 * nothing without the binding.
 */
export function writeMetric(dataset: AnalyticsEngineDataset | undefined, e: MetricEvent): void {
  if (!dataset) return;
  try {
    dataset.writeDataPoint(dataPointOf(e));
  } catch (error) {
    console.error(
      JSON.stringify({ msg: "metric not written", name: e.name, error: String(error) }),
    );
  }
}

const text = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const numOrNull = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** The business event an audit row stands for, or null when it is not one. */
export function metricOfAudit(a: AuditEvent): MetricEvent | null {
  const about = {
    campaignId: a.campaignId,
    negotiationId: a.negotiationId,
    requestId: a.requestId,
  };
  const d = a.data;
  switch (a.type) {
    case "email_sent":
      return { name: "email_sent", ...about, purpose: text(d.purpose), amountCents: a.amountCents };
    case "reply_read":
      return { name: "reply_read", ...about, intent: text(d.intent), amountCents: a.amountCents };
    case "offer":
      return a.amountCents === null
        ? null
        : {
            name: "offer",
            ...about,
            kind: text(d.kind),
            amountCents: a.amountCents,
            cpmCents: numOrNull(d.cpmCents),
          };
    case "agreement":
      return a.amountCents === null
        ? null
        : {
            name: "agreement",
            ...about,
            amountCents: a.amountCents,
            cpmCents: numOrNull(d.cpmCents),
          };
    case "escalated":
      return { name: "escalation", ...about, reason: text(d.reason, "unknown") };
    case "model_usage":
      return {
        name: "model_tokens",
        ...about,
        model: text(d.model, "unknown"),
        call: text(d.call),
        inputTokens: num(d.inputTokens),
        outputTokens: num(d.outputTokens),
        cacheReadTokens: num(d.cacheReadTokens),
        cacheCreationTokens: num(d.cacheCreationTokens),
      };
    default:
      return null;
  }
}

/** Writes the business event of an audit row, if it is one. */
export function recordAuditMetric(
  dataset: AnalyticsEngineDataset | undefined,
  a: AuditEvent,
): void {
  const e = metricOfAudit(a);
  if (e) writeMetric(dataset, e);
}
