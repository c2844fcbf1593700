import { describe, expect, it } from "vitest";
import {
  isPersonalMailDomain,
  parseAddress,
  parseAddressList,
} from "../../src/domain/email-address";

describe("parseAddress", () => {
  it("parses a display name and lower-cases address and domain", () => {
    expect(parseAddress('"Jane Doe" <Jane@Gmail.com>')).toEqual({
      name: "Jane Doe",
      address: "jane@gmail.com",
      domain: "gmail.com",
    });
  });

  it("parses a bare address with no name", () => {
    expect(parseAddress("  bob@Talent-Agency.co.uk ")).toEqual({
      name: null,
      address: "bob@talent-agency.co.uk",
      domain: "talent-agency.co.uk",
    });
  });

  it("parses Name <addr> without quotes", () => {
    expect(parseAddress("Jane <jane@gmail.com>")?.domain).toBe("gmail.com");
  });

  it.each(["", "Jane Doe", "<>", "not an address", "a@b", "jane@", "@gmail.com"])(
    "returns null for %j",
    (raw) => {
      expect(parseAddress(raw)).toBeNull();
    },
  );

  it("returns the first mailbox of a list", () => {
    expect(parseAddress("A <a@x.com>, B <b@y.com>")?.address).toBe("a@x.com");
  });
});

describe("parseAddressList", () => {
  it("parses several mailboxes and flattens groups", () => {
    const list = parseAddressList(
      'Jane <jane@gmail.com>, "Bob M." <BOB@Agency.com>, Team: c@z.io;',
    );
    expect(list.map((a) => a.address)).toEqual(["jane@gmail.com", "bob@agency.com", "c@z.io"]);
    expect(list[1]?.name).toBe("Bob M.");
  });

  it("drops entries without a usable address", () => {
    expect(parseAddressList("Nobody, jane@gmail.com")).toEqual([
      { name: null, address: "jane@gmail.com", domain: "gmail.com" },
    ]);
  });

  it("returns an empty list for an empty header", () => {
    expect(parseAddressList("")).toEqual([]);
  });
});

describe("isPersonalMailDomain", () => {
  it.each([
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.co.uk",
    "outlook.com",
    "hotmail.com",
    "hotmail.fr",
    "icloud.com",
    "me.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.de",
    "gmx.net",
    "live.com",
    "GMAIL.COM",
  ])("%s is personal", (domain) => {
    expect(isPersonalMailDomain(domain)).toBe(true);
  });

  it.each([
    "bigtalent.com",
    "outlook.acme.com",
    "yahoo-partners.com",
    "janedoe.studio",
    "unitedtalent.com",
  ])("%s is not personal", (domain) => {
    expect(isPersonalMailDomain(domain)).toBe(false);
  });
});
