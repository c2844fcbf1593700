/// <reference types="node" />
/**
 * npx tsx scripts/deploy-config.ts <staging|production> [--require-var NAME]… [--require-env NAME]…
 *                                  [--out wrangler.toml] [--check]
 *
 * Fills in what belongs to one Cloudflare account in wrangler.toml's `[env.<name>]` before a deploy
 * (docs/deploy.md), from the variables of the GitHub environment, passed as JSON in
 * PARLEY_DEPLOY_VARS (the workflow's `toJSON(vars)`):
 * - D1_DATABASE_ID: the environment's D1 database (`wrangler d1 create` printed it);
 * - PARLEY_BASE_URL: where the Worker answers (a custom domain, or a workers.dev address); the
 *   smoke test checks it and DASHBOARD_URL defaults to it;
 * - any var of src/env.ts (MAIL_FROM, BRAND_NAME, ACCESS_AUD, …): overrides wrangler.toml's value.
 * Refuses, naming each one, while a value is still "from-github-environment", a required variable
 * or secret is missing, or a secret was set as a plain variable. Rewrites the file in place (a CI
 * checkout), or only checks with --check.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { parse, stringify } from "smol-toml";
import { ConfigSchema } from "../src/env";

/** The value wrangler.toml holds where each deployment brings its own. */
export const PLACEHOLDER = "from-github-environment";

/** Secrets of src/env.ts: `wrangler secret put NAME --env <name>`, never a plain variable. */
export const SECRET_NAMES = [
  "PARLEY_API_TOKEN",
  "ANTHROPIC_API_KEY",
  "SENTRY_DSN",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "GMAIL_CLIENT_ID",
  "GMAIL_CLIENT_SECRET",
  "GMAIL_REFRESH_TOKEN",
  "CLICKUP_API_TOKEN",
  "CLICKUP_WEBHOOK_SECRET",
  "GOOGLE_SERVICE_ACCOUNT_KEY",
];

/** The vars a GitHub environment variable may set: every one src/env.ts reads but the secrets. */
export const SETTABLE_VARS = Object.keys(ConfigSchema.shape).filter(
  (name) => name !== "ENVIRONMENT" && !SECRET_NAMES.includes(name),
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = /^[0-]+$/;

type Table = Record<string, unknown>;
export type Prepared =
  | { ok: true; text: string; summary: string[] }
  | { ok: false; problems: string[] };

/**
 * wrangler.toml with `[env.<envName>]` completed from `values` (the GitHub environment's
 * variables), or every reason it cannot be deployed yet.
 */
export function prepareDeployConfig(
  toml: string,
  envName: string,
  values: Record<string, string | undefined>,
  requiredVars: string[] = [],
): Prepared {
  const config = parse(toml) as Table;
  const env = (config.env as Record<string, Table> | undefined)?.[envName];
  if (!env) return { ok: false, problems: [`wrangler.toml has no [env.${envName}]`] };
  const where = `the GitHub environment "${envName}"`;
  const problems: string[] = [];
  const summary: string[] = [];
  const given = (name: string) => {
    const value = values[name]?.trim();
    return value ? value : undefined;
  };

  for (const name of SECRET_NAMES)
    if (given(name))
      problems.push(
        `${name} is a secret: remove the variable from ${where} and run \`wrangler secret put ${name} --env ${envName}\``,
      );
  if (given("ENVIRONMENT") && given("ENVIRONMENT") !== envName)
    problems.push(`ENVIRONMENT is "${given("ENVIRONMENT")}" in ${where}: it must be ${envName}`);

  const db = (env.d1_databases as Table[] | undefined)?.find((d) => d.binding === "DB");
  const dbId = given("D1_DATABASE_ID");
  if (!db) problems.push(`[env.${envName}] has no D1 binding DB`);
  else if (dbId && !UUID.test(dbId))
    problems.push(`D1_DATABASE_ID "${dbId}" is not a D1 database id (\`wrangler d1 list\`)`);
  else if (dbId) {
    db.database_id = dbId;
    summary.push(`D1 ${db.database_name}: ${dbId}`);
  } else if (db.database_id === PLACEHOLDER || NIL_UUID.test(String(db.database_id)))
    problems.push(
      `D1_DATABASE_ID is not set: add it to ${where} (\`wrangler d1 create ${db.database_name}\` prints it)`,
    );

  const baseUrl = given("PARLEY_BASE_URL");
  let base: URL | null = null;
  if (!baseUrl)
    problems.push(
      `PARLEY_BASE_URL is not set: add it to ${where} (the Worker's https address, e.g. https://parley.brand.com)`,
    );
  else {
    try {
      base = new URL(baseUrl);
    } catch {}
    if (base?.protocol !== "https:" || base.pathname !== "/" || base.search)
      problems.push(
        `PARLEY_BASE_URL "${baseUrl}" must be an https origin such as https://parley.brand.com`,
      );
    else if (base.hostname.endsWith(".workers.dev")) {
      env.workers_dev = true;
      summary.push(`served on ${base.origin} (workers.dev)`);
    } else if (!env.routes && !env.route) {
      env.routes = [{ pattern: base.hostname, custom_domain: true }];
      summary.push(`served on ${base.origin} (custom domain)`);
    }
  }

  const vars = (env.vars ?? {}) as Table;
  env.vars = vars;
  for (const name of SETTABLE_VARS) {
    const value = values[name];
    if (value === undefined) continue;
    vars[name] = value;
    summary.push(`${name} from ${where}`);
  }
  // Where people open the dashboard: the Worker's own address unless the team set another.
  if (vars.DASHBOARD_URL === PLACEHOLDER && base) vars.DASHBOARD_URL = base.origin;
  for (const [name, value] of Object.entries(vars))
    if (value === PLACEHOLDER && !(name === "DASHBOARD_URL" && !base))
      problems.push(`${name} is not set: add the variable to ${where}`);
  for (const name of requiredVars)
    if (!given(name)) problems.push(`${name} is not set: add the variable to ${where}`);

  if (problems.length) return { ok: false, problems };
  const text = `# Written by scripts/deploy-config.ts for --env ${envName}; the committed file is the source.\n${stringify(config)}\n`;
  return { ok: true, text, summary };
}

function main(): void {
  const { values: flags, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "require-var": { type: "string", multiple: true, default: [] },
      "require-env": { type: "string", multiple: true, default: [] },
      config: { type: "string", default: "wrangler.toml" },
      out: { type: "string" },
      check: { type: "boolean", default: false },
    },
  });
  const envName = positionals[0];
  if (!envName || positionals.length > 1) {
    console.error("usage: npx tsx scripts/deploy-config.ts <staging|production> [options]");
    process.exit(2);
  }
  let values: Record<string, string | undefined> = {};
  try {
    values = JSON.parse(process.env.PARLEY_DEPLOY_VARS || "{}");
  } catch {
    console.error(
      "deploy-config: PARLEY_DEPLOY_VARS is not JSON (the workflow passes toJSON(vars))",
    );
    process.exit(2);
  }
  const prepared = prepareDeployConfig(
    readFileSync(flags.config, "utf8"),
    envName,
    values,
    flags["require-var"],
  );
  const problems = prepared.ok ? [] : [...prepared.problems];
  for (const name of flags["require-env"])
    if (!process.env[name])
      problems.push(`the secret ${name} is not set in the GitHub environment "${envName}"`);
  if (!prepared.ok || problems.length) {
    console.error(`Cannot deploy ${envName} yet (docs/deploy.md, "One-time setup"):`);
    for (const problem of problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  for (const line of prepared.summary) console.log(`  ${line}`);
  if (flags.check)
    console.log(`wrangler.toml is ready for --env ${envName} (not written: --check)`);
  else {
    writeFileSync(flags.out ?? flags.config, prepared.text);
    console.log(`${flags.out ?? flags.config} is ready for --env ${envName}`);
  }
}

// Run as a script, not when a test imports it.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
