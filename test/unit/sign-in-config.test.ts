import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Env, EXAMPLE_API_TOKEN, loadConfig } from "../../src/env";

const base = {
  PARLEY_API_TOKEN: "t".repeat(20),
  MAIL_FROM: "deals@brand.test",
  BRAND_NAME: "Brand",
};
const load = (vars: Record<string, string>) => loadConfig({ ...base, ...vars } as unknown as Env);
const problems = (vars: Record<string, string>) => {
  const result = load(vars);
  return result.ok ? [] : result.problems;
};

describe("sign-in configuration", () => {
  it("knows the committed example token", () => {
    expect(readFileSync(".dev.vars.example", "utf8")).toContain(
      `PARLEY_API_TOKEN=${EXAMPLE_API_TOKEN}`,
    );
  });

  it.each(["staging", "production"])("refuses the example token in %s", (environment) => {
    const found = problems({ ENVIRONMENT: environment, PARLEY_API_TOKEN: EXAMPLE_API_TOKEN });
    expect(found).toEqual([expect.stringMatching(/^PARLEY_API_TOKEN: .*committed example/)]);
    expect(found.join()).not.toContain(EXAMPLE_API_TOKEN);
  });

  it.each(["development", "test"])("accepts the example token in %s", (environment) => {
    expect(problems({ ENVIRONMENT: environment, PARLEY_API_TOKEN: EXAMPLE_API_TOKEN })).toEqual([]);
  });

  it("needs both halves of Cloudflare Access", () => {
    expect(problems({ ACCESS_TEAM_DOMAIN: "https://acme.cloudflareaccess.com" })).toEqual([
      expect.stringMatching(/^ACCESS_AUD: ACCESS_AUD is required with ACCESS_TEAM_DOMAIN/),
    ]);
    expect(problems({ ACCESS_AUD: "aud" })).toEqual([
      expect.stringMatching(/^ACCESS_TEAM_DOMAIN: ACCESS_TEAM_DOMAIN is required with ACCESS_AUD/),
    ]);
    const both = load({
      ACCESS_TEAM_DOMAIN: "https://acme.cloudflareaccess.com/",
      ACCESS_AUD: "a",
    });
    if (!both.ok) throw new Error(both.problems.join());
    expect(both.config.ACCESS_TEAM_DOMAIN).toBe("https://acme.cloudflareaccess.com");
    expect(problems({ ACCESS_TEAM_DOMAIN: "not a url", ACCESS_AUD: "a" })).toHaveLength(1);
    expect(
      problems({
        ENVIRONMENT: "production",
        ACCESS_TEAM_DOMAIN: "http://acme.example",
        ACCESS_AUD: "a",
      }),
    ).toEqual([expect.stringMatching(/must be https/)]);
  });

  it("parses ACCESS_ROLES and names bad entries", () => {
    const ok = load({ ACCESS_ROLES: " Ana@Brand.example=admin, *@brand.example=operator ,," });
    if (!ok.ok) throw new Error(ok.problems.join());
    expect(ok.config.ACCESS_ROLES).toEqual([
      { pattern: "ana@brand.example", role: "admin" },
      { pattern: "*@brand.example", role: "operator" },
    ]);
    expect(problems({ ACCESS_ROLES: "ana@brand.example=root" })).toHaveLength(1);
    expect(problems({ ACCESS_ROLES: "*=admin" })).toHaveLength(1);
    expect(problems({ ACCESS_ROLES: "a@b.example=viewer,a@b.example=admin" })).toEqual([
      expect.stringMatching(/two roles/),
    ]);
  });
});
