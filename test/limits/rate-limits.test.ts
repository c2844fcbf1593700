import { describe, expect, it } from "vitest";
import { api, eventually } from "../integration/helpers";

/**
 * The `limits` project runs the Worker with small limits (vitest.config.ts): 20 requests a minute
 * per identity, 5 failed sign-ins a minute per IP, 10 webhook requests a minute per IP. The
 * binding's windows are aligned to the wall clock, so each test starts away from a minute's edge.
 */
const API_LIMIT = 20;
const AUTH_LIMIT = 5;
const WEBHOOK_LIMIT = 10;

async function awayFromWindowEdge(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 200));
}

function expect429(res: {
  status: number;
  json: { error?: Record<string, unknown> };
  headers: Headers;
}) {
  expect(res.status).toBe(429);
  expect(res.headers.get("retry-after")).toBe("60");
  expect(res.json.error).toMatchObject({ code: "rate_limited", requestId: expect.any(String) });
}

async function securityEvent(reason: string, match: (data: Record<string, unknown>) => boolean) {
  return eventually(async () => {
    const { json } = await api("GET", "/api/audit?type=security_event&limit=1000", undefined, {
      authorization: `Bearer ${await readerToken()}`,
    });
    return (json.events as { actor: string; data: Record<string, unknown> }[]).find(
      (e) => e.data.kind === "rate_limited" && e.data.reason === reason && match(e.data),
    );
  });
}

let reader: Promise<string> | undefined;
/** A token used only to read the audit trail, so reading does not spend the tested budgets. */
const readerToken = () => {
  reader ??= api("POST", "/api/tokens", { name: "reader", role: "viewer" }).then(
    (res) => res.json.token as string,
  );
  return reader;
};

describe("rate limits", () => {
  it("limits each identity on /api/*, and only that identity", async () => {
    await awayFromWindowEdge();
    const created = await api("POST", "/api/tokens", { name: "busy-bot", role: "viewer" });
    const busy = { authorization: `Bearer ${created.json.token}` };
    const statuses: number[] = [];
    for (let i = 0; i < API_LIMIT; i++)
      statuses.push((await api("GET", "/api/campaigns", undefined, busy)).status);
    expect(statuses).toEqual(Array(API_LIMIT).fill(200));
    expect429(await api("GET", "/api/campaigns", undefined, busy));
    // Others are not affected.
    expect((await api("GET", "/api/campaigns")).status).toBe(200);
    const event = await securityEvent("api", () => true);
    expect(event.actor).toBe("token:busy-bot");
  });

  it("limits failed sign-ins per source IP; past the limit even good credentials wait", async () => {
    await awayFromWindowEdge();
    const ip = { "cf-connecting-ip": "198.51.100.20" };
    for (let i = 0; i < AUTH_LIMIT; i++) {
      const res = await api("GET", "/api/campaigns", undefined, {
        ...ip,
        authorization: `Bearer guess-${i}`,
      });
      expect(res.status).toBe(401);
    }
    expect429(
      await api("GET", "/api/campaigns", undefined, { ...ip, authorization: "Bearer guess-x" }),
    );
    expect429(await api("GET", "/api/campaigns", undefined, ip));
    // Another address is not affected.
    const other = await api("GET", "/api/campaigns", undefined, {
      "cf-connecting-ip": "198.51.100.21",
      authorization: "Bearer guess",
    });
    expect(other.status).toBe(401);
    await securityEvent("auth", (data) => data.ip === "198.51.100.20");
  });

  it("limits webhooks per source IP before any signature is checked", async () => {
    await awayFromWindowEdge();
    const post = () =>
      api("POST", "/webhooks/slack/commands", "text=help", {
        authorization: "",
        "content-type": "application/x-www-form-urlencoded",
        "cf-connecting-ip": "198.51.100.30",
      });
    for (let i = 0; i < WEBHOOK_LIMIT; i++) expect((await post()).status).toBe(404);
    expect429(await post());
    await securityEvent("webhooks", (data) => data.ip === "198.51.100.30");
  });
});
