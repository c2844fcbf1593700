/// <reference types="node" />
/**
 * The real Worker, locally: `wrangler dev` started through scripts/dev.mjs with its own port and
 * state, an API client that spreads requests over several API tokens (the API rate limit is per
 * identity), and the local inbound email endpoint that calls the Worker's `email()` handler with a
 * raw RFC 822 message.
 */
import {
  type LocalParley,
  localToken,
  startLocalParley,
  stopLocalParley,
} from "../scripts/local-parley.mjs";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s: ${what}`);
    await sleep(everyMs);
  }
}

export interface LocalServer {
  base: string;
  dir: string | null;
  logPath: string | null;
  /** The process group started here; null when the simulation runs against a given URL. */
  local: LocalParley | null;
}

/** Starts Parley on a free port from `firstPort`, with `vars` passed to `wrangler dev`. */
export async function startServer(
  root: string,
  firstPort: number,
  vars: Record<string, string>,
): Promise<LocalServer> {
  const local = await startLocalParley({ root, port: firstPort, vars, label: "sim" });
  return { base: local.base, dir: local.dir, logPath: local.logPath, local };
}

export async function stopServer(server: LocalServer, keep: boolean): Promise<void> {
  if (server.local) await stopLocalParley(server.local, { keep });
}

export const bootstrapToken = (root: string): string => localToken(root);

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

export type Api = (method: string, path: string, body?: unknown) => Promise<any>;

/** An API client authenticated with `token`; 429s are waited out, never counted as answers. */
export function apiClient(base: string, token: string): Api {
  return async (method, path, body) => {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json().catch(() => null);
      if (res.status === 429 && attempt < 5) {
        await sleep(Number(res.headers.get("retry-after") ?? 1) * 1000);
        continue;
      }
      if (!res.ok)
        throw new ApiError(
          `${method} ${path} → ${res.status} ${JSON.stringify(json)}`,
          res.status,
          json,
        );
      return json;
    }
  };
}

/** `count` operator tokens, so concurrent conversations do not share one rate-limit bucket. */
export async function tokenPool(admin: Api, count: number, label: string): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await admin("POST", "/api/tokens", {
      name: `sim-${label}-${i}`,
      role: "operator",
    });
    tokens.push(created.token);
  }
  return tokens;
}

export interface RawEmail {
  from: { name: string; address: string };
  to: string;
  cc: string[];
  subject: string;
  messageId: string;
  inReplyTo: string;
  headers: Record<string, string>;
  text: string;
}

/** Posts a raw RFC 822 message to Wrangler's local inbound endpoint, which calls `email()`. */
export async function deliver(base: string, mail: RawEmail): Promise<void> {
  const raw = [
    `From: ${mail.from.name} <${mail.from.address}>`,
    `To: ${mail.to}`,
    ...(mail.cc.length ? [`Cc: ${mail.cc.join(", ")}`] : []),
    `Subject: ${mail.subject}`,
    `Message-ID: ${mail.messageId}`,
    `In-Reply-To: ${mail.inReplyTo}`,
    `References: ${mail.inReplyTo}`,
    `Date: ${new Date().toUTCString().replace("GMT", "+0000")}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    ...Object.entries(mail.headers).map(([name, value]) => `${name}: ${value}`),
    "",
    mail.text.replace(/\r?\n/g, "\r\n"),
    "",
  ].join("\r\n");
  const query = new URLSearchParams({ from: mail.from.address, to: mail.to });
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${base}/cdn-cgi/local/email?${query}`, { method: "POST", body: raw });
    if (res.ok) return;
    if (attempt >= 2)
      throw new Error(
        `inbound email from ${mail.from.address} → ${res.status} ${await res.text()}`,
      );
    await sleep(500);
  }
}
