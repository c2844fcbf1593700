import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from "jose";

/** Why a token was refused. `jwks_unavailable` is our side (Google's keys could not be fetched). */
export type OidcFailure =
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
  | "wrong_service_account"
  | "email_not_verified"
  | "jwks_unavailable";

export interface GoogleOidcClaims extends JWTPayload {
  email: string;
  email_verified: true;
}

export type OidcResult =
  | { ok: true; claims: GoogleOidcClaims }
  | { ok: false; reason: OidcFailure };

export interface VerifyGoogleOidcOptions {
  /** The push subscription's audience (usually the webhook URL). */
  audience: string;
  /** The service account Pub/Sub signs as. */
  serviceAccountEmail: string;
  jwksUrl: string;
  /** Verification time (tests); defaults to the current time. */
  now?: Date;
}

const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"];

/**
 * One key set per URL for the isolate's lifetime: jose caches the keys (10 minutes), refetches on
 * an unknown `kid` at most once per 30 s cooldown, and does not share in-flight fetches across
 * requests on Workers.
 */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySet(url: string): ReturnType<typeof createRemoteJWKSet> {
  let set = keySets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url));
    keySets.set(url, set);
  }
  return set;
}

/** Verifies a Google-signed OIDC token (Pub/Sub push). Never throws for a bad token. */
export async function verifyGoogleOidc(
  token: string,
  options: VerifyGoogleOidcOptions,
): Promise<OidcResult> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySet(options.jwksUrl), {
      issuer: GOOGLE_ISSUERS,
      audience: options.audience,
      algorithms: ["RS256"],
      clockTolerance: 30,
      // Google's tokens live one hour; this also refuses an `iat` in the future.
      maxTokenAge: 3600,
      requiredClaims: ["exp", "iat"],
      ...(options.now ? { currentDate: options.now } : {}),
    }));
  } catch (error) {
    return { ok: false, reason: failureOf(error) };
  }
  const email = typeof payload.email === "string" ? payload.email.toLowerCase() : undefined;
  if (!email || email !== options.serviceAccountEmail.trim().toLowerCase())
    return { ok: false, reason: "wrong_service_account" };
  if (payload.email_verified !== true) return { ok: false, reason: "email_not_verified" };
  return { ok: true, claims: payload as GoogleOidcClaims };
}

function failureOf(error: unknown): OidcFailure {
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
  // Timeouts, non-200 answers, bad JSON or a network error while fetching Google's keys.
  return "jwks_unavailable";
}
