import { describe, expect, it } from "vitest";
import {
  type AskInput,
  type EngineDecision,
  openingOffer,
  respondToAsk,
} from "../../src/domain/offer-engine";
import {
  type CampaignTerms,
  type Creator,
  LEVERS,
  type Lever,
  type Offer,
  type Rationale,
} from "../../src/domain/types";

const TIERS = ["1 Reel + 3 Stories", "1 Reel + 1 Story", "1 Reel"];

function campaign(overrides: Partial<CampaignTerms> = {}): CampaignTerms {
  return {
    cpmTargetCents: 2500,
    leniencyPct: 20,
    minCostPerCreatorCents: null,
    maxCostWithoutApprovalCents: null,
    budgetCents: null,
    deliverableTiers: TIERS,
    usageRights: { targetDays: 90, minimumDays: 30 },
    product: { description: "a skincare bundle", valueCents: 150_00 },
    syndication: true,
    maxRounds: 5,
    autonomy: "review",
    sendWindow: null,
    followUps: { afterBusinessDays: [2, 4] },
    approvalWindowMinutes: 60,
    paymentTerms: "Net 30 after the content goes live",
    ...overrides,
  };
}

function creatorWith(overrides: Partial<Creator> = {}): Creator {
  return {
    name: "Jane Doe",
    email: "jane@example.com",
    platform: "instagram",
    handle: "@jane",
    averageViews: 50_000, // floor rate $1,250, ceiling rate $1,500 at $25–$30 CPM
    engagementRate: null,
    timezone: "America/New_York",
    ...overrides,
  };
}

function offerOf(decision: EngineDecision): Offer {
  if (decision.kind !== "offer" && decision.kind !== "accept") {
    throw new Error(`expected an offer, got ${decision.kind}: ${JSON.stringify(decision)}`);
  }
  return decision.offer;
}

function rationaleOf(decision: EngineDecision): Rationale {
  return decision.kind === "offer" || decision.kind === "accept"
    ? decision.offer.rationale
    : decision.rationale;
}

function opening(terms = campaign(), creator = creatorWith()): Offer {
  return offerOf(openingOffer({ terms, creator, budgetAvailableCents: null }));
}

function ask(amountCents: number, over: Partial<AskInput> = {}): EngineDecision {
  const terms = over.terms ?? campaign();
  const creator = over.creator ?? creatorWith();
  return respondToAsk({
    round: 0,
    theirAsk: { amountCents, tier: null },
    leversUsed: [],
    budgetAvailableCents: null,
    ...over,
    terms,
    creator,
    lastOffer: over.lastOffer ?? opening(terms, creator),
  });
}

/** Plays one constant ask against the engine until it stops countering. */
function play(terms: CampaignTerms, askCents: number): EngineDecision[] {
  const creator = creatorWith();
  let lastOffer = opening(terms, creator);
  const leversUsed: Lever[] = [];
  const decisions: EngineDecision[] = [];
  for (let round = 0; round < 20; round++) {
    const theirAsk = { amountCents: askCents, tier: null };
    const input = {
      terms,
      creator,
      round,
      lastOffer,
      theirAsk,
      leversUsed,
      budgetAvailableCents: null,
    };
    const decision = respondToAsk(input);
    decisions.push(decision);
    if (decision.kind !== "offer") break;
    lastOffer = decision.offer;
    if (decision.offer.rationale.lever) leversUsed.push(decision.offer.rationale.lever);
  }
  return decisions;
}

const LEVER_ORDER: Lever[] = [...LEVERS];

const RATIONALE_KEYS = [
  "decision",
  "reason",
  "band",
  "averageViews",
  "round",
  "theirAskCents",
  "theirImpliedCpmCents",
  "theirAskClass",
  "offerCents",
  "offerCpmCents",
  "concessionStep",
  "lever",
  "cappedBy",
];

describe("openingOffer", () => {
  it("opens at tier 1 at the floor CPM with the target usage", () => {
    const offer = opening();
    expect(offer).toMatchObject({
      amountCents: 1250_00,
      cpmCents: 2500,
      tier: 1,
      deliverables: TIERS[0],
      usageDays: 90,
      product: null,
      syndication: false,
      shareCpmTarget: false,
    });
    expect(offer.rationale).toMatchObject({
      decision: "opening",
      band: { floorCpmCents: 2500, ceilingCpmCents: 3000 },
      averageViews: 50_000,
      round: 0,
      theirAskCents: null,
      offerCents: 1250_00,
      offerCpmCents: 2500,
      concessionStep: 0,
      lever: null,
      cappedBy: [],
    });
    expect(Object.keys(offer.rationale).sort()).toEqual([...RATIONALE_KEYS].sort());
  });

  it("uses the default $20 floor without a CPM target and null usage without rights", () => {
    const offer = opening(campaign({ cpmTargetCents: null, leniencyPct: null, usageRights: null }));
    expect(offer.amountCents).toBe(1000_00);
    expect(offer.usageDays).toBeNull();
  });

  it("raises the opening to the creator minimum", () => {
    const offer = opening(campaign({ minCostPerCreatorCents: 1400_00 }));
    expect(offer.amountCents).toBe(1400_00);
    expect(offer.cpmCents).toBe(2800);
    expect(offer.rationale.cappedBy).toContain("creator_minimum");
    expect(opening(campaign({ minCostPerCreatorCents: 1000_00 })).amountCents).toBe(1250_00);
  });

  it("escalates invalid views instead of throwing", () => {
    for (const averageViews of [0, -1, 1.5, Number.NaN]) {
      const decision = openingOffer({
        terms: campaign(),
        creator: creatorWith({ averageViews }),
        budgetAvailableCents: null,
      });
      expect(decision).toMatchObject({ kind: "escalate", reason: "invalid_creator" });
    }
  });

  it("does not make an opening that breaks the budget", () => {
    const input = { terms: campaign(), creator: creatorWith() };
    expect(openingOffer({ ...input, budgetAvailableCents: 1000_00 })).toMatchObject({
      kind: "escalate",
      reason: "budget_exhausted",
    });
    expect(offerOf(openingOffer({ ...input, budgetAvailableCents: 1250_00 })).amountCents).toBe(
      1250_00,
    );
  });
});

describe("respondToAsk: concession curve", () => {
  it("concedes $1,250 → $1,375 → $1,450, then accepts $1,500 at the ceiling", () => {
    const decisions = play(campaign(), 1500_00);
    expect(decisions.map((d) => [d.kind, offerOf(d).amountCents])).toEqual([
      ["offer", 1375_00],
      ["offer", 1450_00],
      ["accept", 1500_00],
    ]);
    expect(decisions.map((d) => rationaleOf(d).concessionStep)).toEqual([0.5, 0.8, 1]);
    expect(rationaleOf(decisions[0] as EngineDecision)).toMatchObject({
      decision: "concession_step",
      theirAskCents: 1500_00,
      theirImpliedCpmCents: 3000,
      theirAskClass: "within",
      offerCents: 1375_00,
      offerCpmCents: 2750,
    });
  });

  it("accepts at their ask when it is at or below our next step", () => {
    expect(ask(1300_00)).toMatchObject({ kind: "accept", offer: { amountCents: 1300_00 } });
    expect(ask(1375_00)).toMatchObject({ kind: "accept", offer: { amountCents: 1375_00 } });
    expect(
      ask(1449_00, { round: 1, lastOffer: { ...opening(), amountCents: 1375_00 } }),
    ).toMatchObject({
      kind: "accept",
      offer: { amountCents: 1449_00 },
    });
  });

  it("accepts an ask below our offer at their ask, never more", () => {
    const decision = ask(1100_00);
    expect(decision).toMatchObject({ kind: "accept", offer: { amountCents: 1100_00 } });
    expect(rationaleOf(decision)).toMatchObject({
      decision: "accept_their_ask",
      theirAskClass: "below_floor",
    });
  });

  it("accepts a suspiciously low ask but flags it", () => {
    const decision = ask(500_00);
    expect(decision).toMatchObject({
      kind: "accept",
      offer: { amountCents: 500_00, cpmCents: 1000 },
    });
    expect(rationaleOf(decision)).toMatchObject({
      decision: "accept_suspiciously_low",
      theirAskClass: "suspiciously_low",
      cappedBy: ["suspiciously_low"],
    });
  });

  it("takes the smaller scope they priced", () => {
    const offer = offerOf(ask(1300_00, { theirAsk: { amountCents: 1300_00, tier: 3 } }));
    expect(offer).toMatchObject({ tier: 3, deliverables: TIERS[2], amountCents: 1300_00 });
  });

  it("caps a counter at the approval limit, and escalates when that is no concession", () => {
    const terms = campaign({ maxCostWithoutApprovalCents: 1300_00 });
    const capped = offerOf(ask(1450_00, { terms }));
    expect(capped.amountCents).toBe(1300_00);
    expect(capped.rationale.cappedBy).toContain("max_cost_without_approval");
    const stuck = ask(1450_00, { terms, round: 1, lastOffer: capped });
    expect(stuck).toMatchObject({ kind: "escalate", reason: "above_approval_limit" });
  });

  it("escalates an acceptable ask above the approval limit", () => {
    const terms = campaign({ maxCostWithoutApprovalCents: 1300_00 });
    expect(ask(1350_00, { terms })).toMatchObject({
      kind: "escalate",
      reason: "above_approval_limit",
    });
  });
});

describe("respondToAsk: budget", () => {
  it("escalates a counter that would break the budget", () => {
    const decision = ask(1450_00, { budgetAvailableCents: 1300_00 });
    expect(decision).toMatchObject({ kind: "escalate", reason: "budget_exhausted" });
    expect(rationaleOf(decision)).toMatchObject({ offerCents: 1375_00, cappedBy: ["budget"] });
  });

  it("escalates an acceptance that would break the budget", () => {
    expect(ask(1300_00, { budgetAvailableCents: 1299_99 })).toMatchObject({
      kind: "escalate",
      reason: "budget_exhausted",
    });
    expect(ask(1300_00, { budgetAvailableCents: 1300_00 }).kind).toBe("accept");
  });

  it("escalates a lever counter that would break the budget", () => {
    expect(ask(1700_00, { budgetAvailableCents: 1400_00 })).toMatchObject({
      kind: "escalate",
      reason: "budget_exhausted",
    });
  });
});

describe("respondToAsk: max rounds", () => {
  it("accepts an in-band ask within every limit after max rounds", () => {
    // With maxRounds 1, the curve would only reach $1,450 on the 2nd counter: the ask wins instead.
    const terms = campaign({ maxRounds: 1 });
    const lastOffer = { ...opening(), amountCents: 1375_00 };
    const decision = ask(1490_00, { terms, round: 1, lastOffer });
    expect(decision).toMatchObject({ kind: "accept", offer: { amountCents: 1490_00 } });
    expect(rationaleOf(decision).decision).toBe("accept_at_max_rounds");
    expect(ask(1490_00, { terms, round: 0 }).kind).toBe("offer");
  });

  it("escalates max_rounds when the in-band ask breaks a limit", () => {
    const terms = campaign({ maxRounds: 0, maxCostWithoutApprovalCents: 1400_00 });
    expect(ask(1490_00, { terms })).toMatchObject({ kind: "escalate", reason: "max_rounds" });
    expect(
      ask(1490_00, { terms: campaign({ maxRounds: 0 }), budgetAvailableCents: 1400_00 }),
    ).toMatchObject({
      kind: "escalate",
      reason: "max_rounds",
    });
  });

  it("escalates max_rounds for an ask above the ceiling", () => {
    const terms = campaign({ maxRounds: 3 });
    const lastOffer = { ...opening(), amountCents: 1450_00 };
    expect(ask(2000_00, { terms, round: 3, lastOffer })).toMatchObject({
      kind: "escalate",
      reason: "max_rounds",
    });
  });
});

describe("respondToAsk: levers", () => {
  const levers = (decisions: EngineDecision[]) => decisions.map((d) => rationaleOf(d).lever);

  it("pulls each applicable lever once, in order, then walks away", () => {
    const decisions = play(campaign({ maxRounds: 20 }), 1700_00);
    expect(levers(decisions)).toEqual([
      "deliverable_tier",
      "usage_rights",
      "product",
      "syndication",
      "share_cpm_target",
      "walk_away",
    ]);
    const offers = decisions.slice(0, 5).map(offerOf);
    for (const offer of offers) {
      expect(offer.amountCents).toBe(1500_00);
      expect(offer.rationale.cappedBy).toContain("ceiling");
    }
    // Earlier levers' effects carry into later offers; sharing the target is per email.
    expect(offers[0]).toMatchObject({ tier: 2, deliverables: TIERS[1], usageDays: 90 });
    expect(offers[1]).toMatchObject({ tier: 2, usageDays: 30, product: null });
    expect(offers[2]).toMatchObject({ tier: 2, usageDays: 30, product: { valueCents: 150_00 } });
    expect(offers[3]).toMatchObject({
      tier: 2,
      usageDays: 30,
      syndication: true,
      shareCpmTarget: false,
    });
    expect(offers[4]).toMatchObject({
      tier: 2,
      usageDays: 30,
      syndication: true,
      shareCpmTarget: true,
    });
    expect(decisions[5]).toMatchObject({ kind: "walk_away", rationale: { decision: "walk_away" } });
  });

  it("escalates exceeds_ceiling when every lever, walk-away included, is used", () => {
    const decision = ask(1700_00, { leversUsed: [...LEVER_ORDER] });
    expect(decision).toMatchObject({ kind: "escalate", reason: "exceeds_ceiling" });
  });

  it("skips levers that are already used", () => {
    const decision = ask(1700_00, { leversUsed: ["deliverable_tier", "product"] });
    expect(rationaleOf(decision).lever).toBe("usage_rights");
  });

  it("skips levers that do not apply", () => {
    const bare = campaign({
      maxRounds: 20,
      deliverableTiers: ["1 Reel"],
      usageRights: null,
      product: null,
      syndication: false,
    });
    expect(levers(play(bare, 1700_00))).toEqual(["share_cpm_target", "walk_away"]);
    // Product only within 20% of the ceiling rate ($1,800); sharing the target only up to 3× ($4,500).
    const wide = campaign({ maxRounds: 20, deliverableTiers: ["1 Reel"], usageRights: null });
    expect(levers(play(wide, 1800_00))).toEqual([
      "product",
      "syndication",
      "share_cpm_target",
      "walk_away",
    ]);
    expect(levers(play(wide, 1800_01))).toEqual(["syndication", "share_cpm_target", "walk_away"]);
    expect(levers(play(wide, 4500_01))).toEqual(["syndication", "walk_away"]);
  });

  it("moves down from the tier they priced, not just ours", () => {
    const decision = ask(1700_00, { theirAsk: { amountCents: 1700_00, tier: 2 } });
    expect(offerOf(decision)).toMatchObject({ tier: 3, deliverables: TIERS[2] });
  });

  it("offers the creator minimum when it exceeds the ceiling rate, then escalates above approval", () => {
    const terms = campaign({
      minCostPerCreatorCents: 2000_00,
      maxCostWithoutApprovalCents: 2200_00,
    });
    const first = ask(2500_00, { terms });
    expect(offerOf(first)).toMatchObject({
      amountCents: 2000_00,
      rationale: { lever: "creator_minimum" },
    });
    const second = ask(2500_00, { terms, round: 1, leversUsed: ["creator_minimum"] });
    expect(second).toMatchObject({ kind: "escalate", reason: "above_approval_limit" });
    expect(rationaleOf(second).lever).toBe("approval_limit");
    // Below the approval limit the next lever applies, still never under the minimum.
    const third = ask(2100_00, { terms, round: 1, leversUsed: ["creator_minimum"] });
    expect(offerOf(third)).toMatchObject({ amountCents: 2000_00, tier: 2 });
  });

  it("accepts their ask when the creator minimum lever reaches it", () => {
    const terms = campaign({ minCostPerCreatorCents: 2000_00 });
    const lastOffer = { ...opening(), amountCents: 1500_00 }; // made before the minimum was raised
    const decision = ask(1800_00, { terms, lastOffer });
    expect(decision).toMatchObject({ kind: "accept", offer: { amountCents: 1800_00 } });
    expect(rationaleOf(decision).lever).toBe("creator_minimum");
  });

  it("never lets the approval limit be crossed by a lever counter", () => {
    const terms = campaign({ maxCostWithoutApprovalCents: 1400_00 });
    expect(ask(1700_00, { terms })).toMatchObject({
      kind: "escalate",
      reason: "above_approval_limit",
    });
    const capped = offerOf(ask(1700_00, { terms, leversUsed: ["approval_limit"] }));
    expect(capped.amountCents).toBe(1400_00);
    expect(capped.rationale.cappedBy).toContain("max_cost_without_approval");
  });
});

describe("respondToAsk: invariants", () => {
  it("never pays above their ask, the ceiling, the approval limit or the budget", () => {
    const limits = [
      { maxCostWithoutApprovalCents: null, budget: null },
      { maxCostWithoutApprovalCents: 1400_00, budget: null },
      { maxCostWithoutApprovalCents: null, budget: 1420_00 },
      { maxCostWithoutApprovalCents: 1480_00, budget: 1460_00 },
    ];
    let checked = 0;
    for (const { maxCostWithoutApprovalCents, budget } of limits) {
      const terms = campaign({ maxCostWithoutApprovalCents, maxRounds: 4 });
      const base = opening(terms);
      for (let askCents = 300_00; askCents <= 5000_00; askCents += 37_13) {
        for (let round = 0; round <= 5; round++) {
          for (const leversUsed of [[], LEVER_ORDER.slice(0, 3), LEVER_ORDER.slice(0, 7)]) {
            const lastOffer = { ...base, amountCents: Math.min(1250_00 + round * 50_00, 1500_00) };
            const decision = ask(askCents, {
              terms,
              round,
              lastOffer,
              leversUsed,
              budgetAvailableCents: budget,
            });
            const rationale = rationaleOf(decision);
            expect(Object.keys(rationale).sort()).toEqual([...RATIONALE_KEYS].sort());
            expect(rationale.theirAskCents).toBe(askCents);
            checked++;
            if (decision.kind !== "offer" && decision.kind !== "accept") continue;
            const amount = decision.offer.amountCents;
            expect(amount).toBeLessThanOrEqual(askCents);
            expect(amount).toBeLessThanOrEqual(1500_00);
            if (maxCostWithoutApprovalCents !== null)
              expect(amount).toBeLessThanOrEqual(maxCostWithoutApprovalCents);
            if (budget !== null) expect(amount).toBeLessThanOrEqual(budget);
            if (decision.kind === "accept") expect(amount).toBe(askCents);
            else expect(amount).toBeGreaterThanOrEqual(lastOffer.amountCents);
            expect(decision.offer.cpmCents).toBe(rationale.offerCpmCents);
            expect(rationale.offerCents).toBe(amount);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("escalates invalid views and invalid asks instead of throwing", () => {
    const lastOffer = opening();
    expect(ask(1300_00, { creator: creatorWith({ averageViews: 0 }), lastOffer })).toMatchObject({
      kind: "escalate",
      reason: "invalid_creator",
    });
    for (const bad of [0, -100, 12.5, Number.NaN]) {
      expect(ask(bad)).toMatchObject({ kind: "escalate", reason: "validation_failed" });
    }
  });
});
