import { MailerError } from "../../ports/mailer";

export interface GoogleOAuthOptions {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  tokenUrl: string;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

/** Refresh a token this long before Google says it expires. */
const EARLY_MS = 60_000;

/**
 * OAuth 2.0 refresh-token flow: an access token cached until shortly before it expires,
 * refreshed on demand or when the API says it is no longer valid.
 */
export class GoogleTokenSource {
  private cached: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(private readonly options: GoogleOAuthOptions) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  async accessToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt - EARLY_MS > this.now()) return this.cached.token;
    // Concurrent callers share one refresh.
    this.pending ??= this.refresh().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Forget the cached token (the API answered 401). */
  invalidate(): void {
    this.cached = null;
  }

  private async refresh(): Promise<string> {
    const doFetch = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(this.options.tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          client_id: this.options.clientId,
          client_secret: this.options.clientSecret,
          refresh_token: this.options.refreshToken,
          grant_type: "refresh_token",
        }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new MailerError(`Google token endpoint unreachable: ${String(error)}`, true);
    }
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
    };
    if (!response.ok || !body.access_token) {
      // invalid_grant: the refresh token was revoked; no retry can fix it.
      const permanent = response.status === 400 || response.status === 401;
      throw new MailerError(
        `Google token refresh failed (${response.status} ${body.error ?? ""})`.trim(),
        !permanent,
      );
    }
    this.cached = {
      token: body.access_token,
      expiresAt: this.now() + (body.expires_in ?? 3600) * 1000,
    };
    return body.access_token;
  }
}
