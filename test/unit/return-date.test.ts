import { describe, expect, it } from "vitest";
import { parseReturnDate } from "../../src/domain/return-date";

// Wednesday 2 December 2026.
const REF = "2026-12-02";

describe("parseReturnDate: the first day back, resolved against the day the email arrived", () => {
  it.each([
    ["I'm traveling until 12/14", "2026-12-14"],
    ["back 12/14", "2026-12-14"],
    ["returning on 14/12", "2026-12-14"],
    ["back on the 14th", "2026-12-14"],
    ["until the 1st", "2027-01-01"],
    ["returning Monday", "2026-12-07"],
    ["back tomorrow", "2026-12-03"],
    ["away until Dec 14", "2026-12-14"],
    ["OOO through January 3rd", "2027-01-04"],
    ["back in the office 2026-12-14", "2026-12-14"],
    ["out until 12/14/2026", "2026-12-14"],
    ["away till Mon 14 Dec", "2026-12-14"],
    ["until December 14th, 2026", "2026-12-14"],
    ["traveling until 1/9", "2027-01-09"],
    ["bis zum 14. Dezember nicht im Büro", "2026-12-14"],
    ["de vacaciones hasta el 14 de diciembre", "2026-12-14"],
    ["absente jusqu'au 14 décembre", "2026-12-14"],
    ["fuori ufficio fino al 7 gennaio", "2027-01-07"],
    ["de férias até 15 de janeiro", "2027-01-15"],
    ["afwezig tot en met 4 januari", "2027-01-05"],
  ])("%s → %s", (text, date) => {
    expect(parseReturnDate(text, REF)).toBe(date);
  });

  it("a number pair that is no date is not one", () => {
    expect(parseReturnDate("available 24/7", REF)).toBeNull();
  });

  it("does not guess a month/day that is soon both ways", () => {
    // December 1 or 12 January: both within two months of 25 November.
    expect(parseReturnDate("until 12/1", "2026-11-25")).toBeNull();
  });

  it("without a reference, only dates with a year resolve", () => {
    expect(parseReturnDate("traveling until 12/14")).toBeNull();
    expect(parseReturnDate("out until 12/14/2026")).toBe("2026-12-14");
  });
});
