import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { verifyAccessJwt } from "../adapters/cloudflare-access/verify";
import { findUsableToken, TOKEN_PREFIX } from "../auth/api-tokens";
import { BOOTSTRAP_TOKEN_NAME, type Identity, tokenActor, userActor } from "../auth/identity";
import { roleOfPerson } from "../auth/people";
import { isRole } from "../auth/roles";
import type { Config } from "../env";
import type { AppEnv } from "./context";
import { background } from "./security-events";

/** What a request presents. Bearer wins over Access; the Access header over the cookie. */
export type Credential =
  | { kind: "bearer"; secret: string }
  | { kind: "access"; jwt: string; from: "header" | "cookie" }
  | { kind: "malformed" }
  | { kind: "none" };

export const ACCESS_COOKIE = "CF_Authorization";

export function readCredential(c: Context<AppEnv>): Credential {
  const authorization = c.req.header("authorization")?.trim();
  if (authorization) {
    const secret = /^Bearer[ \t]+(\S{1,512})[ \t]*$/i.exec(authorization)?.[1];
    return secret ? { kind: "bearer", secret } : { kind: "malformed" };
  }
  const header = c.req.header("cf-access-jwt-assertion");
  if (header) return { kind: "access", jwt: header.trim(), from: "header" };
  const cookie = getCookie(c, ACCESS_COOKIE);
  if (cookie) return { kind: "access", jwt: cookie, from: "cookie" };
  return { kind: "none" };
}

export type AuthOutcome =
  | { ok: true; identity: Identity }
  /** 401: no identity. */
  | { ok: false; refusal: "unauthenticated"; reason: string }
  /** 403: a verified person with no role. */
  | { ok: false; refusal: "no_role"; reason: "no_role"; actor: string }
  /** 503: Access's keys could not be fetched; the caller is not at fault. */
  | { ok: false; refusal: "unavailable"; reason: "jwks_unavailable" };

const encoder = new TextEncoder();

/** Constant-time comparison: both sides are hashed to equal length first. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/** The identity behind a credential. Reasons go to the audit trail, never to the caller. */
export async function authenticate(
  c: Context<AppEnv>,
  config: Config,
  credential: Credential,
): Promise<AuthOutcome> {
  switch (credential.kind) {
    case "none":
      return { ok: false, refusal: "unauthenticated", reason: "missing_credentials" };
    case "malformed":
      return { ok: false, refusal: "unauthenticated", reason: "malformed_authorization" };
    case "bearer":
      return bearer(c, config, credential.secret);
    case "access":
      return access(c, config, credential.jwt);
  }
}

async function bearer(c: Context<AppEnv>, config: Config, secret: string): Promise<AuthOutcome> {
  if (await sameSecret(secret, config.PARLEY_API_TOKEN))
    return {
      ok: true,
      identity: { actor: tokenActor(BOOTSTRAP_TOKEN_NAME), role: "admin", via: "bootstrap" },
    };
  if (!secret.startsWith(TOKEN_PREFIX))
    return { ok: false, refusal: "unauthenticated", reason: "unknown_token" };
  const found = await findUsableToken(c.env.DB, secret);
  if (!found.ok) return { ok: false, refusal: "unauthenticated", reason: found.reason };
  if (!isRole(found.row.role))
    return { ok: false, refusal: "unauthenticated", reason: "invalid_token_role" };
  background(
    c,
    found.touch().catch(() => {}),
  );
  return {
    ok: true,
    identity: { actor: tokenActor(found.row.name), role: found.row.role, via: "token" },
  };
}

async function access(c: Context<AppEnv>, config: Config, jwt: string): Promise<AuthOutcome> {
  if (!config.ACCESS_TEAM_DOMAIN || !config.ACCESS_AUD)
    return { ok: false, refusal: "unauthenticated", reason: "access_not_configured" };
  const verified = await verifyAccessJwt(jwt, {
    teamDomain: config.ACCESS_TEAM_DOMAIN,
    audience: config.ACCESS_AUD,
  });
  if (!verified.ok)
    return verified.reason === "jwks_unavailable"
      ? { ok: false, refusal: "unavailable", reason: "jwks_unavailable" }
      : { ok: false, refusal: "unauthenticated", reason: `access_${verified.reason}` };
  const actor = userActor(verified.email);
  const role = await roleOfPerson(c.env.DB, config.ACCESS_ROLES, verified.email);
  if (!role) return { ok: false, refusal: "no_role", reason: "no_role", actor };
  return { ok: true, identity: { actor, role, via: "access" } };
}
