import type { Config } from "../../env";
import { isAllowedResponseUrl } from "./response-url";

/** A failed Slack call. `retryable` tells the queue whether trying again later can help. */
export class SlackApiError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly code?: string,
  ) {
    super(message);
    this.name = "SlackApiError";
  }
}

export interface SlackMessageMetadata {
  event_type: string;
  event_payload: Record<string, string>;
}

export interface SlackApi {
  postMessage(input: {
    channel: string;
    text: string;
    blocks: unknown[];
    metadata?: SlackMessageMetadata;
  }): Promise<{ channel: string; ts: string }>;
  update(input: { channel: string; ts: string; text: string; blocks: unknown[] }): Promise<void>;
  openView(input: { triggerId: string; view: unknown }): Promise<void>;
  /** Finds a message in the channel posted with this metadata (event_type + payload.key), or null. */
  findByMetadata(input: {
    channel: string;
    eventType: string;
    key: string;
    oldest?: string;
  }): Promise<{ ts: string } | null>;
  userEmail(userId: string): Promise<string | null>;
  /** Who the token is: its workspace and bot user (auth.test). */
  whoAmI(): Promise<{ teamId: string; userId: string }>;
  /** POST to a Slack response_url (must start with config.SLACK_RESPONSE_URL_ORIGIN, else throws non-retryable). */
  respond(
    responseUrl: string,
    body: {
      text: string;
      blocks?: unknown[];
      response_type?: "ephemeral" | "in_channel";
      replace_original?: boolean;
    },
  ): Promise<void>;
}

export interface SlackApiOptions {
  timeoutMs?: number;
  /** First backoff after a 5xx or network error; doubles per attempt, plus up to 50% jitter. */
  backoffMs?: number;
}

const MAX_ATTEMPTS = 3;
const MAX_RETRY_AFTER_MS = 10_000;
const HISTORY_PAGE = 200;
const HISTORY_MAX_PAGES = 5;
const EMAIL_TTL_MS = 15 * 60_000;
/** `{ok:false}` errors that a later attempt can get past; every other code is permanent. */
const RETRYABLE_CODES = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

/** Per isolate: a person's email changes rarely, and every button click would otherwise ask. */
const emailCache = new Map<string, { email: string | null; until: number }>();

type Payload = Record<string, unknown> & { ok?: boolean; error?: string };
/** Why one attempt failed; `waitMs` is Slack's Retry-After when it gave one. */
type Attempt =
  | { ok: true; payload: Payload }
  | { ok: false; error: SlackApiError; ambiguous: boolean; waitMs?: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function slackApi(
  config: Config,
  fetcher?: typeof fetch,
  options: SlackApiOptions = {},
): SlackApi {
  // Unbound `fetch` throws "Illegal invocation" in workerd when called as a property.
  const doFetch: typeof fetch = fetcher ?? ((input, init) => fetch(input, init));
  const base = config.SLACK_API_BASE_URL.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 10_000;
  const backoffMs = options.backoffMs ?? 300;
  const token = config.SLACK_BOT_TOKEN ?? "";

  async function attempt(url: string, init: RequestInit, what: string): Promise<Attempt> {
    let res: Response;
    try {
      res = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      // A timeout may hide a call that went through: the caller decides whether repeating is safe.
      const error = new SlackApiError(`${what}: Slack unreachable or slow (${String(e)})`, true);
      return { ok: false, error, ambiguous: true };
    }
    const text = await res.text().catch(() => "");
    if (res.status === 429) {
      const seconds = Number(res.headers.get("retry-after") ?? "1");
      const waitMs = (Number.isFinite(seconds) && seconds >= 0 ? seconds : 1) * 1000;
      const error = new SlackApiError(`${what}: rate limited`, true, "ratelimited");
      return { ok: false, error, ambiguous: false, waitMs };
    }
    if (res.status >= 500) {
      const error = new SlackApiError(`${what}: Slack answered ${res.status}`, true);
      return { ok: false, error, ambiguous: true };
    }
    if (what === "response_url") {
      if (res.ok) return { ok: true, payload: { ok: true } };
      const error = new SlackApiError(
        `response_url answered ${res.status}: ${text.slice(0, 100)}`,
        false,
      );
      return { ok: false, error, ambiguous: false };
    }
    let payload: Payload;
    try {
      payload = JSON.parse(text) as Payload;
    } catch {
      const error = new SlackApiError(
        `${what}: unreadable answer (${res.status})`,
        res.ok,
        "invalid_response",
      );
      return { ok: false, error, ambiguous: true };
    }
    if (payload.ok === true) return { ok: true, payload };
    const code = payload.error ?? `http_${res.status}`;
    const retryable = RETRYABLE_CODES.has(code);
    const error = new SlackApiError(`${what} failed: ${code}`, retryable, code);
    return { ok: false, error, ambiguous: retryable && code !== "ratelimited" };
  }

  /**
   * Up to MAX_ATTEMPTS tries on 429 (waiting Retry-After) and 5xx/network errors (backoff with
   * jitter). `beforeRetry` runs before repeating an attempt whose outcome is unknown; it can
   * return a result found some other way (a post that did go through).
   */
  async function withRetries(
    url: string,
    init: RequestInit,
    what: string,
    beforeRetry?: () => Promise<Payload | null>,
  ): Promise<Payload> {
    for (let n = 1; ; n++) {
      const result = await attempt(url, init, what);
      if (result.ok) return result.payload;
      if (!result.error.retryable || n >= MAX_ATTEMPTS) throw result.error;
      if (result.waitMs !== undefined) {
        // Waiting longer than a consumer should block: give the message back to the queue.
        if (result.waitMs > MAX_RETRY_AFTER_MS) throw result.error;
        await sleep(result.waitMs);
      } else {
        await sleep(backoffMs * 2 ** (n - 1) * (1 + Math.random() / 2));
      }
      if (result.ambiguous && beforeRetry) {
        const found = await beforeRetry();
        if (found) return found;
      }
    }
  }

  const post = (
    method: string,
    body: Record<string, unknown>,
    beforeRetry?: () => Promise<Payload | null>,
  ) =>
    withRetries(
      `${base}/${method}`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json; charset=utf-8",
        },
        body: JSON.stringify(body),
      },
      method,
      beforeRetry,
    );

  const get = (method: string, params: Record<string, string>) =>
    withRetries(
      `${base}/${method}?${new URLSearchParams(params)}`,
      { method: "GET", headers: { authorization: `Bearer ${token}` } },
      method,
    );

  const api: SlackApi = {
    async postMessage({ channel, text, blocks, metadata }) {
      const key = metadata?.event_payload.key;
      // A 5xx or timeout may hide a post that landed; look for it before posting again.
      const lookup =
        metadata && key
          ? async () => {
              const found = await api.findByMetadata({
                channel,
                eventType: metadata.event_type,
                key,
              });
              return found ? { ok: true, channel, ts: found.ts } : null;
            }
          : undefined;
      const payload = await post(
        "chat.postMessage",
        {
          channel,
          text,
          blocks,
          unfurl_links: false,
          unfurl_media: false,
          ...(metadata ? { metadata } : {}),
        },
        lookup,
      );
      if (typeof payload.ts !== "string")
        throw new SlackApiError("chat.postMessage: answer without ts", false, "invalid_response");
      return {
        channel: typeof payload.channel === "string" ? payload.channel : channel,
        ts: payload.ts,
      };
    },

    async update({ channel, ts, text, blocks }) {
      await post("chat.update", { channel, ts, text, blocks });
    },

    async openView({ triggerId, view }) {
      await post("views.open", { trigger_id: triggerId, view });
    },

    async findByMetadata({ channel, eventType, key, oldest }) {
      let cursor = "";
      for (let page = 0; page < HISTORY_MAX_PAGES; page++) {
        const payload = await get("conversations.history", {
          channel,
          include_all_metadata: "true",
          limit: String(HISTORY_PAGE),
          ...(oldest ? { oldest } : {}),
          ...(cursor ? { cursor } : {}),
        });
        const messages = Array.isArray(payload.messages)
          ? (payload.messages as HistoryMessage[])
          : [];
        const hit = messages.find(
          (m) => m.metadata?.event_type === eventType && m.metadata.event_payload?.key === key,
        );
        if (hit?.ts) return { ts: hit.ts };
        cursor =
          (payload.response_metadata as { next_cursor?: string } | undefined)?.next_cursor ?? "";
        if (!payload.has_more || !cursor) return null;
      }
      return null;
    },

    async userEmail(userId) {
      const cacheKey = `${base}|${userId}`;
      const cached = emailCache.get(cacheKey);
      if (cached && cached.until > Date.now()) return cached.email;
      try {
        const payload = await get("users.info", { user: userId });
        const user = payload.user as { profile?: { email?: unknown } } | undefined;
        const email =
          typeof user?.profile?.email === "string" ? user.profile.email.toLowerCase() : null;
        emailCache.set(cacheKey, { email, until: Date.now() + EMAIL_TTL_MS });
        return email;
      } catch (e) {
        if (e instanceof SlackApiError && e.code === "user_not_found") return null;
        throw e;
      }
    },

    async whoAmI() {
      const payload = await post("auth.test", {});
      return { teamId: String(payload.team_id ?? ""), userId: String(payload.user_id ?? "") };
    },

    async respond(responseUrl, body) {
      if (!isAllowedResponseUrl(responseUrl, config.SLACK_RESPONSE_URL_ORIGIN))
        throw new SlackApiError(
          "response_url outside the allowed Slack origin",
          false,
          "bad_response_url",
        );
      await withRetries(
        responseUrl,
        {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8" },
          body: JSON.stringify(body),
        },
        "response_url",
      );
    },
  };
  return api;
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}
