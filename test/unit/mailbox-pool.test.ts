import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { type MailboxLoad, pickMailbox } from "../../src/domain/mailbox-pool";
import {
  capacityWarning,
  checkCapacity,
  demandModel,
  mailboxEmailsPerDay,
  poolEmailsPerDay,
} from "../../src/domain/sending-capacity";
import { type Env, loadConfig } from "../../src/env";
import {
  campaignPool,
  configuredPool,
  mailboxSettings,
  ourSendingAddresses,
  unknownMailboxes,
} from "../../src/gmail/mailbox-pool";
import { ThreadCodec } from "../../src/negotiation/store";
import { readStored } from "../../src/stored-state";
import { testConfig } from "./fixtures/config";

const ID = "a".repeat(64);
const OFFICE_HOURS = { days: ["mon", "tue", "wed", "thu", "fri"] };
const load = (address: string, assigned: number, extra: Partial<MailboxLoad> = {}) => ({
  address,
  dailyCap: 500,
  assigned,
  paused: false,
  ...extra,
});

describe("picking a mailbox for a new negotiation", () => {
  it("takes the mailbox with the least load per unit of cap", () => {
    expect(pickMailbox([load("a@x.test", 3), load("b@x.test", 2)], ID)).toBe("b@x.test");
    // Twice the cap carries twice the load before it stops being the lighter one.
    const big = load("big@x.test", 6, { dailyCap: 1000 });
    expect(pickMailbox([load("a@x.test", 4), big], ID)).toBe("big@x.test");
    expect(pickMailbox([load("a@x.test", 2), big], ID)).toBe("a@x.test");
  });

  it("skips a paused mailbox while another can take the negotiation", () => {
    const loads = [load("a@x.test", 0, { paused: true }), load("b@x.test", 50)];
    expect(pickMailbox(loads, ID)).toBe("b@x.test");
    const allPaused = loads.map((l) => ({ ...l, paused: true }));
    expect(pickMailbox(allPaused, ID)).toBe("a@x.test");
  });

  it("breaks ties by the negotiation id, deterministically, spreading equal loads", () => {
    const loads = [load("a@x.test", 0), load("b@x.test", 0)];
    const ids = Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(64, "0"));
    const picks = ids.map((id) => pickMailbox(loads, id));
    expect(ids.map((id) => pickMailbox(loads, id))).toEqual(picks);
    expect(picks.filter((p) => p === "a@x.test").length).toBeGreaterThan(5);
    expect(picks.filter((p) => p === "b@x.test").length).toBeGreaterThan(5);
  });

  it("has nothing to pick from an empty pool", () => {
    expect(pickMailbox([], ID)).toBeNull();
  });
});

describe("the configured pool", () => {
  const pooled = testConfig({
    SENDING_MAILBOXES: JSON.stringify([
      { address: "Deals@Brand.test", dailyCap: 300 },
      { address: "Offers@Brand.test", gapSeconds: 40 },
    ]),
    MAILBOX_DAILY_CAP: "200",
    SEND_GAP_SECONDS: "10",
  });

  it("is MAIL_FROM alone with the deployment's cap and spacing when unset", () => {
    expect(configuredPool(testConfig())).toEqual([
      { address: "deals@brand.test", dailyCap: 500, gapSeconds: 20, retired: false },
    ]);
  });

  it("fills each mailbox's missing limits from the defaults; MAIL_FROM keeps its spelling", () => {
    expect(configuredPool(pooled)).toEqual([
      { address: "deals@brand.test", dailyCap: 300, gapSeconds: 10, retired: false },
      { address: "offers@brand.test", dailyCap: 200, gapSeconds: 40, retired: false },
    ]);
    expect(mailboxSettings(pooled, "OFFERS@brand.test").gapSeconds).toBe(40);
    // An address no longer in the pool finishes its threads with the defaults, and takes no new one.
    expect(mailboxSettings(pooled, "removed@brand.test")).toEqual({
      address: "removed@brand.test",
      dailyCap: 200,
      gapSeconds: 10,
      retired: true,
    });
  });

  it("gives a campaign the mailboxes it names, or all of them", () => {
    expect(campaignPool(pooled, null).map((m) => m.address)).toHaveLength(2);
    expect(campaignPool(pooled, ["offers@brand.test"]).map((m) => m.address)).toEqual([
      "offers@brand.test",
    ]);
    expect(campaignPool(pooled, ["gone@brand.test"])).toHaveLength(2);
    expect(unknownMailboxes(pooled, ["offers@brand.test", "gone@brand.test"])).toEqual([
      "gone@brand.test",
    ]);
  });

  it("keeps a retired mailbox sending its threads, and places no new negotiation on it", () => {
    const retiring = testConfig({
      SENDING_MAILBOXES: JSON.stringify([
        { address: "deals@brand.test" },
        { address: "old@brand.test", dailyCap: 50, retired: true },
      ]),
    });
    expect(mailboxSettings(retiring, "old@brand.test")).toMatchObject({
      dailyCap: 50,
      retired: true,
    });
    expect(ourSendingAddresses(retiring)).toContain("old@brand.test");
    expect(campaignPool(retiring, null).map((m) => m.address)).toEqual(["deals@brand.test"]);
    // A campaign that named it sends from the active pool; a new one may not name it.
    expect(campaignPool(retiring, ["old@brand.test"]).map((m) => m.address)).toEqual([
      "deals@brand.test",
    ]);
    expect(unknownMailboxes(retiring, ["old@brand.test"])).toEqual(["old@brand.test"]);
  });

  it("always counts MAIL_FROM among our sending addresses", () => {
    const elsewhere = testConfig({
      SENDING_MAILBOXES: JSON.stringify([{ address: "a@send.brand.test" }]),
    });
    expect(ourSendingAddresses(elsewhere)).toEqual(["deals@brand.test", "a@send.brand.test"]);
  });

  it("refuses a malformed pool with a clear message", () => {
    const base = { PARLEY_API_TOKEN: "x".repeat(20), MAIL_FROM: "d@b.test", BRAND_NAME: "B" };
    const problems = (value: unknown) => {
      const result = loadConfig({ ...base, SENDING_MAILBOXES: value } as unknown as Env);
      return result.ok ? [] : result.problems;
    };
    expect(problems("not json")[0]).toMatch(/SENDING_MAILBOXES must be a JSON array/);
    expect(problems('[{"address":"a@b.test"},{"address":"A@b.test"}]')[0]).toMatch(/twice/);
    expect(problems('[{"address":"a@b.test","dailyCap":0}]')).toHaveLength(1);
    expect(problems('[{"address":"a@b.test","retired":true}]')[0]).toMatch(/not retired/);
    // wrangler.toml may give the array itself rather than its JSON text.
    expect(problems([{ address: "a@b.test" }])).toEqual([]);
    expect(problems("")).toEqual([]);
  });
});

describe("sending capacity arithmetic", () => {
  it("is the daily cap unless spacing allows fewer sends in a day", () => {
    expect(mailboxEmailsPerDay({ dailyCap: 500, gapSeconds: 20 })).toBe(500);
    // 20 s + 25% mean jitter = 25 s: 86,400 / 25 = 3,456 a day.
    expect(mailboxEmailsPerDay({ dailyCap: 5000, gapSeconds: 20 })).toBe(3456);
    expect(mailboxEmailsPerDay({ dailyCap: 5000, gapSeconds: 0 })).toBe(5000);
    const pool = [
      { address: "a", dailyCap: 500, gapSeconds: 20, retired: false },
      { address: "b", dailyCap: 300, gapSeconds: 20, retired: false },
    ];
    expect(poolEmailsPerDay(pool)).toBe(800);
  });

  it("models a negotiation as its opening, follow-ups and two answers over at least a week", () => {
    expect(demandModel({ afterBusinessDays: [2, 4] })).toEqual({
      emailsPerNegotiation: 5,
      lifetimeDays: 7,
      sendingDaysPerWeek: 7,
    });
    expect(demandModel({ afterBusinessDays: [] })).toEqual({
      emailsPerNegotiation: 3,
      lifetimeDays: 7,
      sendingDaysPerWeek: 7,
    });
    // Last follow-up after 10 business days = 14 calendar days, plus the day it goes out.
    expect(demandModel({ afterBusinessDays: [3, 6, 10] }, OFFICE_HOURS)).toEqual({
      emailsPerNegotiation: 6,
      lifetimeDays: 15,
      sendingDaysPerWeek: 5,
    });
  });

  it("needs (active + new) × emails ÷ days a day and says when the pool cannot keep up", () => {
    const model = demandModel({ afterBusinessDays: [2, 4] });
    const fits = checkCapacity({
      emailsPerDay: 1000,
      activeNegotiations: 700,
      newNegotiations: 700,
      model,
    });
    expect(fits).toMatchObject({ neededPerDay: 1000, openingDays: 1, overCapacity: false });
    expect(capacityWarning(fits, 2)).toBeNull();

    const over = checkCapacity({ ...fits, activeNegotiations: 700, newNegotiations: 701, model });
    expect(over).toMatchObject({ neededPerDay: 1001, overCapacity: true });
    expect(capacityWarning(over, 2)).toBe(
      "700 active negotiations + 701 new ones need about 1,001 emails a sending day (5 emails " +
        "each over 7 days, sent on 7 days a week), but the campaign's 2 mailboxes send at most " +
        "1,000 a day: emails will wait for capacity. Add mailboxes to the campaign or start " +
        "fewer creators at once.",
    );
  });

  it("puts a week's emails on the send window's days: Mon–Fri needs one email a negotiation a weekday", () => {
    const model = demandModel({ afterBusinessDays: [2, 4] }, OFFICE_HOURS);
    const check = checkCapacity({
      emailsPerDay: 1000,
      activeNegotiations: 1000,
      newNegotiations: 1,
      model,
    });
    expect(check).toMatchObject({ neededPerDay: 1001, overCapacity: true });
  });

  it("sizes a pool for tens of thousands of concurrent conversations (docs/sending-capacity.md)", () => {
    const everyDay = checkCapacity({
      emailsPerDay: 0,
      activeNegotiations: 20_000,
      newNegotiations: 0,
      model: demandModel({ afterBusinessDays: [2, 4] }),
    });
    expect(everyDay.neededPerDay).toBe(14_286);
    expect(
      Math.ceil(everyDay.neededPerDay / mailboxEmailsPerDay({ dailyCap: 500, gapSeconds: 20 })),
    ).toBe(29);
    const check = checkCapacity({
      emailsPerDay: 0,
      activeNegotiations: 20_000,
      newNegotiations: 0,
      model: demandModel({ afterBusinessDays: [2, 4] }, OFFICE_HOURS),
    });
    expect(check.neededPerDay).toBe(20_000);
    expect(
      Math.ceil(check.neededPerDay / mailboxEmailsPerDay({ dailyCap: 500, gapSeconds: 20 })),
    ).toBe(40);
  });
});

describe("the thread's stored mailbox", () => {
  it("reads a thread stored before pools as MAIL_FROM's (null) and keeps a chosen one", () => {
    const old = JSON.stringify({ subject: "Hi", messageIds: ["<a@b>"], replyTo: null });
    expect(readStored(z.nullable(ThreadCodec), old, "meta", "thread")).toMatchObject({
      mailbox: null,
    });
    const pooled = JSON.stringify({ ...JSON.parse(old), mailbox: "offers@brand.test" });
    expect(readStored(z.nullable(ThreadCodec), pooled, "meta", "thread")?.mailbox).toBe(
      "offers@brand.test",
    );
  });
});
