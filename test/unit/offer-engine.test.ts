import { describe, expect, it } from "vitest";
import { DEFAULT_AUTO_SEND } from "../../src/domain/autonomy";
import { writtenAmount } from "../../src/domain/concession";
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
import { CampaignTermsCodec } from "../../src/negotiation/terms-codec";

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
    tierShares: [100, 70, 50],
    autoSend: { ...DEFAULT_AUTO_SEND, purposes: [...DEFAULT_AUTO_SEND.purposes] },
    brief: null,
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
    previousAsk: null,
    leversUsed: [],
    final: false,
    budgetAvailableCents: null,
    ...over,
    terms,
    creator,
    lastOffer: over.lastOffer ?? opening(terms, creator),
  });
}

/**
 * Plays a creator against the engine until it stops countering: `asks(i)` is their i-th ask
 * (for the scope of the offer on the table), their previous ask is passed on for reciprocity.
 */
function play(terms: CampaignTerms, asks: number | ((i: number) => number)): EngineDecision[] {
  const askAt = typeof asks === "number" ? () => asks : asks;
  const creator = creatorWith();
  let lastOffer = opening(terms, creator);
  const leversUsed: Lever[] = [];
  const decisions: EngineDecision[] = [];
  let previousAsk: AskInput["previousAsk"] = null;
  for (let round = 0; round < 20; round++) {
    const theirAsk = { amountCents: askAt(round), tier: lastOffer.tier };
    const input = {
      terms,
      creator,
      round,
      lastOffer,
      theirAsk,
      previousAsk,
      leversUsed,
      final: false,
      budgetAvailableCents: null,
    };
    const decision = respondToAsk(input);
    decisions.push(decision);
    previousAsk = theirAsk;
    if (decision.kind !== "offer") break;
    lastOffer = decision.offer;
    if (decision.offer.rationale.lever) leversUsed.push(decision.offer.rationale.lever);
  }
  return decisions;
}

/** Our offer at a curve position (as the engine records it) for an amount and tier. */
function offerAt(amountCents: number, concessionStep: number, tier = 1): Offer {
  const base = opening();
  return {
    ...base,
    amountCents,
    tier,
    deliverables: TIERS[tier - 1] ?? "",
    rationale: { ...base.rationale, concessionStep },
  };
}

const amounts = (decisions: EngineDecision[]) => decisions.map((d) => offerOf(d).amountCents);

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

describe("openingOffer: amounts people write", () => {
  it("rounds the floor rate down: to $5 under $1,000, to $25 from $1,000", () => {
    // views → floor rate at $25 CPM → opening
    const cases: [number, number][] = [
      [37_123, 925_00], // $928.08
      [39_960, 995_00], // $999.00: the $5 grid just under $1,000
      [40_000, 1000_00], // $1,000.00 exactly
      [40_999, 1000_00], // $1,024.98
      [41_000, 1025_00], // $1,025.00
    ];
    for (const [averageViews, expected] of cases) {
      const offer = opening(campaign(), creatorWith({ averageViews }));
      expect([averageViews, offer.amountCents]).toEqual([averageViews, expected]);
      expect(offer.packageValueCents).toBe(expected);
    }
    expect(opening(campaign(), creatorWith({ averageViews: 37_123 })).rationale.reason).toContain(
      "rounded down from $928.08",
    );
  });

  it("the creator minimum wins over rounding: never less than the minimum", () => {
    // Floor rate $1,243.00 rounds to $1,225, under a $1,240 minimum.
    const offer = opening(
      campaign({ minCostPerCreatorCents: 1240_00 }),
      creatorWith({ averageViews: 49_720 }),
    );
    expect(offer.amountCents).toBe(1240_00);
    expect(offer.rationale.cappedBy).toEqual(["creator_minimum"]);
  });
});

describe("respondToAsk: the concession curve, whatever the ask", () => {
  it("every first counter is the 50% step, never the ceiling, however high they ask", () => {
    for (let askCents = 1376_00; askCents <= 20_000_00; askCents += 211_17) {
      const decision = ask(askCents);
      const offer = offerOf(decision);
      expect(decision.kind).toBe("offer");
      expect(offer.rationale.concessionStep).toBe(0.5);
      // Tier 1 in band, tier 2 (70%) when a lever trades the scope down: both the 50% step.
      expect(offer.amountCents).toBe(offer.tier === 1 ? 1375_00 : 960_00);
      expect(offer.amountCents).toBeLessThan(1500_00);
    }
  });

  it("a creator who keeps coming down is met halfway, in smaller and smaller steps, then agreed at their ask", () => {
    // They ask $1,500, $1,499, $1,498, $1,497: we answer $1,375 (the first step), $1,425 (halfway
    // to $1,499, $1,437, rounded down), $1,450 (the 80% step, short of halfway), then their $1,497
    // is within our last step ($1,500) and halfway no longer rounds above our offer: accepted.
    const decisions = play(campaign(), (i) => 1500_00 - i * 1_00);
    expect(decisions.map((d) => d.kind)).toEqual(["offer", "offer", "offer", "accept"]);
    expect(amounts(decisions)).toEqual([1375_00, 1425_00, 1450_00, 1497_00]);
    expect(decisions.map((d) => rationaleOf(d).concessionStep)).toEqual([0.5, 0.748, 0.8, 1]);
    expect(rationaleOf(decisions[1] as EngineDecision).reason).toContain("halfway to their ask");
    expect(rationaleOf(decisions[0] as EngineDecision)).toMatchObject({
      decision: "concession_step",
      theirAskCents: 1500_00,
      theirImpliedCpmCents: 3000,
      theirAskClass: "within",
      offerCents: 1375_00,
      offerCpmCents: 2750,
    });
    expect(rationaleOf(decisions[0] as EngineDecision).reason).toContain(
      "first step of our curve, 50%",
    );
    expect(rationaleOf(decisions[1] as EngineDecision).reason).toContain(
      "came down from $1,500 to $1,499",
    );
  });

  it("accepts at their ask when it is at or below our next step", () => {
    expect(ask(1300_00)).toMatchObject({ kind: "accept", offer: { amountCents: 1300_00 } });
    expect(ask(1375_00)).toMatchObject({ kind: "accept", offer: { amountCents: 1375_00 } });
    const previousAsk = { amountCents: 1460_00, tier: 1 };
    const lastOffer = offerAt(1375_00, 0.5);
    // Within our next step ($1,450), but halfway to it is a move: we meet them halfway.
    expect(ask(1449_00, { round: 1, lastOffer, previousAsk })).toMatchObject({
      kind: "offer",
      offer: { amountCents: 1400_00 },
    });
    // Halfway to $1,395 rounds back to our $1,375: the gap is closed at their ask.
    expect(ask(1395_00, { round: 1, lastOffer, previousAsk })).toMatchObject({
      kind: "accept",
      offer: { amountCents: 1395_00 },
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

  it("takes the smaller scope they priced, at that scope's price", () => {
    // Tier 3 costs 50%: our 50% step for it is $687.50, so their $680 for it is accepted.
    const offer = offerOf(ask(680_00, { theirAsk: { amountCents: 680_00, tier: 3 } }));
    expect(offer).toMatchObject({ tier: 3, deliverables: TIERS[2], amountCents: 680_00 });
    // $1,300 for tier 3 is far above its $750 ceiling: no acceptance, a lever counter instead.
    const high = ask(1300_00, { theirAsk: { amountCents: 1300_00, tier: 3 } });
    expect(high.kind).toBe("offer");
    expect(offerOf(high).amountCents).toBeLessThanOrEqual(750_00);
  });

  it("caps a counter at the approval limit, and escalates when that is no concession", () => {
    const terms = campaign({ maxCostWithoutApprovalCents: 1300_00 });
    const capped = offerOf(ask(1450_00, { terms }));
    expect(capped.amountCents).toBe(1300_00);
    expect(capped.rationale.cappedBy).toContain("max_cost_without_approval");
    const previousAsk = { amountCents: 1460_00, tier: 1 };
    const stuck = ask(1450_00, { terms, round: 1, lastOffer: capped, previousAsk });
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

describe("respondToAsk: reciprocity", () => {
  const lastOffer = offerAt(1375_00, 0.5);

  it("the same ask twice: a quarter step at most", () => {
    const previousAsk = { amountCents: 1480_00, tier: 1 };
    const decision = ask(1480_00, { round: 1, lastOffer, previousAsk });
    const offer = offerOf(decision);
    // A full step would reach 80% ($1,450); a quarter of it is 57.5% ($1,393.75), which rounds
    // down to the $1,375 already on the table.
    expect(offer.rationale.concessionStep).toBe(0.575);
    expect(offer.amountCents).toBe(1375_00);
    expect(offer.rationale.reason).toContain("They repeated $1,480: a quarter step only");
    // In a wider band the quarter step shows: $1,875 → $1,950, where a full step is $2,250.
    const wide = campaign({ leniencyPct: 100 });
    const wideLast = offerAt(1875_00, 0.5);
    const moved = offerOf(
      ask(2400_00, {
        terms: wide,
        round: 1,
        lastOffer: wideLast,
        previousAsk: { amountCents: 2400_00, tier: 1 },
      }),
    );
    expect(moved.amountCents).toBe(1950_00);
    expect(moved.amountCents - 1875_00).toBeLessThanOrEqual((2250_00 - 1875_00) / 4);
  });

  it("the same ask near ours: the quarter step, not capped at halfway (they did not move)", () => {
    // Band $542.22–$677.78 ($16 CPM, 25%, 33,889 views). We stand at $610 (50%) against their
    // repeated $625: halfway ($617.50) would be $615; the quarter step, 57.5%, is $620.17 → $620.
    const terms = campaign({ cpmTargetCents: 1600, leniencyPct: 25 });
    const creator = creatorWith({ averageViews: 33_889 });
    const previousAsk = { amountCents: 625_00, tier: 1 };
    const last = { ...opening(terms, creator), amountCents: 610_00 };
    const held = { ...last, rationale: { ...last.rationale, concessionStep: 0.5 } };
    const offer = offerOf(ask(625_00, { terms, creator, round: 1, lastOffer: held, previousAsk }));
    expect(offer).toMatchObject({ amountCents: 620_00, rationale: { concessionStep: 0.575 } });
    expect(offer.rationale.reason).toContain("They repeated $625: a quarter step only");
  });

  it("a higher ask than before: we hold", () => {
    const previousAsk = { amountCents: 1450_00, tier: 1 };
    const offer = offerOf(ask(1480_00, { round: 1, lastOffer, previousAsk }));
    expect(offer).toMatchObject({
      amountCents: 1375_00,
      rationale: { decision: "hold", concessionStep: 0.5 },
    });
    expect(offer.rationale.reason).toContain("raised their ask from $1,450 to $1,480");
  });

  it("a lower ask: the next step, never past halfway to their ask", () => {
    const previousAsk = { amountCents: 1490_00, tier: 1 };
    // The 80% step is $1,450; halfway from $1,375 to $1,480 is $1,427.50 → $1,425 written.
    const offer = offerOf(ask(1480_00, { round: 1, lastOffer, previousAsk }));
    expect(offer).toMatchObject({ amountCents: 1425_00, rationale: { concessionStep: 0.71 } });
  });

  it("a held ask inside the band that they call final is accepted; above the band it is not", () => {
    const previousAsk = { amountCents: 1480_00, tier: 1 };
    const final = ask(1480_00, { round: 1, lastOffer, previousAsk, final: true });
    expect(final).toMatchObject({ kind: "accept", offer: { amountCents: 1480_00 } });
    expect(rationaleOf(final).decision).toBe("accept_final_ask");
    // Their first ask, even called final, gets a counter; so does a final ask above the ceiling.
    expect(ask(1480_00, { final: true })).toMatchObject({ kind: "offer" });
    const above = { amountCents: 1600_00, tier: 1 };
    expect(ask(1600_00, { round: 1, lastOffer, previousAsk: above, final: true }).kind).not.toBe(
      "accept",
    );
    // A final ask beyond the approval limit still goes to a person.
    const terms = campaign({ maxCostWithoutApprovalCents: 1400_00 });
    expect(ask(1480_00, { terms, round: 1, lastOffer, previousAsk, final: true })).toMatchObject({
      kind: "escalate",
      reason: "above_approval_limit",
    });
  });

  it("a constant ask above the ceiling: levers are traded, money creeps by quarter steps", () => {
    const decisions = play(campaign({ maxRounds: 20 }), 1700_00);
    expect(decisions.map((d) => rationaleOf(d).lever)).toEqual([
      "deliverable_tier",
      "usage_rights",
      "product",
      "syndication",
      "share_cpm_target",
      "walk_away",
    ]);
    // First ask: the 50% step; their ask for the smaller scope (a lever accepted): 80%; then the
    // same ask again and again: a quarter of what is left each time.
    expect(decisions.slice(0, 5).map((d) => rationaleOf(d).concessionStep)).toEqual([
      0.5, 0.8, 0.85, 0.8875, 0.9156,
    ]);
    const offers = decisions.slice(0, 5).map(offerOf);
    // Tier 2 costs 70%: $962.50 → $960, $1,015 → $1,000, $1,023.75 → $1,000, $1,030.31 → $1,025 …
    expect(offers.map((o) => o.amountCents)).toEqual([960_00, 1000_00, 1000_00, 1025_00, 1025_00]);
    for (const offer of offers) expect(offer.amountCents).toBeLessThan(1050_00); // tier 2 ceiling
    expect(offers[0]).toMatchObject({ tier: 2, deliverables: TIERS[1], usageDays: 90 });
    expect(offers[1]).toMatchObject({ tier: 2, usageDays: 30, product: null });
    expect(offers[2]).toMatchObject({ tier: 2, usageDays: 30, product: { valueCents: 150_00 } });
    expect(offers[2]?.packageValueCents).toBe(1150_00);
    expect(offers[3]).toMatchObject({ syndication: true, shareCpmTarget: false });
    expect(offers[4]).toMatchObject({ syndication: true, shareCpmTarget: true });
    expect(decisions[5]).toMatchObject({ kind: "walk_away", rationale: { decision: "walk_away" } });
  });
});

describe("respondToAsk: walking away", () => {
  const bare = campaign({
    maxRounds: 20,
    deliverableTiers: ["1 Reel"],
    usageRights: null,
    product: null,
    syndication: false,
  });

  it("never from a creator who is still coming down: the curve goes on, then we hold", () => {
    // Only sharing the target applies; after it, they keep moving: 80%, 100%, then we hold.
    // They ask $2,000, $1,900, … $1,500: the target is shared (the one lever that applies), then
    // the curve goes on while they move, holds at the ceiling, and meets them at $1,500.
    const decisions = play(bare, (i) => 2000_00 - i * 100_00);
    expect(
      decisions.map((d) => [d.kind, rationaleOf(d).decision, rationaleOf(d).offerCents]),
    ).toEqual([
      ["offer", "lever_share_cpm_target", 1375_00],
      ["offer", "concession_step", 1450_00],
      ["offer", "concession_step", 1500_00],
      ["offer", "hold", 1500_00],
      ["offer", "hold", 1500_00],
      ["accept", "accept_their_ask", 1500_00],
    ]);
    expect(decisions.slice(0, 3).map((d) => rationaleOf(d).concessionStep)).toEqual([0.5, 0.8, 1]);
    const hold = rationaleOf(decisions[3] as EngineDecision);
    expect(hold).toMatchObject({ decision: "hold", concessionStep: 1, offerCents: 1500_00 });
    expect(hold.reason).toContain("still coming down");
    expect(hold.reason).toContain("our curve ends at 100% of the band");
  });

  it("once they stop moving with every lever used: a polite exit", () => {
    const previousAsk = { amountCents: 1800_00, tier: 1 };
    const lastOffer = offerAt(1450_00, 0.8);
    const leversUsed: Lever[] = ["share_cpm_target"];
    const stuck = ask(1800_00, { terms: bare, round: 2, lastOffer, previousAsk, leversUsed });
    expect(stuck).toMatchObject({ kind: "walk_away", rationale: { lever: "walk_away" } });
    const moving = ask(1750_00, { terms: bare, round: 2, lastOffer, previousAsk, leversUsed });
    expect(offerOf(moving)).toMatchObject({ amountCents: 1500_00, rationale: { lever: null } });
  });
});

describe("respondToAsk: smaller tiers are priced by the tier shares", () => {
  it("a downgrade costs the tier's share of our next step for the full package", () => {
    const offer = offerOf(ask(2000_00));
    expect(offer).toMatchObject({
      tier: 2,
      amountCents: 960_00,
      rationale: { lever: "deliverable_tier" },
    });
    expect(offer.rationale.reason).toContain("tier 2 (1 Reel + 1 Story, 70% of the full package)");
    expect(offer.rationale.reason).toContain("rounded down from $962.50");
    const shares = campaign({ tierShares: [100, 80, 45] });
    expect(offerOf(ask(2000_00, { terms: shares }))).toMatchObject({
      tier: 2,
      amountCents: 1100_00,
    });
  });

  it("a smaller scope never costs more than our offer for the richer one", () => {
    // 100% leniency: the 50% step is $1,875; 70% of it ($1,312.50) would top our $1,250 opening.
    const wide = campaign({ leniencyPct: 100 });
    const offer = offerOf(ask(5000_00, { terms: wide }));
    expect(offer).toMatchObject({ tier: 2, amountCents: 1250_00 });
    expect(offer.rationale.cappedBy).toEqual(["richer_scope"]);
    expect(offer.rationale.reason).toContain("capped at our $1,250 offer for the richer scope");
  });

  it("…not later either: the smaller scope stays under our offer for the richer one", () => {
    // 50% leniency, tier 2 at 90%: its 80% step ($1,575) would top the $1,250 we offered for
    // tier 1 when we traded down; every later tier-2 offer is capped there.
    const terms = campaign({ leniencyPct: 50, tierShares: [100, 90, 50], maxRounds: 20 });
    const decisions = play(terms, (i) => (i === 0 ? 5000_00 : 1600_00 - i * 10_00));
    const offers = decisions.filter((d) => d.kind === "offer").map(offerOf);
    expect(offers[0]).toMatchObject({ tier: 2, amountCents: 1250_00, richerOfferCents: 1250_00 });
    for (const offer of offers) expect(offer.amountCents).toBeLessThanOrEqual(1250_00);
    expect(offers[1]?.rationale.cappedBy).toContain("richer_scope");
    expect(offers[1]?.rationale.reason).toContain("capped at our offer for the richer scope");
    const agreed = decisions.filter((d) => d.kind === "accept").map(offerOf);
    for (const offer of agreed) expect(offer.amountCents).toBeLessThanOrEqual(1250_00);
  });

  it("terms saved before tier shares existed use 100/70/50", () => {
    const { tierShares: _, ...older } = campaign({ tierShares: [100, 90, 80] });
    const terms = CampaignTermsCodec.parse(older);
    expect(terms.tierShares).toEqual([100, 70, 50]);
    expect(offerOf(ask(2000_00, { terms })).amountCents).toBe(960_00);
  });

  it("moves down from the tier they priced, not just ours", () => {
    const decision = ask(1700_00, { theirAsk: { amountCents: 1700_00, tier: 2 } });
    expect(offerOf(decision)).toMatchObject({
      tier: 3,
      deliverables: TIERS[2],
      amountCents: 685_00,
    });
  });
});

describe("respondToAsk: the product perk", () => {
  const single = (over: Partial<CampaignTerms> = {}) =>
    campaign({ maxRounds: 20, deliverableTiers: ["1 Reel"], usageRights: null, ...over });

  it("is offered only when its value fits the gap between our offer and their ask", () => {
    // Our 50% step is $1,375: a $150 product fits under an ask of $1,600 ($225 gap) …
    const fits = offerOf(ask(1600_00, { terms: single() }));
    expect(fits).toMatchObject({
      amountCents: 1375_00,
      product: { valueCents: 150_00 },
      packageValueCents: 1525_00,
    });
    expect(fits.rationale.reason).toContain("within the $225 gap to their ask");
    // … not under an ask of $1,510 ($135 gap): the next lever instead.
    const skipped = offerOf(ask(1510_00, { terms: single() }));
    expect(skipped).toMatchObject({
      product: null,
      syndication: true,
      rationale: { lever: "syndication" },
    });
  });

  it("a $599 product never rides on a $251 fee", () => {
    const terms = single({
      cpmTargetCents: 2000,
      leniencyPct: 50,
      product: { description: "headphones", valueCents: 599_00 },
    });
    const creator = creatorWith({ averageViews: 12_550 }); // floor $251, ceiling $376.50
    const decisions: EngineDecision[] = [];
    let lastOffer = opening(terms, creator);
    expect(lastOffer.amountCents).toBe(250_00);
    const leversUsed: Lever[] = [];
    for (let round = 0; round < 6; round++) {
      const decision = ask(500_00, {
        terms,
        creator,
        round,
        lastOffer,
        leversUsed,
        previousAsk: round ? { amountCents: 500_00, tier: 1 } : null,
      });
      decisions.push(decision);
      if (decision.kind !== "offer") break;
      lastOffer = decision.offer;
      if (decision.offer.rationale.lever) leversUsed.push(decision.offer.rationale.lever);
    }
    expect(
      decisions.filter((d) => d.kind === "offer").map((d) => offerOf(d).product),
    ).not.toContainEqual(expect.objectContaining({ valueCents: 599_00 }));
    expect(decisions.map((d) => rationaleOf(d).lever)).toEqual([
      "syndication",
      "share_cpm_target",
      "walk_away",
    ]);
  });
});

describe("respondToAsk: amounts people write", () => {
  it("counters round down, and an ask between the rounded offer and the step is accepted", () => {
    const creator = creatorWith({ averageViews: 37_123 }); // floor $928.08, ceiling $1,113.69
    const lastOffer = opening(campaign(), creator);
    // The 50% step is $1,020.89: offered as $1,000; $1,010 is within the step: accepted.
    expect(offerOf(ask(1030_00, { creator, lastOffer }))).toMatchObject({ amountCents: 1000_00 });
    expect(ask(1010_00, { creator, lastOffer })).toMatchObject({
      kind: "accept",
      offer: { amountCents: 1010_00 },
    });
  });

  it("a cap wins over rounding: never above the approval limit", () => {
    const terms = campaign({ maxCostWithoutApprovalCents: 1360_00 });
    const offer = offerOf(ask(1450_00, { terms }));
    expect(offer.amountCents).toBe(1350_00);
    expect(offer.rationale.cappedBy).toEqual(["max_cost_without_approval"]);
    expect(offer.rationale.reason).toContain(
      "capped at the $1,360 approval limit, rounded down from $1,360",
    );
  });

  it("rounds to $5 under $1,000 and to $25 from $1,000; tiny amounts stay", () => {
    expect(writtenAmount(999_99)).toBe(995_00);
    expect(writtenAmount(999_00)).toBe(995_00);
    expect(writtenAmount(1000_00)).toBe(1000_00);
    expect(writtenAmount(1024_99)).toBe(1000_00);
    expect(writtenAmount(1025_00)).toBe(1025_00);
    expect(writtenAmount(5_01)).toBe(5_00);
    expect(writtenAmount(4_99)).toBe(4_99);
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
    // The tier lever's counter is $960 (70% of the $1,375 step).
    expect(ask(1700_00, { budgetAvailableCents: 900_00 })).toMatchObject({
      kind: "escalate",
      reason: "budget_exhausted",
    });
    expect(offerOf(ask(1700_00, { budgetAvailableCents: 960_00 })).amountCents).toBe(960_00);
  });
});

describe("respondToAsk: max rounds", () => {
  it("accepts an in-band ask within every limit after max rounds", () => {
    // With maxRounds 1, the curve would only reach $1,450 on the 2nd counter: the ask wins instead.
    const terms = campaign({ maxRounds: 1 });
    const lastOffer = offerAt(1375_00, 0.5);
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
    const lastOffer = offerAt(1450_00, 0.8);
    expect(ask(2000_00, { terms, round: 3, lastOffer })).toMatchObject({
      kind: "escalate",
      reason: "max_rounds",
    });
  });
});

describe("respondToAsk: levers", () => {
  const levers = (decisions: EngineDecision[]) => decisions.map((d) => rationaleOf(d).lever);

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
    // The $150 product only while it fits under their ask; sharing the target only up to 3× the
    // ceiling ($4,500).
    const wide = campaign({ maxRounds: 20, deliverableTiers: ["1 Reel"], usageRights: null });
    expect(levers(play(wide, 1800_00))).toEqual([
      "product",
      "syndication",
      "share_cpm_target",
      "walk_away",
    ]);
    expect(levers(play(wide, 1510_00))).toEqual(["syndication", "share_cpm_target", "walk_away"]);
    expect(levers(play(wide, 4500_01))).toEqual(["product", "syndication", "walk_away"]);
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
    expect(offerOf(third).rationale.cappedBy).toContain("creator_minimum");
  });

  it("accepts their ask when the creator minimum lever reaches it", () => {
    const terms = campaign({ minCostPerCreatorCents: 2000_00 });
    const lastOffer = offerAt(1500_00, 1); // made before the minimum was raised
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
    // The next lever's counter is our next step for its scope, well under the limit.
    const lever = offerOf(ask(1700_00, { terms, leversUsed: ["approval_limit"] }));
    expect(lever).toMatchObject({ amountCents: 960_00, tier: 2 });
    expect(lever.amountCents).toBeLessThanOrEqual(1400_00);
  });
});

describe("respondToAsk: invariants", () => {
  it("never pays above their ask, the ceiling, the approval limit or the budget; offers people's amounts", () => {
    const limits = [
      { maxCostWithoutApprovalCents: null, budget: null },
      { maxCostWithoutApprovalCents: 1400_00, budget: null },
      { maxCostWithoutApprovalCents: null, budget: 1420_00 },
      { maxCostWithoutApprovalCents: 1480_00, budget: 1460_00 },
    ];
    let checked = 0;
    for (const { maxCostWithoutApprovalCents, budget } of limits) {
      const terms = campaign({ maxCostWithoutApprovalCents, maxRounds: 4 });
      for (let askCents = 300_00; askCents <= 5000_00; askCents += 37_13) {
        for (let round = 0; round <= 5; round++) {
          for (const leversUsed of [[], LEVER_ORDER.slice(0, 3), LEVER_ORDER.slice(0, 7)]) {
            for (const previous of [null, askCents, askCents + 50_00, askCents - 10_00]) {
              const step = Math.min(round, 3);
              const lastOffer = offerAt(
                [1250_00, 1375_00, 1450_00, 1500_00][step] ?? 1500_00,
                [0, 0.5, 0.8, 1][step] ?? 1,
              );
              const previousAsk = previous === null ? null : { amountCents: previous, tier: 1 };
              const decision = ask(askCents, {
                terms,
                round,
                lastOffer,
                leversUsed,
                previousAsk,
                budgetAvailableCents: budget,
              });
              const rationale = rationaleOf(decision);
              expect(Object.keys(rationale).sort()).toEqual([...RATIONALE_KEYS].sort());
              expect(rationale.theirAskCents).toBe(askCents);
              expect(rationale.reason.length).toBeGreaterThan(10);
              checked++;
              if (decision.kind !== "offer" && decision.kind !== "accept") continue;
              const { amountCents: amount, tier } = decision.offer;
              expect(amount).toBeLessThanOrEqual(askCents);
              expect(amount).toBeLessThanOrEqual(1500_00);
              if (maxCostWithoutApprovalCents !== null)
                expect(amount).toBeLessThanOrEqual(maxCostWithoutApprovalCents);
              if (budget !== null) expect(amount).toBeLessThanOrEqual(budget);
              expect(decision.offer.cpmCents).toBe(rationale.offerCpmCents);
              expect(rationale.offerCents).toBe(amount);
              expect(decision.offer.packageValueCents).toBe(
                amount + (decision.offer.product?.valueCents ?? 0),
              );
              if (decision.kind === "accept") {
                expect(amount).toBe(askCents);
                continue;
              }
              // Never back below our own offer for the same scope; a smaller scope never costs more.
              if (tier === lastOffer.tier)
                expect(amount).toBeGreaterThanOrEqual(lastOffer.amountCents);
              else expect(amount).toBeLessThanOrEqual(lastOffer.amountCents);
              if (decision.offer.rationale.lever !== "creator_minimum")
                expect(amount === lastOffer.amountCents || amount === writtenAmount(amount)).toBe(
                  true,
                );
              // A product only when it fits under their ask.
              if (decision.offer.product && decision.offer.rationale.lever === "product")
                expect(amount + decision.offer.product.valueCents).toBeLessThanOrEqual(askCents);
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(4000);
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
