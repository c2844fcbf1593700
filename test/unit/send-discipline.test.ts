import { describe, expect, it } from "vitest";
import {
  afterDailyCap,
  BOUNCE_WINDOW_MS,
  bounceVerdict,
  bounceWindowStart,
  CAP_SPREAD_MS,
  DAY_MS,
  decideSend,
  nextSlot,
  nextUtcDayStart,
  PAUSED_RECHECK_MS,
  type SendFacts,
  utcDay,
} from "../../src/domain/send-discipline";
import type { SendWindow } from "../../src/domain/types";

const at = (iso: string) => Date.parse(iso);
const NOON = at("2026-11-24T12:00:00Z");
const LIMITS = { mailboxDailyCap: 4, gapSeconds: 30 };
const OFFICE: SendWindow = {
  days: ["mon", "tue", "wed", "thu", "fri"],
  start: "09:00",
  end: "17:00",
};

const facts = (over: Partial<SendFacts> = {}): SendFacts => ({
  now: NOON,
  slotAt: NOON,
  paused: false,
  mailboxSent: 0,
  window: null,
  random: 0,
  ...over,
});

describe("utc days", () => {
  it("counts per UTC day and rolls over at UTC midnight", () => {
    expect(utcDay(at("2026-11-24T23:59:59.999Z"))).toBe("2026-11-24");
    expect(utcDay(at("2026-11-25T00:00:00Z"))).toBe("2026-11-25");
    expect(nextUtcDayStart(at("2026-11-24T23:59:59.999Z"))).toBe(at("2026-11-25T00:00:00Z"));
    expect(nextUtcDayStart(at("2026-11-25T00:00:00Z"))).toBe(at("2026-11-26T00:00:00Z"));
  });
});

describe("nextSlot", () => {
  it("is now when nothing was sent, or the last slot is a gap or more behind", () => {
    expect(nextSlot({ now: NOON, lastSlotAt: null, gapSeconds: 30, random: 0.9 })).toBe(NOON);
    expect(nextSlot({ now: NOON, lastSlotAt: NOON - 60_000, gapSeconds: 30, random: 0.9 })).toBe(
      NOON,
    );
  });

  it("adds the gap plus up to half of it again at random", () => {
    const slotAfter = (random: number) =>
      nextSlot({ now: NOON, lastSlotAt: NOON, gapSeconds: 30, random });
    expect(slotAfter(0)).toBe(NOON + 30_000);
    expect(slotAfter(0.5)).toBe(NOON + 37_500);
    expect(slotAfter(1)).toBe(NOON + 45_000);
    // Out-of-range draws are clamped rather than trusted.
    expect(slotAfter(7)).toBe(NOON + 45_000);
    expect(slotAfter(Number.NaN)).toBe(NOON + 30_000);
  });

  it("queues behind a slot already granted in the future", () => {
    expect(nextSlot({ now: NOON, lastSlotAt: NOON + 40_000, gapSeconds: 30, random: 0 })).toBe(
      NOON + 70_000,
    );
  });

  it("never waits with a zero gap", () => {
    expect(nextSlot({ now: NOON, lastSlotAt: NOON, gapSeconds: 0, random: 1 })).toBe(NOON);
  });
});

describe("decideSend", () => {
  it("grants the slot with the UTC day it counts on", () => {
    expect(decideSend(facts(), LIMITS)).toEqual({ kind: "grant", slotAt: NOON, day: "2026-11-24" });
    const later = NOON + 40_000;
    expect(decideSend(facts({ slotAt: later }), LIMITS)).toEqual({
      kind: "grant",
      slotAt: later,
      day: "2026-11-24",
    });
  });

  it("holds everything while paused and asks again later", () => {
    expect(decideSend(facts({ paused: true, mailboxSent: 99 }), LIMITS)).toEqual({
      kind: "defer",
      until: NOON + PAUSED_RECHECK_MS,
      reason: "paused",
    });
  });

  it("defers to the next UTC day, spread over its first minutes, at the mailbox cap", () => {
    const early = decideSend(facts({ mailboxSent: 4, random: 0 }), LIMITS);
    expect(early).toEqual({
      kind: "defer",
      until: at("2026-11-25T00:00:00Z"),
      reason: "mailbox_cap",
    });
    const late = decideSend(facts({ mailboxSent: 4, random: 0.999 }), LIMITS);
    expect(late.kind === "defer" && late.until).toBeLessThan(
      at("2026-11-25T00:00:00Z") + CAP_SPREAD_MS,
    );
    expect(decideSend(facts({ mailboxSent: 3 }), LIMITS).kind).toBe("grant");
  });

  it("a recipient's full day waits for the next UTC day, spread over its first minutes", () => {
    expect(afterDailyCap(NOON, null, 0)).toBe(at("2026-11-25T00:00:00Z"));
    expect(afterDailyCap(NOON, null, 0.999)).toBeLessThan(
      at("2026-11-25T00:00:00Z") + CAP_SPREAD_MS,
    );
  });

  it("counts the caps on the slot's day, so a slot after midnight rolls over", () => {
    const slotAt = at("2026-11-25T00:00:10Z");
    const d = decideSend(facts({ now: slotAt - 20_000, slotAt, mailboxSent: 0 }), LIMITS);
    expect(d).toEqual({ kind: "grant", slotAt, day: "2026-11-25" });
    const capped = decideSend(facts({ now: slotAt - 20_000, slotAt, mailboxSent: 4 }), LIMITS);
    expect(capped).toMatchObject({ until: at("2026-11-26T00:00:00Z"), reason: "mailbox_cap" });
  });

  it("moves a cap deferral into the creator's send window", () => {
    const window = { sendWindow: OFFICE, timeZone: "America/New_York" };
    // Wednesday 00:00 UTC is Tuesday evening in New York: the window opens Wednesday 09:00 EST.
    expect(afterDailyCap(NOON, window, 0)).toBe(at("2026-11-25T14:00:00Z"));
    // Friday's cap lands on Monday's window.
    const friday = at("2026-11-27T18:00:00Z");
    expect(
      decideSend(facts({ now: friday, slotAt: friday, mailboxSent: 4, window }), LIMITS),
    ).toMatchObject({ until: at("2026-11-30T14:00:00Z"), reason: "mailbox_cap" });
  });

  it("never moves a slot that is now, even outside the window", () => {
    const evening = at("2026-11-24T23:30:00Z");
    const window = { sendWindow: OFFICE, timeZone: "America/New_York" };
    expect(decideSend(facts({ now: evening, slotAt: evening, window }), LIMITS).kind).toBe("grant");
  });

  it("sends a spaced slot past the window's end to the next opening, without granting it", () => {
    const window = { sendWindow: OFFICE, timeZone: "America/New_York" };
    const now = at("2026-11-24T21:59:50Z"); // 16:59:50 in New York
    expect(decideSend(facts({ now, slotAt: now + 30_000, window }), LIMITS)).toEqual({
      kind: "defer",
      until: at("2026-11-25T14:00:00Z"),
      reason: "spacing",
    });
    expect(decideSend(facts({ now, slotAt: now + 5_000, window }), LIMITS).kind).toBe("grant");
  });
});

describe("bounces", () => {
  it("pauses only above the rate and once enough was sent", () => {
    const rule = { pauseRate: 0.05, minSends: 20 };
    expect(bounceVerdict({ sends: 0, bounces: 0, ...rule })).toEqual({
      rate: null,
      exceeded: false,
    });
    expect(bounceVerdict({ sends: 19, bounces: 5, ...rule }).exceeded).toBe(false);
    expect(bounceVerdict({ sends: 20, bounces: 1, ...rule })).toEqual({
      rate: 0.05,
      exceeded: false,
    });
    expect(bounceVerdict({ sends: 20, bounces: 2, ...rule })).toEqual({
      rate: 0.1,
      exceeded: true,
    });
  });

  it("looks back seven days, never before the last resume", () => {
    expect(bounceWindowStart(NOON, null)).toBe(NOON - BOUNCE_WINDOW_MS);
    expect(bounceWindowStart(NOON, NOON - DAY_MS)).toBe(NOON - DAY_MS);
    expect(bounceWindowStart(NOON, NOON - 30 * DAY_MS)).toBe(NOON - BOUNCE_WINDOW_MS);
  });
});
