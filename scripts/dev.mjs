// `npm run dev`: everything a fresh checkout needs, then the Worker on 127.0.0.1.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";

if (!existsSync(".dev.vars")) {
  copyFileSync(".dev.vars.example", ".dev.vars");
  console.log("Created .dev.vars from .dev.vars.example");
}

const wrangler = (args, options = {}) =>
  spawnSync("npx", ["wrangler", ...args], { stdio: "inherit", ...options });

// Extra arguments go to `wrangler dev` (e.g. `--var K:V`); `--persist-to <dir>` to migrations too.
const extra = process.argv.slice(2);
const persistAt = extra.indexOf("--persist-to");
const persist = persistAt === -1 ? [] : extra.slice(persistAt, persistAt + 2);

const migrated = wrangler(["d1", "migrations", "apply", "DB", "--local", ...persist], {
  env: { ...process.env, CI: "1" },
});
if (migrated.status !== 0) process.exit(migrated.status ?? 1);

const port = process.env.PORT ?? "8787";
const dev = spawn(
  "npx",
  ["wrangler", "dev", "--ip", "127.0.0.1", "--port", port, "--inspector-port", "0", ...extra],
  { stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));
