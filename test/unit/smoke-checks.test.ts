import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { runSmoke, smokeCreatorAddress } from "../../scripts/smoke-checks";

type Route = (auth: string | undefined) => [number, unknown];

/** A stand-in for a deployed Worker: each path answers what the case needs. */
async function fakeWorker(routes: Record<string, Route>): Promise<string> {
  server = createServer((req, res) => {
    const route = routes[`${req.method} ${req.url}`];
    const [status, body] = route ? route(req.headers.authorization) : [404, { error: "nope" }];
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let server: Server | null = null;
afterEach(async () => {
  const running = server;
  server = null;
  if (running) await new Promise((resolve) => running.close(resolve));
});

const healthy: Record<string, Route> = {
  "GET /health": () => [200, { status: "ok" }],
  "GET /ready": () => [200, { status: "ready", checks: {} }],
  "GET /api/campaigns": (auth) =>
    auth === "Bearer good-token" ? [200, { campaigns: [] }] : [401, { error: {} }],
};

describe("smoke checks", () => {
  it("pass against a healthy Worker without a test creator (no negotiation is started)", async () => {
    const base = await fakeWorker(healthy);
    const result = await runSmoke({ base, token: "good-token" });
    expect(result).toEqual({
      ok: true,
      passed: ["health", "ready", "auth required", "authenticated read"],
    });
  });

  it("name the failed check and the failing readiness checks", async () => {
    const base = await fakeWorker({
      ...healthy,
      "GET /ready": () => [
        503,
        { checks: { d1: { ok: true }, config: { ok: false, detail: ["MAIL_FROM is invalid"] } } },
      ],
    });
    const result = await runSmoke({ base, token: "good-token" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failed).toBe("ready");
    expect(result.message).toContain("503");
    expect(result.message).toContain("config");
    expect(result.message).toContain("MAIL_FROM is invalid");
    expect(result.passed).toEqual(["health"]);
  });

  it("fail when the API serves a request without a token", async () => {
    const base = await fakeWorker({
      ...healthy,
      "GET /api/campaigns": () => [200, { campaigns: [] }],
    });
    const result = await runSmoke({ base, token: "good-token" });
    expect(result).toMatchObject({ ok: false, failed: "auth required" });
  });

  it("fail the authenticated read with a wrong token", async () => {
    const base = await fakeWorker(healthy);
    const result = await runSmoke({ base, token: "wrong-token" });
    expect(result).toMatchObject({ ok: false, failed: "authenticated read" });
    if (!result.ok) expect(result.message).toContain("401");
  });

  it("wait for /health after a deploy when asked to", async () => {
    let asked = 0;
    const base = await fakeWorker({
      ...healthy,
      "GET /health": () => (++asked < 2 ? [503, { error: {} }] : [200, { status: "ok" }]),
    });
    expect(await runSmoke({ base, token: "good-token", waitMs: 20_000 })).toMatchObject({
      ok: true,
    });
    expect(asked).toBe(2);
  });

  it("start a negotiation for a fresh sub-address of the test creator each run", () => {
    const at = new Date("2026-12-05T04:10:11.123Z");
    expect(smokeCreatorAddress("qa@brand.example", at)).toBe(
      "qa+smoke-20261205041011123@brand.example",
    );
  });
});
