import { describe, expect, it } from "vitest";
import { detectCounterparty } from "../../src/domain/counterparty";

const AGENCIES = ["bigtalent.com", "@Creators-Mgmt.io"];

const detect = (fromAddress: string, signature = "", body = "") =>
  detectCounterparty({ fromAddress, signature, body, knownAgencyDomains: AGENCIES });

describe("detectCounterparty", () => {
  it("known agency domain means manager, parsed from a display-name header", () => {
    const result = detect('"Sam Lee" <Sam@BigTalent.com>');
    expect(result).toMatchObject({ type: "manager", agency: "bigtalent.com" });
    expect(result.evidence).toContain("known agency domain: bigtalent.com");
  });

  it("matches agency subdomains and normalises configured domains", () => {
    expect(detect("sam@mail.creators-mgmt.io").type).toBe("manager");
  });

  it.each([
    ["Talent Manager", "Sam Lee\nTalent Manager\nNorth Agency"],
    ["agent", "Sam Lee | Agent"],
    ["talent director", "Sam Lee, Talent Director"],
    ["management", "Sam Lee\nNorthstar Management"],
  ])("a %s title in the signature means manager", (_title, signature) => {
    const result = detect("sam@northstar.co", signature);
    expect(result).toMatchObject({ type: "manager", agency: "northstar.co" });
  });

  it.each([
    "I'm reaching out on behalf of Jane.",
    "We represent Jane for brand deals.",
    "I'm Jane's manager and handle her partnerships.",
    "My client is interested.",
  ])("body %j means manager", (body) => {
    expect(detect("sam@northstar.co", "", body).type).toBe("manager");
  });

  it("a manager on a personal domain has no agency", () => {
    const result = detect("sam.manager@gmail.com", "Sam\nTalent Manager for Jane Doe");
    expect(result).toMatchObject({ type: "manager", agency: null });
  });

  it("formal sign-off with a company signature on a company domain means manager", () => {
    const signature =
      "Kind regards,\nSam Lee\nPartnerships, Northstar Media Group\n+1 (212) 555-0134";
    const result = detect("sam@northstar.co", signature);
    expect(result).toMatchObject({ type: "manager", agency: "northstar.co" });
    expect(result.evidence[0]).toMatch(/formal sign-off/);
  });

  it("a creator on gmail with a casual sign-off is the creator", () => {
    const result = detect("Jane <jane@gmail.com>", "Cheers,\nJane", "Sounds good!");
    expect(result).toEqual({
      type: "creator",
      agency: null,
      evidence: ["personal mail domain: gmail.com", 'casual sign-off: "Cheers"'],
    });
  });

  it("a creator mentioning their own manager is still the creator", () => {
    expect(detect("jane@icloud.com", "xo Jane", "My manager will send the invoice.").type).toBe(
      "creator",
    );
  });

  it("a formal sign-off without a company signature on a personal domain is the creator", () => {
    expect(detect("jane@yahoo.com", "Kind regards,\nJane Doe").type).toBe("creator");
  });

  it("a creator's own domain with a short sign-off is the creator", () => {
    const result = detect("hello@janedoe.studio", "Best,\nJane");
    expect(result).toMatchObject({ type: "creator", agency: null });
  });

  it("an unparseable address falls back to the text signals", () => {
    expect(detect("not an address", "Sam | Talent Manager")).toMatchObject({
      type: "manager",
      agency: null,
    });
    expect(detect("not an address").evidence).toEqual(["no representative signals"]);
  });
});
