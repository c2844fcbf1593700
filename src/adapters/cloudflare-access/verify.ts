import { type JwtFailure, verifyRemoteJwt } from "../jwt/remote-jwks";

/** Why an Access token was refused. `jwks_unavailable` is our side (Access's keys are unreachable). */
export type AccessFailure = JwtFailure | "no_email";

export type AccessResult = { ok: true; email: string } | { ok: false; reason: AccessFailure };

export interface VerifyAccessOptions {
  /** https://<team>.cloudflareaccess.com, no trailing slash: the issuer and the keys' host. */
  teamDomain: string;
  /** The Access application's AUD tag. */
  audience: string;
  /** Minimum time between key fetches (tests); jose's default otherwise. */
  jwksCooldownMs?: number;
  now?: Date;
}

/** Leeway for clocks that disagree by a little; Access tokens live for the session's length. */
const CLOCK_TOLERANCE_SECONDS = 60;

/**
 * Verifies a Cloudflare Access application token (the `Cf-Access-Jwt-Assertion` header or the
 * `CF_Authorization` cookie): RS256 only, against the team's published keys, for this
 * application's audience, issued by the team domain, within its lifetime. The identity is the
 * token's email: service-token JWTs (no email) are refused; machines use API tokens instead.
 */
export async function verifyAccessJwt(
  token: string,
  options: VerifyAccessOptions,
): Promise<AccessResult> {
  const verified = await verifyRemoteJwt(token, `${options.teamDomain}/cdn-cgi/access/certs`, {
    algorithms: ["RS256"],
    issuer: options.teamDomain,
    audience: options.audience,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ["exp", "iat"],
    ...(options.now ? { currentDate: options.now } : {}),
    ...(options.jwksCooldownMs === undefined ? {} : { cooldownMs: options.jwksCooldownMs }),
  });
  if (!verified.ok) return verified;
  const email = verified.payload.email;
  if (typeof email !== "string" || !/^[^\s@]+@[^\s@]+$/.test(email))
    return { ok: false, reason: "no_email" };
  return { ok: true, email: email.trim().toLowerCase() };
}
