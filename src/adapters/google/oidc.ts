import type { JWTPayload } from "jose";
import { type JwtFailure, verifyRemoteJwt } from "../jwt/remote-jwks";

/** Why a token was refused. `jwks_unavailable` is our side (Google's keys could not be fetched). */
export type OidcFailure = JwtFailure | "wrong_service_account" | "email_not_verified";

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

/** Verifies a Google-signed OIDC token (Pub/Sub push). Never throws for a bad token. */
export async function verifyGoogleOidc(
  token: string,
  options: VerifyGoogleOidcOptions,
): Promise<OidcResult> {
  const verified = await verifyRemoteJwt(token, options.jwksUrl, {
    issuer: GOOGLE_ISSUERS,
    audience: options.audience,
    algorithms: ["RS256"],
    clockTolerance: 30,
    // Google's tokens live one hour; this also refuses an `iat` in the future.
    maxTokenAge: 3600,
    requiredClaims: ["exp", "iat"],
    ...(options.now ? { currentDate: options.now } : {}),
  });
  if (!verified.ok) return verified;
  const { payload } = verified;
  const email = typeof payload.email === "string" ? payload.email.toLowerCase() : undefined;
  if (!email || email !== options.serviceAccountEmail.trim().toLowerCase())
    return { ok: false, reason: "wrong_service_account" };
  if (payload.email_verified !== true) return { ok: false, reason: "email_not_verified" };
  return { ok: true, claims: payload as GoogleOidcClaims };
}
