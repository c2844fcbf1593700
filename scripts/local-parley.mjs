// Starts Parley locally the way `npm run dev` does (scripts/dev.mjs: D1 migrations, dashboard
// build, `wrangler dev`) on a spare port with fresh local state, and stops it with its whole process
// group. Shared by the demo, the simulation, the smoke test and the browser tests.
import { spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** The repository's root. */
export const ROOT = new URL("..", import.meta.url).pathname;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value, or throws naming `what` after `timeoutMs`. */
export async function until(what, probe, timeoutMs = 60_000, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(everyMs);
  }
}

const canListen = (port) =>
  new Promise((resolve) => {
    const probe = createServer().once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });

/** The bootstrap admin token from `.dev.vars` (scripts/dev.mjs creates the file when missing). */
export function localToken(root = ROOT) {
  const vars = readFileSync(join(root, ".dev.vars"), "utf8");
  const token = /^PARLEY_API_TOKEN=(.+)$/m.exec(vars)?.[1]?.trim();
  if (!token) throw new Error(".dev.vars has no PARLEY_API_TOKEN");
  return token;
}

/**
 * Starts Parley on the first free port from `port`, with `vars` passed to `wrangler dev` as
 * `--var`, state and log in a new temporary directory, and resolves once `GET /ready` answers 200.
 * The dashboard is built once, not watched.
 */
export async function startLocalParley({
  root = ROOT,
  port: firstPort = 8787,
  vars = {},
  label = "local",
  timeoutMs = 180_000,
} = {}) {
  let port = firstPort;
  while (!(await canListen(port))) if (++port > firstPort + 50) throw new Error("no free port");
  const dir = mkdtempSync(join(tmpdir(), `parley-${label}-`));
  const logPath = join(dir, "wrangler.log");
  const log = openSync(logPath, "a");
  const args = ["scripts/dev.mjs", "--persist-to", join(dir, "state")];
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      PARLEY_WEB_WATCH: "0",
      PATH: `${join(root, "node_modules/.bin")}${delimiter}${process.env.PATH}`,
    },
    stdio: ["ignore", log, log],
    detached: true, // its own process group: npx, wrangler and workerd stop together
  });
  const server = { child, port, dir, logPath, base: `http://127.0.0.1:${port}`, token: "" };
  try {
    await until(
      "GET /ready to answer 200",
      async () => {
        if (child.exitCode !== null) throw new Error(`dev server exited with ${child.exitCode}`);
        return (await fetch(`${server.base}/ready`).catch(() => null))?.status === 200;
      },
      timeoutMs,
      300,
    );
  } catch (error) {
    await stopLocalParley(server, { keep: true });
    throw new Error(`${error.message}; the end of its log (${logPath}):\n${logTail(server)}`);
  }
  server.token = localToken(root);
  return server;
}

/** The last lines of the server's log. */
export function logTail(server, lines = 15) {
  return readFileSync(server.logPath, "utf8").split("\n").slice(-lines).join("\n");
}

/** Stops the server's process group (SIGTERM, then SIGKILL); removes its state unless `keep`. */
export async function stopLocalParley(server, { keep = false } = {}) {
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
    ]) {
      if (!alive()) break;
      try {
        process.kill(-pid, signal);
      } catch {}
      await until("the dev server to stop", async () => !alive(), ms, 100).catch(() => {});
    }
  }
  if (!keep) rmSync(server.dir, { recursive: true, force: true });
}
