import { describe, expect, it } from "vitest";
import type { Env } from "../../src/env";
import type { AuditEvent } from "../../src/ports/audit-sink";
import { recordMetric } from "../../src/queues/metrics";

const event = (type: string, amountCents: number | null = null): AuditEvent => ({
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
  requestId: null,
  data: {},
});

function dataset() {
  const points: AnalyticsEngineDataPoint[] = [];
  return {
    points,
    env: {
      METRICS: { writeDataPoint: (p: AnalyticsEngineDataPoint) => points.push(p) },
    } as unknown as Env,
  };
}

describe("business metrics", () => {
  it("writes one data point per business event, indexed by campaign, with the amount", () => {
    const { points, env } = dataset();
    for (const type of [
      "email_sent",
      "reply_read",
      "offer",
      "agreement",
      "escalated",
      "dead_letter",
    ]) {
      recordMetric(env, event(type, type === "agreement" ? 140_000 : null));
    }
    expect(points.map((p) => p.blobs?.[0])).toEqual([
      "email_sent",
      "reply_read",
      "offer",
      "agreement",
      "escalated",
      "dead_letter",
    ]);
    expect(points[3]).toEqual({
      indexes: ["camp-1"],
      blobs: ["agreement", "camp-1", "neg-1"],
      doubles: [140_000],
    });
  });

  it("ignores bookkeeping events and a missing dataset", () => {
    const { points, env } = dataset();
    recordMetric(env, event("state_changed"));
    recordMetric(env, event("notification"));
    expect(points).toHaveLength(0);
    expect(() => recordMetric({} as Env, event("agreement", 1))).not.toThrow();
  });
});
