import { describe, expect, it } from "vitest";
import {
  creatorFieldFor,
  readCreator,
  readEmail,
  readEngagementRate,
  readHandle,
  readPlatform,
  readText,
  readViewCount,
} from "../../src/domain/creator-fields";
import { checkRow, rowsFromCsv } from "../../src/http/creator-import";

const value = <T>(v: T) => ({ kind: "value", value: v });
const none = { kind: "none" };

describe("creatorFieldFor", () => {
  it.each([
    ["Creator Name", "name"],
    ["E-Mail", "email"],
    ["email address", "email"],
    ["PLATFORM", "platform"],
    ["Username", "handle"],
    ["averageViews", "averageViews"],
    ["Average Views", "averageViews"],
    ["avg. views", "averageViews"],
    ["Views", "averageViews"],
    ["Engagement Rate (%)", "engagementRate"],
    ["engagement", "engagementRate"],
    ["Time Zone", "timezone"],
    ["tz", "timezone"],
    ["Followers", null],
  ])("%s → %s", (header, field) => {
    expect(creatorFieldFor(header)).toBe(field);
  });
});

describe("readers", () => {
  it("treats empty cells and placeholders as not provided", () => {
    for (const cell of ["", "  ", "0", 0, null, undefined, "N/A", "-"])
      expect(readText(cell)).toEqual(none);
    expect(readText(" Maya ")).toEqual(value("Maya"));
  });

  it.each([
    ["YouTube", "youtube"],
    ["yt", "youtube"],
    ["IG", "instagram"],
    ["Instagram", "instagram"],
    ["TT", "tiktok"],
    ["Tik Tok", "tiktok"],
  ])("platform %s → %s", (cell, platform) => {
    expect(readPlatform(cell)).toEqual(value(platform));
  });

  it("rejects unknown platforms with the value in the reason", () => {
    expect(readPlatform("Snapchat")).toEqual({
      kind: "invalid",
      reason: 'platform "Snapchat" is not instagram, tiktok or youtube',
    });
  });

  it.each([
    ["50000", 50000],
    ["50,000", 50000],
    ["50 000", 50000],
    ["50k", 50000],
    ["50K", 50000],
    ["12.5k", 12500],
    ["1.2M", 1_200_000],
    ["~40k views", 40000],
    ["10k+", 10000],
    [50000, 50000],
    [1234.6, 1235],
  ])("views %s → %i", (cell, views) => {
    expect(readViewCount(cell)).toEqual(value(views));
  });

  it("reads missing views as none and nonsense as invalid", () => {
    expect(readViewCount("")).toEqual(none);
    expect(readViewCount(0)).toEqual(none);
    expect(readViewCount("lots").kind).toBe("invalid");
    expect(readViewCount("1,5k").kind).toBe("invalid");
    expect(readViewCount(-5).kind).toBe("invalid");
  });

  it.each([
    ["4.5%", 4.5],
    ["4.5 %", 4.5],
    ["4.5", 4.5],
    ["0.045", 4.5],
    [0.045, 4.5],
    ["0.5%", 0.5],
    ["4,5%", 4.5],
  ])("engagement %s → %d", (cell, rate) => {
    expect(readEngagementRate(cell)).toEqual(value(rate));
  });

  it("reads zero engagement as not provided and over 100% as invalid", () => {
    expect(readEngagementRate("0")).toEqual(none);
    expect(readEngagementRate("0%")).toEqual(none);
    expect(readEngagementRate("150%").kind).toBe("invalid");
    expect(readEngagementRate("high").kind).toBe("invalid");
  });

  it("parses addresses and handles", () => {
    expect(readEmail("Maya Lopez <Maya@Gmail.com>")).toEqual(value("maya@gmail.com"));
    expect(readEmail("maya at gmail").kind).toBe("invalid");
    expect(readHandle("@maya")).toEqual(value("maya"));
    expect(readHandle("@")).toEqual(none);
  });
});

describe("readCreator", () => {
  it("reports every problem of a row at once", () => {
    expect(readCreator({ name: "0", email: "x", platform: "fb" })).toEqual({
      ok: false,
      email: null,
      reasons: [
        "name is missing",
        '"x" is not an email address',
        'platform "fb" is not instagram, tiktok or youtube',
        "average views is missing",
      ],
    });
  });

  it("builds a creator, leaving the time zone to the default when empty", () => {
    expect(
      readCreator({ name: "Maya", email: "maya@x.com", platform: "IG", averageViews: "5k" }),
    ).toEqual({
      ok: true,
      creator: {
        name: "Maya",
        email: "maya@x.com",
        platform: "instagram",
        handle: null,
        averageViews: 5000,
        engagementRate: null,
      },
    });
  });
});

describe("CSV rows to creators", () => {
  it("maps columns by alias and validates with the start schema", () => {
    const rows = rowsFromCsv(
      "Name,Email,Platform,Views,TZ,Notes\nMaya,maya@x.com,YouTube,50k,Mars/Olympus,hi\n,,,,,\n",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ row: 1, line: 2 });
    expect(checkRow(rows[0] as never)).toMatchObject({
      ok: false,
      email: "maya@x.com",
      reason: expect.stringContaining("timezone"),
    });
  });

  it("refuses a header without the required columns", () => {
    expect(() => rowsFromCsv("name,views\nMaya,5k")).toThrow(/email, platform/);
  });
});
