import { describe, expect, it } from "vitest";
import {
  addBusinessDays,
  DEFAULT_FOLLOW_UP_POLICY,
  followUpPlan,
  followUpsAfterReturn,
  isBusinessDay,
  isValidTimeZone,
  nextSendTime,
  parseHhMm,
  parseSendWindow,
} from "../../src/domain/schedule";
import type { SendWindow } from "../../src/domain/types";

const NY = "America/New_York";
const LONDON = "Europe/London";
const SYDNEY = "Australia/Sydney";
const KOLKATA = "Asia/Kolkata";

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");

const OFFICE: SendWindow = {
  days: ["mon", "tue", "wed", "thu", "fri"],
  start: "09:00",
  end: "17:00",
};

describe("isValidTimeZone", () => {
  it("accepts IANA zones and rejects anything else", () => {
    expect(isValidTimeZone(NY)).toBe(true);
    expect(isValidTimeZone(KOLKATA)).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
    expect(isValidTimeZone("+05:30 somewhere")).toBe(false);
  });

  it("makes the zone math refuse an invalid zone instead of guessing", () => {
    expect(() => nextSendTime(0, OFFICE, "Mars/Olympus_Mons")).toThrow(RangeError);
    expect(() => addBusinessDays(0, 1, "Nowhere/City")).toThrow(RangeError);
  });
});

describe("parseHhMm / parseSendWindow", () => {
  it("reads times of day as minutes", () => {
    expect(parseHhMm("09:00")).toEqual({ ok: true, value: 540 });
    expect(parseHhMm("9:30")).toEqual({ ok: true, value: 570 });
    expect(parseHhMm("23:59")).toEqual({ ok: true, value: 1439 });
    expect(parseHhMm("24:00")).toEqual({ ok: true, value: 1440 });
  });

  it.each(["", "0900", "25:00", "24:30", "12:60", "noon", "9am", "-1:00"])("rejects %j", (s) => {
    expect(parseHhMm(s).ok).toBe(false);
  });

  it("rejects empty, inverted and overnight windows", () => {
    expect(parseSendWindow({ days: [], start: "09:00", end: "17:00" }).ok).toBe(false);
    expect(parseSendWindow({ days: ["mon"], start: "17:00", end: "09:00" }).ok).toBe(false);
    expect(parseSendWindow({ days: ["mon"], start: "09:00", end: "09:00" }).ok).toBe(false);
    expect(parseSendWindow(OFFICE).ok).toBe(true);
    expect(() => nextSendTime(0, { days: ["mon"], start: "9", end: "17:00" }, NY)).toThrow(
      RangeError,
    );
  });
});

describe("isBusinessDay", () => {
  it("uses the local date, not the UTC one", () => {
    // Friday 22:00 in New York is already Saturday in UTC.
    expect(isBusinessDay(at("2026-03-07T03:00:00Z"), NY)).toBe(true);
    // Monday 02:00 in Kolkata is still Sunday in UTC.
    expect(isBusinessDay(at("2026-03-08T20:30:00Z"), KOLKATA)).toBe(true);
    expect(isBusinessDay(at("2026-03-07T15:00:00Z"), NY)).toBe(false);
  });
});

describe("addBusinessDays", () => {
  it("skips the weekend and keeps the wall-clock time", () => {
    // Wed 10:00 IST + 3 → Mon 10:00 IST.
    expect(iso(addBusinessDays(at("2026-03-04T04:30:00Z"), 3, KOLKATA))).toBe(
      "2026-03-09T04:30:00Z",
    );
    expect(iso(addBusinessDays(at("2026-03-04T04:30:00Z"), 0, KOLKATA))).toBe(
      "2026-03-04T04:30:00Z",
    );
    // Starting on a Saturday, the first business day is Monday.
    expect(iso(addBusinessDays(at("2026-03-07T04:30:00Z"), 1, KOLKATA))).toBe(
      "2026-03-09T04:30:00Z",
    );
    expect(iso(addBusinessDays(at("2026-03-02T04:30:00Z"), 10, KOLKATA))).toBe(
      "2026-03-16T04:30:00Z",
    );
  });

  it.each([
    // zone, start (Fri local), expected (Mon local same wall time)
    [NY, "2026-03-06T15:00:00Z", "2026-03-09T14:00:00Z"], // 10:00 EST → 10:00 EDT
    [NY, "2026-10-30T14:00:00Z", "2026-11-02T15:00:00Z"], // 10:00 EDT → 10:00 EST
    [LONDON, "2026-03-27T09:00:00Z", "2026-03-30T08:00:00Z"], // 09:00 GMT → 09:00 BST
    [LONDON, "2026-10-23T08:00:00Z", "2026-10-26T09:00:00Z"], // 09:00 BST → 09:00 GMT
    [SYDNEY, "2026-04-02T22:00:00Z", "2026-04-05T23:00:00Z"], // 09:00 AEDT → 09:00 AEST
    [SYDNEY, "2026-10-01T23:00:00Z", "2026-10-04T22:00:00Z"], // 09:00 AEST → 09:00 AEDT
  ])("crosses a DST change in %s (%s)", (zone, start, expected) => {
    expect(iso(addBusinessDays(at(start), 1, zone))).toBe(expected);
  });

  it("resolves a wall time skipped by a weekday DST gap to the first instant after it", () => {
    // Cairo sprang forward at Fri 2023-04-28 00:00 → 01:00; Thu 00:30 + 1 has no 00:30.
    expect(iso(addBusinessDays(at("2023-04-26T22:30:00Z"), 1, "Africa/Cairo"))).toBe(
      "2023-04-27T22:00:00Z",
    );
  });

  it("rejects fractional or negative counts", () => {
    expect(() => addBusinessDays(0, 1.5, NY)).toThrow(RangeError);
    expect(() => addBusinessDays(0, -1, NY)).toThrow(RangeError);
  });
});

describe("nextSendTime", () => {
  it("returns the instant itself when there is no window", () => {
    expect(nextSendTime(at("2026-03-07T03:00:00Z"), null, NY)).toBe(at("2026-03-07T03:00:00Z"));
  });

  it("treats the start as inside and the end as outside", () => {
    expect(iso(nextSendTime(at("2026-03-02T14:00:00Z"), OFFICE, NY))).toBe("2026-03-02T14:00:00Z");
    expect(iso(nextSendTime(at("2026-03-02T13:59:59.999Z"), OFFICE, NY))).toBe(
      "2026-03-02T14:00:00Z",
    );
    // Mon 17:00 EST → Tue 09:00 EST.
    expect(iso(nextSendTime(at("2026-03-02T22:00:00Z"), OFFICE, NY))).toBe("2026-03-03T14:00:00Z");
  });

  it("sends Friday 16:59 at once but holds Friday 17:00 until Monday 09:00 local", () => {
    expect(iso(nextSendTime(at("2026-03-06T21:59:00Z"), OFFICE, NY))).toBe("2026-03-06T21:59:00Z");
    // The weekend crosses the spring-forward change: Monday 09:00 is EDT.
    expect(iso(nextSendTime(at("2026-03-06T22:00:00Z"), OFFICE, NY))).toBe("2026-03-09T13:00:00Z");
    // And the autumn change in London: Monday 09:00 is GMT again.
    expect(iso(nextSendTime(at("2026-10-23T16:00:00Z"), OFFICE, LONDON))).toBe(
      "2026-10-26T09:00:00Z",
    );
  });

  it("waits for the morning when it is before the window", () => {
    // Tue 06:00 IST → Tue 09:00 IST.
    expect(iso(nextSendTime(at("2026-03-03T00:30:00Z"), OFFICE, KOLKATA))).toBe(
      "2026-03-03T03:30:00Z",
    );
  });

  it("honours a Saturday-only window", () => {
    const saturdays: SendWindow = { days: ["sat"], start: "10:00", end: "12:00" };
    // Mon → the coming Saturday 10:00 AEDT.
    expect(iso(nextSendTime(at("2026-03-02T01:00:00Z"), saturdays, SYDNEY))).toBe(
      "2026-03-06T23:00:00Z",
    );
    // Saturday 11:59 is inside; Saturday 12:00 waits a week.
    expect(iso(nextSendTime(at("2026-03-07T00:59:00Z"), saturdays, SYDNEY))).toBe(
      "2026-03-07T00:59:00Z",
    );
    expect(iso(nextSendTime(at("2026-03-07T01:00:00Z"), saturdays, SYDNEY))).toBe(
      "2026-03-13T23:00:00Z",
    );
  });

  it("opens at the first valid instant when the start time does not exist that day", () => {
    const earlySunday: SendWindow = { days: ["sun"], start: "02:30", end: "05:00" };
    // New York skips 02:00–03:00 on 2026-03-08: the window opens at 03:00 EDT.
    expect(iso(nextSendTime(at("2026-03-07T17:00:00Z"), earlySunday, NY))).toBe(
      "2026-03-08T07:00:00Z",
    );
    // London skips 01:00–02:00 on 2026-03-29.
    const londonEarly: SendWindow = { days: ["sun"], start: "01:15", end: "03:00" };
    expect(iso(nextSendTime(at("2026-03-28T12:00:00Z"), londonEarly, LONDON))).toBe(
      "2026-03-29T01:00:00Z",
    );
  });

  it("skips a day whose whole window falls in the gap", () => {
    const inGap: SendWindow = { days: ["sun"], start: "02:00", end: "02:45" };
    expect(iso(nextSendTime(at("2026-03-07T17:00:00Z"), inGap, NY))).toBe("2026-03-15T06:00:00Z");
  });

  it("uses the second opening of a window repeated by a fall-back overlap", () => {
    const lateNight: SendWindow = { days: ["sun"], start: "01:30", end: "01:45" };
    // 01:50 EDT has passed the first 01:30–01:45; the repeat at 01:30 EST is next.
    expect(iso(nextSendTime(at("2026-11-01T05:50:00Z"), lateNight, NY))).toBe(
      "2026-11-01T06:30:00Z",
    );
    // Before it, the first (EDT) opening wins.
    expect(iso(nextSendTime(at("2026-11-01T04:00:00Z"), lateNight, NY))).toBe(
      "2026-11-01T05:30:00Z",
    );
  });
});

describe("followUpPlan", () => {
  it("fires at 2 and 4 business days, unresponsive after the same gap again", () => {
    // Thu 2026-03-05 10:00 EST.
    const plan = followUpPlan(at("2026-03-05T15:00:00Z"), DEFAULT_FOLLOW_UP_POLICY, OFFICE, NY);
    expect(plan.followUps.map(iso)).toEqual(["2026-03-09T14:00:00Z", "2026-03-11T14:00:00Z"]);
    expect(iso(plan.unresponsiveAt)).toBe("2026-03-13T14:00:00Z");
  });

  it("moves each moment into the send window", () => {
    // Sent Fri 18:00 EST (outside the window): +2 is Tue 18:00 → Wed 09:00 EDT.
    const plan = followUpPlan(at("2026-03-06T23:00:00Z"), DEFAULT_FOLLOW_UP_POLICY, OFFICE, NY);
    expect(plan.followUps.map(iso)).toEqual(["2026-03-11T13:00:00Z", "2026-03-13T13:00:00Z"]);
    expect(iso(plan.unresponsiveAt)).toBe("2026-03-17T13:00:00Z");
  });

  it("sorts offsets, and uses 2 days after a single follow-up and 5 with none", () => {
    const sent = at("2026-03-02T04:30:00Z"); // Mon 10:00 IST
    const three = followUpPlan(sent, { afterBusinessDays: [5, 1, 3] }, null, KOLKATA);
    expect(three.followUps.map(iso)).toEqual([
      "2026-03-03T04:30:00Z",
      "2026-03-05T04:30:00Z",
      "2026-03-09T04:30:00Z",
    ]);
    expect(iso(three.unresponsiveAt)).toBe("2026-03-11T04:30:00Z");

    const one = followUpPlan(sent, { afterBusinessDays: [3] }, null, KOLKATA);
    expect(one.followUps.map(iso)).toEqual(["2026-03-05T04:30:00Z"]);
    expect(iso(one.unresponsiveAt)).toBe("2026-03-09T04:30:00Z");

    const none = followUpPlan(sent, { afterBusinessDays: [] }, null, KOLKATA);
    expect(none.followUps).toEqual([]);
    expect(iso(none.unresponsiveAt)).toBe("2026-03-09T04:30:00Z");
  });
});

describe("followUpPlan with a narrow window", () => {
  it("never sends two follow-ups at the same moment", () => {
    // Only Tuesdays 09:00–10:00: +2 and +4 business days both fold onto the next Tuesday.
    const tuesdays = { days: ["tue" as const], start: "09:00", end: "10:00" };
    const plan = followUpPlan(at("2026-03-03T14:30:00Z"), DEFAULT_FOLLOW_UP_POLICY, tuesdays, NY);
    expect(plan.followUps.map(iso)).toEqual(["2026-03-10T13:00:00Z", "2026-03-17T13:00:00Z"]);
    expect(iso(plan.unresponsiveAt)).toBe("2026-03-24T13:00:00Z");
  });
});

describe("followUpsAfterReturn", () => {
  it("starts one business day after the first window moment of the return date", () => {
    const plan = followUpsAfterReturn("2026-03-09", 2, DEFAULT_FOLLOW_UP_POLICY, OFFICE, NY);
    // Back Mon 09:00 EDT → Tue 09:00, Thu 09:00; unresponsive the Monday after.
    expect(plan.followUps.map(iso)).toEqual(["2026-03-10T13:00:00Z", "2026-03-12T13:00:00Z"]);
    expect(iso(plan.unresponsiveAt)).toBe("2026-03-16T13:00:00Z");
  });

  it("schedules only the remaining follow-ups, spaced as the policy spaces its last ones", () => {
    const policy = { afterBusinessDays: [1, 2, 5] };
    const plan = followUpsAfterReturn("2026-03-09", 2, policy, OFFICE, NY);
    expect(plan.followUps.map(iso)).toEqual(["2026-03-10T13:00:00Z", "2026-03-13T13:00:00Z"]);
    expect(iso(plan.unresponsiveAt)).toBe("2026-03-18T13:00:00Z");

    const last = followUpsAfterReturn("2026-03-09", 1, DEFAULT_FOLLOW_UP_POLICY, OFFICE, NY);
    expect(last.followUps.map(iso)).toEqual(["2026-03-10T13:00:00Z"]);
    expect(iso(last.unresponsiveAt)).toBe("2026-03-12T13:00:00Z");

    const none = followUpsAfterReturn("2026-03-09", 0, DEFAULT_FOLLOW_UP_POLICY, OFFICE, NY);
    expect(none.followUps).toEqual([]);
    expect(iso(none.unresponsiveAt)).toBe("2026-03-11T13:00:00Z");

    const clamped = followUpsAfterReturn("2026-03-09", 9, DEFAULT_FOLLOW_UP_POLICY, OFFICE, NY);
    expect(clamped.followUps).toHaveLength(2);
  });

  it("treats a weekend return date as the next window, and never schedules before notBefore", () => {
    const weekend = followUpsAfterReturn("2026-03-07", 1, DEFAULT_FOLLOW_UP_POLICY, OFFICE, NY);
    expect(weekend.followUps.map(iso)).toEqual(["2026-03-10T13:00:00Z"]);

    const notBefore = at("2026-03-11T15:00:00Z"); // Wed 11:00 EDT, after the stated return
    const late = followUpsAfterReturn(
      "2026-03-09",
      1,
      DEFAULT_FOLLOW_UP_POLICY,
      OFFICE,
      NY,
      notBefore,
    );
    expect(late.followUps.map(iso)).toEqual(["2026-03-12T15:00:00Z"]);
  });

  it.each(["2026-02-30", "2026-3-9", "next week", ""])("rejects the return date %j", (d) => {
    expect(() => followUpsAfterReturn(d, 1, DEFAULT_FOLLOW_UP_POLICY, OFFICE, NY)).toThrow(
      RangeError,
    );
  });
});
