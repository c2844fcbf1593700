import { describe, expect, it } from "vitest";
import { FULL_PER_CLIENT, FULL_PER_KIND } from "../../src/audit/security-events";
import { api, eventually } from "./helpers";

type Event = { id: string; at: string; actor: string; data: Record<string, unknown> };

async function securityEvents(): Promise<Event[]> {
  const { json } = await api("GET", "/api/audit?type=security_event&limit=1000");
  return json.events as Event[];
}

describe("security events under a flood", () => {
  it("writes the first few in full, counts the rest into one summary row per minute", async () => {
    const ip = "198.51.100.77";
    const flood = 60;
    const answers = await Promise.all(
      Array.from({ length: flood }, (_, i) =>
        api("GET", "/api/campaigns", undefined, {
          authorization: `Bearer wrong-token-${i}`,
          "cf-connecting-ip": ip,
        }),
      ),
    );
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("unauthorized");
    }
    const settled = await eventually(async () => {
      const events = await securityEvents();
      const full = events.filter((e) => e.data.kind === "auth_failed" && e.data.ip === ip);
      const summaries = events.filter((e) => e.data.kind === "auth_failed" && e.data.summary);
      const suppressed = summaries.reduce((n, e) => n + Number(e.data.suppressed), 0);
      return full.length >= 1 && full.length + suppressed >= flood ? { full, summaries } : null;
    });
    expect(settled.full.length).toBeLessThanOrEqual(FULL_PER_CLIENT);
    expect(settled.full[0]).toMatchObject({
      actor: "system",
      data: {
        kind: "auth_failed",
        source: "api",
        route: "/api/campaigns",
        reason: "unknown_token",
      },
    });
    // At most one summary row per kind and minute (a flood may straddle two minutes).
    expect(settled.summaries.length).toBeLessThanOrEqual(2);
    expect(settled.summaries[0]).toMatchObject({
      id: expect.stringMatching(/^security_event:summary:auth_failed:/),
      actor: "system",
      data: { summary: true, windowStart: expect.any(String), windowEnd: expect.any(String) },
    });
    // Never more full rows of a kind in a minute than the bound, across every client.
    const byMinute = new Map<string, number>();
    for (const e of await securityEvents())
      if (e.data.kind === "auth_failed" && !e.data.summary)
        byMinute.set(e.at.slice(0, 16), (byMinute.get(e.at.slice(0, 16)) ?? 0) + 1);
    for (const count of byMinute.values()) expect(count).toBeLessThanOrEqual(FULL_PER_KIND);
  });

  it("bounds many clients at once by the per-kind limit", async () => {
    const clients = FULL_PER_KIND + 20;
    await Promise.all(
      Array.from({ length: clients }, (_, i) =>
        api("GET", "/api/audit", undefined, {
          authorization: "",
          "cf-connecting-ip": `203.0.113.${i + 1}`,
        }),
      ),
    );
    const missing = await eventually(async () => {
      const events = await securityEvents();
      const full = events.filter(
        (e) =>
          e.data.reason === "missing_credentials" && String(e.data.ip).startsWith("203.0.113."),
      );
      const suppressed = events
        .filter((e) => e.data.kind === "auth_failed" && e.data.summary)
        .reduce((n, e) => n + Number(e.data.suppressed), 0);
      return full.length > 0 && full.length + suppressed >= clients ? full : null;
    });
    // The bound is per kind and minute: a burst that straddles two minutes gets it twice.
    const byMinute = new Map<string, number>();
    for (const e of missing)
      byMinute.set(e.at.slice(0, 16), (byMinute.get(e.at.slice(0, 16)) ?? 0) + 1);
    expect(byMinute.size).toBeLessThanOrEqual(2);
    for (const count of byMinute.values()) expect(count).toBeLessThanOrEqual(FULL_PER_KIND);
  });

  it("is queryable with the rest of the audit trail, as CSV too", async () => {
    const csv = await api("GET", "/api/audit?type=security_event&format=csv&limit=5");
    expect(csv.status).toBe(200);
    expect(csv.text.split("\r\n")[0]).toContain("actor");
    expect(csv.text).toContain("security_event");
  });
});
