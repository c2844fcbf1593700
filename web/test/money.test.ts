import { describe, expect, it } from "vitest";
import { centsToInput, formatCents, formatPercent, parseDollars } from "../src/lib/money";

describe("money on screen", () => {
  it("shows cents as dollars", () => {
    expect(formatCents(123456)).toBe("$1,234.56");
    expect(formatCents(2500, true)).toBe("$25");
    expect(formatCents(2550, true)).toBe("$25.50");
    expect(formatCents(null)).toBe("–");
  });

  it("reads typed dollars into cents without floating point", () => {
    expect(parseDollars("1,234.5")).toBe(123450);
    expect(parseDollars("$25")).toBe(2500);
    expect(parseDollars("0.29")).toBe(29);
    expect(parseDollars("19.99")).toBe(1999);
    expect(parseDollars("")).toBeNull();
    expect(parseDollars("12.345")).toBeNaN();
    expect(parseDollars("ten")).toBeNaN();
    expect(parseDollars("-5")).toBeNaN();
  });

  it("round-trips cents through a form field", () => {
    for (const cents of [0, 1, 99, 100, 2550, 123456, 100000000])
      expect(parseDollars(centsToInput(cents))).toBe(cents);
    expect(centsToInput(null)).toBe("");
  });

  it("shows ratios as percentages", () => {
    expect(formatPercent(2 / 3)).toBe("67%");
    expect(formatPercent(0.0512, 1)).toBe("5.1%");
    expect(formatPercent(null)).toBe("–");
  });
});
