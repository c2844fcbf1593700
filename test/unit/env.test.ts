import { describe, expect, it } from "vitest";
import { type Env, loadConfig } from "../../src/env";

const base = {
  PARLEY_API_TOKEN: "t".repeat(20),
  MAIL_FROM: "deals@brand.test",
  BRAND_NAME: "Brand",
};
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

  it("defaults the send discipline to limits a live negotiation never hits", () => {
    const result = load({});
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(result.config).toMatchObject({
      MAILBOX_DAILY_CAP: 500,
      CREATOR_DAILY_CAP: 10,
      SEND_GAP_SECONDS: 20,
      BOUNCE_PAUSE_RATE: 0.05,
      BOUNCE_MIN_SENDS: 20,
    });
  });

  it("requires the Gmail secrets only when Gmail is the transport", () => {
    expect(load({}).ok).toBe(true);
    const gmail = load({ MAIL_TRANSPORT: "gmail", GMAIL_CLIENT_ID: "id" });
    expect(gmail.ok).toBe(false);
    if (gmail.ok) return;
    expect(gmail.problems).toEqual([
      "GMAIL_CLIENT_SECRET: GMAIL_CLIENT_SECRET is required when MAIL_TRANSPORT is gmail (wrangler secret put GMAIL_CLIENT_SECRET)",
      "GMAIL_REFRESH_TOKEN: GMAIL_REFRESH_TOKEN is required when MAIL_TRANSPORT is gmail (wrangler secret put GMAIL_REFRESH_TOKEN)",
      "GMAIL_PUSH_AUDIENCE: GMAIL_PUSH_AUDIENCE is required when MAIL_TRANSPORT is gmail (a var in wrangler.toml)",
      "GMAIL_PUSH_SERVICE_ACCOUNT: GMAIL_PUSH_SERVICE_ACCOUNT is required when MAIL_TRANSPORT is gmail (a var in wrangler.toml)",
    ]);
    const complete = {
      MAIL_TRANSPORT: "gmail",
      GMAIL_CLIENT_ID: "id",
      GMAIL_CLIENT_SECRET: "s",
      GMAIL_REFRESH_TOKEN: "r",
      GMAIL_PUSH_AUDIENCE: "https://parley.example/webhooks/gmail",
      GMAIL_PUSH_SERVICE_ACCOUNT: "push@parley.iam.gserviceaccount.com",
    };
    const ok = load(complete);
    expect(ok.ok && ok.config.GOOGLE_JWKS_URL).toBe("https://www.googleapis.com/oauth2/v3/certs");
    const badAccount = load({ ...complete, GMAIL_PUSH_SERVICE_ACCOUNT: "not-an-email" });
    expect(!badAccount.ok && badAccount.problems).toEqual([
      "GMAIL_PUSH_SERVICE_ACCOUNT: GMAIL_PUSH_SERVICE_ACCOUNT must be a service account email",
    ]);
  });

  it("derives the reply domain and reads lists", () => {
    const result = load({
      TEAM_DOMAINS: " Brand.test, agency.brand.test ,",
      ESCALATION_KEYWORDS: "lawsuit",
    });
    expect(result.ok && result.config.mailDomain).toBe("brand.test");
    expect(result.ok && result.config.TEAM_DOMAINS).toEqual(["brand.test", "agency.brand.test"]);
  });

  it("trusts Cloudflare's and Gmail's receiving side by default; an empty list trusts nobody", () => {
    const byDefault = load({});
    expect(byDefault.ok && byDefault.config.TRUSTED_AUTHSERV_IDS).toEqual([
      "mx.cloudflare.net",
      "mx.google.com",
    ]);
    const own = load({ TRUSTED_AUTHSERV_IDS: " MX.Example.net , " });
    expect(own.ok && own.config.TRUSTED_AUTHSERV_IDS).toEqual(["mx.example.net"]);
    const none = load({ TRUSTED_AUTHSERV_IDS: "" });
    expect(none.ok && none.config.TRUSTED_AUTHSERV_IDS).toEqual([]);
  });
});
