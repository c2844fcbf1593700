import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { EXAMPLE_API_TOKEN } from "../../src/env";
import { createApp } from "../../src/http/app";
import { accessJwt, api, asPerson, eventually } from "./helpers";

const testEnv = env as unknown as {
  DB: D1Database;
  ACCESS_TEAM_DOMAIN: string;
  ACCESS_AUD: string;
};

type Event = { actor: string; data: Record<string, unknown> };

/** Security events matching `match`, once at least `atLeast` of them are there. */
async function securityEvents(match: (e: Event) => boolean, atLeast = 1): Promise<Event[]> {
  return eventually(async () => {
    const { json } = await api("GET", "/api/audit?type=security_event&limit=1000");
    const events = (json.events as Event[]).filter(match);
    return events.length >= atLeast ? events : null;
  });
}

/**
 * Each refused request comes from its own address: security events are bounded per client, and
 * these tests look for each one.
 */
let lastOctet = 0;
const freshIp = () => `192.0.2.${(lastOctet++ % 250) + 1}`;

const withJwt = (jwt: string, headers: Record<string, string> = {}) => ({
  authorization: "",
  "cf-access-jwt-assertion": jwt,
  "cf-connecting-ip": freshIp(),
  ...headers,
});
const withCookie = (jwt: string, headers: Record<string, string> = {}) => ({
  authorization: "",
  cookie: `theme=dark; CF_Authorization=${jwt}`,
  ...headers,
});

function expectEnvelope(
  res: { status: number; json: { error?: Record<string, unknown> } },
  status: number,
  code: string,
) {
  expect(res.status).toBe(status);
  expect(res.json.error).toMatchObject({ code, message: expect.any(String) });
  expect(res.json.error?.requestId).toEqual(expect.any(String));
}

const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

describe("people through Cloudflare Access", () => {
  it("signs in with the header; the identity is the token's email and its role", async () => {
    const me = await api("GET", "/api/me", undefined, await asPerson("Ana@Brand.example"));
    expect(me.status).toBe(200);
    expect(me.json).toEqual({ actor: "user:ana@brand.example", role: "admin", via: "access" });
    const operator = await api("GET", "/api/me", undefined, await asPerson("ops@brand.example"));
    expect(operator.json.role).toBe("operator");
    const viewer = await api("GET", "/api/me", undefined, await asPerson("vic@brand.example"));
    expect(viewer.json.role).toBe("viewer");
  });

  it("signs in with the CF_Authorization cookie for reads", async () => {
    const me = await api(
      "GET",
      "/api/me",
      undefined,
      withCookie(await accessJwt("ops@brand.example")),
    );
    expect(me.status).toBe(200);
    expect(me.json.actor).toBe("user:ops@brand.example");
  });

  it.each([
    ["expired beyond the clock skew", { expiresIn: -120 }, "access_expired"],
    ["for another application", { claims: { aud: "someone-elses-aud" } }, "access_wrong_audience"],
    [
      "from another team",
      { claims: { iss: "https://evil.cloudflareaccess.com" } },
      "access_wrong_issuer",
    ],
    [
      "not valid yet",
      { claims: { nbf: Math.floor(Date.now() / 1000) + 600 } },
      "access_not_yet_valid",
    ],
    ["without an email (a service token)", { email: null }, "access_no_email"],
  ] as const)("refuses a token %s", async (_, options, reason) => {
    const { email = "ana@brand.example", ...rest } = options as {
      email?: string | null;
      expiresIn?: number;
      claims?: Record<string, unknown>;
    };
    const res = await api("GET", "/api/me", undefined, withJwt(await accessJwt(email, rest)));
    expectEnvelope(res, 401, "unauthorized");
    expect(res.headers.get("www-authenticate")).toBe("Bearer");
    // The reason is audited, never told.
    expect(JSON.stringify(res.json)).not.toContain(reason);
    await securityEvents((e) => e.data.kind === "auth_failed" && e.data.reason === reason);
  });

  it("accepts a token that expired within the clock skew", async () => {
    const res = await api(
      "GET",
      "/api/me",
      undefined,
      withJwt(await accessJwt("ana@brand.example", { expiresIn: -20 })),
    );
    expect(res.status).toBe(200);
  });

  it("refuses unknown keys, alg none, HMAC, tampered and malformed tokens", async () => {
    const stranger = (await generateKeyPair("RS256")).privateKey;
    const unknownKey = await accessJwt("ana@brand.example", {
      key: stranger,
      header: { kid: "not-a-published-key" },
    });
    const sameKidWrongKey = await accessJwt("ana@brand.example", { key: stranger });
    const valid = await accessJwt("ops@brand.example");
    const [header, , signature] = valid.split(".");
    const payload = JSON.parse(
      atob((valid.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/")),
    );
    const tampered = `${header}.${b64url({ ...payload, email: "ana@brand.example" })}.${signature}`;
    const algNone = `${b64url({ alg: "none", typ: "JWT" })}.${b64url(payload)}.`;
    const hmac = await new SignJWT(payload)
      .setProtectedHeader({ alg: "HS256", kid: "access-test-key-1" })
      .sign(new TextEncoder().encode("a-shared-secret-anyone-could-guess"));
    const cases: [string, string][] = [
      [unknownKey, "access_unknown_key"],
      [sameKidWrongKey, "access_bad_signature"],
      [tampered, "access_bad_signature"],
      [algNone, "access_alg_not_allowed"],
      [hmac, "access_alg_not_allowed"],
      ["not.a.jwt", "access_malformed"],
      ["garbage", "access_malformed"],
    ];
    for (const [jwt, reason] of cases) {
      const res = await api("GET", "/api/me", undefined, withJwt(jwt));
      expectEnvelope(res, 401, "unauthorized");
      await securityEvents((e) => e.data.kind === "auth_failed" && e.data.reason === reason);
    }
    // The cookie is checked the same way.
    expectEnvelope(
      await api("GET", "/api/me", undefined, withCookie(tampered)),
      401,
      "unauthorized",
    );
  });

  it("refuses people without a role (403) and lets viewers read but not act", async () => {
    const stranger = await api(
      "GET",
      "/api/campaigns",
      undefined,
      await asPerson("mallory@elsewhere.example"),
    );
    expectEnvelope(stranger, 403, "forbidden");
    await securityEvents(
      (e) => e.data.kind === "permission_denied" && e.actor === "user:mallory@elsewhere.example",
    );
    const viewer = await asPerson("vic@brand.example");
    expect((await api("GET", "/api/campaigns", undefined, viewer)).status).toBe(200);
    const refused = await api("POST", "/api/campaigns", { name: "Viewer's" }, viewer);
    expectEnvelope(refused, 403, "forbidden");
    const [denial] = await securityEvents(
      (e) => e.data.kind === "permission_denied" && e.actor === "user:vic@brand.example",
    );
    expect(denial?.data).toMatchObject({
      role: "viewer",
      needed: "operator",
      template: "/api/campaigns",
    });
  });

  it("protects cookie-authenticated changes against cross-site requests", async () => {
    const jwt = await accessJwt("ops@brand.example");
    const body = { name: "From the dashboard", sendWindow: null };
    const post = (headers: Record<string, string>) =>
      api("POST", "/api/campaigns", body, withCookie(jwt, headers));

    expectEnvelope(await post({}), 403, "cross_site_request");
    expectEnvelope(await post({ "x-parley-request": "1" }), 403, "cross_site_request");
    expectEnvelope(
      await post({ "x-parley-request": "1", origin: "https://evil.example" }),
      403,
      "cross_site_request",
    );
    expectEnvelope(
      await post({
        "x-parley-request": "1",
        "sec-fetch-site": "cross-site",
        origin: "http://parley.test",
      }),
      403,
      "cross_site_request",
    );
    expectEnvelope(
      await post({ origin: "http://parley.test", "sec-fetch-site": "same-origin" }),
      403,
      "cross_site_request",
    );
    // Access adds its header to browser requests too: the cookie still calls for the proof.
    expectEnvelope(
      await api(
        "POST",
        "/api/campaigns",
        body,
        withCookie(jwt, { "cf-access-jwt-assertion": jwt }),
      ),
      403,
      "cross_site_request",
    );
    await securityEvents((e) => e.data.kind === "cross_site_request", 3);

    const ok = await post({
      "x-parley-request": "1",
      origin: "http://parley.test",
      "sec-fetch-site": "same-origin",
    });
    expect(ok.status).toBe(201);
    // The header alone (a script, `cloudflared access curl`) needs no such proof.
    expect((await api("POST", "/api/campaigns", body, withJwt(jwt))).status).toBe(201);
    const audit = await eventually(async () => {
      const { json } = await api("GET", `/api/audit?campaignId=${ok.json.id}`);
      return json.events.length ? json.events : null;
    });
    expect(audit[0].actor).toBe("user:ops@brand.example");
  });
});

describe("machines through API tokens", () => {
  it("creates a token whose secret is shown once and stored only as its SHA-256", async () => {
    const created = await api("POST", "/api/tokens", { name: "CI-Bot", role: "operator" });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: "ci-bot",
      role: "operator",
      status: "active",
      createdBy: "token:bootstrap",
      expiresAt: null,
      lastUsedAt: null,
    });
    expect(created.headers.get("cache-control")).toBe("no-store");
    const secret = created.json.token as string;
    expect(secret).toMatch(/^prl_[A-Za-z0-9_-]{43}$/);
    expect(created.json.prefix).toBe(secret.slice(0, 10));
    expect(created.json.hash).toBeUndefined();

    const row = await testEnv.DB.prepare("select * from api_tokens where name = ?")
      .bind("ci-bot")
      .first<Record<string, unknown>>();
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
    const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(row?.hash).toBe(hex);
    expect(Object.values(row ?? {})).not.toContain(secret);

    const listed = await api("GET", "/api/tokens");
    const mine = listed.json.tokens.find((t: { name: string }) => t.name === "ci-bot");
    expect(mine).toMatchObject({ id: created.json.id, role: "operator", status: "active" });
    expect(JSON.stringify(listed.json)).not.toContain(secret);
    expect(JSON.stringify(listed.json)).not.toContain(hex);

    const me = await api("GET", "/api/me", undefined, { authorization: `Bearer ${secret}` });
    expect(me.json).toEqual({ actor: "token:ci-bot", role: "operator", via: "token" });
    const used = await eventually(async () => {
      const tokens = (await api("GET", "/api/tokens")).json.tokens as {
        name: string;
        lastUsedAt: string | null;
      }[];
      return tokens.find((t) => t.name === "ci-bot" && t.lastUsedAt);
    });
    expect(Date.parse(used.lastUsedAt as string)).toBeGreaterThan(Date.now() - 60_000);

    const [event] = await securityEvents(
      (e) => e.data.kind === "token_created" && e.data.name === "ci-bot",
    );
    expect(event?.actor).toBe("token:bootstrap");
    expect(JSON.stringify(event)).not.toContain(secret);
  });

  it("records the token as the actor of what it does", async () => {
    const { json } = await api("POST", "/api/tokens", { name: "importer", role: "operator" });
    const as = { authorization: `Bearer ${json.token}` };
    const campaign = await api(
      "POST",
      "/api/campaigns",
      { name: "By token", sendWindow: null },
      as,
    );
    const started = await api(
      "POST",
      `/api/campaigns/${campaign.json.id}/negotiations`,
      {
        creator: {
          name: "Tia",
          email: "tia.token@gmail.com",
          platform: "tiktok",
          averageViews: 9000,
        },
      },
      as,
    );
    const paused = await api(
      "POST",
      `/api/negotiations/${started.json.id}/pause`,
      { actor: "ceo@brand.example" },
      as,
    );
    expect(paused.status).toBe(200);
    const timeline = await api(
      "GET",
      `/api/negotiations/${started.json.id}/timeline`,
      undefined,
      as,
    );
    const human = (timeline.json.events as { type: string; actor: string }[]).filter(
      (e) => e.type === "human_action" || e.type === "state_changed",
    );
    expect(human.length).toBeGreaterThan(0);
    expect(
      human.every(
        (e) => e.actor === "token:importer" || e.actor === "agent" || e.actor === "system",
      ),
    ).toBe(true);
    expect(human.some((e) => e.actor === "token:importer")).toBe(true);
    const audit = await eventually(async () => {
      const q = `/api/audit?negotiationId=${started.json.id}&actor=token:importer`;
      const events = (await api("GET", q)).json.events as unknown[];
      return events.length ? events : null;
    });
    expect(audit.length).toBeGreaterThan(0);
    const ceo = await api(
      "GET",
      `/api/audit?actor=${encodeURIComponent("user:ceo@brand.example")}`,
    );
    expect(ceo.json.events).toEqual([]);
  });

  it("revokes at once: the next request is 401", async () => {
    const { json } = await api("POST", "/api/tokens", { name: "short-lived", role: "viewer" });
    const as = { authorization: `Bearer ${json.token}` };
    expect((await api("GET", "/api/campaigns", undefined, as)).status).toBe(200);
    const revoked = await api("DELETE", `/api/tokens/${json.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.json).toMatchObject({ status: "revoked", revokedBy: "token:bootstrap" });
    const refused = await api("GET", "/api/campaigns", undefined, {
      ...as,
      "cf-connecting-ip": freshIp(),
    });
    expectEnvelope(refused, 401, "unauthorized");
    const again = await api("DELETE", `/api/tokens/${json.id}`);
    expect(again.json.revokedAt).toBe(revoked.json.revokedAt);
    expectEnvelope(await api("DELETE", "/api/tokens/no-such-token"), 404, "not_found");
    await securityEvents((e) => e.data.kind === "token_revoked" && e.data.tokenId === json.id);
    await securityEvents((e) => e.data.kind === "auth_failed" && e.data.reason === "revoked_token");
  });

  it("refuses an expired token", async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const { json } = await api("POST", "/api/tokens", {
      name: "expiring",
      role: "viewer",
      expiresAt,
    });
    const as = { authorization: `Bearer ${json.token}` };
    expect((await api("GET", "/api/me", undefined, as)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1700));
    expectEnvelope(await api("GET", "/api/me", undefined, as), 401, "unauthorized");
    const listed = (await api("GET", "/api/tokens")).json.tokens as {
      name: string;
      status: string;
    }[];
    expect(listed.find((t) => t.name === "expiring")?.status).toBe("expired");
  });

  it("validates token requests and keeps names unique for all time", async () => {
    const first = await api("POST", "/api/tokens", { name: "dup", role: "viewer" });
    expect(first.status).toBe(201);
    await api("DELETE", `/api/tokens/${first.json.id}`);
    expectEnvelope(
      await api("POST", "/api/tokens", { name: "DUP", role: "admin" }),
      409,
      "name_taken",
    );
    for (const body of [
      { name: "bootstrap", role: "admin" },
      { name: "ok-name", role: "superuser" },
      { name: "", role: "viewer" },
      { name: "has space", role: "viewer" },
      { name: "past", role: "viewer", expiresAt: "2001-01-01T00:00:00Z" },
      { name: "odd", role: "viewer", expiresAt: "tomorrow" },
      { name: "extra", role: "viewer", secret: "mine" },
    ]) {
      const res = await api("POST", "/api/tokens", body);
      expectEnvelope(res, 400, "validation_failed");
    }
  });

  it("lets only admins manage tokens and roles", async () => {
    const { json } = await api("POST", "/api/tokens", { name: "ops-bot", role: "operator" });
    const operator = { authorization: `Bearer ${json.token}` };
    expectEnvelope(await api("GET", "/api/tokens", undefined, operator), 403, "forbidden");
    expectEnvelope(
      await api("POST", "/api/tokens", { name: "escalate", role: "admin" }, operator),
      403,
      "forbidden",
    );
    expectEnvelope(
      await api("POST", "/api/roles", { pattern: "x@y.example", role: "admin" }, operator),
      403,
      "forbidden",
    );
  });
});

describe("people's roles managed by admins", () => {
  it("grants and removes roles; the most specific pattern wins; the same pattern gives the lower role", async () => {
    const lead = await asPerson("lead@partner.example");
    const other = await asPerson("sam@partner.example");
    expectEnvelope(await api("GET", "/api/me", undefined, lead), 403, "forbidden");

    expect(
      (await api("POST", "/api/roles", { pattern: "*@Partner.example", role: "viewer" })).status,
    ).toBe(200);
    expect(
      (await api("POST", "/api/roles", { pattern: "lead@partner.example", role: "admin" })).status,
    ).toBe(200);
    expect((await api("GET", "/api/me", undefined, lead)).json.role).toBe("admin");
    expect((await api("GET", "/api/me", undefined, other)).json.role).toBe("viewer");

    // ACCESS_ROLES says vic@brand.example=viewer; a table entry for the same pattern cannot raise it.
    const raised = await api("POST", "/api/roles", { pattern: "vic@brand.example", role: "admin" });
    expect(raised.json.previous).toBeNull();
    expect(
      (await api("GET", "/api/me", undefined, await asPerson("vic@brand.example"))).json.role,
    ).toBe("viewer");

    const listed = await api("GET", "/api/roles");
    expect(listed.json.roles).toEqual(
      expect.arrayContaining([
        { pattern: "ana@brand.example", role: "admin", source: "config" },
        expect.objectContaining({
          pattern: "*@partner.example",
          role: "viewer",
          source: "table",
          createdBy: "token:bootstrap",
        }),
      ]),
    );

    const removed = await api("DELETE", `/api/roles/${encodeURIComponent("lead@partner.example")}`);
    expect(removed.json).toMatchObject({ pattern: "lead@partner.example", role: "admin" });
    expect((await api("GET", "/api/me", undefined, lead)).json.role).toBe("viewer");
    await api("DELETE", `/api/roles/${encodeURIComponent("*@partner.example")}`);
    await api("DELETE", `/api/roles/${encodeURIComponent("vic@brand.example")}`);
    expectEnvelope(await api("GET", "/api/me", undefined, lead), 403, "forbidden");
    expectEnvelope(
      await api("DELETE", `/api/roles/${encodeURIComponent("ana@brand.example")}`),
      404,
      "not_found",
    );
    expectEnvelope(
      await api("POST", "/api/roles", { pattern: "*", role: "admin" }),
      400,
      "validation_failed",
    );
    await securityEvents(
      (e) => e.data.kind === "role_granted" && e.data.pattern === "lead@partner.example",
    );
    await securityEvents(
      (e) => e.data.kind === "role_removed" && e.data.pattern === "lead@partner.example",
    );
  });
});

describe("the bootstrap token", () => {
  it("is refused in production when it is the committed example: the API stays closed", async () => {
    const production = { ...env, ENVIRONMENT: "production", PARLEY_API_TOKEN: EXAMPLE_API_TOKEN };
    const request = (path: string) =>
      createApp().request(
        path,
        { headers: { authorization: `Bearer ${EXAMPLE_API_TOKEN}` } },
        production,
        createExecutionContext(),
      );
    const refused = await request("/api/campaigns");
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      "misconfigured",
    );
    const ready = await request("/ready");
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { checks: { config: { detail: string[] } } };
    expect(body.checks.config.detail.join()).toMatch(/PARLEY_API_TOKEN is the committed example/);
    expect(JSON.stringify(body)).not.toContain(EXAMPLE_API_TOKEN);
    // Locally the example is fine.
    const local = { ...env, PARLEY_API_TOKEN: EXAMPLE_API_TOKEN };
    const me = await createApp().request(
      "/api/me",
      { headers: { authorization: `Bearer ${EXAMPLE_API_TOKEN}` } },
      local,
      createExecutionContext(),
    );
    expect(((await me.json()) as { actor: string }).actor).toBe("token:bootstrap");
  });
});
