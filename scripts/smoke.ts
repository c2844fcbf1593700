/// <reference types="node" />
/**
 * npm run smoke -- <base URL> [--staging] [--creator-email <address>] [--wait <seconds>]
 * npm run smoke -- --local
 *
 * Checks a running Parley after a deploy (scripts/smoke-checks.ts): /health, /ready, that the API
 * refuses a request without a token, an authenticated read and, with --staging or a test creator
 * address (SMOKE_CREATOR_EMAIL or --creator-email), a negotiation started and stopped in the smoke
 * campaign. --wait gives /health that long to answer 200 after a deploy. The token comes from
 * PARLEY_SMOKE_TOKEN or PARLEY_API_TOKEN (an operator token: the negotiation check acts). --local
 * starts Parley the way `npm run dev` does, with fresh state, runs every check against it (the
 * negotiation included, and that nothing was sent) and stops it. Exits 1 naming the failed check,
 * 2 on a usage error.
 */
import { parseArgs } from "node:util";
import { type LocalParley, startLocalParley, stopLocalParley } from "./local-parley.mjs";
import { runSmoke } from "./smoke-checks";

/** The test creator of --local runs: local mail is only stored by Wrangler, never delivered. */
const LOCAL_CREATOR = "smoke-creator@parley.example";

/** Locally, Wrangler keeps every email the Worker sent. */
const localOutboxCount = (base: string) => async (address: string) => {
  const res = await fetch(`${base}/cdn-cgi/local/explorer/api/local/email/sending?per_page=100`);
  if (!res.ok) throw new Error(`the local outbox answered ${res.status}`);
  const page = (await res.json()) as { result: { to: string[] }[] };
  return page.result.filter((m) => m.to.includes(address)).length;
};

function usage(message: string): never {
  console.error(`smoke: ${message}`);
  console.error(
    "usage: npm run smoke -- <base URL> [--staging] [--creator-email <address>] [--wait <seconds>] | npm run smoke -- --local",
  );
  process.exit(2);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        staging: { type: "boolean", default: false },
        local: { type: "boolean", default: false },
        "creator-email": { type: "string" },
        wait: { type: "string", default: "0" },
      },
    });
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
})();

let server: LocalParley | null = null;
let base = positionals[0] ?? "";
let token = process.env.PARLEY_SMOKE_TOKEN || process.env.PARLEY_API_TOKEN || "";
let creatorEmail = values["creator-email"] || process.env.SMOKE_CREATOR_EMAIL || undefined;

if (!/^\d+$/.test(values.wait)) usage("--wait takes a number of seconds");
if (values.local) {
  if (base) usage("--local starts its own server: give no base URL");
  console.log("Starting Parley locally (scripts/dev.mjs) with fresh state …");
  server = await startLocalParley({ port: Number(process.env.PORT ?? 8831), label: "smoke" });
  base = server.base;
  token = server.token;
  creatorEmail ??= LOCAL_CREATOR;
} else {
  if (!/^https?:\/\/[^/]+/.test(base)) usage("give the base URL, e.g. https://parley.example.com");
  if (!token) usage("set PARLEY_SMOKE_TOKEN (or PARLEY_API_TOKEN) to an operator API token");
  if (values.staging && !creatorEmail)
    usage("--staging starts a negotiation: set SMOKE_CREATOR_EMAIL or --creator-email");
}

console.log(`Smoke test of ${base}`);
let code = 1;
try {
  const result = await runSmoke({
    base,
    token,
    creatorEmail,
    waitMs: Number(values.wait) * 1000,
    onPass: (check, detail) => console.log(`  ok    ${check}: ${detail}`),
    sentTo: server ? localOutboxCount(server.base) : undefined,
  });
  if (result.ok) {
    console.log(`Smoke test passed: ${result.passed.length} checks.`);
    code = 0;
  } else {
    console.error(`  FAIL  ${result.failed}: ${result.message}`);
    console.error(
      `Smoke test failed at "${result.failed}" (${result.passed.length} checks passed).`,
    );
  }
} finally {
  if (server) await stopLocalParley(server, { keep: code !== 0 });
  if (server && code !== 0) console.error(`Local server log and state kept in ${server.dir}`);
}
process.exit(code);
