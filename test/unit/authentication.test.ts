import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import {
  aligned,
  domainIn,
  parseAuthResults,
  senderAuthentication,
} from "../../src/email/authentication";

const TRUSTED = ["mx.cloudflare.net", "mx.google.com"];

/** Gmail's results for a message from a gmail.com sender, as "Show original" prints them. */
const GMAIL = [
  "mx.google.com;",
  "       dkim=pass header.i=@gmail.com header.s=20230601 header.b=Xk3abc12;",
  "       spf=pass (google.com: domain of maya@gmail.com designates 209.85.220.41 as permitted sender) smtp.mailfrom=maya@gmail.com;",
  "       dmarc=pass (p=NONE sp=QUARANTINE dis=NONE) header.from=gmail.com",
].join("\r\n");

/** Cloudflare Email Routing's ARC results for an agency's Google Workspace mail. */
const CLOUDFLARE_ARC = [
  "i=1; mx.cloudflare.net;",
  "\tdkim=pass header.d=brightagency.co header.s=google header.b=Qw3r7y;",
  "\tdmarc=pass header.from=brightagency.co policy.dmarc=quarantine;",
  "\tspf=pass (mx.cloudflare.net: domain of jordan@brightagency.co designates 209.85.128.54 as permitted sender) smtp.mailfrom=jordan@brightagency.co;",
  "\tarc=none smtp.remote-ip=209.85.128.54",
].join("\r\n");

const verdict = (
  fromDomain: string | null,
  authenticationResults: string[],
  arcAuthenticationResults: string[] = [],
  trustedAuthservIds = TRUSTED,
) =>
  senderAuthentication({
    fromDomain,
    authenticationResults,
    arcAuthenticationResults,
    trustedAuthservIds,
  });

describe("parseAuthResults", () => {
  it("reads Gmail's folded header: comments dropped, methods, results and properties", () => {
    expect(parseAuthResults(GMAIL, "plain")).toEqual({
      authservId: "mx.google.com",
      instance: null,
      results: [
        {
          method: "dkim",
          result: "pass",
          props: { "header.i": "@gmail.com", "header.s": "20230601", "header.b": "Xk3abc12" },
        },
        { method: "spf", result: "pass", props: { "smtp.mailfrom": "maya@gmail.com" } },
        { method: "dmarc", result: "pass", props: { "header.from": "gmail.com" } },
      ],
    });
  });

  it("reads Cloudflare's ARC results with the instance tag", () => {
    const parsed = parseAuthResults(CLOUDFLARE_ARC, "arc");
    expect(parsed?.authservId).toBe("mx.cloudflare.net");
    expect(parsed?.instance).toBe(1);
    expect(parsed?.results.map((r) => `${r.method}=${r.result}`)).toEqual([
      "dkim=pass",
      "dmarc=pass",
      "spf=pass",
      "arc=none",
    ]);
    expect(parsed?.results[1]?.props).toEqual({
      "header.from": "brightagency.co",
      "policy.dmarc": "quarantine",
    });
  });

  it("handles quoted values, nested comments, spaces around '=', versions and case", () => {
    const parsed = parseAuthResults(
      'MX.Example.ORG 1; SPF = Pass (sender (really) "ok";) smtp.mailfrom="a b@Example.org"; DKIM/1=PASS header.d = example.org; dmarc=pass reason="policy; fine" header.from=example.org',
      "plain",
    );
    expect(parsed).toEqual({
      authservId: "mx.example.org",
      instance: null,
      results: [
        { method: "spf", result: "pass", props: { "smtp.mailfrom": "a b@Example.org" } },
        { method: "dkim", result: "pass", props: { "header.d": "example.org" } },
        {
          method: "dmarc",
          result: "pass",
          props: { reason: "policy; fine", "header.from": "example.org" },
        },
      ],
    });
  });

  it("keeps an SRS return path whole and reads 'none' as no results", () => {
    expect(
      parseAuthResults(
        "mx.google.com; spf=pass smtp.mailfrom=SRS0=ab12=TT=gmail.com=maya@fwd.example",
        "plain",
      )?.results[0]?.props["smtp.mailfrom"],
    ).toBe("SRS0=ab12=TT=gmail.com=maya@fwd.example");
    expect(parseAuthResults("mx.google.com; none", "plain")).toEqual({
      authservId: "mx.google.com",
      instance: null,
      results: [],
    });
  });

  it("refuses headers without an authserv-id or, for ARC, without an instance", () => {
    expect(parseAuthResults("", "plain")).toBeNull();
    expect(parseAuthResults("dmarc=pass header.from=x.com", "plain")).toBeNull();
    expect(parseAuthResults("mx.cloudflare.net; dmarc=pass", "arc")).toBeNull();
  });

  it("reads header values as postal-mime gives them (unfolded, topmost first)", async () => {
    const raw = [
      `Authentication-Results: ${GMAIL}`,
      "Authentication-Results: mx.google.com; dmarc=fail header.from=gmail.com",
      "From: maya@gmail.com",
      "",
      "hi",
    ].join("\r\n");
    const email = await PostalMime.parse(raw);
    const values = email.headers
      .filter((h) => h.key === "authentication-results")
      .map((h) => h.value);
    expect(verdict("gmail.com", values).verdict).toBe("pass");
  });
});

describe("alignment", () => {
  it.each([
    ["brand.example", "brand.example", true],
    ["mail.brand.example", "brand.example", true],
    ["brand.example", "eu.mail.brand.example", true],
    ["brand.example", "evilbrand.example", false],
    ["brand.example", "other.example", false],
    ["com", "brand.com", false],
    [null, "brand.example", false],
  ])("%s ~ %s → %s", (a, b, expected) => {
    expect(aligned(a, b)).toBe(expected);
  });

  it("finds the domain in the shapes properties take", () => {
    expect(domainIn("maya@Gmail.com")).toBe("gmail.com");
    expect(domainIn("@gmail.com")).toBe("gmail.com");
    expect(domainIn("<maya@gmail.com>")).toBe("gmail.com");
    expect(domainIn("gmail.com.")).toBe("gmail.com");
    expect(domainIn("")).toBeNull();
    expect(domainIn(undefined)).toBeNull();
  });
});

describe("senderAuthentication", () => {
  it("passes Gmail's and Cloudflare's real results for their From domains, with the evidence", () => {
    const gmail = verdict("gmail.com", [GMAIL]);
    expect(gmail.verdict).toBe("pass");
    expect(gmail.evidence).toMatch(/^Authentication-Results: mx\.google\.com; dkim=pass/);
    expect(gmail.evidence).not.toContain("\n       ");
    const cloudflare = verdict("brightagency.co", [], [CLOUDFLARE_ARC]);
    expect(cloudflare).toMatchObject({ verdict: "pass" });
    expect(cloudflare.evidence).toMatch(/^ARC-Authentication-Results: i=1; mx\.cloudflare\.net;/);
  });

  it("passes on DMARC alone, on aligned SPF alone and on aligned DKIM alone", () => {
    expect(verdict("brand.example", ["mx.cloudflare.net; dmarc=pass"]).verdict).toBe("pass");
    expect(
      verdict("brand.example", ["mx.cloudflare.net; spf=pass smtp.mailfrom=ana@brand.example"])
        .verdict,
    ).toBe("pass");
    expect(
      verdict("brand.example", [
        "mx.cloudflare.net; spf=none; dkim=pass header.d=mail.brand.example header.s=s1",
      ]).verdict,
    ).toBe("pass");
    expect(
      verdict("brand.example", ["mx.google.com; dkim=pass header.i=ana@brand.example"]).verdict,
    ).toBe("pass");
  });

  it("fails when the passes belong to another domain", () => {
    expect(
      verdict("brand.example", [
        "mx.cloudflare.net; dkim=pass header.d=sendgrid.net; spf=pass smtp.mailfrom=bounce@sendgrid.net; dmarc=pass header.from=attacker.example",
      ]).verdict,
    ).toBe("fail");
  });

  it("fails on DMARC fail, SPF softfail without DKIM, and DMARC fail even beside a relaxed DKIM pass", () => {
    expect(
      verdict("gmail.com", [
        "mx.google.com; dmarc=fail (p=NONE sp=QUARANTINE dis=NONE) header.from=gmail.com",
      ]).verdict,
    ).toBe("fail");
    expect(
      verdict("brand.example", [
        "mx.cloudflare.net; spf=softfail smtp.mailfrom=ana@brand.example; dkim=none",
      ]).verdict,
    ).toBe("fail");
    expect(
      verdict("brand.example", [
        "mx.cloudflare.net; dkim=pass header.d=eu.brand.example; dmarc=fail header.from=brand.example",
      ]).verdict,
    ).toBe("fail");
  });

  it("is none without trusted results: no headers, or only an untrusted authserv-id", () => {
    expect(verdict("brand.example", [])).toEqual({ verdict: "none", evidence: null });
    expect(
      verdict("brand.example", ["mail.attacker.example; dmarc=pass header.from=brand.example"]),
    ).toEqual({ verdict: "none", evidence: null });
    expect(
      verdict("brand.example", ["mx.cloudflare.net; dmarc=pass"], [], ["mx.google.com"]).verdict,
    ).toBe("none");
  });

  it("ignores a forged passing header below our receiver's failing one", () => {
    const headers = [
      "mx.cloudflare.net; spf=fail smtp.mailfrom=ana@brand.example; dmarc=fail header.from=brand.example",
      "mx.cloudflare.net; dmarc=pass header.from=brand.example",
    ];
    expect(verdict("brand.example", headers).verdict).toBe("fail");
    // And a forged trusted header below an untrusted top one is not ours either.
    expect(
      verdict("brand.example", [
        "relay.example; none",
        "mx.cloudflare.net; dmarc=pass header.from=brand.example",
      ]).verdict,
    ).toBe("none");
  });

  it("trusts the topmost ARC set only when it is the newest instance", () => {
    const forgedI1 = "i=1; mx.cloudflare.net; dmarc=pass header.from=brand.example";
    const ourI2 = "i=2; mx.cloudflare.net; dmarc=fail header.from=brand.example";
    expect(verdict("brand.example", [], [ourI2, forgedI1]).verdict).toBe("fail");
    expect(verdict("brand.example", [], [forgedI1, ourI2]).verdict).toBe("none");
  });

  it("fails trusted results for a message without a From domain, and clips the evidence", () => {
    expect(verdict(null, ["mx.google.com; dmarc=pass header.from=gmail.com"]).verdict).toBe("fail");
    const long = `mx.google.com; dkim=pass header.d=gmail.com header.b=${"x".repeat(2000)}`;
    expect(verdict("gmail.com", [long]).evidence?.length).toBe(600);
  });
});
