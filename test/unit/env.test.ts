import { describe, expect, it } from "vitest";
import { type Env, loadConfig } from "../../src/env";

const base = { PARLEY_API_TOKEN: "t".repeat(20), MAIL_FROM: "deals@brand.test", BRAND_NAME: "Brand" };
const load = (vars: Record<string, string>) => loadConfig({ ...base, ...vars } as unknown as Env);

describe("configuration fails closed", () => {
  it("names every missing secret and never echoes a value", () => {
    const result = loadConfig({ MAIL_FROM: "not-an-address", BRAND_NAME: "" } as unknown as Env);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.join("\n")).toMatch(/PARLEY_API_TOKEN is required/);
    expect(result.problems.join("\n")).toMatch(/MAIL_FROM/);
    expect(result.problems.join("\n")).not.toContain("not-an-address");
  });

  it("requires the Gmail secrets only when Gmail is the transport", () => {
    expect(load({}).ok).toBe(true);
    const gmail = load({ MAIL_TRANSPORT: "gmail", GMAIL_CLIENT_ID: "id" });
    expect(gmail.ok).toBe(false);
    if (gmail.ok) return;
    expect(gmail.problems).toEqual([
      "GMAIL_CLIENT_SECRET: GMAIL_CLIENT_SECRET is required when MAIL_TRANSPORT is gmail (wrangler secret put GMAIL_CLIENT_SECRET)",
      "GMAIL_REFRESH_TOKEN: GMAIL_REFRESH_TOKEN is required when MAIL_TRANSPORT is gmail (wrangler secret put GMAIL_REFRESH_TOKEN)",
    ]);
    expect(load({ MAIL_TRANSPORT: "gmail", GMAIL_CLIENT_ID: "id", GMAIL_CLIENT_SECRET: "s", GMAIL_REFRESH_TOKEN: "r" }).ok).toBe(true);
  });

  it("derives the reply domain and reads lists", () => {
    const result = load({ TEAM_DOMAINS: " Brand.test, agency.brand.test ,", ESCALATION_KEYWORDS: "lawsuit" });
    expect(result.ok && result.config.mailDomain).toBe("brand.test");
    expect(result.ok && result.config.TEAM_DOMAINS).toEqual(["brand.test", "agency.brand.test"]);
  });
});
