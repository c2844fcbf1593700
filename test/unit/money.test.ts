import { describe, expect, it } from "vitest";
import {
  findMoneyMentions,
  formatCpm,
  formatUsd,
  impliedCpm,
  parseMoney,
  rateForCpm,
} from "../../src/domain/money";

describe("rateForCpm", () => {
  it.each([
    [50_000, 2000, 1000_00],
    [999, 2000, 19_98],
    [1, 2000, 2],
    [10_000_000, 2000, 200_000_00],
    [50_000, 2500, 1250_00],
  ])("%i views at %i CPM cents = %i cents", (views, cpm, expected) => {
    expect(rateForCpm(views, cpm)).toEqual({ ok: true, value: expected });
  });

  it("rounds half-up to the cent", () => {
    // 25 views × $0.02 CPM = 0.05 cents → 0; 25 × $0.20 = 0.5 cents → 1
    expect(rateForCpm(25, 2)).toEqual({ ok: true, value: 0 });
    expect(rateForCpm(25, 20)).toEqual({ ok: true, value: 1 });
  });

  it("stays exact for very large view counts", () => {
    expect(rateForCpm(Number.MAX_SAFE_INTEGER, 1)).toEqual({
      ok: true,
      value: Math.round(Number.MAX_SAFE_INTEGER / 1000),
    });
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    "returns invalid_views for %s views",
    (views) => {
      const result = rateForCpm(views, 2000);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe("invalid_views");
    },
  );

  it("returns invalid_amount for a negative CPM", () => {
    const result = rateForCpm(1000, -1);
    expect(!result.ok && result.error.code).toBe("invalid_amount");
  });
});

describe("impliedCpm", () => {
  it.each([
    [1750_00, 50_000, 3500],
    [500_00, 50_000, 1000],
    [2_00, 100, 2000],
    [1000_00, 50_000, 2000],
    [19_98, 999, 2000],
  ])("%i cents at %i views = %i CPM cents", (rate, views, expected) => {
    expect(impliedCpm(rate, views)).toEqual({ ok: true, value: expected });
  });

  it.each([0, -1, 1.5, Number.NaN])("returns invalid_views for %s views", (views) => {
    const result = impliedCpm(1000_00, views);
    expect(!result.ok && result.error.code).toBe("invalid_views");
  });
});

describe("parseMoney", () => {
  it.each([
    ["$1,500", 1500_00],
    ["1500", 1500_00],
    ["1.5k", 1500_00],
    ["$1.5K", 1500_00],
    ["USD 1,500.00", 1500_00],
    ["1,500 dollars", 1500_00],
    ["$30", 30_00],
    ["$3,500", 3500_00],
    ["3.5k", 3500_00],
    ["2300", 2300_00],
    ["$2,300.50", 2300_50],
    ["  $25.5 ", 25_50],
    ["1500 USD", 1500_00],
    ["US$ 900", 900_00],
    ["1.255k", 1255_00],
  ])("%s → %i cents", (input, cents) => {
    expect(parseMoney(input)).toEqual({ kind: "amount", cents });
  });

  it("reads JS numbers as dollars", () => {
    expect(parseMoney(1500)).toEqual({ kind: "amount", cents: 1500_00 });
    expect(parseMoney(19.99)).toEqual({ kind: "amount", cents: 19_99 });
    expect(parseMoney(30)).toEqual({ kind: "amount", cents: 30_00 });
  });

  it.each([0, "0", "", "   ", null, undefined, "$0", "0.00"])("%s means not provided", (input) => {
    expect(parseMoney(input)).toEqual({ kind: "none" });
  });

  it("reads percentages in a percent field", () => {
    expect(parseMoney("50%", "percent")).toEqual({ kind: "percent", value: 50 });
    expect(parseMoney("12.5 %", "percent")).toEqual({ kind: "percent", value: 12.5 });
    expect(parseMoney("20", "percent")).toEqual({ kind: "percent", value: 20 });
    expect(parseMoney(100, "percent")).toEqual({ kind: "percent", value: 100 });
    expect(parseMoney("0%", "percent")).toEqual({ kind: "none" });
    expect(parseMoney("", "percent")).toEqual({ kind: "none" });
  });

  it("rejects a percentage in an amount field and an amount in a percent field", () => {
    expect(parseMoney("50%").kind).toBe("invalid");
    expect(parseMoney("$30", "percent").kind).toBe("invalid");
  });

  it.each(["1.500,00", "1,50", "1.500", "12,5"])(
    "%s is ambiguous (European separators)",
    (input) => {
      expect(parseMoney(input).kind).toBe("ambiguous");
    },
  );

  it.each(["$1,500 - $2,000", "1500-2000", "$1.5k to $2k"])("%s is an ambiguous range", (input) => {
    const parsed = parseMoney(input);
    expect(parsed).toMatchObject({ kind: "ambiguous", reason: expect.stringMatching(/range/) });
  });

  it("reports foreign currencies as ambiguous", () => {
    expect(parseMoney("€1,200").kind).toBe("ambiguous");
    expect(parseMoney("1200 EUR").kind).toBe("ambiguous");
  });

  it.each(["abc", "-500", "-$500", "$-", "1,2345", "1500 per post", "hundred", "grand"])(
    "%s is invalid",
    (input) => {
      expect(parseMoney(input).kind).toBe("invalid");
    },
  );

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])("number %s is invalid", (input) => {
    expect(parseMoney(input).kind).toBe("invalid");
  });
});

const amounts = (text: string) => findMoneyMentions(text).map((m) => m.cents);

describe("findMoneyMentions", () => {
  it.each([
    ["My rate is $3,500 for the package.", [3500_00]],
    ["How about $3.5k?", [3500_00]],
    ["I could do 3.5k", [3500_00]],
    ["I'd do 3.5K all in", [3500_00]],
    ["$2,300 for just the Reel", [2300_00]],
    ["USD 1,500 works", [1500_00]],
    ["1,500 dollars is my floor", [1500_00]],
    ["1500 USD", [1500_00]],
    ["€1,200 please", [1200_00]],
    ["£900 or 1.200€", [900_00, 1200_00]],
    ["That is $1,500.00 total", [1500_00]],
    ["$1,500-$2,000", [1500_00, 2000_00]],
    ["$1,500 - 2,000", [1500_00, 2000_00]],
    ["$1.5k–2k", [1500_00, 2000_00]],
    ["My rate is 2500 per video", [2500_00]],
    ["I'd do it for 2500.", [2500_00]],
    ["I charge 1800 for a Reel", [1800_00]],
    ["We have a budget of 1200", [1200_00]],
    // A round year-like number after "for" is a rate; a trailing $ and "dólares" are markers.
    ["I'd do it for 2000", [2000_00]],
    ["I can make the reel for 2000$.", [2000_00]],
    ["I propose 1.800$ for reel", [1800_00]],
    ["Yes I can do it for 1.500 dólares", [1500_00]],
    // Bare rates after "do", "at", "ask".
    ["I could do 2,300 for just the Reel.", [2300_00]],
    ["i can do it at 1800 if we skip the stories", [1800_00]],
    // A plain number before a k-number range end takes the k.
    ["typically in the 8-10k range", [8000_00, 10000_00]],
    ["$8-10k", [8000_00, 10000_00]],
    ["somewhere between 4 and 5k", [4000_00, 5000_00]],
    ["1.5-2k", [1500_00, 2000_00]],
    ["$1,500-2k", [1500_00, 2000_00]],
  ])("%s", (text, expected) => {
    expect(amounts(text)).toEqual(expected);
  });

  it.each([
    "I average 50,000 views",
    "2 reels and 3 stories",
    "within 30 days",
    "plans for 2025",
    "in 2025",
    "call me at 555-123-4567",
    "I have 5 kids",
    "my 50k views and 120K followers",
    "for 2500 views",
    "for 2 posts",
    "version 2.0.1",
    "mp4 at 1080p",
    "plans for 2026",
    "booked at 2027 events",
    "8-10k views",
    "2 to 3k followers",
    "3 reels and 5 stories",
  ])("%s has no money", (text) => {
    expect(findMoneyMentions(text)).toEqual([]);
  });

  it("reports raw text and position", () => {
    const text = "Rate: USD 1,500 or $2k.";
    expect(findMoneyMentions(text)).toEqual([
      { raw: "USD 1,500", cents: 1500_00, index: 6 },
      { raw: "$2k", cents: 2000_00, index: 19 },
    ]);
  });
});

describe("formatUsd / formatCpm", () => {
  it.each([
    [1500_00, "$1,500"],
    [1499_99, "$1,499.99"],
    [5, "$0.05"],
    [0, "$0"],
    [200_000_00, "$200,000"],
    [1_234_567_89, "$1,234,567.89"],
    [10_50, "$10.50"],
  ])("%i → %s", (cents, text) => {
    expect(formatUsd(cents)).toBe(text);
  });

  it("formats CPM the same way", () => {
    expect(formatCpm(2500)).toBe("$25");
    expect(formatCpm(2750)).toBe("$27.50");
  });

  it("round-trips through findMoneyMentions and parseMoney", () => {
    for (const cents of [1, 99, 100, 1500_00, 1499_99, 1_000_000_00, 123_456_78, 3500]) {
      const text = `We can offer ${formatUsd(cents)} for the package.`;
      expect(amounts(text)).toEqual([cents]);
      expect(parseMoney(formatUsd(cents))).toEqual({ kind: "amount", cents });
    }
  });
});
