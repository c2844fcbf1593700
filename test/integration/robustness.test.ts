import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { afterEach, describe, expect, it, vi } from "vitest";
import { queryAudit } from "../../src/audit/query";
import type { Env } from "../../src/env";
import { createApp } from "../../src/http/app";
import { consumeEffects } from "../../src/queues/consumer";
import { findNegotiations } from "../../src/slack/find-negotiations";
import { api, eventually } from "./helpers";

const testEnv = env as unknown as Env;

afterEach(() => vi.restoreAllMocks());

async function startWith(email: string, name = "Sam Rivera") {
  const c = await api("POST", "/api/campaigns", { name: `Robust ${email}`, sendWindow: null });
  expect(c.status).toBe(201);
  const n = await api("POST", `/api/campaigns/${c.json.id}/negotiations`, {
    creator: { name, email, platform: "youtube", averageViews: 50000 },
  });
  expect(n.status).toBe(201);
  return n.json.id as string;
}

describe("audit search by creator", () => {
  it("answers long searches (D1 refuses LIKE patterns over 50 bytes) and still finds by substring", async () => {
    const email = "a-very-long-creator-address-for-search-tests-0001@example-creators.com";
    const id = await startWith(email, "Ünïcode Name With A Rather Long Surname Indeed");
    await eventually(
      async () => (await api("GET", `/api/audit?negotiationId=${id}`)).json.events.length > 0,
    );
    for (const creator of [email, email.toUpperCase(), "x".repeat(320), "%_\\'\"".repeat(40)]) {
      const res = await api("GET", `/api/audit?creator=${encodeURIComponent(creator)}`);
      expect(res.status, creator).toBe(200);
    }
    const found = await api("GET", `/api/audit?creator=${encodeURIComponent(email.toUpperCase())}`);
    expect(found.json.events.some((e: { negotiationId: string }) => e.negotiationId === id)).toBe(
      true,
    );
    const byName = await api(
      "GET",
      `/api/audit?creator=${encodeURIComponent("ünïcode name with a rather long surname")}`,
    );
    // SQLite folds ASCII only: the non-ASCII letters must match as written.
    expect(byName.json.events).toEqual([]);
    const asWritten = await api(
      "GET",
      `/api/audit?creator=${encodeURIComponent("Ünïcode NAME with a rather long surname")}`,
    );
    expect(
      asWritten.json.events.some((e: { negotiationId: string }) => e.negotiationId === id),
    ).toBe(true);
    // Wildcards are plain characters.
    expect((await api("GET", "/api/audit?creator=%25")).json.events).toEqual([]);
  });

  it("serves the Slack commands' searches too (audit and status)", async () => {
    const long = "y".repeat(200);
    await expect(queryAudit(testEnv.DB, { creator: long, limit: 5 })).resolves.toEqual({
      events: [],
      nextCursor: null,
    });
    await expect(findNegotiations(testEnv.DB, { query: long, campaignId: null })).resolves.toEqual(
      [],
    );
  });
});

describe("user-supplied names never reach Object.prototype", () => {
  it.each(["constructor", "toString", "__proto__", "valueOf", "hasOwnProperty"])(
    "POST /api/negotiations/:id/%s is 404",
    async (command) => {
      const id = await startWith(`proto-${command.replace(/_/g, "")}@example.com`);
      const res = await api("POST", `/api/negotiations/${id}/${command}`);
      expect(res.status).toBe(404);
      expect(res.json.error).toMatchObject({ code: "not_found", requestId: expect.any(String) });
      const bare = await api("GET", `/api/negotiations/${command}`);
      expect(bare.status).toBe(404);
    },
  );

  it("imports a creator whose platform reads 'constructor' as an invalid row", async () => {
    const c = await api("POST", "/api/campaigns", { name: "Proto import", sendWindow: null });
    const res = await api("POST", `/api/campaigns/${c.json.id}/creators:import`, [
      { name: "A", email: "proto-import@example.com", platform: "constructor", averageViews: 1000 },
    ]);
    expect(res.status).toBe(200);
    expect(res.json.results[0]).toMatchObject({ status: "invalid" });
  });
});

describe("unexpected failures", () => {
  const appWith = (thrown: () => unknown) => {
    const app = createApp();
    app.get("/boom", () => {
      throw thrown();
    });
    return (path = "/boom") => app.request(path, {}, testEnv, createExecutionContext());
  };

  it("answers a bug with 500 internal_error and the envelope, never a stack", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await appWith(() => new TypeError("cannot read properties of undefined"))();
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ code: "internal_error", requestId: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain("cannot read");
    expect(errors).toHaveBeenCalled();
  });

  it("answers a dependency that is down with 503 unavailable", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const outage = Object.assign(new Error("Network connection lost."), { retryable: true });
    const res = await appWith(() => outage)();
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unavailable");
  });

  it("logs failed SQL by its shape, never its bound parameters", async () => {
    const logged: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: unknown) => {
      logged.push(String(line));
    });
    const failure = new DrizzleQueryError(
      'select * from "audit_events" where instr(lower("creator_email"), ?) > 0',
      ["maya.secret@gmail.com"],
      new Error("D1_ERROR: no such column: creator_email: SQLITE_ERROR"),
    );
    const res = await appWith(() => failure)();
    expect(res.status).toBe(500);
    expect(logged.join("\n")).toContain('instr(lower(\\"creator_email\\"), ?)');
    expect(logged.join("\n")).not.toContain("maya.secret");
  });
});

describe("the queue consumer and deterministic errors", () => {
  /** A D1 that refuses any statement bound with `poison`, the way D1 refuses bad SQL. */
  function poisonedDb(db: D1Database): D1Database {
    return new Proxy(db, {
      get(target, prop) {
        if (prop !== "prepare") {
          const value = Reflect.get(target, prop);
          return typeof value === "function" ? value.bind(target) : value;
        }
        return (query: string) => {
          const statement = target.prepare(query);
          return new Proxy(statement, {
            get(s, p) {
              const value = Reflect.get(s, p);
              if (p !== "bind") return typeof value === "function" ? value.bind(s) : value;
              return (...params: unknown[]) => {
                if (params.includes("poison"))
                  throw new Error("D1_ERROR: LIKE or GLOB pattern too complex: SQLITE_ERROR");
                return statement.bind(...params);
              };
            },
          });
        };
      },
    });
  }

  it("dead-letters at once, without retries, and records no bound parameters", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const key = `audit:poison:${crypto.randomUUID()}`;
    const body = {
      type: "audit",
      version: 1,
      key,
      event: {
        id: "poison",
        at: new Date().toISOString(),
        type: "test_event",
        campaignId: null,
        negotiationId: null,
        creatorName: null,
        creatorEmail: "maya.secret@gmail.com",
        actor: "system",
        stateFrom: null,
        stateTo: null,
        amountCents: null,
        requestId: null,
        data: {},
      },
    };
    const batch = createMessageBatch("parley-projections", [
      { id: "m-poison", timestamp: new Date(), attempts: 1, body },
    ]);
    const ctx = createExecutionContext();
    await consumeEffects(batch, { ...testEnv, DB: poisonedDb(testEnv.DB) });
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["m-poison"]);
    expect(result.retryMessages).toEqual([]);
    const failed = await testEnv.DB.prepare(
      "select json_extract(data, '$.reason') as reason from audit_events where id = ?",
    )
      .bind(`dead_letter:${key}`)
      .first<{ reason: string }>();
    expect(failed?.reason).toContain("pattern too complex");
    expect(failed?.reason).not.toContain("maya.secret");
  });
});
