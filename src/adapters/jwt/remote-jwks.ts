import {
  createRemoteJWKSet,
  errors,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
} from "jose";

/**
 * Verification of JWTs signed by a provider's published keys (Google's OIDC tokens, Cloudflare
 * Access), shared so each provider only states its issuer, audience and claims.
 */

/** Why a token was refused. `jwks_unavailable` is our side (the keys could not be fetched). */
export type JwtFailure =
  | "malformed"
  | "alg_not_allowed"
  | "unknown_key"
  | "bad_signature"
  | "expired"
  | "not_yet_valid"
  | "wrong_issuer"
  | "wrong_audience"
  | "missing_claim"
  | "invalid_claims"
  | "jwks_unavailable";

export type JwtResult = { ok: true; payload: JWTPayload } | { ok: false; reason: JwtFailure };

export interface KeySetOptions {
  /** Minimum time between two fetches of the key set (an unknown `kid` triggers one). */
  cooldownMs?: number;
}

/**
 * One key set per URL for the isolate's lifetime: jose caches the keys (10 minutes), refetches on
 * an unknown `kid` at most once per cooldown (30 s by default), and does not share in-flight
 * fetches across requests on Workers.
 */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySet(url: string, options: KeySetOptions): ReturnType<typeof createRemoteJWKSet> {
  const key = `${url} ${options.cooldownMs ?? ""}`;
  let set = keySets.get(key);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), {
      timeoutDuration: 5_000,
      ...(options.cooldownMs === undefined ? {} : { cooldownDuration: options.cooldownMs }),
    });
    keySets.set(key, set);
  }
  return set;
}

/**
 * Verifies `token` against the keys at `jwksUrl`. The caller pins the algorithms; `alg: none`
 * and HMAC tokens are refused by that pin before any key is looked at. Never throws for a bad
 * token.
 */
export async function verifyRemoteJwt(
  token: string,
  jwksUrl: string,
  options: JWTVerifyOptions & { algorithms: string[] } & KeySetOptions,
): Promise<JwtResult> {
  const { cooldownMs, ...verifyOptions } = options;
  try {
    const { payload } = await jwtVerify(
      token,
      keySet(jwksUrl, cooldownMs === undefined ? {} : { cooldownMs }),
      verifyOptions,
    );
    return { ok: true, payload };
  } catch (error) {
    return { ok: false, reason: jwtFailureOf(error) };
  }
}

function jwtFailureOf(error: unknown): JwtFailure {
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === "missing") return "missing_claim";
    if (error.claim === "iss") return "wrong_issuer";
    if (error.claim === "aud") return "wrong_audience";
    if (error.claim === "nbf" || error.claim === "iat") return "not_yet_valid";
    return "invalid_claims";
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "alg_not_allowed";
  if (error instanceof errors.JWKSNoMatchingKey) return "unknown_key";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "bad_signature";
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSENotSupported ||
    error instanceof errors.JWKInvalid ||
    error instanceof errors.JWKSMultipleMatchingKeys
  )
    return "malformed";
  // Timeouts, non-200 answers, bad JSON or a network error while fetching the keys.
  return "jwks_unavailable";
}
