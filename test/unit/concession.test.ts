import { describe, expect, it } from "vitest";
import {
  BAND_BP,
  nextPosition,
  positionOf,
  priceAt,
  shareOfTier,
  theirMove,
  tierSharesOf,
  validTierShares,
  writtenAmount,
} from "../../src/domain/concession";
import type { Offer } from "../../src/domain/types";

const TIERS = ["1 Reel + 3 Stories", "1 Reel + 1 Story", "1 Reel"];
const terms = { deliverableTiers: TIERS, tierShares: [100, 70, 50] };

describe("the curve", () => {
  it("full steps go 0 → 50% → 80% → 100% of the band, each smaller than the last", () => {
    const positions = [0];
    for (let i = 0; i < 4; i++) positions.push(nextPosition(positions.at(-1) ?? 0, "moved"));
    expect(positions).toEqual([0, 5000, 8000, 10_000, 10_000]);
  });

  it("a repeated ask earns a quarter of the step, a raised one nothing", () => {
    expect(nextPosition(5000, "repeated")).toBe(5750);
    expect(nextPosition(5750, "repeated")).toBe(6312);
    expect(nextPosition(5000, "raised")).toBe(5000);
    // After quarter steps, the next full step goes to the next point of the curve.
    expect(nextPosition(5750, "moved")).toBe(8000);
    expect(nextPosition(BAND_BP, "repeated")).toBe(BAND_BP);
  });

  it("their move is judged on full-package prices, across tiers", () => {
    expect(theirMove(terms, { amountCents: 1500_00, tier: 1 }, null)).toBe("first");
    expect(
      theirMove(terms, { amountCents: 1400_00, tier: 1 }, { amountCents: 1500_00, tier: 1 }),
    ).toBe("moved");
    expect(
      theirMove(terms, { amountCents: 1500_00, tier: 1 }, { amountCents: 1500_00, tier: 1 }),
    ).toBe("repeated");
    expect(
      theirMove(terms, { amountCents: 1600_00, tier: 1 }, { amountCents: 1500_00, tier: 1 }),
    ).toBe("raised");
    // Pricing the smaller scope we offered is a lever accepted.
    expect(
      theirMove(terms, { amountCents: 1400_00, tier: 2 }, { amountCents: 1500_00, tier: 1 }),
    ).toBe("lever_accepted");
    // $1,050 for tier 2 (70%) is $1,500 for the full package: the same ask.
    expect(
      theirMove(terms, { amountCents: 1050_00, tier: 2 }, { amountCents: 1500_00, tier: 2 }),
    ).toBe("moved");
  });

  it("prices a position for a tier, half-up to the cent", () => {
    expect(priceAt(5000, 1250_00, 1500_00, 100)).toBe(1375_00);
    expect(priceAt(5000, 1250_00, 1500_00, 70)).toBe(962_50);
    expect(priceAt(5750, 1250_00, 1500_00, 100)).toBe(1393_75);
    expect(priceAt(BAND_BP, 1250_00, 1500_00, 50)).toBe(750_00);
    expect(priceAt(5000, 1, 2, 100)).toBe(2); // 1.5 → 2
    // Large amounts stay exact.
    expect(priceAt(5000, 200_000_00, 300_000_00, 70)).toBe(175_000_00);
  });

  it("reads an offer's position, or derives it for offers recorded before positions were", () => {
    const offer = (amountCents: number, tier: number, concessionStep: number | null) =>
      ({ amountCents, tier, rationale: { concessionStep } }) as Pick<
        Offer,
        "amountCents" | "tier" | "rationale"
      >;
    expect(positionOf(offer(1375_00, 1, 0.575), terms, 1250_00, 1500_00)).toBe(5750);
    expect(positionOf(offer(1450_00, 1, null), terms, 1250_00, 1500_00)).toBe(8000);
    // The old engine's lever counter at the ceiling for tier 2: past the end of the curve.
    expect(positionOf(offer(1500_00, 2, null), terms, 1250_00, 1500_00)).toBe(BAND_BP);
    expect(positionOf(offer(1000_00, 1, null), terms, 1250_00, 1500_00)).toBe(0);
  });
});

describe("tier shares", () => {
  it("come from the campaign, else 100/70/50 for as many tiers as it has", () => {
    expect(tierSharesOf({ deliverableTiers: TIERS, tierShares: [100, 80, 45] })).toEqual([
      100, 80, 45,
    ]);
    expect(tierSharesOf({ deliverableTiers: TIERS })).toEqual([100, 70, 50]);
    expect(tierSharesOf({ deliverableTiers: TIERS.slice(0, 2) })).toEqual([100, 70]);
    // Shares that do not fit the tiers are not guessed at.
    expect(tierSharesOf({ deliverableTiers: TIERS, tierShares: [100, 80] })).toEqual([100, 70, 50]);
    expect(shareOfTier({ deliverableTiers: TIERS }, 3)).toBe(50);
    expect(shareOfTier({ deliverableTiers: TIERS }, 9)).toBe(50);
  });

  it("are 1–3 integers in (0, 100], the first 100, never rising", () => {
    expect(validTierShares([100])).toBe(true);
    expect(validTierShares([100, 100, 40])).toBe(true);
    expect(validTierShares([])).toBe(false);
    expect(validTierShares([90, 70])).toBe(false);
    expect(validTierShares([100, 70, 80])).toBe(false);
    expect(validTierShares([100, 0])).toBe(false);
    expect(validTierShares([100, 70.5])).toBe(false);
    expect(validTierShares([100, 70, 50, 30])).toBe(false);
  });
});

describe("amounts people write", () => {
  it("round down to $5 under $1,000 and to $25 from $1,000", () => {
    expect(writtenAmount(994_99)).toBe(990_00);
    expect(writtenAmount(999_99)).toBe(995_00);
    expect(writtenAmount(1000_00)).toBe(1000_00);
    expect(writtenAmount(1012_50)).toBe(1000_00);
    expect(writtenAmount(5168_80)).toBe(5150_00);
    expect(writtenAmount(4_99)).toBe(4_99);
  });
});
