import { type Mailer, MailerError, type OutgoingEmail, type SendReceipt } from "../../ports/mailer";
import { buildMime } from "../mime/build-mime";
import type { GoogleTokenSource } from "./token-source";

export interface GmailOptions {
  tokens: GoogleTokenSource;
  /** e.g. https://gmail.googleapis.com */
  apiBaseUrl: string;
  /** The mailbox: "me" or the address. */
  user: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => Date;
}

const base64Url = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

/**
 * Sends through the Gmail API from the team's own mailbox. Before every send it looks the
 * deterministic Message-ID up (`rfc822msgid:`), so a send that succeeded but timed out is found
 * instead of sent again. Replies join the Gmail thread of the message they answer.
 */
export class GmailMailer implements Mailer {
  constructor(private readonly options: GmailOptions) {}

  async send(email: OutgoingEmail): Promise<SendReceipt> {
    const already = await this.findByMessageId(email.messageId);
    if (already) return { providerMessageId: already.id };
    const threadId = email.inReplyTo
      ? (await this.findByMessageId(email.inReplyTo))?.threadId
      : undefined;
    const raw = base64Url(buildMime(email, this.options.now?.() ?? new Date()));
    const sent = await this.call<{ id: string; threadId: string }>("POST", "messages/send", {
      raw,
      ...(threadId ? { threadId } : {}),
    });
    return { providerMessageId: sent.id };
  }

  private async findByMessageId(
    messageId: string,
  ): Promise<{ id: string; threadId: string } | null> {
    const q = encodeURIComponent(`rfc822msgid:${messageId.replace(/^<|>$/g, "")}`);
    const found = await this.call<{ messages?: { id: string; threadId: string }[] }>(
      "GET",
      `messages?q=${q}&includeSpamTrash=true&maxResults=1`,
    );
    return found.messages?.[0] ?? null;
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
