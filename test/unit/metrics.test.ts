import { describe, expect, it } from "vitest";
import {
  dataPointOf,
  metricOfAudit,
  recordAuditMetric,
  writeMetric,
} from "../../src/observability/metrics";
import type { AuditEvent } from "../../src/ports/audit-sink";

const event = (
  type: string,
  amountCents: number | null = null,
  data: Record<string, unknown> = {},
): AuditEvent => ({
  id: `e-${type}`,
  at: "2026-11-23T10:00:00.000Z",
  type,
  campaignId: "camp-1",
  negotiationId: "neg-1",
  creatorName: "Maya",
  creatorEmail: "maya@gmail.com",
  actor: "agent",
  stateFrom: null,
  stateTo: null,
  amountCents,
  requestId: "req-1",
  data,
});

function dataset() {
  const points: AnalyticsEngineDataPoint[] = [];
  const METRICS = {
    writeDataPoint: (p: AnalyticsEngineDataPoint) => points.push(p),
  } as unknown as AnalyticsEngineDataset;
  return { points, METRICS };
}

describe("business metrics", () => {
  it("writes agreements with amount and CPM, indexed by campaign, with the request id", () => {
    const { points, METRICS } = dataset();
    recordAuditMetric(METRICS, event("agreement", 100_000, { cpmCents: 2000, tier: 2 }));
    expect(points).toEqual([
      {
        indexes: ["camp-1"],
        blobs: ["agreement", "camp-1", "neg-1", "req-1", ""],
        doubles: [100_000, 2000],
      },
    ]);
  });

  it("names what kind of event it was in blob5", () => {
    const kinds = [
      event("email_sent", 125_000, { purpose: "opening" }),
      event("reply_read", 240_000, { intent: "counter" }),
      event("offer", 96_000, { kind: "counter", cpmCents: 1920 }),
      event("escalated", null, { reason: "over_ceiling" }),
    ].map((a) => {
      const e = metricOfAudit(a);
      return e ? dataPointOf(e) : null;
    });
    expect(kinds.map((p) => [p?.blobs?.[0], p?.blobs?.[4], p?.doubles])).toEqual([
      ["email_sent", "opening", [125_000]],
      ["reply_read", "counter", [240_000]],
      ["offer", "counter", [96_000, 1920]],
      ["escalation", "over_ceiling", []],
    ]);
  });

  it("writes model tokens in and out per model", () => {
    const { points, METRICS } = dataset();
    recordAuditMetric(
      METRICS,
      event("model_usage", null, {
        call: "read",
        model: "claude-haiku-4-5",
        inputTokens: 1200,
        cacheReadTokens: 800,
        cacheCreationTokens: 0,
        outputTokens: 90,
      }),
    );
    expect(points[0]).toEqual({
      indexes: ["camp-1"],
      blobs: ["model_tokens", "camp-1", "neg-1", "req-1", "claude-haiku-4-5", "read"],
      doubles: [1200, 90, 800, 0],
    });
  });

  it("writes queue latency by queue, type and outcome", () => {
    const { points, METRICS } = dataset();
    writeMetric(METRICS, {
      name: "queue_message",
      requestId: "req-2",
      queue: "parley-emails",
      messageType: "email",
      outcome: "retry",
      latencyMs: 1500,
      attempts: 2,
    });
    expect(points[0]).toEqual({
      indexes: ["parley-emails"],
      blobs: ["queue_message", "", "", "req-2", "email", "parley-emails", "retry"],
      doubles: [1500, 2],
    });
  });

  it("ignores audit rows that are not business events, and works without the binding", () => {
    const { points, METRICS } = dataset();
    recordAuditMetric(METRICS, event("state_changed"));
    recordAuditMetric(METRICS, event("notification"));
    expect(points).toHaveLength(0);
    expect(() => recordAuditMetric(undefined, event("agreement", 1))).not.toThrow();
  });

  it("never throws when the dataset refuses a write", () => {
    const METRICS = {
      writeDataPoint: () => {
        throw new Error("too many data points");
      },
    } as unknown as AnalyticsEngineDataset;
    expect(() => recordAuditMetric(METRICS, event("agreement", 1))).not.toThrow();
  });
});
