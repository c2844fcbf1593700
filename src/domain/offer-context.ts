/**
 * What one engine decision works with (the band, the curve positions, their ask) and the
 * building blocks every decision shares: rationale, offers within the limits, acceptance.
 * Pure; the decisions themselves are in offer-engine.ts and offer-levers.ts.
 */
import {
  BAND_BP,
  positionOf,
  positionPct,
  priceAt,
  shareOfTier,
  type TheirMove,
  writtenAmount,
} from "./concession";
import { formatCpm, formatUsd, impliedCpm, rateForCpm } from "./money";
import { priceBand, SUSPICIOUSLY_LOW_CPM_CENTS } from "./price-band";
import type {
  CampaignTerms,
  Cents,
  Creator,
  EscalationReason,
  Offer,
  PriceBand,
  RateClass,
  Rationale,
} from "./types";

export type EngineDecision =
  | { kind: "offer"; offer: Offer }
  | { kind: "accept"; offer: Offer }
  | { kind: "escalate"; reason: EscalationReason; rationale: Rationale }
  | { kind: "walk_away"; rationale: Rationale };

export interface OpeningInput {
  terms: CampaignTerms;
  creator: Creator;
  budgetAvailableCents: Cents | null;
}

export type Scope = Pick<
  Offer,
  | "tier"
  | "deliverables"
  | "usageDays"
  | "product"
  | "syndication"
  | "shareCpmTarget"
  | "richerOfferCents"
>;
export type Note = Pick<Rationale, "decision" | "reason"> &
  Partial<Pick<Rationale, "concessionStep" | "lever" | "cappedBy" | "offerCents">>;

export interface Context {
  terms: CampaignTerms;
  band: PriceBand;
  views: number;
  floorRate: Cents;
  ceilingRate: Cents;
  round: number;
  last: Offer | null;
  ask: { cents: Cents; cpm: Cents; cls: RateClass } | null;
  budget: Cents | null;
  scope: Scope;
  /** Curve positions (basis points of the band): ours now, and the one this answer moves to. */
  position: number;
  next: number;
  /** How their ask moved since their previous one; sets `next`. */
  move: TheirMove;
  previousAskCents: Cents | null;
}

// A Context only exists once views are valid, and amounts are safe integers: this cannot fail.
export const cpmOf = (ctx: Context, cents: Cents): Cents => {
  const cpm = impliedCpm(cents, ctx.views);
  return cpm.ok ? cpm.value : 0;
};

export const rationale = (ctx: Context, note: Note): Rationale => ({
  decision: note.decision,
  reason: note.reason,
  band: ctx.band,
  averageViews: ctx.views,
  round: ctx.round,
  theirAskCents: ctx.ask?.cents ?? null,
  theirImpliedCpmCents: ctx.ask?.cpm ?? null,
  theirAskClass: ctx.ask?.cls ?? null,
  offerCents: note.offerCents ?? null,
  offerCpmCents: note.offerCents == null ? null : cpmOf(ctx, note.offerCents),
  concessionStep: note.concessionStep ?? null,
  lever: note.lever ?? null,
  cappedBy: note.cappedBy ?? [],
});

export const makeOffer = (ctx: Context, amountCents: Cents, scope: Scope, note: Note): Offer => ({
  amountCents,
  cpmCents: cpmOf(ctx, amountCents),
  ...scope,
  packageValueCents: amountCents + (scope.product?.valueCents ?? 0),
  rationale: rationale(ctx, { ...note, offerCents: amountCents }),
});

export const escalate = (
  ctx: Context,
  reason: EscalationReason,
  note: Omit<Note, "decision">,
): EngineDecision => ({
  kind: "escalate",
  reason,
  rationale: rationale(ctx, { ...note, decision: `escalate_${reason}` }),
});

/** The context, or an `invalid_creator` escalation when views are not a positive integer. */
export function build(
  input: OpeningInput,
  round: number,
  last: Offer | null,
): Context | EngineDecision {
  const { terms, creator } = input;
  const band = priceBand(terms);
  const floor = rateForCpm(creator.averageViews, band.floorCpmCents);
  const ceiling = rateForCpm(creator.averageViews, band.ceilingCpmCents);
  const tier = last?.tier ?? 1;
  const floorRate = floor.ok ? floor.value : 0;
  const ceilingRate = ceiling.ok ? ceiling.value : 0;
  const position = last ? positionOf(last, terms, floorRate, ceilingRate) : 0;
  const ctx: Context = {
    terms,
    band,
    views: creator.averageViews,
    floorRate,
    ceilingRate,
    round,
    last,
    ask: null,
    budget: input.budgetAvailableCents,
    scope: {
      tier,
      deliverables: terms.deliverableTiers[tier - 1] ?? last?.deliverables ?? "",
      usageDays: last ? last.usageDays : (terms.usageRights?.targetDays ?? null),
      product: last?.product ?? null,
      syndication: last?.syndication ?? false,
      shareCpmTarget: false,
      richerOfferCents: last?.richerOfferCents ?? null,
    },
    position,
    next: position,
    move: "first",
    previousAskCents: null,
  };
  if (floor.ok && ceiling.ok) return ctx;
  const reason = `Average views must be a positive integer (got ${creator.averageViews}).`;
  return escalate(ctx, "invalid_creator", { reason });
}

export const isDecision = (value: Context | EngineDecision): value is EngineDecision =>
  "kind" in value;

export type BrokenLimit = { limit: string; escalation: EscalationReason; reason: string };

/** The first limit an amount breaks, if any: the approval limit, then the budget still available. */
export function brokenLimit(ctx: Context, amount: Cents): BrokenLimit | null {
  const approval = ctx.terms.maxCostWithoutApprovalCents;
  if (approval !== null && amount > approval) {
    const reason = `${formatUsd(amount)} is above the ${formatUsd(approval)} approval limit.`;
    return { limit: "max_cost_without_approval", escalation: "above_approval_limit", reason };
  }
  if (ctx.budget !== null && amount > ctx.budget) {
    const reason = `${formatUsd(amount)} would exceed the budget still available.`;
    return { limit: "budget", escalation: "budget_exhausted", reason };
  }
  return null;
}

/**
 * Offers `target` capped by the approval limit, then rounded down to an amount people write,
 * never below `lowest` (our offer for this scope, the creator minimum): when the approval limit
 * would take it below that (or, for a step they earned, `mustMove`, to no move at all), a person
 * decides. An amount beyond the budget still available is never offered: it escalates. Reaching
 * their ask is an acceptance, not a counter.
 */
export function offerWithin(
  ctx: Context,
  target: Cents,
  lowest: { cents: Cents; limit: string } | null,
  scope: Scope,
  note: Note,
  mustMove = false,
): EngineDecision {
  const approval = ctx.terms.maxCostWithoutApprovalCents;
  if (ctx.ask && ctx.ask.cents <= target) {
    return accept({ ...ctx, scope }, { ...note, decision: "accept_their_ask" });
  }
  const floor = lowest?.cents ?? 1;
  let amount = target;
  const cappedBy = [...(note.cappedBy ?? [])];
  const said: string[] = [];
  // A step they earned that the approval limit would stop short of our own offer: a person decides.
  if (approval !== null && amount > approval && approval >= floor + (mustMove ? 1 : 0)) {
    amount = approval;
    cappedBy.push("max_cost_without_approval");
    said.push(`capped at the ${formatUsd(approval)} approval limit`);
  }
  const written = writtenAmount(amount);
  if (lowest && written < floor) {
    // Never below our own offer for this scope, nor the creator minimum.
    if (!cappedBy.includes(lowest.limit)) cappedBy.push(lowest.limit);
    said.push(`kept at ${formatUsd(floor)} (${lowest.limit.replaceAll("_", " ")})`);
    amount = floor;
  } else if (written !== amount) {
    said.push(`rounded down from ${formatUsd(amount)}`);
    amount = written;
  }
  const reason = said.length
    ? `${note.reason} Offer ${formatUsd(amount)}: ${said.join(", ")}.`
    : note.reason;
  const broken = brokenLimit(ctx, amount);
  if (broken) {
    const why = {
      ...note,
      reason: `${reason} ${broken.reason}`,
      cappedBy: [...cappedBy, broken.limit],
      offerCents: amount,
    };
    return escalate(ctx, broken.escalation, why);
  }
  return {
    kind: "offer",
    offer: makeOffer(ctx, amount, scope, { ...note, reason, cappedBy }),
  };
}

/** Accepts at their ask (never more) when every limit allows it; else escalates (`onLimit`). */
export function accept(ctx: Context, note: Note, onLimit?: EscalationReason): EngineDecision {
  const ask = ctx.ask?.cents ?? 0;
  const broken = brokenLimit(ctx, ask);
  if (broken) {
    const why = { ...note, reason: broken.reason, cappedBy: [broken.limit], offerCents: ask };
    return escalate(ctx, onLimit ?? broken.escalation, why);
  }
  const flagged: Note =
    ctx.ask?.cls === "suspiciously_low"
      ? {
          ...note,
          decision: "accept_suspiciously_low",
          reason: `${note.reason} Flagged: implied CPM under ${formatCpm(SUSPICIOUSLY_LOW_CPM_CENTS)}.`,
          cappedBy: ["suspiciously_low"],
        }
      : { ...note, cappedBy: [] };
  return { kind: "accept", offer: makeOffer(ctx, ask, ctx.scope, flagged) };
}

/** What our next step costs for a tier: never below our offer for that scope, nor the minimum. */
export function stepFor(ctx: Context, tier: number, at = ctx.next): Cents {
  const price = priceAt(at, ctx.floorRate, ctx.ceilingRate, shareOfTier(ctx.terms, tier));
  return Math.max(Math.min(price, richerCap(ctx, tier)), currentFor(ctx, tier));
}

/** The caps on our next step for a tier: the ceiling (at the end of the curve), the richer offer. */
export function stepCaps(ctx: Context, tier: number): { cappedBy: string[]; said: string } {
  const price = priceAt(ctx.next, ctx.floorRate, ctx.ceilingRate, shareOfTier(ctx.terms, tier));
  const cap = richerCap(ctx, tier);
  const cappedBy = ctx.next === BAND_BP ? ["ceiling"] : [];
  if (price <= cap) return { cappedBy, said: "" };
  return {
    cappedBy: [...cappedBy, "richer_scope"],
    said: ` Capped at our ${formatUsd(cap)} offer for the richer scope.`,
  };
}

/**
 * What a smaller scope may cost at most: our offer for the richer scope it came from (a smaller
 * scope never costs more). Unbounded for the full package or when no richer offer was made.
 */
export function richerCap(ctx: Context, tier: number): Cents {
  const richer = ctx.scope.richerOfferCents;
  return tier > 1 && richer !== null && richer !== undefined ? richer : Number.POSITIVE_INFINITY;
}

/** Our offer on the table, for a tier: its amount for its own tier, its curve price for others. */
export function currentFor(ctx: Context, tier: number): Cents {
  if (!ctx.last) return 0;
  if (ctx.last.tier === tier) return ctx.last.amountCents;
  return priceAt(ctx.position, ctx.floorRate, ctx.ceilingRate, shareOfTier(ctx.terms, tier));
}

/** The least we may offer for a tier: our offer on the table for it, and the creator minimum. */
export function lowestFor(ctx: Context, tier: number): { cents: Cents; limit: string } | null {
  const minimum = ctx.terms.minCostPerCreatorCents;
  const last = ctx.last && ctx.last.tier === tier ? ctx.last.amountCents : null;
  if (last !== null && (minimum === null || last >= minimum))
    return { cents: last, limit: "last_offer" };
  return minimum === null ? null : { cents: minimum, limit: "creator_minimum" };
}

export const tierName = (ctx: Context, tier: number) =>
  `tier ${tier} (${ctx.terms.deliverableTiers[tier - 1] ?? "the package"}, ${shareOfTier(ctx.terms, tier)}% of the full package)`;

/** Why we move as far as we do this round, in words. */
export function moveSentence(ctx: Context, halfway = false): string {
  const ask = formatUsd(ctx.ask?.cents ?? 0);
  const before = formatUsd(ctx.previousAskCents ?? 0);
  const at = `${positionPct(ctx.next)} of the band`;
  const step =
    ctx.next === ctx.position
      ? `, but our curve ends at ${at}: we hold.`
      : halfway
        ? `: halfway to their ask, short of our curve's next step, ${at}.`
        : `: the next step of our curve, ${at}.`;
  switch (ctx.move) {
    case "first":
      return `Their first ask is ${ask}${step.replace("next step", "first step")}`;
    case "moved":
      return `They came down from ${before} to ${ask}${step}`;
    case "lever_accepted":
      return `They priced the smaller scope we offered at ${ask}${step}`;
    case "repeated":
      return `They repeated ${ask}: a quarter step only, ${at}.`;
    case "raised":
      return `They raised their ask from ${before} to ${ask}: we hold at ${at}.`;
  }
}
