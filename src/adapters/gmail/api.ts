import { MailerError } from "../../ports/mailer";
import type { GoogleTokenSource } from "./token-source";

export interface GmailApiOptions {
  tokens: GoogleTokenSource;
  /** e.g. https://gmail.googleapis.com */
  apiBaseUrl: string;
  /** The mailbox: "me" or the address. */
  user: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface HistoryPage {
  history?: {
    id: string;
    messagesAdded?: { message: { id: string; threadId: string; labelIds?: string[] } }[];
  }[];
  nextPageToken?: string;
  historyId: string;
}

/** The Gmail REST calls Parley makes, with the bearer token refreshed once on a 401. */
export class GmailApi {
  constructor(private readonly options: GmailApiOptions) {}

  async findByMessageId(messageId: string): Promise<{ id: string; threadId: string } | null> {
    const q = encodeURIComponent(`rfc822msgid:${messageId.replace(/^<|>$/g, "")}`);
    const found = await this.call<{ messages?: { id: string; threadId: string }[] }>(
      "GET",
      `messages?q=${q}&includeSpamTrash=true&maxResults=1`,
    );
    return found.messages?.[0] ?? null;
  }

  send(raw: string, threadId?: string): Promise<{ id: string; threadId: string }> {
    return this.call("POST", "messages/send", { raw, ...(threadId ? { threadId } : {}) });
  }

  /** One page of history since `startHistoryId`; null when Gmail no longer has that far back (404). */
  async history(startHistoryId: string, pageToken?: string): Promise<HistoryPage | null> {
    const params = new URLSearchParams({
      startHistoryId,
      historyTypes: "messageAdded",
      maxResults: "100",
    });
    if (pageToken) params.set("pageToken", pageToken);
    try {
      return await this.call<HistoryPage>("GET", `history?${params}`);
    } catch (error) {
      if (error instanceof MailerError && /\(404\)/.test(error.message)) return null;
      throw error;
    }
  }

  /** Recent inbox messages, for when the history cursor is too old. */
  async recent(query: string): Promise<{ id: string; threadId: string }[]> {
    const found = await this.call<{ messages?: { id: string; threadId: string }[] }>(
      "GET",
      `messages?q=${encodeURIComponent(query)}&maxResults=100`,
    );
    return found.messages ?? [];
  }

  /** The RFC 822 bytes of one message, and its labels. */
  async raw(id: string): Promise<{ bytes: Uint8Array; labelIds: string[] }> {
    const m = await this.call<{ raw: string; labelIds?: string[] }>(
      "GET",
      `messages/${encodeURIComponent(id)}?format=raw`,
    );
    const binary = atob(m.raw.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return { bytes, labelIds: m.labelIds ?? [] };
  }

  watch(topicName: string): Promise<{ historyId: string; expiration: string }> {
    return this.call("POST", "watch", {
      topicName,
      labelIds: ["INBOX"],
      labelFilterBehavior: "INCLUDE",
    });
  }

  private async call<T>(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    retriedAuth = false,
  ): Promise<T> {
    const token = await this.options.tokens.accessToken();
    const url = `${this.options.apiBaseUrl}/gmail/v1/users/${encodeURIComponent(this.options.user)}/${path}`;
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { "content-type": "application/json" } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000),
      });
    } catch (error) {
      // A timeout may hide a send that went through: the retry's look-up finds it.
      throw new MailerError(`Gmail API unreachable or slow: ${String(error)}`, true);
    }
    if (response.status === 401 && !retriedAuth) {
      this.options.tokens.invalidate();
      return this.call(method, path, body, true);
    }
    if (!response.ok) {
      const text = (await response.text()).slice(0, 300);
      const retryable = response.status === 429 || response.status >= 500;
      throw new MailerError(
        `Gmail API ${method} ${path.split("?")[0]} failed (${response.status}): ${text}`,
        retryable,
      );
    }
    return (await response.json()) as T;
  }
}
