import { impliedCpm, type MoneyError } from "./money";
import { err, ok, type Result } from "./result";
import type { CampaignTerms, Cents, PriceBand, RateClass } from "./types";

/** Band used when a campaign sets no CPM target: $20–$30 CPM. */
export const DEFAULT_BAND: PriceBand = { floorCpmCents: 2000, ceilingCpmCents: 3000 };

/** Below this implied CPM a rate is flagged (not escalated): it may be a typo or a scope mix-up. */
export const SUSPICIOUSLY_LOW_CPM_CENTS: Cents = 1500;

/**
 * floor = T, ceiling = T × (1 + L/100) half-up to the cent. No (or non-positive) T: the default
 * band. No, zero or negative L: ceiling = T. Leniency is honoured to 1/1000 of a percent.
 */
export function priceBand(terms: Pick<CampaignTerms, "cpmTargetCents" | "leniencyPct">): PriceBand {
  const target = terms.cpmTargetCents;
  if (target === null || !Number.isSafeInteger(target) || target <= 0) return DEFAULT_BAND;
  const leniency = terms.leniencyPct;
  if (leniency === null || !Number.isFinite(leniency) || leniency <= 0) {
    return { floorCpmCents: target, ceilingCpmCents: target };
  }
  const milliPct = BigInt(Math.round(leniency * 1000));
  const extra = (BigInt(target) * milliPct * 2n + 100_000n) / 200_000n;
  return { floorCpmCents: target, ceilingCpmCents: target + Number(extra) };
}

/** Classifies a proposed rate by its implied CPM against the campaign's own band (DOMAIN.md §2). */
export function classifyRate(
  rateCents: Cents,
  averageViews: number,
  band: PriceBand,
): Result<RateClass, MoneyError> {
  const cpm = impliedCpm(rateCents, averageViews);
  if (!cpm.ok) return err(cpm.error);
  return ok(classifyCpm(cpm.value, band));
}

/** Same order as classifyRate, for a CPM already computed. */
export function classifyCpm(cpmCents: Cents, band: PriceBand): RateClass {
  if (cpmCents > band.ceilingCpmCents) return "exceeds_ceiling";
  if (cpmCents < SUSPICIOUSLY_LOW_CPM_CENTS) return "suspiciously_low";
  if (cpmCents < band.floorCpmCents) return "below_floor";
  return "within";
}
