import { formatCpm, formatUsd, impliedCpm, rateForCpm } from "./money";
import { classifyCpm, priceBand, SUSPICIOUSLY_LOW_CPM_CENTS } from "./price-band";
import type {
  CampaignTerms,
  Cents,
  Creator,
  EscalationReason,
  Lever,
  Offer,
  PriceBand,
  RateClass,
  Rationale,
} from "./types";
import { LEVERS } from "./types";

export type EngineError = { code: "invalid_views"; message: string };

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

export interface AskInput {
  terms: CampaignTerms;
  creator: Creator;
  /** Counters we have already sent after the opening (0 right after the opening). */
  round: number;
  /** Our offer currently on the table. */
  lastOffer: Offer;
  /** tier: 1-based tier they priced when proposing a smaller scope; null = our offer's scope. */
  theirAsk: { amountCents: Cents; tier: number | null };
  leversUsed: Lever[];
  /** What this negotiation may still commit; null = no budget pool. */
  budgetAvailableCents: Cents | null;
}

/** Share of the band (in %) conceded by the k-th offer; the opening is k = 0. Clamps at the end. */
export const CONCESSION_STEPS_PCT = [0, 50, 80, 100] as const;
/** The product lever applies when their ask is within this % above the ceiling rate. */
export const PRODUCT_GAP_PCT = 20;
/** Sharing the CPM target is pointless when their ask is over this multiple of the ceiling rate. */
export const SHARE_TARGET_MAX_MULTIPLE = 3;

type Scope = Pick<
  Offer,
  "tier" | "deliverables" | "usageDays" | "product" | "syndication" | "shareCpmTarget"
>;
type Note = Pick<Rationale, "decision" | "reason"> &
  Partial<Pick<Rationale, "concessionStep" | "lever" | "cappedBy" | "offerCents">>;

interface Context {
  terms: CampaignTerms;
  band: PriceBand;
  views: number;
  floorRate: Cents;
  ceilingRate: Cents;
  round: number;
  last: Cents | null;
  ask: { cents: Cents; cpm: Cents; cls: RateClass } | null;
  budget: Cents | null;
  scope: Scope;
}

// A Context only exists once views are valid, and amounts are safe integers: this cannot fail.
const cpmOf = (ctx: Context, cents: Cents): Cents => {
  const cpm = impliedCpm(cents, ctx.views);
  return cpm.ok ? cpm.value : 0;
};

const rationale = (ctx: Context, note: Note): Rationale => ({
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

const makeOffer = (ctx: Context, amountCents: Cents, scope: Scope, note: Note): Offer => ({
  amountCents,
  cpmCents: cpmOf(ctx, amountCents),
  ...scope,
  rationale: rationale(ctx, { ...note, offerCents: amountCents }),
});

const escalate = (
  ctx: Context,
  reason: EscalationReason,
  note: Omit<Note, "decision">,
): EngineDecision => ({
  kind: "escalate",
  reason,
  rationale: rationale(ctx, { ...note, decision: `escalate_${reason}` }),
});

/** The context, or an `invalid_creator` escalation when views are not a positive integer. */
function build(input: OpeningInput, round: number, last: Offer | null): Context | EngineDecision {
  const { terms, creator } = input;
  const band = priceBand(terms);
  const floor = rateForCpm(creator.averageViews, band.floorCpmCents);
  const ceiling = rateForCpm(creator.averageViews, band.ceilingCpmCents);
  const tier = last?.tier ?? 1;
  const ctx: Context = {
    terms,
    band,
    views: creator.averageViews,
    floorRate: floor.ok ? floor.value : 0,
    ceilingRate: ceiling.ok ? ceiling.value : 0,
    round,
    last: last?.amountCents ?? null,
    ask: null,
    budget: input.budgetAvailableCents,
    scope: {
      tier,
      deliverables: terms.deliverableTiers[tier - 1] ?? last?.deliverables ?? "",
      usageDays: last ? last.usageDays : (terms.usageRights?.targetDays ?? null),
      product: last?.product ?? null,
      syndication: last?.syndication ?? false,
      shareCpmTarget: false,
    },
  };
  if (floor.ok && ceiling.ok) return ctx;
  const reason = `Average views must be a positive integer (got ${creator.averageViews}).`;
  return escalate(ctx, "invalid_creator", { reason });
}

const isDecision = (value: Context | EngineDecision): value is EngineDecision => "kind" in value;

type BrokenLimit = { limit: string; escalation: EscalationReason; reason: string };

/** The first limit an amount breaks, if any: the approval limit, then the budget still available. */
function brokenLimit(ctx: Context, amount: Cents): BrokenLimit | null {
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
 * Offers `target` capped by their ask and the approval limit. The approval limit may lower the
 * amount but never below `lowest` (our last offer, the creator minimum): then a person decides.
 * An amount beyond the budget still available is never offered: it escalates. Reaching their ask
 * is an acceptance, not a counter.
 */
function offerWithin(
  ctx: Context,
  target: Cents,
  lowest: Cents,
  scope: Scope,
  note: Note,
): EngineDecision {
  const approval = ctx.terms.maxCostWithoutApprovalCents;
  if (ctx.ask && ctx.ask.cents <= target) {
    return accept({ ...ctx, scope }, { ...note, decision: "accept_their_ask" });
  }
  let amount = target;
  const cappedBy = [...(note.cappedBy ?? [])];
  if (approval !== null && amount > approval && approval >= lowest) {
    amount = approval;
    cappedBy.push("max_cost_without_approval");
  }
  const broken = brokenLimit(ctx, amount);
  if (broken) {
    const why = {
      ...note,
      reason: broken.reason,
      cappedBy: [...cappedBy, broken.limit],
      offerCents: amount,
    };
    return escalate(ctx, broken.escalation, why);
  }
  return { kind: "offer", offer: makeOffer(ctx, amount, scope, { ...note, cappedBy }) };
}

/** Opening: tier 1 at the floor CPM, raised to the creator minimum (DOMAIN.md §3). */
export function openingOffer(input: OpeningInput): EngineDecision {
  const ctx = build(input, 0, null);
  if (isDecision(ctx)) return ctx;
  const minimum = input.terms.minCostPerCreatorCents;
  const raised = minimum !== null && minimum > ctx.floorRate;
  const target = raised ? minimum : ctx.floorRate;
  const floorCpm = formatCpm(ctx.band.floorCpmCents);
  const note: Note = raised
    ? {
        decision: "opening",
        reason: `Opening at the creator minimum ${formatUsd(target)}, above the ${floorCpm} CPM floor rate.`,
        cappedBy: ["creator_minimum"],
      }
    : {
        decision: "opening",
        reason: `Opening at the ${floorCpm} floor CPM: ${formatUsd(target)}.`,
      };
  return offerWithin(ctx, target, minimum ?? 1, ctx.scope, { ...note, concessionStep: 0 });
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

  const last = input.lastOffer.amountCents;
  const reason = `Their ask ${formatUsd(ask)}`;
  if (ask <= last) {
    return accept(ctx, {
      decision: "accept_their_ask",
      reason: `${reason} is at or below our offer.`,
    });
  }
  const k = Math.max(0, input.round) + 1;
  const pct = CONCESSION_STEPS_PCT[Math.min(k, CONCESSION_STEPS_PCT.length - 1)] ?? 100;
  const stepRate = ctx.floorRate + Math.floor(((ctx.ceilingRate - ctx.floorRate) * pct + 50) / 100);
  const next = Math.max(stepRate, last);
  if (ask <= next) {
    const within = `${reason} is within our next step ${formatUsd(next)}.`;
    return accept(ctx, { decision: "accept_their_ask", reason: within, concessionStep: pct / 100 });
  }
  const atMaxRounds = input.round >= input.terms.maxRounds;
  if (ask > ctx.ceilingRate) {
    if (!atMaxRounds) return pullLever(ctx, input.leversUsed);
    const above = `${reason} is above our ceiling after ${input.round} rounds.`;
    return escalate(ctx, "max_rounds", { reason: above });
  }
  if (atMaxRounds) {
    const note = {
      decision: "accept_at_max_rounds",
      reason: `${reason} is in band; max rounds reached.`,
    };
    return accept(ctx, note, "max_rounds");
  }
  const note: Note = {
    decision: "concession_step",
    reason: `Countering at ${pct}% of the band: ${formatUsd(next)}.`,
    concessionStep: pct / 100,
    cappedBy: next === ctx.ceilingRate ? ["ceiling"] : [],
  };
  return offerWithin(ctx, next, last + 1, ctx.scope, note);
}

function withTheirTier(ctx: Context, tier: number | null): Scope {
  const tiers = ctx.terms.deliverableTiers;
  if (tier === null || !Number.isInteger(tier) || tier < 1 || tier > tiers.length) return ctx.scope;
  return { ...ctx.scope, tier, deliverables: tiers[tier - 1] ?? ctx.scope.deliverables };
}

/** Accepts at their ask (never more) when every limit allows it; else escalates (`onLimit`). */
function accept(ctx: Context, note: Note, onLimit?: EscalationReason): EngineDecision {
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

/** Above the ceiling: the first unused, applicable lever, in DOMAIN.md §3 order. */
function pullLever(ctx: Context, used: Lever[]): EngineDecision {
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
      const reason = "Their ask stays above our ceiling after our levers; exiting politely.";
      return {
        kind: "walk_away",
        rationale: rationale(ctx, { decision: "walk_away", reason, lever }),
      };
    }
    const plan = leverPlan(ctx, lever);
    if (!plan) continue;
    // Never below our last offer or the creator minimum, even when that is above the ceiling.
    const lowest = Math.max(ctx.last ?? 0, ctx.terms.minCostPerCreatorCents ?? 0);
    const target = plan.amount ?? Math.max(ctx.ceilingRate, lowest);
    const atCeiling = target === ctx.ceilingRate;
    const reason = `Their ask ${formatUsd(ask)} is above our ceiling rate. ${plan.reason}`;
    const note: Note = {
      decision: `lever_${lever}`,
      reason,
      lever,
      cappedBy: atCeiling ? ["ceiling"] : [],
    };
    return offerWithin(ctx, target, plan.amount ?? lowest, plan.scope, note);
  }
  return escalate(ctx, "exceeds_ceiling", {
    reason: "Their ask is above our ceiling and every lever is used.",
  });
}

type LeverPlan = { scope: Scope; reason: string; amount?: Cents };

/** What a counter lever changes, or null when it does not apply. */
function leverPlan(ctx: Context, lever: Lever): LeverPlan | null {
  const { terms, scope, ceilingRate } = ctx;
  const ask = ctx.ask?.cents ?? 0;
  switch (lever) {
    case "creator_minimum": {
      const minimum = terms.minCostPerCreatorCents;
      if (minimum === null || minimum <= ceilingRate) return null;
      const reason = `The creator minimum ${formatUsd(minimum)} is above our ceiling rate.`;
      return { scope, amount: Math.min(ask, minimum), reason };
    }
    case "deliverable_tier": {
      const tier = scope.tier + 1;
      const deliverables = terms.deliverableTiers[tier - 1];
      if (deliverables === undefined) return null;
      return { scope: { ...scope, tier, deliverables }, reason: `Trading down to tier ${tier}.` };
    }
    case "usage_rights": {
      const days = terms.usageRights?.minimumDays;
      const current = scope.usageDays ?? terms.usageRights?.targetDays;
      if (days === undefined || current === undefined || current <= days) return null;
      return { scope: { ...scope, usageDays: days }, reason: `Shortening usage to ${days} days.` };
    }
    case "product": {
      const withinGap = (ask - ceilingRate) * 100 <= PRODUCT_GAP_PCT * ceilingRate;
      if (!terms.product || scope.product || !withinGap) return null;
      return { scope: { ...scope, product: terms.product }, reason: "Adding our product." };
    }
    case "syndication":
      if (!terms.syndication || scope.syndication) return null;
      return { scope: { ...scope, syndication: true }, reason: "Proposing cross-posting." };
    case "share_cpm_target":
      if (ask > SHARE_TARGET_MAX_MULTIPLE * ceilingRate) return null;
      return { scope: { ...scope, shareCpmTarget: true }, reason: "Sharing our CPM target." };
    default:
      return null;
  }
}
