import { describe, expect, it } from "vitest";
import { type Env, loadConfig } from "../../src/env";

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

describe("campaign and creator sources configuration", () => {
  it("with nothing set, nothing is on and the defaults are Google's and ClickUp's", () => {
    const result = load({});
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(result.config.CLICKUP_API_TOKEN).toBeUndefined();
    expect(result.config.GOOGLE_SERVICE_ACCOUNT_KEY).toBeUndefined();
    expect(result.config.CLICKUP_API_BASE_URL).toBe("https://api.clickup.com/api/v2");
    expect(result.config.GOOGLE_SHEETS_API_BASE_URL).toBe("https://sheets.googleapis.com");
    expect(result.config.SHEETS_POLL_MINUTES).toBe(60);
    expect(result.config.CLICKUP_FIELD_MAP.get("cpmtarget")).toEqual({
      label: "CPM Target",
      value: "cpmTargetCents",
    });
  });

  it("half of ClickUp set fails closed, naming what is missing", () => {
    expect(problems({ CLICKUP_API_TOKEN: "pk_1" }).join("\n")).toMatch(
      /CLICKUP_WEBHOOK_SECRET is required[\s\S]*CLICKUP_LIST_ID is required/,
    );
    expect(problems({ CLICKUP_WEBHOOK_SECRET: "s" }).join("\n")).toMatch(
      /CLICKUP_API_TOKEN is required/,
    );
    expect(
      problems({ CLICKUP_API_TOKEN: "pk_1", CLICKUP_WEBHOOK_SECRET: "s", CLICKUP_LIST_ID: "9" }),
    ).toEqual([]);
  });

  it("a field map must be JSON naming campaign fields", () => {
    expect(problems({ CLICKUP_FIELD_MAP: "{nope" }).join("\n")).toMatch(/must be a JSON object/);
    expect(problems({ CLICKUP_FIELD_MAP: '{"CPM": "cpm"}' }).join("\n")).toMatch(
      /"CPM" maps to "cpm"/,
    );
    const ok = load({ CLICKUP_FIELD_MAP: '{"Target CPM ($)": "cpmTargetCents"}' });
    expect(ok.ok && ok.config.CLICKUP_FIELD_MAP.get("targetcpm")?.value).toBe("cpmTargetCents");
  });

  it("a service account key must be the JSON key file, and is never echoed", () => {
    const secret = "-----BEGIN PRIVATE KEY-----secretstuff";
    const bad = problems({ GOOGLE_SERVICE_ACCOUNT_KEY: `{"private_key": "${secret}"}` }).join("\n");
    expect(bad).toMatch(/needs client_email and private_key/);
    expect(bad).not.toContain("secretstuff");
    expect(problems({ GOOGLE_SERVICE_ACCOUNT_KEY: "not json" }).join("\n")).toMatch(
      /JSON key file/,
    );
    expect(problems({ SHEETS_POLL_MINUTES: "-1" }).length).toBe(1);
  });
});
