import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { PLACEHOLDER, prepareDeployConfig } from "../../scripts/deploy-config";

// biome-ignore lint/suspicious/noExplicitAny: parsed TOML, read field by field
type Table = Record<string, any>;

const TOML = readFileSync("wrangler.toml", "utf8");
const top = parse(TOML) as Table;
const ENVS = ["staging", "production"] as const;
const envOf = (name: string): Table => top.env?.[name] ?? {};

const names = (list: Table[] | undefined, key: string) => (list ?? []).map((b) => b[key]).sort();

describe("wrangler.toml: the local top level", () => {
  it("stays the local development configuration", () => {
    expect(top.vars.ENVIRONMENT).toBe("development");
    expect(top.name).toBe("parley");
    expect(top.d1_databases[0].binding).toBe("DB");
  });
});

describe.each(ENVS)("wrangler.toml [env.%s]", (envName) => {
  const env = envOf(envName);

  it("exists, with a Worker name of its own", () => {
    expect(env.name).toEqual(expect.any(String));
  });

  it("binds every Durable Object namespace of the top level, to the same classes", () => {
    const pairs = (t: Table) =>
      (t.durable_objects?.bindings ?? []).map((b: Table) => `${b.name}=${b.class_name}`).sort();
    expect(pairs(env)).toEqual(pairs(top));
    expect(pairs(env).length).toBeGreaterThan(0);
  });

  it("binds the D1 database with the migrations", () => {
    expect(names(env.d1_databases, "binding")).toEqual(names(top.d1_databases, "binding"));
    for (const db of env.d1_databases) {
      expect(db.database_name).toEqual(expect.any(String));
      expect(db.migrations_dir).toBe("migrations");
      // Filled in at deploy from the GitHub environment (scripts/deploy-config.ts), never the
      // top level's stand-in.
      expect(db.database_id).toBe(PLACEHOLDER);
    }
  });

  it("produces to and consumes every queue, each one dead-lettered like the top level", () => {
    expect(names(env.queues?.producers, "binding")).toEqual(names(top.queues.producers, "binding"));
    const consumers: Table[] = env.queues?.consumers ?? [];
    expect(consumers).toHaveLength(top.queues.consumers.length);
    const byQueue = new Map(consumers.map((c) => [c.queue, c]));
    for (const producer of env.queues.producers) {
      const consumer = byQueue.get(producer.queue);
      expect(consumer, `a consumer of ${producer.queue}`).toBeDefined();
      expect(consumer?.dead_letter_queue, `${producer.queue} has a dead-letter queue`).toEqual(
        expect.any(String),
      );
      // The dead letters are consumed too (they land in failed_jobs and in front of a person).
      expect(byQueue.has(consumer?.dead_letter_queue)).toBe(true);
    }
    // Same delivery settings, queue by queue (main queue, then its dead-letter queue).
    const settings = (c: Table) => ({ ...c, queue: undefined, dead_letter_queue: undefined });
    const topMain = top.queues.consumers.find((c: Table) => c.dead_letter_queue);
    const envMain = consumers.find((c) => c.dead_letter_queue);
    expect(settings(envMain ?? {})).toEqual(settings(topMain));
    const topDlq = top.queues.consumers.find((c: Table) => !c.dead_letter_queue);
    const envDlq = consumers.find((c) => !c.dead_letter_queue);
    expect(settings(envDlq ?? {})).toEqual(settings(topDlq));
  });

  it("binds send_email, the rate limits (same limits) and the analytics dataset", () => {
    expect(names(env.send_email, "name")).toEqual(names(top.send_email, "name"));
    const limits = (t: Table) =>
      (t.ratelimits ?? []).map((r: Table) => `${r.name} ${r.simple.limit}/${r.simple.period}`);
    expect(limits(env).sort()).toEqual(limits(top).sort());
    expect(names(env.analytics_engine_datasets, "binding")).toEqual(
      names(top.analytics_engine_datasets, "binding"),
    );
  });

  it("sets every var of the top level, with ENVIRONMENT naming the environment", () => {
    for (const name of Object.keys(top.vars)) expect(env.vars, name).toHaveProperty(name);
    expect(env.vars.ENVIRONMENT).toBe(envName);
  });

  it("runs the same cron", () => {
    expect(env.triggers?.crons).toEqual(top.triggers.crons);
  });
});

describe("wrangler.toml: staging and production share nothing", () => {
  const staging = envOf("staging");
  const production = envOf("production");
  const resources = (env: Table) => ({
    worker: [env.name],
    d1: names(env.d1_databases, "database_name"),
    queues: [
      ...names(env.queues?.producers, "queue"),
      ...(env.queues?.consumers ?? []).flatMap((c: Table) => [c.queue, c.dead_letter_queue]),
    ].filter(Boolean),
    datasets: names(env.analytics_engine_datasets, "dataset"),
    rateLimitNamespaces: names(env.ratelimits, "namespace_id"),
  });

  it.each(["worker", "d1", "queues", "datasets", "rateLimitNamespaces"] as const)(
    "%s names differ",
    (kind) => {
      const a = resources(staging)[kind];
      const b = resources(production)[kind];
      expect(a.length).toBeGreaterThan(0);
      expect(a.filter((name: string) => b.includes(name))).toEqual([]);
    },
  );
});

describe("scripts/deploy-config.ts", () => {
  const ready = {
    D1_DATABASE_ID: "3f1b7c1e-8a52-4d1e-9a35-2b1a2f6a9c01",
    PARLEY_BASE_URL: "https://parley-staging.brand.example.com",
    MAIL_FROM: "deals@brand.example.com",
    BRAND_NAME: "Acme",
  };

  it("refuses the committed file without the GitHub environment's values, naming each", () => {
    const result = prepareDeployConfig(TOML, "staging", {});
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.join("\n");
    for (const name of ["D1_DATABASE_ID", "PARLEY_BASE_URL", "MAIL_FROM", "BRAND_NAME"])
      expect(problems).toContain(`${name} is not set`);
  });

  it("fills in the D1 id, the custom domain and the vars, leaving other environments alone", () => {
    const result = prepareDeployConfig(TOML, "staging", {
      ...ready,
      ACCESS_AUD: "aud-123",
      SMOKE_CREATOR_EMAIL: "qa@brand.example.com",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const written = parse(result.text) as Table;
    const staging = written.env.staging;
    expect(staging.d1_databases[0].database_id).toBe(ready.D1_DATABASE_ID);
    expect(staging.routes).toEqual([
      { pattern: "parley-staging.brand.example.com", custom_domain: true },
    ]);
    expect(staging.vars).toMatchObject({
      ENVIRONMENT: "staging",
      MAIL_FROM: "deals@brand.example.com",
      BRAND_NAME: "Acme",
      ACCESS_AUD: "aud-123",
      DASHBOARD_URL: "https://parley-staging.brand.example.com",
    });
    // Not a Worker var: the smoke test's, never bound.
    expect(staging.vars).not.toHaveProperty("SMOKE_CREATOR_EMAIL");
    expect(written.env.production).toEqual(envOf("production"));
    expect(written.vars).toEqual(top.vars);
  });

  it("serves a workers.dev address from workers.dev", () => {
    const result = prepareDeployConfig(TOML, "production", {
      ...ready,
      PARLEY_BASE_URL: "https://parley.acme.workers.dev",
    });
    expect(result.ok && (parse(result.text) as Table).env.production.workers_dev).toBe(true);
  });

  it.each([
    [{ D1_DATABASE_ID: "parley-staging" }, "is not a D1 database id"],
    [{ PARLEY_BASE_URL: "http://parley.brand.example.com" }, "must be an https origin"],
    [{ PARLEY_API_TOKEN: "leaked-as-a-variable" }, "PARLEY_API_TOKEN is a secret"],
    [{ ENVIRONMENT: "production" }, "it must be staging"],
  ])("refuses %o", (override, message) => {
    const result = prepareDeployConfig(TOML, "staging", { ...ready, ...override });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join("\n")).toContain(message);
  });

  it("requires the variables a deploy step names", () => {
    const result = prepareDeployConfig(TOML, "staging", ready, ["SMOKE_CREATOR_EMAIL"]);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toEqual([expect.stringContaining("SMOKE_CREATOR_EMAIL")]);
  });
});
