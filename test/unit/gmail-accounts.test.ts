import { describe, expect, it } from "vitest";
import { type Env, loadConfig } from "../../src/env";
import {
  accountForPush,
  accountForSender,
  accountNamed,
  gmailAccounts,
} from "../../src/gmail/accounts";
import { testConfig } from "./fixtures/config";

const gmail = {
  PARLEY_API_TOKEN: "t".repeat(20),
  MAIL_FROM: "deals@brand.test",
  BRAND_NAME: "Brand",
  MAIL_TRANSPORT: "gmail",
  GMAIL_CLIENT_ID: "client",
  GMAIL_CLIENT_SECRET: "secret",
  GMAIL_REFRESH_TOKEN: "refresh-default",
  GMAIL_PUSH_AUDIENCE: "https://parley.test/webhooks/gmail",
  GMAIL_PUSH_SERVICE_ACCOUNT: "push@project.iam.gserviceaccount.com",
  SENDING_MAILBOXES: JSON.stringify([
    { address: "deals@brand.test" },
    { address: "partners@brand.test" },
    { address: "offers@brand.test" },
    { address: "hello@brand.test" },
  ]),
};
const SECRET = "1//0gSECRET-refresh-token";
const accounts = (value: unknown) =>
  JSON.stringify(value ?? [{ address: "partners@brand.test", refreshToken: SECRET }]);

const problems = (vars: Record<string, string>): string[] => {
  const result = loadConfig({ ...gmail, ...vars } as unknown as Env);
  return result.ok ? [] : result.problems;
};

describe("GMAIL_ACCOUNTS: one refresh token per Gmail account", () => {
  it("is optional: without it the single account works as before", () => {
    expect(problems({})).toEqual([]);
    expect(problems({ GMAIL_ACCOUNTS: "" })).toEqual([]);
    const config = testConfig({ ...gmail });
    expect(gmailAccounts(config)).toEqual([
      {
        name: "deals@brand.test",
        user: "me",
        refreshToken: "refresh-default",
        isDefault: true,
        addresses: [],
      },
    ]);
    expect(accountForSender(config, "offers@brand.test").isDefault).toBe(true);
    expect(accountForPush(config, "deals@brand.test").isDefault).toBe(true);
  });

  it("accepts accounts whose addresses and aliases are pool mailboxes", () => {
    const value = [
      { address: "Partners@brand.test", refreshToken: SECRET, aliases: ["offers@brand.test"] },
    ];
    expect(problems({ GMAIL_ACCOUNTS: accounts(value) })).toEqual([]);
  });

  it("refuses malformed JSON, a wrong shape and a missing token with readable messages, never echoing a token", () => {
    const malformed = problems({ GMAIL_ACCOUNTS: `[{"address": "partners@brand.test", ${SECRET}` });
    expect(malformed).toEqual([
      'GMAIL_ACCOUNTS: GMAIL_ACCOUNTS must be a JSON array such as [{"address": "partners@brand.example", "refreshToken": "1//0g…"}]',
    ]);
    expect(problems({ GMAIL_ACCOUNTS: accounts({ address: "partners@brand.test" }) })[0]).toMatch(
      /^GMAIL_ACCOUNTS: GMAIL_ACCOUNTS must be a JSON array/,
    );
    expect(problems({ GMAIL_ACCOUNTS: "[]" })[0]).toMatch(/must list at least one account/);
    expect(
      problems({
        GMAIL_ACCOUNTS: accounts([{ address: "partners@brand.test", refreshToken: "" }]),
      }),
    ).toEqual(["GMAIL_ACCOUNTS.0.refreshToken: each Gmail account needs its OAuth refresh token"]);
    expect(
      problems({ GMAIL_ACCOUNTS: accounts([{ address: "partners", refreshToken: SECRET }]) }),
    ).toEqual(["GMAIL_ACCOUNTS.0.address: each Gmail account needs the account's email address"]);
    const unknownKey = problems({
      GMAIL_ACCOUNTS: accounts([
        { address: "partners@brand.test", refreshToken: SECRET, refresh_token: SECRET },
      ]),
    });
    expect(unknownKey.join("\n")).toMatch(/GMAIL_ACCOUNTS\.0: .*refresh_token/);
    for (const list of [malformed, unknownKey]) expect(list.join("\n")).not.toContain(SECRET);
    // Whatever the shape, a problem is reported, never thrown.
    for (const odd of [
      5,
      "x",
      [null],
      [{ address: "p@brand.test", refreshToken: "r", aliases: 5 }],
    ])
      expect(problems({ GMAIL_ACCOUNTS: JSON.stringify(odd) }).length).toBeGreaterThan(0);
  });

  it("refuses an address named twice, outside the pool, or the default account's own", () => {
    const twice = problems({
      GMAIL_ACCOUNTS: accounts([
        { address: "partners@brand.test", refreshToken: SECRET, aliases: ["offers@brand.test"] },
        { address: "Offers@brand.test", refreshToken: "other" },
      ]),
    });
    expect(twice).toEqual([
      "GMAIL_ACCOUNTS: Offers@brand.test is named twice (each address sends through one account)",
    ]);
    expect(
      problems({
        GMAIL_ACCOUNTS: accounts([
          { address: "sales@brand.test", refreshToken: SECRET, aliases: ["x@brand.test"] },
        ]),
      }),
    ).toEqual([
      "GMAIL_ACCOUNTS: sales@brand.test is not a sending mailbox: add it to SENDING_MAILBOXES",
      "GMAIL_ACCOUNTS: x@brand.test is not a sending mailbox: add it to SENDING_MAILBOXES",
    ]);
    expect(problems({ SENDING_MAILBOXES: "", GMAIL_ACCOUNTS: accounts(undefined) })).toEqual([
      "GMAIL_ACCOUNTS: partners@brand.test is not a sending mailbox: add it to SENDING_MAILBOXES (unset, the pool is MAIL_FROM alone)",
    ]);
    expect(
      problems({
        GMAIL_ACCOUNTS: accounts([{ address: "deals@brand.test", refreshToken: SECRET }]),
      }),
    ).toEqual([
      "GMAIL_ACCOUNTS: deals@brand.test is the default account (MAIL_FROM with GMAIL_USER=me); its refresh token is GMAIL_REFRESH_TOKEN",
    ]);
    expect(
      problems({
        GMAIL_USER: "hello@brand.test",
        GMAIL_ACCOUNTS: accounts([{ address: "hello@brand.test", refreshToken: SECRET }]),
      }),
    ).toEqual([
      "GMAIL_ACCOUNTS: hello@brand.test is the default account (GMAIL_USER); its refresh token is GMAIL_REFRESH_TOKEN",
    ]);
  });

  it("is not checked against the pool when Gmail is not the transport", () => {
    expect(
      problems({
        MAIL_TRANSPORT: "cloudflare",
        GMAIL_ACCOUNTS: accounts([{ address: "a@b.test", refreshToken: "r" }]),
      }),
    ).toEqual([]);
  });
});

describe("which account an address sends and reads through", () => {
  const config = testConfig({
    ...gmail,
    GMAIL_ACCOUNTS: accounts([
      { address: "Partners@brand.test", refreshToken: SECRET, aliases: ["Offers@brand.test"] },
    ]),
  });

  it("lists the default account first, then each account of its own by its address", () => {
    expect(gmailAccounts(config).map((a) => [a.name, a.user, a.isDefault])).toEqual([
      ["deals@brand.test", "me", true],
      ["partners@brand.test", "partners@brand.test", false],
    ]);
  });

  it("sends an address through the account naming it (address or alias), any other through the default", () => {
    expect(accountForSender(config, "partners@BRAND.test").name).toBe("partners@brand.test");
    expect(accountForSender(config, "offers@brand.test").refreshToken).toBe(SECRET);
    expect(accountForSender(config, "hello@brand.test").isDefault).toBe(true);
    expect(accountForSender(config, "deals@brand.test").refreshToken).toBe("refresh-default");
  });

  it("routes a push by the notification's emailAddress; anything else is the default account's", () => {
    expect(accountForPush(config, "partners@brand.test").name).toBe("partners@brand.test");
    // Pushes name the Google user, never an alias.
    expect(accountForPush(config, "offers@brand.test").isDefault).toBe(true);
    expect(accountForPush(config, "deals@brand.test").isDefault).toBe(true);
  });

  it("finds an account by its object's name; an unknown name is none", () => {
    expect(accountNamed(config, undefined)?.isDefault).toBe(true);
    expect(accountNamed(config, "partners@brand.test")?.isDefault).toBe(false);
    expect(accountNamed(config, "gone@brand.test")).toBeNull();
  });
});
