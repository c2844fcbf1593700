/**
 * Levers (DOMAIN.md §3), for an ask above the ceiling of its scope: each at most once, in order,
 * and always traded for money: the offer that carries one is our next step of the curve.
 */
import { BAND_BP, priceAt, shareOfTier, writtenAmount } from "./concession";
import { formatUsd } from "./money";
import {
  type Context,
  currentFor,
  type EngineDecision,
  escalate,
  lowestFor,
  moveSentence,
  type Note,
  offerWithin,
  rationale,
  richerCap,
  type Scope,
  stepCaps,
  stepFor,
  tierName,
} from "./offer-context";
import type { Cents, Lever } from "./types";
import { LEVERS } from "./types";

/** Sharing the CPM target is pointless when their ask is over this multiple of the ceiling rate. */
export const SHARE_TARGET_MAX_MULTIPLE = 3;

/**
 * Above the ceiling for their scope: the first unused, applicable lever, in DOMAIN.md §3 order.
 * A lever is traded for money: the offer carrying it is our next step of the curve, never a jump.
 */
export function pullLever(ctx: Context, used: Lever[], scopeCeiling: Cents): EngineDecision {
  const ask = ctx.ask?.cents ?? 0;
  const approval = ctx.terms.maxCostWithoutApprovalCents;
  for (const lever of LEVERS) {
    if (used.includes(lever)) continue;
    if (lever === "approval_limit") {
      if (approval === null || ask <= approval) continue;
      const reason = `Their ask ${formatUsd(ask)} is above the ${formatUsd(approval)} approval limit.`;
      const cappedBy = ["max_cost_without_approval"];
      return escalate(ctx, "above_approval_limit", { reason, lever, cappedBy });
    }
    if (lever === "walk_away") {
      // No one walks away from a creator who is still coming down: we answer on the curve.
      if (ctx.move === "moved" || ctx.move === "lever_accepted")
        return stayOnCurve(ctx, scopeCeiling);
      const reason =
        "Their ask stays above our ceiling after our levers, and they stopped moving; exiting politely.";
      return {
        kind: "walk_away",
        rationale: rationale(ctx, { decision: "walk_away", reason, lever }),
      };
    }
    const plan = leverPlan(ctx, lever, scopeCeiling);
    if (!plan) continue;
    const above = `Their ask ${formatUsd(ask)} is above our ${formatUsd(scopeCeiling)} ceiling for this scope.`;
    const note: Note = {
      decision: `lever_${lever}`,
      reason: `${above} ${plan.reason}`,
      lever,
      concessionStep: plan.amount === undefined ? ctx.next / BAND_BP : null,
      cappedBy: plan.cappedBy ?? stepCaps(ctx, plan.scope.tier).cappedBy,
    };
    const target = plan.amount ?? plan.price;
    return offerWithin(ctx, target, plan.lowest, plan.scope, note);
  }
  return escalate(ctx, "exceeds_ceiling", {
    reason: "Their ask is above our ceiling and every lever is used.",
  });
}

/** Every lever is on the table and they are still moving: the curve's next step, no lever. */
function stayOnCurve(ctx: Context, scopeCeiling: Cents): EngineDecision {
  const { tier } = ctx.scope;
  const step = stepFor(ctx, tier);
  const caps = stepCaps(ctx, tier);
  const above = `Their ask ${formatUsd(ctx.ask?.cents ?? 0)} is above our ${formatUsd(scopeCeiling)} ceiling for this scope and every lever is on the table, but they are still coming down.`;
  const note: Note = {
    decision: ctx.next > ctx.position ? "concession_step" : "hold",
    reason: `${above} ${moveSentence(ctx)} That step: ${formatUsd(step)}.${caps.said}`,
    concessionStep: ctx.next / BAND_BP,
    cappedBy: caps.cappedBy,
  };
  return offerWithin(ctx, step, lowestFor(ctx, tier), ctx.scope, note);
}

interface LeverPlan {
  scope: Scope;
  reason: string;
  /** The price of the lever's scope at our next step of the curve. */
  price: Cents;
  /** A fixed amount instead of the curve (the creator minimum). */
  amount?: Cents;
  lowest: { cents: Cents; limit: string } | null;
  cappedBy?: string[];
}

/** What a counter lever changes, or null when it does not apply. */
function leverPlan(ctx: Context, lever: Lever, scopeCeiling: Cents): LeverPlan | null {
  const { terms, scope, ceilingRate } = ctx;
  const ask = ctx.ask?.cents ?? 0;
  const step = stepFor(ctx, scope.tier);
  const lowest = lowestFor(ctx, scope.tier);
  const next = `${moveSentence(ctx)} That step: ${formatUsd(step)}${stepCaps(ctx, scope.tier).said ? ` (capped at our offer for the richer scope)` : ""},`;
  switch (lever) {
    case "creator_minimum": {
      const minimum = terms.minCostPerCreatorCents;
      if (minimum === null || minimum <= ceilingRate) return null;
      const reason = `The creator minimum ${formatUsd(minimum)} is above our ceiling rate.`;
      const amount = Math.min(ask, minimum);
      return { scope, amount, price: amount, lowest: null, reason, cappedBy: ["creator_minimum"] };
    }
    case "deliverable_tier": {
      const tier = scope.tier + 1;
      const deliverables = terms.deliverableTiers[tier - 1];
      if (deliverables === undefined) return null;
      const priced = priceAt(ctx.next, ctx.floorRate, ctx.ceilingRate, shareOfTier(terms, tier));
      // A smaller scope never costs more than our offer for the richer one, now or later.
      const richer = Math.min(currentFor(ctx, scope.tier), richerCap(ctx, scope.tier));
      const price = Math.min(priced, richer);
      const minimum = terms.minCostPerCreatorCents;
      const reason =
        `${moveSentence(ctx)} Trading down to ${tierName(ctx, tier)} at that step: ${formatUsd(priced)}` +
        (price < priced ? `, capped at our ${formatUsd(richer)} offer for the richer scope.` : ".");
      return {
        scope: { ...scope, tier, deliverables, richerOfferCents: richer },
        price,
        lowest: minimum === null ? null : { cents: minimum, limit: "creator_minimum" },
        reason,
        cappedBy: price < priced ? ["richer_scope"] : undefined,
      };
    }
    case "usage_rights": {
      const days = terms.usageRights?.minimumDays;
      const current = scope.usageDays ?? terms.usageRights?.targetDays;
      if (days === undefined || current === undefined || current <= days) return null;
      const reason = `${next} with usage shortened from ${current} to ${days} days.`;
      return { scope: { ...scope, usageDays: days }, price: step, lowest, reason };
    }
    case "product": {
      const product = terms.product;
      if (!product || scope.product) return null;
      // Only when the product's value fits the gap between our offer and their ask.
      const gap = ask - writtenAmount(step);
      if (product.valueCents > gap) return null;
      const reason = `${next} plus ${product.description} (worth ${formatUsd(product.valueCents)}, within the ${formatUsd(gap)} gap to their ask).`;
      return { scope: { ...scope, product }, price: step, lowest, reason };
    }
    case "syndication":
      if (!terms.syndication || scope.syndication) return null;
      return {
        scope: { ...scope, syndication: true },
        price: step,
        lowest,
        reason: `${next} and we propose cross-posting.`,
      };
    case "share_cpm_target":
      if (ask > SHARE_TARGET_MAX_MULTIPLE * scopeCeiling) return null;
      return {
        scope: { ...scope, shareCpmTarget: true },
        price: step,
        lowest,
        reason: `${next} and we share our CPM target.`,
      };
    default:
      return null;
  }
}
