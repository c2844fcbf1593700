/**
 * A local stand-in for Google's OAuth token endpoint and the Gmail REST API (users.messages.list
 * with `q=rfc822msgid:`, users.messages.send), speaking their request and response shapes.
 * Scriptable faults: the next send succeeds but answers too late, the next call answers 401 or 429.
 *
 * It holds several Google accounts, each with its own mailbox, refresh token and access tokens:
 * an access token is good for its own account only (`users/me` or `users/<its address>`; another
 * account's address answers 403 as Gmail does). The FakeGmail itself is the first account; the
 * control endpoints (`/__state`, `/__deliver`, `/__expire-tokens`, `/__revoke`) take
 * `?account=<address>` for another one.
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

/** One Google account: its mailbox, its refresh token and the access tokens issued for it. */
export class FakeGmailAccount {
  readonly messages: StoredMessage[] = [];
  tokensIssued = 0;
  sendCalls = 0;
  historyId = 1000;
  /** History older than this is gone (Gmail answers 404 for such a startHistoryId). */
  oldestHistoryId = 0;
  watchCalls = 0;
  /** The refresh token was revoked: the token endpoint answers invalid_grant. */
  revoked = false;
  readonly validTokens = new Set<string>();
  readonly faults: { slowSendMs?: number; status?: number }[] = [];

  constructor(
    readonly address: string,
    readonly refreshToken: string,
  ) {}

  /** The next API call of this account (not the token endpoint) gets this fault. */
  fault(f: { slowSendMs?: number; status?: number }): void {
    this.faults.push(f);
  }

  expireAllTokens(): void {
    this.validTokens.clear();
  }

  state() {
    return {
      address: this.address,
      sendCalls: this.sendCalls,
      tokensIssued: this.tokensIssued,
      historyId: this.historyId,
      watchCalls: this.watchCalls,
      messages: this.messages,
    };
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

/** The server, and its first account (deals@parley.example with refresh-1 unless told otherwise). */
export class FakeGmail extends FakeGmailAccount {
  /** Public keys Google signs Pub/Sub OIDC tokens with (served at /jwks). */
  jwks: Record<string, unknown>[] = [];
  /** History entries per page, small so paging is exercised. */
  pageSize = 2;
  tokenLifetimeSeconds = 3600;
  private readonly others: FakeGmailAccount[] = [];
  private server: Server | null = null;

  constructor(address = "deals@parley.example", refreshToken = "refresh-1") {
    super(address, refreshToken);
  }

  /** Another Google account with its own mailbox and refresh token. */
  addAccount(address: string, refreshToken: string): FakeGmailAccount {
    const account = new FakeGmailAccount(address, refreshToken);
    this.others.push(account);
    return account;
  }

  get accounts(): FakeGmailAccount[] {
    return [this, ...this.others];
  }

  /** The account a control call names (`?account=`), the first one when it names none. */
  account(address: string | null): FakeGmailAccount | undefined {
    if (!address) return this;
    return this.accounts.find((a) => a.address.toLowerCase() === address.toLowerCase());
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
    const notFound = () =>
      json(404, {
        error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" },
      });
    if (url.pathname === "/jwks") return json(200, { keys: this.jwks });
    if (url.pathname.startsWith("/__")) {
      const named = this.account(url.searchParams.get("account"));
      if (!named) return json(404, { error: "no such account" });
      if (url.pathname === "/__deliver" && method === "POST") return json(200, named.deliver(body));
      if (url.pathname === "/__state") return json(200, named.state());
      if (url.pathname === "/__expire-tokens" && method === "POST") {
        named.expireAllTokens();
        return json(200, { ok: true });
      }
      // Revoke (or, with ?restore=1, restore) the account's refresh token; its access tokens go too.
      if (url.pathname === "/__revoke" && method === "POST") {
        named.revoked = url.searchParams.get("restore") !== "1";
        named.expireAllTokens();
        return json(200, { ok: true });
      }
    }
    if (url.pathname === "/token" && method === "POST") {
      const form = new URLSearchParams(body);
      const owner = this.accounts.find(
        (a) => !a.revoked && a.refreshToken === form.get("refresh_token"),
      );
      if (form.get("grant_type") !== "refresh_token" || !owner) {
        return json(400, {
          error: "invalid_grant",
          error_description: "Token has been expired or revoked.",
        });
      }
      owner.tokensIssued += 1;
      // The first account keeps the token names it always had.
      const prefix = owner === this ? "" : `${owner.address.split("@")[0]}-`;
      const token = `ya29.${prefix}token-${owner.tokensIssued}`;
      owner.validTokens.add(token);
      return json(200, {
        access_token: token,
        expires_in: this.tokenLifetimeSeconds,
        token_type: "Bearer",
        scope: "https://www.googleapis.com/auth/gmail.modify",
      });
    }
    const bearer = auth.replace(/^Bearer /, "");
    const acct = this.accounts.find((a) => a.validTokens.has(bearer));
    if (!acct) {
      return json(401, {
        error: {
          code: 401,
          message: "Request had invalid authentication credentials.",
          status: "UNAUTHENTICATED",
        },
      });
    }
    const route = /^\/gmail\/v1\/users\/([^/]+)\/(.*)$/.exec(url.pathname);
    if (!route) return notFound();
    const user = decodeURIComponent(route[1] ?? "");
    if (user !== "me" && user.toLowerCase() !== acct.address.toLowerCase())
      // What Gmail answers when a token is used for another user's mailbox.
      return json(403, {
        error: {
          code: 403,
          message: `Delegation denied for ${acct.address}`,
          status: "PERMISSION_DENIED",
        },
      });
    const rest = `/${route[2] ?? ""}`;
    const fault = acct.faults.shift();
    if (fault?.status)
      return json(fault.status, {
        error: {
          code: fault.status,
          message: "simulated",
          status: fault.status === 429 ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE",
        },
      });
    if (rest === "/messages" && method === "GET") {
      const q = url.searchParams.get("q") ?? "";
      const wanted = /^rfc822msgid:(.+)$/.exec(q)?.[1];
      const found = acct.messages.filter((m) => m.messageId === wanted);
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
    if (rest === "/messages/send" && method === "POST") {
      acct.sendCalls += 1;
      const payload = JSON.parse(body) as { raw: string; threadId?: string };
      const raw = Buffer.from(payload.raw.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString(
        "utf8",
      );
      const messageId = /^Message-ID:\s*<([^>]+)>/im.exec(raw)?.[1] ?? "";
      const id = `18c${(acct.messages.length + 1).toString(16).padStart(13, "0")}`;
      acct.historyId += 1;
      const stored = {
        id,
        threadId: payload.threadId ?? id,
        raw,
        messageId,
        labelIds: ["SENT"],
        historyId: acct.historyId,
      };
      acct.messages.push(stored);
      if (fault?.slowSendMs) await new Promise((r) => setTimeout(r, fault.slowSendMs));
      return json(200, { id, threadId: stored.threadId, labelIds: ["SENT"] });
    }
    if (rest === "/history" && method === "GET") {
      const start = Number(url.searchParams.get("startHistoryId"));
      if (start < acct.oldestHistoryId) return notFound();
      const entries = acct.messages
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
        historyId: String(acct.historyId),
        ...(next ? { nextPageToken: next } : {}),
      });
    }
    const get = /^\/messages\/([^/]+)$/.exec(rest);
    if (get && method === "GET") {
      const m = acct.messages.find((x) => x.id === get[1]);
      if (!m) return notFound();
      return json(200, {
        id: m.id,
        threadId: m.threadId,
        labelIds: m.labelIds,
        historyId: String(m.historyId),
        sizeEstimate: m.raw.length,
        raw: b64url(m.raw),
      });
    }
    if (rest === "/watch" && method === "POST") {
      acct.watchCalls += 1;
      return json(200, {
        historyId: String(acct.historyId),
        expiration: String(Date.now() + 7 * 86_400_000),
      });
    }
    return json(404, { error: { code: 404, message: "Not Found", status: "NOT_FOUND" } });
  }
}
