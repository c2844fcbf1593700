// Starts Parley the way `npm run dev` does (scripts/dev.mjs: migrations, dashboard build, wrangler
// dev) on a spare port with fresh local state, and stops it with its whole process group.
import { spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

export const ROOT = new URL("../..", import.meta.url).pathname;

export async function until(what, probe, timeoutMs = 60_000, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

const canListen = (port) =>
  new Promise((resolve) => {
    const probe = createServer().once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });

export async function startServer() {
  const wanted = Number(process.env.PORT ?? 8811);
  let port = wanted;
  while (!(await canListen(port))) if (++port > wanted + 50) throw new Error("no free port");
  const dir = mkdtempSync(join(tmpdir(), "parley-browser-"));
  const logPath = join(dir, "wrangler.log");
  const log = openSync(logPath, "a");
  const child = spawn(
    process.execPath,
    ["scripts/dev.mjs", "--persist-to", join(dir, "state"), "--var", "SEND_GAP_SECONDS:0"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        PARLEY_WEB_WATCH: "0",
        PATH: `${join(ROOT, "node_modules/.bin")}${delimiter}${process.env.PATH}`,
      },
      stdio: ["ignore", log, log],
      detached: true,
    },
  );
  const server = { child, port, dir, logPath, base: `http://127.0.0.1:${port}` };
  const tail = () => readFileSync(logPath, "utf8").split("\n").slice(-15).join("\n");
  try {
    await until(
      "GET /ready to answer 200",
      async () => {
        if (child.exitCode !== null) throw new Error(`dev server exited with ${child.exitCode}`);
        return (await fetch(`${server.base}/ready`).catch(() => null))?.status === 200;
      },
      180_000,
    );
  } catch (error) {
    await stopServer(server);
    throw new Error(`${error.message}; the end of its log (${logPath}):\n${tail()}`);
  }
  const vars = readFileSync(join(ROOT, ".dev.vars"), "utf8");
  server.token = /^PARLEY_API_TOKEN=(.+)$/m.exec(vars)?.[1]?.trim();
  if (!server.token) throw new Error(".dev.vars has no PARLEY_API_TOKEN");
  return server;
}

export async function stopServer(server) {
  const alive = () => {
    try {
      process.kill(-server.child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const [signal, ms] of [
    ["SIGTERM", 10_000],
    ["SIGKILL", 5_000],
  ]) {
    if (!alive()) break;
    try {
      process.kill(-server.child.pid, signal);
    } catch {}
    await until("the dev server to stop", async () => !alive(), ms, 100).catch(() => {});
  }
}

/** Parley's API with the bootstrap token, and Wrangler's local mail endpoints. */
export function client(server) {
  const api = async (method, path, body) => {
    const res = await fetch(server.base + path, {
      method,
      headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const outbox = async (to) => {
    const page = await (
      await fetch(`${server.base}/cdn-cgi/local/explorer/api/local/email/sending?per_page=100`)
    ).json();
    return page.result
      .filter((m) => m.to.includes(to))
      .sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  };
  const reply = async (from, name, answered, text) => {
    const raw = [
      `From: ${name} <${from}>`,
      `To: ${answered.replyTo}`,
      `Subject: Re: ${answered.subject.replace(/^Re:\s*/i, "")}`,
      `Message-ID: <browser-${Date.now()}@${from.split("@")[1]}>`,
      `In-Reply-To: ${answered.messageId}`,
      `References: ${answered.messageId}`,
      `Date: ${new Date().toUTCString().replace("GMT", "+0000")}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      text.replace(/\r?\n/g, "\r\n"),
    ].join("\r\n");
    const query = new URLSearchParams({ from, to: answered.replyTo });
    const res = await fetch(`${server.base}/cdn-cgi/local/email?${query}`, {
      method: "POST",
      body: raw,
    });
    if (!res.ok) throw new Error(`inbound email → ${res.status} ${await res.text()}`);
  };
  return { api, outbox, reply };
}
