import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML, read field by field
type Node = Record<string, any>;

const workflow = (file: string): Node =>
  parse(readFileSync(`.github/workflows/${file}`, "utf8"), { merge: false });
const ci = workflow("ci.yml");
const deploy = workflow("deploy.yml");
const runs = (job: Node): string[] => (job.steps ?? []).map((s: Node) => s.run ?? s.uses ?? "");

interface GitHubContext {
  event_name: string;
  ref: string;
}

/**
 * Evaluates a job's `if:` for an event, for the subset of the expression language the workflows
 * use (github.event_name, github.ref, string literals, ==, !=, &&, ||, !, startsWith, parentheses).
 */
function runsOn(condition: string | undefined, github: GitHubContext): boolean {
  if (condition === undefined) return true;
  const expression = condition.replace(/^\s*\$\{\{|\}\}\s*$/g, "");
  const unknown = expression
    .replace(/'[^']*'/g, "")
    .replace(/github\.(event_name|ref)|startsWith|==|!=|&&|\|\||[!(),\s]/g, "");
  if (unknown) throw new Error(`cannot evaluate "${unknown}" in: ${condition}`);
  const js = expression
    .replace(/github\.(event_name|ref)/g, "github.$1")
    .replace(/==/g, "===")
    .replace(/!=(?!=)/g, "!==");
  const startsWith = (a: string, b: string) => a.startsWith(b);
  return new Function("github", "startsWith", `return (${js});`)(github, startsWith) as boolean;
}

/** A workflow expression as written in YAML: `${{ … }}`. */
const expression = (inner: string) => `${"$"}{{ ${inner} }}`;

const EVENTS: Record<string, GitHubContext> = {
  "push to main": { event_name: "push", ref: "refs/heads/main" },
  "push to a branch": { event_name: "push", ref: "refs/heads/feature" },
  "version tag": { event_name: "push", ref: "refs/tags/v1.4.0" },
  "other tag": { event_name: "push", ref: "refs/tags/nightly" },
  "manual run on main": { event_name: "workflow_dispatch", ref: "refs/heads/main" },
  "manual run on a tag": { event_name: "workflow_dispatch", ref: "refs/tags/v1.4.0" },
  "manual run on a branch": { event_name: "workflow_dispatch", ref: "refs/heads/feature" },
  "pull request": { event_name: "pull_request", ref: "refs/pull/7/merge" },
};

describe("the check workflow (ci.yml)", () => {
  const steps = runs(ci.jobs.check);

  it("runs on pull requests and for the deploy workflow", () => {
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(["pull_request", "workflow_call"]));
  });

  it.each([
    "npm ci",
    "npm run typecheck",
    "npm run lint",
    "node scripts/check-migrations.mjs",
    "npm test",
    "npm run sim -- --ci --gate invariants",
    "npm run smoke -- --local",
    "npm audit --omit=dev --audit-level=high",
    "npm run build",
  ])("runs %s", (command) => {
    expect(steps).toContain(command);
  });

  it("runs the same checks as .ci/run, which adds the browser tests", () => {
    const script = readFileSync(".ci/run", "utf8");
    for (const command of [
      "npm run typecheck",
      "npm run lint",
      "node scripts/check-migrations.mjs",
      "npm test",
      "npm run sim -- --ci --gate invariants",
      "npm run smoke -- --local",
      "npm run test:browser",
    ])
      expect(script).toContain(command);
  });
});

describe("the deploy workflow (deploy.yml)", () => {
  it("triggers on pushes to main, version tags and by hand", () => {
    expect(deploy.on.push.branches).toEqual(["main"]);
    expect(deploy.on.push.tags).toEqual(["v*"]);
    expect(deploy.on).toHaveProperty("workflow_dispatch");
    expect(deploy.on).not.toHaveProperty("pull_request");
  });

  it("deploys only after the checks pass", () => {
    expect(deploy.jobs.check.uses).toBe("./.github/workflows/ci.yml");
    expect(deploy.jobs.staging.needs).toBe("check");
    expect(deploy.jobs.production.needs).toBe("check");
  });

  it.each(Object.entries(EVENTS))("%s: deploys to the right environment", (event, github) => {
    const staging = runsOn(deploy.jobs.staging.if, github);
    const production = runsOn(deploy.jobs.production.if, github);
    expect({ staging, production }).toEqual({
      staging: event === "push to main",
      production: ["version tag", "manual run on main", "manual run on a tag"].includes(event),
    });
  });

  it.each(["staging", "production"])("%s runs in its GitHub environment", (name) => {
    const environment = deploy.jobs[name].environment;
    expect(typeof environment === "string" ? environment : environment.name).toBe(name);
  });

  it.each(["staging", "production"])(
    "%s: configuration, migration check, D1 migrations, deploy, smoke, in that order",
    (name) => {
      const steps = runs(deploy.jobs[name]);
      const at = (pattern: RegExp) => {
        const index = steps.findIndex((s) => pattern.test(s));
        expect(index, `a step matching ${pattern}`).toBeGreaterThanOrEqual(0);
        return index;
      };
      const order = [
        at(new RegExp(`^npx tsx scripts/deploy-config\\.ts ${name}\\b`)),
        at(/^node scripts\/check-migrations\.mjs/),
        at(new RegExp(`^npx wrangler d1 migrations apply DB --remote --env ${name}$`)),
        at(new RegExp(`^npx wrangler deploy --env ${name}$`)),
        at(/^npm run smoke -- "\$PARLEY_BASE_URL"/),
      ];
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    },
  );

  it.each(["staging", "production"])(
    "%s: every wrangler command names the environment; the local top level is never deployed",
    (name) => {
      for (const step of runs(deploy.jobs[name]).filter((s) => s.includes("wrangler ")))
        expect(step).toMatch(new RegExp(`--env ${name}$`));
    },
  );

  it.each(["staging", "production"])(
    "%s: secrets and variables come from its environment",
    (name) => {
      const env = deploy.jobs[name].env;
      expect(env.CLOUDFLARE_API_TOKEN).toBe(expression("secrets.CLOUDFLARE_API_TOKEN"));
      expect(env.CLOUDFLARE_ACCOUNT_ID).toBe(expression("secrets.CLOUDFLARE_ACCOUNT_ID"));
      expect(env.PARLEY_SMOKE_TOKEN).toBe(expression("secrets.PARLEY_SMOKE_TOKEN"));
      expect(env.PARLEY_BASE_URL).toBe(expression("vars.PARLEY_BASE_URL"));
      const configure = deploy.jobs[name].steps.find((s: Node) =>
        String(s.run).includes("deploy-config"),
      );
      expect(configure.env.PARLEY_DEPLOY_VARS).toBe(expression("toJSON(vars)"));
    },
  );

  it("staging always starts and stops a negotiation in its smoke test", () => {
    const smoke = runs(deploy.jobs.staging).find((s) => s.startsWith("npm run smoke"));
    expect(smoke).toContain("--staging");
    expect(runs(deploy.jobs.staging).join("\n")).toContain("--require-var SMOKE_CREATOR_EMAIL");
  });

  it("deploys one at a time per environment", () => {
    expect(deploy.jobs.staging.concurrency.group).not.toBe(
      deploy.jobs.production.concurrency.group,
    );
    expect(deploy.jobs.staging.concurrency["cancel-in-progress"]).toBe(false);
    expect(deploy.jobs.production.concurrency["cancel-in-progress"]).toBe(false);
  });
});
