/**
 * The negotiation engine (DOMAIN.md §3): every number and term Parley proposes. Pure.
 * Opening at the floor; then, for each ask, acceptance at their ask, a counter on the concession
 * curve (reciprocating their moves), a lever traded for money, an escalation or a polite exit.
 */
import {
  BAND_BP,
  nextPosition,
  positionAtPrice,
  positionPct,
  priceAt,
  shareOfTier,
  theirMove,
  writtenAmount,
} from "./concession";
import { formatCpm, formatUsd } from "./money";
import {
  accept,
  build,
  type Context,
  cpmOf,
  currentFor,
  type EngineDecision,
  escalate,
  isDecision,
  lowestFor,
  moveSentence,
  type Note,
  type OpeningInput,
  offerWithin,
  richerCap,
  type Scope,
  stepCaps,
  stepFor,
  tierName,
} from "./offer-context";
import { pullLever } from "./offer-levers";
import { classifyCpm } from "./price-band";
import type { CampaignTerms, Cents, Creator, Lever, Offer } from "./types";

export { CONCESSION_STEPS_PCT, STANDSTILL_STEP_PCT } from "./concession";
export type { EngineDecision, OpeningInput } from "./offer-context";
export { SHARE_TARGET_MAX_MULTIPLE } from "./offer-levers";

export type EngineError = { code: "invalid_views"; message: string };

export interface AskInput {
  terms: CampaignTerms;
  creator: Creator;
  /** Counters we have already sent after the opening (0 right after the opening). */
  round: number;
  /** Our offer currently on the table. */
  lastOffer: Offer;
  /** tier: 1-based tier they priced; null = our offer's scope. */
  theirAsk: { amountCents: Cents; tier: number | null };
  /** Their ask before this one (null: this is their first); tier null = the scope of our offer then. */
  previousAsk: { amountCents: Cents; tier: number | null } | null;
  leversUsed: Lever[];
  /** They call this ask their last word ("that's firm", "I can't go below"): see firmness.ts. */
  final: boolean;
  /** What this negotiation may still commit; null = no budget pool. */
  budgetAvailableCents: Cents | null;
}

/** Opening: tier 1 at the floor CPM, rounded down, raised to the creator minimum (DOMAIN.md §3). */
export function openingOffer(input: OpeningInput): EngineDecision {
  const ctx = build(input, 0, null);
  if (isDecision(ctx)) return ctx;
  const minimum = input.terms.minCostPerCreatorCents;
  const raised = minimum !== null && minimum > writtenAmount(ctx.floorRate);
  const floorCpm = formatCpm(ctx.band.floorCpmCents);
  const note: Note = raised
    ? {
        decision: "opening",
        reason: `Opening at the creator minimum ${formatUsd(minimum)}, above the ${floorCpm} CPM floor rate ${formatUsd(ctx.floorRate)}.`,
        cappedBy: ["creator_minimum"],
      }
    : {
        decision: "opening",
        reason: `Opening at the ${floorCpm} floor CPM: ${formatUsd(ctx.floorRate)}.`,
      };
  const target = raised ? minimum : ctx.floorRate;
  const lowest = minimum === null ? null : { cents: minimum, limit: "creator_minimum" };
  return offerWithin(ctx, target, lowest, ctx.scope, { ...note, concessionStep: 0 });
}

/** Decides our answer to their ask: accept, counter (curve or lever), escalate or walk away. */
export function respondToAsk(input: AskInput): EngineDecision {
  const ctx = build(input, input.round, input.lastOffer);
  if (isDecision(ctx)) return ctx;
  const ask = input.theirAsk.amountCents;
  if (!Number.isSafeInteger(ask) || ask <= 0) {
    return escalate(ctx, "validation_failed", {
      reason: `Their ask is not a positive amount (got ${ask}).`,
    });
  }
  const askCpm = cpmOf(ctx, ask);
  ctx.ask = { cents: ask, cpm: askCpm, cls: classifyCpm(askCpm, ctx.band) };
  ctx.scope = withTheirTier(ctx, input.theirAsk.tier);
  const tier = ctx.scope.tier;
  const previous = input.previousAsk;
  ctx.previousAskCents = previous?.amountCents ?? null;
  ctx.move = theirMove(
    input.terms,
    { amountCents: ask, tier },
    previous
      ? { amountCents: previous.amountCents, tier: previous.tier ?? input.lastOffer.tier }
      : null,
  );
  ctx.next = nextPosition(ctx.position, ctx.move);

  const reason = `Their ask ${formatUsd(ask)}`;
  const current = currentFor(ctx, tier);
  if (ask <= current) {
    return accept(ctx, {
      decision: "accept_their_ask",
      reason: `${reason} is at or below our offer ${formatUsd(current)}.`,
      concessionStep: ctx.position / BAND_BP,
    });
  }
  // When they come down we never go past halfway to their ask: we meet them, we do not overtake
  // them. A gap too small to halve in amounts people write is closed at their ask. (Their first
  // ask gets the curve's step; a repeated one its quarter step, already the smallest move.)
  const curveStep = stepFor(ctx, tier);
  const halfway = current + Math.floor((ask - current) / 2);
  const share = shareOfTier(ctx.terms, tier);
  const halfwayBp = positionAtPrice(halfway, share, ctx.floorRate, ctx.ceilingRate);
  const halved =
    ctx.move !== "first" &&
    ctx.move !== "repeated" &&
    halfway < curveStep &&
    halfwayBp > ctx.position &&
    writtenAmount(halfway) > current;
  if (halved) ctx.next = halfwayBp;
  const step = halved ? halfway : curveStep;
  const concessionStep = ctx.next / BAND_BP;
  if (ask <= step) {
    const within = `${reason} is within our next step ${formatUsd(step)} (${positionPct(ctx.next)} of the band).`;
    return accept(ctx, { decision: "accept_their_ask", reason: within, concessionStep });
  }
  const atMaxRounds = input.round >= input.terms.maxRounds;
  // The ceiling for this scope: its share of the band's, and never above our richer offer.
  const scopeCeiling = Math.min(
    priceAt(BAND_BP, ctx.floorRate, ctx.ceilingRate, shareOfTier(ctx.terms, tier)),
    richerCap(ctx, tier),
  );
  if (ask > scopeCeiling) {
    if (!atMaxRounds) return pullLever(ctx, input.leversUsed, scopeCeiling);
    const above = `${reason} is above our ${formatUsd(scopeCeiling)} ceiling for this scope after ${input.round} rounds.`;
    return escalate(ctx, "max_rounds", { reason: above });
  }
  if (input.final && previous !== null) {
    // A held ask inside the band, called final: the max-rounds rule, reached when they say so.
    const note = {
      decision: "accept_final_ask",
      reason: `${reason} is inside the band for this scope and they call it final.`,
    };
    return accept(ctx, note);
  }
  if (atMaxRounds) {
    const note = {
      decision: "accept_at_max_rounds",
      reason: `${reason} is in band; max rounds reached.`,
      concessionStep,
    };
    return accept(ctx, note, "max_rounds");
  }
  const caps = stepCaps(ctx, tier);
  const note: Note = {
    decision: ctx.next === ctx.position ? "hold" : "concession_step",
    reason: `${moveSentence(ctx, halved)} That step for ${tierName(ctx, tier)}: ${formatUsd(step)}.${caps.said}`,
    concessionStep,
    cappedBy: caps.cappedBy,
  };
  return offerWithin(ctx, step, lowestFor(ctx, tier), ctx.scope, note, ctx.next > ctx.position);
}

function withTheirTier(ctx: Context, tier: number | null): Scope {
  const tiers = ctx.terms.deliverableTiers;
  if (tier === null || !Number.isInteger(tier) || tier < 1 || tier > tiers.length) return ctx.scope;
  if (tier === ctx.scope.tier) return ctx.scope;
  // Pricing a smaller scope than ours: it never costs more than our offer for ours.
  const last = ctx.last;
  const richerOfferCents =
    last && tier > last.tier
      ? Math.min(last.amountCents, richerCap(ctx, last.tier))
      : tier === 1
        ? null
        : ctx.scope.richerOfferCents;
  const deliverables = tiers[tier - 1] ?? ctx.scope.deliverables;
  return { ...ctx.scope, tier, deliverables, richerOfferCents };
}
