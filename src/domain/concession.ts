/**
 * The concession strategy (DOMAIN.md §3): where an offer sits on the curve from floor to ceiling,
 * how far the next counter moves (a full step when they moved, a quarter step when they did not),
 * what a smaller scope costs (the campaign's tier shares), and the amounts people write.
 * Positions on the curve are integer basis points of the band (0 = floor, 10,000 = ceiling); all
 * money is integer cents, computed with BigInt where products could pass 2^53.
 */
import type { CampaignTerms, Cents, Offer } from "./types";

/** Share of the band (in %) of each point of the curve; the opening is the first. */
export const CONCESSION_STEPS_PCT = [0, 50, 80, 100] as const;
/** When they did not come down, we move at most this share (in %) of the step we would take. */
export const STANDSTILL_STEP_PCT = 25;
/** Default price of each deliverable tier, in % of the full package. */
export const DEFAULT_TIER_SHARES = [100, 70, 50] as const;

/** One whole band, in basis points. */
export const BAND_BP = 10_000;
const CURVE_BP = CONCESSION_STEPS_PCT.map((pct) => pct * 100);

/** Tiers and their shares; the shares may be missing on terms saved before they existed. */
type TierTerms = Pick<CampaignTerms, "deliverableTiers"> & { tierShares?: readonly number[] };

/**
 * The campaign's tier shares, one per deliverable tier. Terms saved before `tierShares` existed,
 * or whose shares do not match their tiers, get the default for that many tiers.
 */
export function tierSharesOf(terms: TierTerms): number[] {
  const count = Math.max(1, terms.deliverableTiers.length);
  const shares = terms.tierShares;
  if (shares && shares.length === count && validTierShares(shares)) return [...shares];
  return Array.from({ length: count }, (_, i) => DEFAULT_TIER_SHARES[i] ?? 50);
}

/** 1–3 integers in (0, 100], the first 100, never increasing. */
export function validTierShares(shares: readonly number[]): boolean {
  return (
    shares.length >= 1 &&
    shares.length <= 3 &&
    shares[0] === 100 &&
    shares.every((s, i) => Number.isInteger(s) && s > 0 && s <= 100 && s <= (shares[i - 1] ?? 100))
  );
}

/** The share (in %) of the full-package price that a tier costs. */
export function shareOfTier(terms: TierTerms, tier: number): number {
  const shares = tierSharesOf(terms);
  return shares[Math.min(Math.max(tier, 1), shares.length) - 1] ?? 100;
}

/**
 * An amount people write: rounded down to $5 under $1,000 and to $25 from $1,000. Rounding only
 * ever lowers an amount, so it never breaks a cap; amounts under $5 stay as they are.
 */
export function writtenAmount(cents: Cents): Cents {
  const unit = cents < 1000_00 ? 5_00 : 25_00;
  const rounded = Math.floor(cents / unit) * unit;
  return rounded > 0 ? rounded : cents;
}

/** The full-package price at a curve position, for a tier: (floor + band × position) × share, half-up. */
export function priceAt(
  positionBp: number,
  floorRate: Cents,
  ceilingRate: Cents,
  sharePct: number,
): Cents {
  const band = BigInt(Math.max(ceilingRate - floorRate, 0));
  const numerator =
    (BigInt(floorRate) * BigInt(BAND_BP) + band * BigInt(positionBp)) * BigInt(sharePct);
  const divisor = BigInt(BAND_BP) * 100n;
  return Number((numerator * 2n + divisor) / (2n * divisor));
}

/**
 * Where an offer sits on the curve: its recorded position, or (for offers recorded before
 * positions were) the position its full-package equivalent price implies.
 */
export function positionOf(
  offer: Pick<Offer, "amountCents" | "tier" | "rationale">,
  terms: Pick<CampaignTerms, "deliverableTiers" | "tierShares">,
  floorRate: Cents,
  ceilingRate: Cents,
): number {
  const recorded = offer.rationale.concessionStep;
  if (recorded !== null && Number.isFinite(recorded))
    return clampBp(Math.round(recorded * BAND_BP));
  return positionAtPrice(offer.amountCents, shareOfTier(terms, offer.tier), floorRate, ceilingRate);
}

/** The curve position a price for a tier implies (its full-package equivalent), floored. */
export function positionAtPrice(
  cents: Cents,
  sharePct: number,
  floorRate: Cents,
  ceilingRate: Cents,
): number {
  if (ceilingRate <= floorRate) return BAND_BP;
  const fullPackage = (cents * 100) / sharePct;
  return clampBp(Math.floor(((fullPackage - floorRate) * BAND_BP) / (ceilingRate - floorRate)));
}

const clampBp = (bp: number) => Math.min(Math.max(bp, 0), BAND_BP);

/**
 * How their ask compares with their previous one, in full-package terms: `moved` when it is
 * lower, or when it prices the smaller scope our lever offered (a lever accepted); `repeated`
 * when it is the same; `raised` when it is higher. Their first ask counts as a move.
 */
export type TheirMove = "first" | "moved" | "lever_accepted" | "repeated" | "raised";

export function theirMove(
  terms: Pick<CampaignTerms, "deliverableTiers" | "tierShares">,
  ask: { amountCents: Cents; tier: number },
  previous: { amountCents: Cents; tier: number } | null,
): TheirMove {
  if (!previous) return "first";
  if (ask.tier > previous.tier) return "lever_accepted";
  // Cross-multiplied: ask / share(ask) versus previous / share(previous), in integers.
  const now = ask.amountCents * shareOfTier(terms, previous.tier);
  const before = previous.amountCents * shareOfTier(terms, ask.tier);
  if (now < before) return "moved";
  return now === before ? "repeated" : "raised";
}

/**
 * Our next position: the next point of the curve when they moved; a quarter of the way there
 * when they repeated their ask; where we are when they raised it.
 */
export function nextPosition(currentBp: number, move: TheirMove): number {
  const point = CURVE_BP.find((bp) => bp > currentBp) ?? BAND_BP;
  switch (move) {
    case "first":
    case "moved":
    case "lever_accepted":
      return point;
    case "repeated":
      return currentBp + Math.floor(((point - currentBp) * STANDSTILL_STEP_PCT) / 100);
    case "raised":
      return currentBp;
  }
}

/** A position as a percentage people read ("57.5%"). */
export const positionPct = (bp: number): string => `${Math.round(bp) / 100}%`;
