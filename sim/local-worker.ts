/// <reference types="node" />
/**
 * The real Worker, locally: `wrangler dev` started through scripts/dev.mjs with its own port and
 * state, an API client that spreads requests over several API tokens (the API rate limit is per
 * identity), and the local inbound email endpoint that calls the Worker's `email()` handler with a
 * raw RFC 822 message.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

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

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer().once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });

export interface LocalServer {
  base: string;
  dir: string | null;
  logPath: string | null;
  child: ChildProcess | null;
}

/** Starts Parley on a free port from `firstPort`, with `vars` passed to `wrangler dev`. */
export async function startServer(
  root: string,
  firstPort: number,
  vars: Record<string, string>,
): Promise<LocalServer> {
  let port = firstPort;
  while (!(await canListen(port))) if (++port > firstPort + 50) throw new Error("no free port");
  const dir = mkdtempSync(join(tmpdir(), "parley-sim-"));
  const logPath = join(dir, "wrangler.log");
  const log = openSync(logPath, "a");
  const args = ["scripts/dev.mjs", "--persist-to", join(dir, "state")];
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      PATH: `${join(root, "node_modules/.bin")}${delimiter}${process.env.PATH}`,
    },
    stdio: ["ignore", log, log],
    detached: true, // its own process group: npx, wrangler and workerd stop together
  });
  const server = { base: `http://127.0.0.1:${port}`, dir, logPath, child };
  await until(
    "GET /ready to answer 200",
    async () => {
      if (child.exitCode !== null)
        throw new Error(`dev server exited with ${child.exitCode}; see ${logPath}`);
      return (await fetch(`${server.base}/ready`).catch(() => null))?.status === 200;
    },
    180_000,
    300,
  );
  return server;
}

export async function stopServer(server: LocalServer, keep: boolean): Promise<void> {
  const pid = server.child?.pid;
  if (pid !== undefined) {
    const alive = () => {
      try {
        process.kill(-pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (const [signal, ms] of [
      ["SIGTERM", 10_000],
      ["SIGKILL", 5_000],
    ] as const) {
      if (!alive()) break;
      try {
        process.kill(-pid, signal);
      } catch {}
      const deadline = Date.now() + ms;
      while (alive() && Date.now() < deadline) await sleep(200);
    }
  }
  if (server.dir && !keep) rmSync(server.dir, { recursive: true, force: true });
}

export const bootstrapToken = (root: string): string => {
  const vars = readFileSync(join(root, ".dev.vars"), "utf8");
  const token = /^PARLEY_API_TOKEN=(.+)$/m.exec(vars)?.[1]?.trim();
  if (!token) throw new Error("no PARLEY_API_TOKEN in .dev.vars");
  return token;
};

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
