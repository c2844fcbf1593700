import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAccessJwt } from "../../src/adapters/cloudflare-access/verify";

const AUD = "aud-tag-0123456789";
let server: Server;
let base = "";
let published: JWK[] = [];
let failing = false;
const hits = new Map<string, number>();
type Key = { kid: string; privateKey: CryptoKey; jwk: JWK };
let keyA: Key;
let keyB: Key;

async function makeKey(kid: string): Promise<Key> {
  const pair = await generateKeyPair("RS256", { extractable: true });
  return {
    kid,
    privateKey: pair.privateKey,
    jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: "RS256" },
  };
}

beforeAll(async () => {
  keyA = await makeKey("a");
  keyB = await makeKey("b");
  published = [keyA.jwk];
  server = createServer((req, res) => {
    const team = (req.url ?? "").split("/cdn-cgi/")[0] ?? "";
    hits.set(team, (hits.get(team) ?? 0) + 1);
    if (failing) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Each test uses its own team path, so key-set caches and fetch counts do not mix. */
const team = (name: string) => `${base}/${name}`;

function token(teamDomain: string, key: Key, claims: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: teamDomain,
    aud: [AUD],
    email: "Ana@Brand.example",
    iat: now - 10,
    nbf: now - 10,
    exp: now + 600,
    ...claims,
  })
    .setProtectedHeader({ alg: "RS256", kid: key.kid })
    .sign(key.privateKey);
}

const verify = (teamDomain: string, jwt: string) =>
  verifyAccessJwt(jwt, { teamDomain, audience: AUD, jwksCooldownMs: 0 });

describe("verifyAccessJwt", () => {
  it("verifies and returns the lower-cased email; the keys are fetched once and cached", async () => {
    const t = team("cache");
    expect(await verify(t, await token(t, keyA))).toEqual({ ok: true, email: "ana@brand.example" });
    expect(await verify(t, await token(t, keyA))).toMatchObject({ ok: true });
    expect(hits.get("/cache")).toBe(1);
  });

  it("refetches the keys when a token names a key it has not seen (rotation)", async () => {
    const t = team("rotate");
    expect(await verify(t, await token(t, keyA))).toMatchObject({ ok: true });
    published = [keyA.jwk, keyB.jwk];
    try {
      expect(await verify(t, await token(t, keyB))).toMatchObject({ ok: true });
      expect(hits.get("/rotate")).toBe(2);
      const stranger = await makeKey("c");
      expect(await verify(t, await token(t, stranger))).toEqual({
        ok: false,
        reason: "unknown_key",
      });
    } finally {
      published = [keyA.jwk];
    }
  });

  it.each([
    ["expired beyond the skew", { exp: Math.floor(Date.now() / 1000) - 120 }, "expired"],
    ["not valid for minutes", { nbf: Math.floor(Date.now() / 1000) + 300 }, "not_yet_valid"],
    ["for another audience", { aud: ["other"] }, "wrong_audience"],
    ["from another issuer", { iss: "https://evil.cloudflareaccess.com" }, "wrong_issuer"],
    ["without an email", { email: undefined }, "no_email"],
    ["without an expiry", { exp: undefined }, "missing_claim"],
  ])("refuses a token %s", async (_, claims, reason) => {
    const t = team("claims");
    expect(await verify(t, await token(t, keyA, claims))).toEqual({ ok: false, reason });
  });

  it("accepts a token within a minute of clock skew", async () => {
    const t = team("skew");
    const now = Math.floor(Date.now() / 1000);
    expect(await verify(t, await token(t, keyA, { exp: now - 30, nbf: now + 30 }))).toMatchObject({
      ok: true,
    });
  });

  it("pins RS256: alg none and HMAC are refused", async () => {
    const t = team("alg");
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const payload = {
      iss: t,
      aud: [AUD],
      email: "a@b.example",
      exp: Math.floor(Date.now() / 1000) + 60,
      iat: 1,
    };
    expect(await verify(t, `${b64({ alg: "none" })}.${b64(payload)}.`)).toEqual({
      ok: false,
      reason: "alg_not_allowed",
    });
    const hmac = await new SignJWT(payload)
      .setProtectedHeader({ alg: "HS256" })
      .sign(new Uint8Array(32));
    expect(await verify(t, hmac)).toEqual({ ok: false, reason: "alg_not_allowed" });
  });

  it("says when the keys cannot be fetched (our problem, not the caller's)", async () => {
    const t = team("down");
    failing = true;
    try {
      expect(await verify(t, await token(t, keyA))).toEqual({
        ok: false,
        reason: "jwks_unavailable",
      });
    } finally {
      failing = false;
    }
  });
});
