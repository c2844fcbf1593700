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
}

export class FakeGmail {
  readonly messages: StoredMessage[] = [];
  tokensIssued = 0;
  sendCalls = 0;
  tokenLifetimeSeconds = 3600;
  private validTokens = new Set<string>();
  private faults: { slowSendMs?: number; status?: number } [] = [];
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
      req.on("end", () => void this.route(req.method ?? "GET", req.url ?? "/", req.headers.authorization ?? "", Buffer.concat(chunks).toString(), res));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async route(method: string, path: string, auth: string, body: string, res: import("node:http").ServerResponse) {
    const json = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
      res.end(JSON.stringify(payload));
    };
    const url = new URL(path, "http://fake");
    if (url.pathname === "/token" && method === "POST") {
      const form = new URLSearchParams(body);
      if (form.get("grant_type") !== "refresh_token" || form.get("refresh_token") !== "refresh-1") {
        return json(400, { error: "invalid_grant", error_description: "Token has been expired or revoked." });
      }
      this.tokensIssued += 1;
      const token = `ya29.token-${this.tokensIssued}`;
      this.validTokens.add(token);
      return json(200, { access_token: token, expires_in: this.tokenLifetimeSeconds, token_type: "Bearer", scope: "https://www.googleapis.com/auth/gmail.modify" });
    }
    if (!this.validTokens.has(auth.replace(/^Bearer /, ""))) {
      return json(401, { error: { code: 401, message: "Request had invalid authentication credentials.", status: "UNAUTHENTICATED" } });
    }
    const fault = this.faults.shift();
    if (fault?.status) return json(fault.status, { error: { code: fault.status, message: "simulated", status: fault.status === 429 ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE" } });
    const list = /^\/gmail\/v1\/users\/me\/messages$/.test(url.pathname);
    if (list && method === "GET") {
      const q = url.searchParams.get("q") ?? "";
      const wanted = /^rfc822msgid:(.+)$/.exec(q)?.[1];
      const found = this.messages.filter((m) => m.messageId === wanted);
      return json(200, found.length ? { messages: found.map(({ id, threadId }) => ({ id, threadId })), resultSizeEstimate: found.length } : { resultSizeEstimate: 0 });
    }
    if (url.pathname === "/gmail/v1/users/me/messages/send" && method === "POST") {
      this.sendCalls += 1;
      const payload = JSON.parse(body) as { raw: string; threadId?: string };
      const raw = Buffer.from(payload.raw.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
      const messageId = /^Message-ID:\s*<([^>]+)>/im.exec(raw)?.[1] ?? "";
      const id = `18c${(this.messages.length + 1).toString(16).padStart(13, "0")}`;
      const stored = { id, threadId: payload.threadId ?? id, raw, messageId };
      this.messages.push(stored);
      if (fault?.slowSendMs) await new Promise((r) => setTimeout(r, fault.slowSendMs));
      return json(200, { id, threadId: stored.threadId, labelIds: ["SENT"] });
    }
    return json(404, { error: { code: 404, message: "Not Found", status: "NOT_FOUND" } });
  }
}
