import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { decodeBase64Utf8, parsePushBody } from "../../src/http/gmail-push";

// The app's other routes reach Durable Object classes and the email binding; Node has neither.
vi.mock("cloudflare:workers", () => ({ DurableObject: class {} }));
vi.mock("cloudflare:email", () => ({ EmailMessage: class {} }));
// Refusals are recorded by the bounded security-event recorder (its bounds are tested apart).
const recordSecurityEvent = vi.hoisted(() => vi.fn(async (_env: unknown, _event: unknown) => {}));
vi.mock("../../src/audit/security-events", () => ({ recordSecurityEvent }));

const AUDIENCE = "https://parley.example/webhooks/gmail";
const SERVICE_ACCOUNT = "gmail-push@parley-test.iam.gserviceaccount.com";
const API_TOKEN = "api-token-0123456789abcdef";

let privateKey: CryptoKey;
let server: Server;
let jwksUrl = "";

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => recordSecurityEvent.mockClear());

const token = (aud = AUDIENCE, exp = "1h") =>
  new SignJWT({ email: SERVICE_ACCOUNT, email_verified: true })
    .setProtectedHeader({ alg: "RS256", kid: "k1", typ: "JWT" })
    .setIssuer("https://accounts.google.com")
    .setAudience(aud)
    .setIssuedAt(Math.floor(Date.now() / 1000) - 60)
    .setExpirationTime(exp)
    .sign(privateKey);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");
const pushBody = (data: unknown, messageId = "1234567890") => ({
  message: { data: typeof data === "string" ? data : b64(data), messageId, publishTime: "x" },
  subscription: "projects/parley/subscriptions/gmail-push",
});
const notification = { emailAddress: "Deals@Brand.test", historyId: 987654 };

function makeEnv(vars: Record<string, string> = {}) {
  const send = vi.fn(async (_body: unknown) => {});
  const env = {
    PARLEY_API_TOKEN: API_TOKEN,
    MAIL_FROM: "deals@brand.test",
    BRAND_NAME: "Brand",
    MAIL_TRANSPORT: "gmail",
    GMAIL_CLIENT_ID: "id",
    GMAIL_CLIENT_SECRET: "secret",
    GMAIL_REFRESH_TOKEN: "refresh",
    GMAIL_PUSH_AUDIENCE: AUDIENCE,
    GMAIL_PUSH_SERVICE_ACCOUNT: SERVICE_ACCOUNT,
    GOOGLE_JWKS_URL: jwksUrl,
    // Gmail pushes travel on the emails queue.
    QUEUE_EMAILS: {
      sendBatch: async (messages: { body: unknown }[]) => {
        for (const m of messages) await send(m.body);
      },
    },
    DB: {},
    ...vars,
  };
  return { env, send };
}

async function post(env: object, init: { auth?: string; body?: BodyInit | null } = {}) {
  const { createApp } = await import("../../src/http/app");
  return createApp().request(
    "/webhooks/gmail",
    {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(init.auth ? { authorization: init.auth } : {}),
      },
      body: init.body ?? null,
      duplex: "half",
    } as RequestInit,
    env,
  );
}

describe("POST /webhooks/gmail", () => {
  it("enqueues a verified push and answers 204", async () => {
    const { env, send } = makeEnv();
    const res = await post(env, {
      auth: `Bearer ${await token()}`,
      body: JSON.stringify(pushBody(notification)),
    });
    expect(res.status).toBe(204);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0]?.[0]).toEqual({
      type: "gmail_push",
      version: 1,
      key: "gmail_push:1234567890",
      emailAddress: "deals@brand.test",
      historyId: "987654",
      requestId: expect.any(String),
    });
    expect(recordSecurityEvent).not.toHaveBeenCalled();
  });

  it("does not exist unless Gmail is the transport", async () => {
    const res = await post(makeEnv({ MAIL_TRANSPORT: "cloudflare" }).env, {
      auth: `Bearer ${await token()}`,
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("refuses a missing token before reading the body, and audits it", async () => {
    const { env, send } = makeEnv();
    let pulled = false;
    const body = new ReadableStream(
      {
        pull(controller) {
          pulled = true;
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const res = await post(env, { body });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await res.json()).toMatchObject({
      error: { code: "unauthorized", requestId: expect.any(String) },
    });
    expect(pulled).toBe(false);
    expect(send).not.toHaveBeenCalled();
    expect(recordSecurityEvent).toHaveBeenCalledWith(
      env,
      expect.objectContaining({
        kind: "webhook_refused",
        source: "gmail",
        route: "/webhooks/gmail",
        reason: "missing_token",
        ip: null,
        actor: null,
      }),
    );
  });

  it("refuses the API token and bad OIDC tokens, recording each refusal with its reason", async () => {
    const { env, send } = makeEnv();
    const body = JSON.stringify(pushBody(notification));
    const wrongAudience = `Bearer ${await token("https://elsewhere.example")}`;
    for (let i = 0; i < 3; i++) {
      expect((await post(env, { auth: wrongAudience, body })).status).toBe(401);
    }
    expect((await post(env, { auth: `Bearer ${API_TOKEN}`, body })).status).toBe(401);
    expect(send).not.toHaveBeenCalled();
    const reasons = recordSecurityEvent.mock.calls.map(
      (call) => (call[1] as { reason: string }).reason,
    );
    expect(reasons).toEqual(["wrong_audience", "wrong_audience", "wrong_audience", "malformed"]);
  });

  it("answers 503 (Pub/Sub redelivers) when Google's keys cannot be fetched", async () => {
    const { env } = makeEnv({ GOOGLE_JWKS_URL: "http://127.0.0.1:9/certs" });
    const res = await post(env, { auth: `Bearer ${await token()}` });
    expect(res.status).toBe(503);
    expect(recordSecurityEvent).not.toHaveBeenCalled();
  });

  it.each([
    ["not JSON", "{", "invalid_json"],
    ["no message", JSON.stringify({ subscription: "s" }), "validation_failed"],
    ["data not base64", JSON.stringify(pushBody("%%%")), "validation_failed"],
    [
      "data not JSON",
      JSON.stringify(pushBody(Buffer.from("hi").toString("base64"))),
      "validation_failed",
    ],
    ["no historyId", JSON.stringify(pushBody({ emailAddress: "a@b.test" })), "validation_failed"],
  ])("answers 400 for a malformed body (%s)", async (_name, body, code) => {
    const { env, send } = makeEnv();
    const res = await post(env, { auth: `Bearer ${await token()}`, body });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code } });
    expect(send).not.toHaveBeenCalled();
  });

  it("limits the body size", async () => {
    const { env } = makeEnv();
    const res = await post(env, { auth: `Bearer ${await token()}`, body: "x".repeat(70_000) });
    expect(res.status).toBe(413);
  });
});

describe("parsePushBody", () => {
  it("decodes Gmail's notification with a string or numeric history id", () => {
    expect(parsePushBody(pushBody({ emailAddress: "a@b.test", historyId: "42" }))).toEqual({
      ok: true,
      push: {
        messageId: "1234567890",
        subscription: "projects/parley/subscriptions/gmail-push",
        publishTime: "x",
        emailAddress: "a@b.test",
        historyId: "42",
      },
    });
  });

  it("names the bad field", () => {
    const result = parsePushBody(pushBody({ emailAddress: "nope", historyId: -1 }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.field)).toEqual([
      "message.data.emailAddress",
      "message.data.historyId",
    ]);
    expect(parsePushBody(null)).toMatchObject({ ok: false });
    expect(parsePushBody({ message: { data: "e30=" }, subscription: "s" })).toMatchObject({
      ok: false,
      issues: [{ field: "message.messageId" }],
    });
  });

  it("decodes standard and URL-safe base64, padded or not, and refuses the rest", () => {
    const text = '{"k":"ü?>"}';
    const std = Buffer.from(text).toString("base64");
    expect(decodeBase64Utf8(std)).toBe(text);
    expect(decodeBase64Utf8(Buffer.from(text).toString("base64url"))).toBe(text);
    expect(decodeBase64Utf8(std.replace(/=+$/, ""))).toBe(text);
    expect(decodeBase64Utf8("a")).toBeUndefined();
    expect(decodeBase64Utf8("ab$c")).toBeUndefined();
    expect(decodeBase64Utf8(Buffer.from([0xff, 0xfe]).toString("base64"))).toBeUndefined();
  });
});
