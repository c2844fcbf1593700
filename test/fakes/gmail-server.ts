/**
 * A local stand-in for Google's OAuth token endpoint and the Gmail REST API (users.messages.list
 * with `q=rfc822msgid:`, users.messages.send), speaking their request and response shapes.
 * Scriptable faults: the next send succeeds but answers too late, the next call answers 401 or 429.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface StoredMessage {
  id: string;
  threadId: string;
  raw: string;
  messageId: string;
  labelIds: string[];
  historyId: number;
}

const b64url = (text: string) =>
  Buffer.from(text, "utf8")
    .toString("base64")
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

export class FakeGmail {
  readonly messages: StoredMessage[] = [];
  tokensIssued = 0;
  sendCalls = 0;
  /** Public keys Google signs Pub/Sub OIDC tokens with (served at /jwks). */
  jwks: Record<string, unknown>[] = [];
  historyId = 1000;
  /** History older than this is gone (Gmail answers 404 for such a startHistoryId). */
  oldestHistoryId = 0;
  watchCalls = 0;
  /** History entries per page, small so paging is exercised. */
  pageSize = 2;
  tokenLifetimeSeconds = 3600;
  private validTokens = new Set<string>();
  private faults: { slowSendMs?: number; status?: number }[] = [];
  private server: Server | null = null;

  /** The next API call (not the token endpoint) gets this fault. */
  fault(f: { slowSendMs?: number; status?: number }): void {
    this.faults.push(f);
  }

  expireAllTokens(): void {
    this.validTokens.clear();
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on(
        "end",
        () =>
          void this.route(
            req.method ?? "GET",
            req.url ?? "/",
            req.headers.authorization ?? "",
            Buffer.concat(chunks).toString(),
            res,
          ),
      );
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async route(
    method: string,
    path: string,
    auth: string,
    body: string,
    res: import("node:http").ServerResponse,
  ) {
    const json = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
      res.end(JSON.stringify(payload));
    };
    const url = new URL(path, "http://fake");
    if (url.pathname === "/jwks") return json(200, { keys: this.jwks });
    if (url.pathname === "/__deliver" && method === "POST") return json(200, this.deliver(body));
    if (url.pathname === "/__state")
      return json(200, {
        sendCalls: this.sendCalls,
        tokensIssued: this.tokensIssued,
        historyId: this.historyId,
        watchCalls: this.watchCalls,
        messages: this.messages,
      });
    if (url.pathname === "/__expire-tokens" && method === "POST") {
      this.expireAllTokens();
      return json(200, { ok: true });
    }
    if (url.pathname === "/token" && method === "POST") {
      const form = new URLSearchParams(body);
      if (form.get("grant_type") !== "refresh_token" || form.get("refresh_token") !== "refresh-1") {
        return json(400, {
          error: "invalid_grant",
          error_description: "Token has been expired or revoked.",
        });
      }
      this.tokensIssued += 1;
      const token = `ya29.token-${this.tokensIssued}`;
      this.validTokens.add(token);
      return json(200, {
        access_token: token,
        expires_in: this.tokenLifetimeSeconds,
        token_type: "Bearer",
        scope: "https://www.googleapis.com/auth/gmail.modify",
      });
    }
    if (!this.validTokens.has(auth.replace(/^Bearer /, ""))) {
      return json(401, {
        error: {
          code: 401,
          message: "Request had invalid authentication credentials.",
          status: "UNAUTHENTICATED",
        },
      });
    }
    const fault = this.faults.shift();
    if (fault?.status)
      return json(fault.status, {
        error: {
          code: fault.status,
          message: "simulated",
          status: fault.status === 429 ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE",
        },
      });
    const list = /^\/gmail\/v1\/users\/me\/messages$/.test(url.pathname);
    if (list && method === "GET") {
      const q = url.searchParams.get("q") ?? "";
      const wanted = /^rfc822msgid:(.+)$/.exec(q)?.[1];
      const found = this.messages.filter((m) => m.messageId === wanted);
      return json(
        200,
        found.length
          ? {
              messages: found.map(({ id, threadId }) => ({ id, threadId })),
              resultSizeEstimate: found.length,
            }
          : { resultSizeEstimate: 0 },
      );
    }
    if (url.pathname === "/gmail/v1/users/me/messages/send" && method === "POST") {
      this.sendCalls += 1;
      const payload = JSON.parse(body) as { raw: string; threadId?: string };
      const raw = Buffer.from(payload.raw.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString(
        "utf8",
      );
      const messageId = /^Message-ID:\s*<([^>]+)>/im.exec(raw)?.[1] ?? "";
      const id = `18c${(this.messages.length + 1).toString(16).padStart(13, "0")}`;
      this.historyId += 1;
      const stored = {
        id,
        threadId: payload.threadId ?? id,
        raw,
        messageId,
        labelIds: ["SENT"],
        historyId: this.historyId,
      };
      this.messages.push(stored);
      if (fault?.slowSendMs) await new Promise((r) => setTimeout(r, fault.slowSendMs));
      return json(200, { id, threadId: stored.threadId, labelIds: ["SENT"] });
    }
    if (url.pathname === "/gmail/v1/users/me/history" && method === "GET") {
      const start = Number(url.searchParams.get("startHistoryId"));
      if (start < this.oldestHistoryId)
        return json(404, {
          error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" },
        });
      const entries = this.messages
        .filter((m) => m.historyId > start)
        .sort((a, b) => a.historyId - b.historyId);
      const offset = Number(url.searchParams.get("pageToken") ?? 0);
      const page = entries.slice(offset, offset + this.pageSize);
      const next =
        offset + this.pageSize < entries.length ? String(offset + this.pageSize) : undefined;
      return json(200, {
        history: page.map((m) => ({
          id: String(m.historyId),
          messages: [{ id: m.id, threadId: m.threadId }],
          messagesAdded: [{ message: { id: m.id, threadId: m.threadId, labelIds: m.labelIds } }],
        })),
        historyId: String(this.historyId),
        ...(next ? { nextPageToken: next } : {}),
      });
    }
    const get = /^\/gmail\/v1\/users\/me\/messages\/([^/]+)$/.exec(url.pathname);
    if (get && method === "GET") {
      const m = this.messages.find((x) => x.id === get[1]);
      if (!m)
        return json(404, {
          error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" },
        });
      return json(200, {
        id: m.id,
        threadId: m.threadId,
        labelIds: m.labelIds,
        historyId: String(m.historyId),
        sizeEstimate: m.raw.length,
        raw: b64url(m.raw),
      });
    }
    if (url.pathname === "/gmail/v1/users/me/watch" && method === "POST") {
      this.watchCalls += 1;
      return json(200, {
        historyId: String(this.historyId),
        expiration: String(Date.now() + 7 * 86_400_000),
      });
    }
    return json(404, { error: { code: 404, message: "Not Found", status: "NOT_FOUND" } });
  }

  /** A message arriving in the inbox (a creator's reply), in the thread of the message it answers. */
  deliver(raw: string): { id: string; historyId: number } {
    const messageId = /^Message-ID:\s*<([^>]+)>/im.exec(raw)?.[1] ?? "";
    const inReplyTo = /^In-Reply-To:\s*<([^>]+)>/im.exec(raw)?.[1];
    const parent = this.messages.find((m) => m.messageId === inReplyTo);
    const id = `18d${(this.messages.length + 1).toString(16).padStart(13, "0")}`;
    this.historyId += 1;
    this.messages.push({
      id,
      threadId: parent?.threadId ?? id,
      raw,
      messageId,
      labelIds: ["INBOX", "UNREAD"],
      historyId: this.historyId,
    });
    return { id, historyId: this.historyId };
  }
}
