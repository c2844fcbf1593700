import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CompactSign, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyGoogleOidc } from "../../src/adapters/google/oidc";

const AUDIENCE = "https://parley.example/webhooks/gmail";
const SERVICE_ACCOUNT = "gmail-push@parley-test.iam.gserviceaccount.com";
const NOW = Math.floor(Date.now() / 1000);

type Key = CryptoKey;
let signingKey: Key;
let strangerKey: Key;
let server: Server;
let base = "";
const hits = new Map<string, number>();

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair("RS256")).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "google-1", alg: "RS256", use: "sig" };
  server = createServer((req, res) => {
    const path = req.url ?? "/";
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path.startsWith("/broken")) {
      res.writeHead(500).end("no");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A token shaped like the ones Pub/Sub pushes with. */
function googleToken(
  overrides: {
    claims?: JWTPayload;
    iss?: string;
    aud?: string;
    iat?: number;
    exp?: number | null;
    kid?: string;
    key?: Key;
  } = {},
): Promise<string> {
  const iat = overrides.iat ?? NOW - 60;
  const jwt = new SignJWT({
    email: SERVICE_ACCOUNT,
    email_verified: true,
    azp: "1234567890",
    sub: "1234567890",
    ...overrides.claims,
  })
    .setProtectedHeader({ alg: "RS256", kid: overrides.kid ?? "google-1", typ: "JWT" })
    .setIssuer(overrides.iss ?? "https://accounts.google.com")
    .setAudience(overrides.aud ?? AUDIENCE)
    .setIssuedAt(iat);
  if (overrides.exp !== null) jwt.setExpirationTime(overrides.exp ?? iat + 3600);
  return jwt.sign(overrides.key ?? signingKey);
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function verify(token: string, path = "/certs", extra: { now?: Date } = {}) {
  return verifyGoogleOidc(token, {
    audience: AUDIENCE,
    serviceAccountEmail: SERVICE_ACCOUNT,
    jwksUrl: `${base}${path}`,
    ...extra,
  });
}

describe("verifyGoogleOidc", () => {
  it("accepts a valid Google token and returns its claims", async () => {
    const result = await verify(await googleToken());
    expect(result).toMatchObject({ ok: true, claims: { email: SERVICE_ACCOUNT, aud: AUDIENCE } });
  });

  it("accepts the issuer without a scheme and a service account in another case", async () => {
    const token = await googleToken({ iss: "accounts.google.com" });
    expect((await verify(token)).ok).toBe(true);
    const upper = await verifyGoogleOidc(token, {
      audience: AUDIENCE,
      serviceAccountEmail: SERVICE_ACCOUNT.toUpperCase(),
      jwksUrl: `${base}/certs`,
    });
    expect(upper.ok).toBe(true);
  });

  it("tolerates 30 s of clock skew and no more", async () => {
    const iat = NOW - 3600;
    expect((await verify(await googleToken({ iat, exp: NOW - 20 }))).ok).toBe(true);
    expect(await verify(await googleToken({ iat, exp: NOW - 45 }))).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it.each([
    ["expired", () => googleToken({ iat: NOW - 7200, exp: NOW - 3600 })],
    ["not_yet_valid", () => googleToken({ iat: NOW + 600, exp: NOW + 4200 })],
    ["wrong_audience", () => googleToken({ aud: "https://elsewhere.example/push" })],
    ["wrong_issuer", () => googleToken({ iss: "https://accounts.evil.example" })],
    ["missing_claim", () => googleToken({ exp: null })],
    [
      "wrong_service_account",
      () => googleToken({ claims: { email: "attacker@evil.iam.gserviceaccount.com" } }),
    ],
    ["wrong_service_account", () => googleToken({ claims: { email: undefined } })],
    ["email_not_verified", () => googleToken({ claims: { email_verified: false } })],
    ["email_not_verified", () => googleToken({ claims: { email_verified: "true" } })],
    ["unknown_key", () => googleToken({ kid: "rotated-away", key: strangerKey })],
    ["bad_signature", () => googleToken({ key: strangerKey })],
  ] as const)("refuses with %s", async (reason, make) => {
    expect(await verify(await make())).toEqual({ ok: false, reason });
  });

  it("refuses HS256, ES256 and unsigned tokens", async () => {
    const hs = await new SignJWT({ email: SERVICE_ACCOUNT, email_verified: true })
      .setProtectedHeader({ alg: "HS256", kid: "google-1" })
      .setIssuer("https://accounts.google.com")
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("a-shared-secret-that-is-long-enough"));
    expect(await verify(hs)).toEqual({ ok: false, reason: "alg_not_allowed" });

    const ec = await generateKeyPair("ES256");
    const es = await new SignJWT({ email: SERVICE_ACCOUNT, email_verified: true })
      .setProtectedHeader({ alg: "ES256", kid: "google-1" })
      .setIssuer("https://accounts.google.com")
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(ec.privateKey);
    expect(await verify(es)).toEqual({ ok: false, reason: "alg_not_allowed" });

    const claims = {
      iss: "https://accounts.google.com",
      aud: AUDIENCE,
      email: SERVICE_ACCOUNT,
      email_verified: true,
      iat: NOW,
      exp: NOW + 3600,
    };
    const none = `${b64url({ alg: "none", typ: "JWT" })}.${b64url(claims)}.`;
    expect(await verify(none)).toEqual({ ok: false, reason: "alg_not_allowed" });
  });

  it.each(["", "garbage", "a.b.c", "a.b", "a.b.c.d.e"])(
    "refuses malformed token %j",
    async (token) => {
      expect(await verify(token)).toEqual({ ok: false, reason: "malformed" });
    },
  );

  it("refuses a correctly signed token whose payload is not a claims set", async () => {
    const token = await new CompactSign(new TextEncoder().encode("not json"))
      .setProtectedHeader({ alg: "RS256", kid: "google-1" })
      .sign(signingKey);
    expect(await verify(token)).toEqual({ ok: false, reason: "malformed" });
    // A forged token with a plausible header fails on the signature, before the payload is read.
    const forged = `${b64url({ alg: "RS256", kid: "google-1" })}.not-json.c2ln`;
    expect(await verify(forged)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("honours an injected verification time", async () => {
    const token = await googleToken();
    expect((await verify(token, "/certs", { now: new Date((NOW + 600) * 1000) })).ok).toBe(true);
    expect(await verify(token, "/certs", { now: new Date((NOW + 7200) * 1000) })).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("reports Google's keys being unreachable as our problem, not the caller's", async () => {
    expect(await verify(await googleToken(), "/broken")).toEqual({
      ok: false,
      reason: "jwks_unavailable",
    });
  });

  it("fetches the key set once for many verifications", async () => {
    const path = "/certs?counted";
    const tokens = await Promise.all([googleToken(), googleToken(), googleToken()]);
    const concurrent = await Promise.all(tokens.map((t) => verify(t, path)));
    expect(concurrent.every((r) => r.ok)).toBe(true);
    for (const token of tokens) expect((await verify(token, path)).ok).toBe(true);
    // Bad tokens, including an unknown kid inside jose's cooldown, do not refetch either.
    await verify(await googleToken({ aud: "https://elsewhere.example" }), path);
    await verify(await googleToken({ kid: "rotated-away", key: strangerKey }), path);
    expect(hits.get(path)).toBe(1);
  });
});
