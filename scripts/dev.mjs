// `npm run dev`: everything a fresh checkout needs, then the Worker (API and dashboard) on 127.0.0.1.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";

if (!existsSync(".dev.vars")) {
  copyFileSync(".dev.vars.example", ".dev.vars");
  console.log("Created .dev.vars from .dev.vars.example");
}

const npx = (args, options = {}) => spawnSync("npx", args, { stdio: "inherit", ...options });

// Extra arguments go to `wrangler dev` (e.g. `--var K:V`); `--persist-to <dir>` to migrations too.
const extra = process.argv.slice(2);
const persistAt = extra.indexOf("--persist-to");
const persist = persistAt === -1 ? [] : extra.slice(persistAt, persistAt + 2);

const migrated = npx(["wrangler", "d1", "migrations", "apply", "DB", "--local", ...persist], {
  env: { ...process.env, CI: "1" },
});
if (migrated.status !== 0) process.exit(migrated.status ?? 1);

// The dashboard is static assets (web/dist): built once before the Worker starts (the assets
// directory must exist), then rebuilt on every change unless PARLEY_WEB_WATCH=0.
const built = npx(["vite", "build", "web", "--logLevel", "warn"]);
if (built.status !== 0) process.exit(built.status ?? 1);
const children = [];
if (process.env.PARLEY_WEB_WATCH !== "0")
  children.push(
    spawn("npx", ["vite", "build", "web", "--watch", "--logLevel", "warn"], { stdio: "inherit" }),
  );

const port = process.env.PORT ?? "8787";
const dev = spawn(
  "npx",
  ["wrangler", "dev", "--ip", "127.0.0.1", "--port", port, "--inspector-port", "0", ...extra],
  { stdio: "inherit" },
);
children.push(dev);

// Says where the dashboard is once the Worker answers.
const base = `http://127.0.0.1:${port}`;
const announce = setInterval(async () => {
  const ok = await fetch(`${base}/health`).then(
    (r) => r.ok,
    () => false,
  );
  if (!ok) return;
  clearInterval(announce);
  console.log(
    `\n  Parley is running.\n  Dashboard: ${base}/  (sign in with PARLEY_API_TOKEN from .dev.vars)\n  API:       ${base}/api  ·  OpenAPI: ${base}/api/openapi.json\n`,
  );
}, 1000);

const stopAll = (signal) => {
  clearInterval(announce);
  for (const child of children) child.kill(signal);
};
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stopAll(signal));
dev.on("exit", (code) => {
  stopAll("SIGTERM");
  process.exit(code ?? 0);
});
