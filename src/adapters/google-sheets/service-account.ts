import { importPKCS8, SignJWT } from "jose";
import { SourceError } from "../../ports/campaign-source";
import { fetchWithRetry, type RetryOptions } from "../fetch-retry/retrying-fetch";

export interface ServiceAccountOptions extends RetryOptions {
  clientEmail: string;
  /** The PEM (PKCS#8) private key from the service account's JSON key. */
  privateKey: string;
  tokenUrl: string;
  scope: string;
  now?: () => number;
}

/** Get a new token this long before the old one expires. */
const EARLY_MS = 60_000;

/**
 * OAuth 2.0 for a service account: a JWT signed (RS256, WebCrypto through jose) with the account's
 * key is exchanged at the token endpoint for an access token, cached until shortly before it
 * expires and dropped when an API answers 401.
 */
export class ServiceAccountTokenSource {
  private cached: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;
  private key: Promise<CryptoKey> | null = null;

  constructor(private readonly options: ServiceAccountOptions) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  async accessToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt - EARLY_MS > this.now()) return this.cached.token;
    // Concurrent callers share one exchange.
    this.pending ??= this.exchange().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  invalidate(): void {
    this.cached = null;
  }

  private async assertion(): Promise<string> {
    this.key ??= importPKCS8(this.options.privateKey, "RS256").catch(() => {
      this.key = null;
      throw new SourceError("GOOGLE_SERVICE_ACCOUNT_KEY's private_key is not a usable key", false);
    });
    const seconds = Math.floor(this.now() / 1000);
    return new SignJWT({ scope: this.options.scope })
      .setProtectedHeader({ alg: "RS256", typ: "JWT" })
      .setIssuer(this.options.clientEmail)
      .setAudience(this.options.tokenUrl)
      .setIssuedAt(seconds)
      .setExpirationTime(seconds + 3600)
      .sign(await this.key);
  }

  private async exchange(): Promise<string> {
    const assertion = await this.assertion();
    const response = await fetchWithRetry(
      "Google token endpoint",
      () =>
        new Request(this.options.tokenUrl, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
            assertion,
          }),
        }),
      this.options,
    );
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
    };
    if (!response.ok || !body.access_token)
      // invalid_grant and friends: the key was revoked or the account disabled.
      throw new SourceError(
        `Google token exchange failed (${response.status} ${body.error ?? ""})`.trim(),
        false,
      );
    this.cached = {
      token: body.access_token,
      expiresAt: this.now() + (body.expires_in ?? 3600) * 1000,
    };
    return body.access_token;
  }
}
