import { describe, expect, it } from "vitest";
import { classifyCpm, classifyRate, DEFAULT_BAND, priceBand } from "../../src/domain/price-band";

describe("priceBand", () => {
  it.each([
    [2500, 20, 2500, 3000],
    [2500, null, 2500, 2500],
    [2500, 0, 2500, 2500],
    [2000, 100, 2000, 4000],
    [null, null, 2000, 3000],
    [null, 50, 2000, 3000],
    [2500, 12.5, 2500, 2813],
    [2333, 10, 2333, 2566],
  ])("T %s, L %s%% → floor %i, ceiling %i", (cpmTargetCents, leniencyPct, floor, ceiling) => {
    expect(priceBand({ cpmTargetCents, leniencyPct })).toEqual({
      floorCpmCents: floor,
      ceilingCpmCents: ceiling,
    });
  });

  it("falls back to the default band for a non-positive target", () => {
    expect(priceBand({ cpmTargetCents: 0, leniencyPct: 20 })).toEqual(DEFAULT_BAND);
  });
});

describe("classifyRate", () => {
  const band = priceBand({ cpmTargetCents: 2500, leniencyPct: 20 }); // $25–$30

  it.each([
    [1550_00, "exceeds_ceiling"], // $31
    [1500_01, "within"], // implied CPM rounds to $30.00, the ceiling
    [1500_00, "within"], // ceiling itself
    [1250_00, "within"], // floor itself
    [1375_00, "within"],
    [1200_00, "below_floor"], // $24
    [750_00, "below_floor"], // $15 is not suspicious
    [749_00, "suspiciously_low"], // $14.98
    [100_00, "suspiciously_low"],
  ])("%i cents at 50,000 views → %s", (rate, expected) => {
    expect(classifyRate(rate, 50_000, band)).toEqual({ ok: true, value: expected });
  });

  it("uses the campaign's band, not the default", () => {
    // $1,400 at 50,000 views = $28 CPM: within the default $20–$30, above a $20–$25 band.
    const narrow = priceBand({ cpmTargetCents: 2000, leniencyPct: 25 });
    expect(classifyRate(1400_00, 50_000, narrow)).toEqual({ ok: true, value: "exceeds_ceiling" });
    expect(classifyRate(1400_00, 50_000, DEFAULT_BAND)).toEqual({ ok: true, value: "within" });
    // $1,100 = $22 CPM: within the default band, below a $25 floor.
    expect(classifyRate(1100_00, 50_000, band)).toEqual({ ok: true, value: "below_floor" });
    expect(classifyRate(1100_00, 50_000, DEFAULT_BAND)).toEqual({ ok: true, value: "within" });
  });

  it("checks the ceiling before the suspicious floor", () => {
    const cheap = { floorCpmCents: 500, ceilingCpmCents: 1000 };
    expect(classifyCpm(1200, cheap)).toBe("exceeds_ceiling");
    expect(classifyCpm(800, cheap)).toBe("suspiciously_low");
  });

  it.each([0, -5, 2.5, Number.NaN])("returns invalid_views for %s views", (views) => {
    const result = classifyRate(1000_00, views, band);
    expect(!result.ok && result.error.code).toBe("invalid_views");
  });
});
