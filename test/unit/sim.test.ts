import { describe, expect, it } from "vitest";
import type { ConversationRecord, SentMessage, TimelineEvent } from "../../sim/conversation";
import { offerInEmail } from "../../sim/email-offer";
import { gate, isWrittenAmount, metricsOf, outcomeOf, THRESHOLDS } from "../../sim/metrics";
import {
  feeNeeded,
  initialState,
  minimumFor,
  respond,
  type SeenOffer,
  writtenAsk,
} from "../../sim/persona";
import { CAMPAIGNS, population, type SimCreator } from "../../sim/population";

const glow =
  CAMPAIGNS[0] ??
  (() => {
    throw new Error("no campaign");
  })();

/** A creator of the Glow campaign at 50,000 views (band $1,250–$1,500) with a $1,400 minimum. */
function creator(over: Partial<SimCreator> = {}): SimCreator {
  return {
    index: 0,
    campaign: glow,
    name: "Maya Chen",
    email: "maya.chen0@gmail.com",
    creatorEmail: "maya.chen0@gmail.com",
    platform: "instagram",
    averageViews: 50_000,
    strategy: "quick_yes",
    manager: null,
    questionFirst: null,
    outOfOffice: false,
    minimumCents: 1400_00,
    band: "inside",
    tierValue: [1, 0.7, 0.5],
    usageDiscount: 0.1,
    productWorth: 0.5,
    anchorMultiple: 1.5,
    concession: 0.5,
    patience: 3,
    voice: 0,
    pushesBackFirst: false,
    ...over,
  };
}

const offer = (amountCents: number, over: Partial<SeenOffer> = {}): SeenOffer => ({
  amountCents,
  tier: 1,
  usageDays: 90,
  product: false,
  syndication: false,
  ...over,
});
const NOW = new Date("2026-03-02T15:00:00Z");

describe("population", () => {
  it("is the same for a seed, creator by creator, whatever N", () => {
    const small = population(10, 7);
    const large = population(50, 7);
    expect(JSON.stringify(large.slice(0, 10))).toBe(JSON.stringify(small));
    expect(JSON.stringify(population(10, 8))).not.toBe(JSON.stringify(small));
  });

  it("gives another seed another population, not a reshuffle of the same creators", () => {
    const key = (c: { averageViews: number; minimumCents: number }) =>
      `${c.averageViews}/${c.minimumCents}`;
    const first = new Set(population(300, 1).map(key));
    const shared = population(300, 2).filter((c) => first.has(key(c)));
    expect(shared).toHaveLength(0);
  });

  it("spreads minimums below, across and above the band", () => {
    const bands = population(600, 1).map((c) => c.band);
    for (const band of ["below", "inside", "above"] as const) {
      const share = bands.filter((b) => b === band).length / bands.length;
      expect(share).toBeGreaterThan(0.2);
      expect(share).toBeLessThan(0.5);
    }
  });
});

describe("personas", () => {
  it("need their minimum scaled by the tier, less for short usage, less the product's worth", () => {
    const c = creator();
    expect(feeNeeded(c, offer(0), 1400_00)).toBe(1400_00);
    expect(feeNeeded(c, offer(0, { tier: 2 }), 1400_00)).toBeCloseTo(980_00);
    expect(feeNeeded(c, offer(0, { usageDays: 30 }), 1400_00)).toBeCloseTo(1260_00);
    expect(feeNeeded(c, offer(0, { product: true }), 1400_00)).toBeCloseTo(1325_00); // $150 × 0.5
    expect(minimumFor(c, offer(0, { tier: 2, product: true }))).toBeCloseTo(980_00);
  });

  it("write asks the way people do: up to $25 under $1,000, $50 above", () => {
    expect(writtenAsk(1401_00)).toBe(1450_00);
    expect(writtenAsk(980_00)).toBe(1000_00);
    expect(writtenAsk(951_00)).toBe(975_00);
    expect(writtenAsk(42_10)).toBe(45_00);
  });

  it("quick yes: takes an offer at its minimum, else names it and repeats it, then passes", () => {
    const c = creator();
    expect(
      respond(c, initialState(), { purpose: "opening", offer: offer(1400_00), now: NOW })
        .messages[0]?.kind,
    ).toBe("accept");
    let s = initialState();
    const kinds: string[] = [];
    for (const amount of [1250_00, 1375_00, 1390_00]) {
      const r = respond(c, s, { purpose: "counter", offer: offer(amount), now: NOW });
      s = r.state;
      kinds.push(`${r.messages[0]?.kind} ${r.messages[0]?.amountCents ?? ""}`.trim());
    }
    expect(kinds).toEqual(["counter 140000", "counter 140000", "give_up"]);
  });

  it("anchors high and comes down by its concession, accepting once an offer beats its next ask", () => {
    const c = creator({ strategy: "anchor", patience: 6 });
    const first = respond(c, initialState(), {
      purpose: "opening",
      offer: offer(1250_00),
      now: NOW,
    });
    expect(first.messages[0]).toMatchObject({ kind: "counter", amountCents: 2100_00 }); // 1.5 × $1,400
    const second = respond(c, first.state, { purpose: "counter", offer: offer(1375_00), now: NOW });
    expect(second.messages[0]).toMatchObject({ kind: "counter", amountCents: 1750_00 }); // halfway
    const third = respond(c, second.state, { purpose: "counter", offer: offer(1600_00), now: NOW });
    expect(third.messages[0]?.kind).toBe("accept"); // its next ask would be $1,575
  });

  it("firm: repeats the same number, for the same scope", () => {
    const c = creator({ strategy: "firm", anchorMultiple: 1.03, patience: 4 });
    let s = initialState();
    const asks: (number | null)[] = [];
    for (const amount of [1250_00, 1375_00, 1390_00]) {
      const r = respond(c, s, { purpose: "counter", offer: offer(amount), now: NOW });
      s = r.state;
      asks.push(r.messages[0]?.amountCents ?? null);
    }
    expect(asks).toEqual([1450_00, 1450_00, 1450_00]);
  });

  it("re-prices a smaller scope, and never raises its ask for the same scope", () => {
    const c = creator({ strategy: "anchor", patience: 6 });
    const first = respond(c, initialState(), {
      purpose: "opening",
      offer: offer(1250_00),
      now: NOW,
    });
    const smaller = respond(c, first.state, {
      purpose: "counter",
      offer: offer(960_00, { tier: 2 }),
      now: NOW,
    });
    // Next ask $1,750 for the package × 0.7 for tier 2.
    expect(smaller.messages[0]).toMatchObject({ kind: "counter", amountCents: 1250_00 });
    expect(smaller.messages[0]?.text).toContain("1 Reel + 1 Story");
  });

  it("out of office first, a question first, a manager's hand-over first", () => {
    const ooo = respond(creator({ outOfOffice: true }), initialState(), {
      purpose: "opening",
      offer: offer(1250_00),
      now: NOW,
    });
    expect(ooo.messages.map((m) => [m.kind, m.automatic])).toEqual([
      ["out_of_office", true],
      ["counter", false],
    ]);
    const asks = respond(creator({ questionFirst: "usage" }), initialState(), {
      purpose: "opening",
      offer: offer(1250_00),
      now: NOW,
    });
    expect(asks.messages.map((m) => m.kind)).toEqual(["question"]);
    const manager = {
      name: "Sam Rivera",
      email: "sam.rivera0@brightstar-talent.com",
      agency: "brightstar-talent.com",
      handoff: true,
    };
    const handed = respond(creator({ manager }), initialState(), {
      purpose: "opening",
      offer: offer(1250_00),
      now: NOW,
    });
    expect(handed.messages.map((m) => [m.kind, m.by])).toEqual([
      ["handoff", "creator"],
      ["counter", "manager"],
    ]);
    expect(handed.messages[1]?.text).toContain("Talent Manager, Brightstar Talent");
  });

  it("a negotiator may first ask for more without a number, once, then names its ask", () => {
    const c = creator({ strategy: "anchor", patience: 6, pushesBackFirst: true });
    const vague = respond(c, initialState(), {
      purpose: "opening",
      offer: offer(1250_00),
      now: NOW,
    });
    expect(vague.messages).toMatchObject([{ kind: "counter", amountCents: null }]);
    expect(vague.messages[0]?.text).toContain("Any wiggle room on the budget?");
    const named = respond(c, vague.state, { purpose: "answer", offer: offer(1250_00), now: NOW });
    expect(named.messages[0]).toMatchObject({ kind: "counter", amountCents: 2100_00 });
    // A creator the offer already satisfies accepts instead, and a quick yes never pushes back.
    const pleased = respond(
      creator({ strategy: "anchor", pushesBackFirst: true }),
      initialState(),
      {
        purpose: "opening",
        offer: offer(2200_00),
        now: NOW,
      },
    );
    expect(pleased.messages[0]?.kind).toBe("accept");
    const quick = respond(creator({ pushesBackFirst: true }), initialState(), {
      purpose: "opening",
      offer: offer(1250_00),
      now: NOW,
    });
    expect(quick.messages[0]).toMatchObject({ kind: "counter", amountCents: 1400_00 });
  });

  it("say nothing more after an agreement, a walk-away or a decline acknowledgement", () => {
    for (const purpose of ["agreement", "walk_away", "decline_ack"]) {
      expect(
        respond(creator(), initialState(), { purpose, offer: offer(1500_00), now: NOW }).messages,
      ).toEqual([]);
    }
  });
});

describe("reading Parley's offer from its email", () => {
  const tiers = glow.body.deliverableTiers;
  it("takes the scope block's rate, tier, usage, product and cross-posting", () => {
    const text = [
      "Hi Maya,",
      "--- Scope of work ---",
      "Deliverables: 1 Reel + 1 Story on Instagram for @maya",
      "Usage rights: 30 days of paid and organic usage",
      "Product: the Glow skincare set, included in addition to the rate",
      "Cross-posting: the same content also posted to your other social channels",
      "Rate: $1,025 flat fee",
      "---",
    ].join("\n");
    expect(offerInEmail(text, tiers)).toEqual({
      amountCents: 1025_00,
      tier: 2,
      usageDays: 30,
      product: true,
      syndication: true,
    });
    expect(
      offerInEmail("Deliverables: 1 Reel on Instagram\nRate: $640.50 flat fee", tiers),
    ).toMatchObject({
      amountCents: 640_50,
      tier: 3,
    });
    expect(offerInEmail("Thanks, we'll be in touch.", tiers)).toBeNull();
  });
});

describe("metrics", () => {
  const c = creator();
  const at = "2026-03-02T15:00:00.000Z";
  const offerEvent = (
    kind: string,
    amountCents: number,
    theirAskCents: number | null,
    tier = 1,
  ): TimelineEvent => ({
    type: "offer",
    at,
    kind,
    amountCents,
    tier,
    product: null,
    rationale: { theirAskCents, cappedBy: [] },
  });
  const message = (over: Partial<SentMessage>): SentMessage => ({
    kind: "counter",
    by: "creator",
    text: "My rate is $1,450.",
    amountCents: 1450_00,
    offer: offer(1250_00),
    automatic: false,
    hostile: false,
    messageId: "<m1@gmail.com>",
    read: { intent: "counter", amountCents: 1450_00 },
    answeredWith: ["counter"],
    ...over,
  });
  const record = (over: Partial<ConversationRecord>): ConversationRecord => ({
    creator: c,
    campaignId: "c1",
    negotiationId: "n1",
    messages: [],
    emails: [],
    timeline: [],
    negotiation: null,
    errors: [],
    findings: [],
    ...over,
  });
  const agreed = (amountCents: number) => ({
    state: "agreed",
    round: 1,
    lastOffer: {
      amountCents,
      tier: 1,
      usageRights: { days: 90 },
      product: null,
      syndication: false,
    },
  });

  /** The creator counters the $1,250 opening with $1,450, and we accept their ask. */
  const dealAtTheirAsk = (creator: Partial<SimCreator> = {}) => {
    const m = message({});
    return record({
      creator: { ...c, ...creator },
      messages: [m],
      timeline: [
        offerEvent("opening", 1250_00, null),
        { type: "email_received", at, messageId: m.messageId },
        offerEvent("accepted", 1450_00, 1450_00),
        { type: "email_queued", at },
      ],
      negotiation: agreed(1450_00),
    });
  };

  it("an agreement at their ask: overpay over their minimum, leniency, no false agreement", () => {
    const o = outcomeOf(dealAtTheirAsk());
    expect(o.deal).toBe(true);
    expect(o.overpay).toBeCloseTo(1450 / 1400 - 1);
    expect(o.leniency).toBeCloseTo(0.8); // $29 CPM in a $25–$30 band
    expect(o.falseAgreement).toBeNull();
    expect(o.unanswered).toEqual([]);
  });

  it("reports the median overpay by where the minimum sits", () => {
    const { metrics } = metricsOf([
      dealAtTheirAsk({ band: "below", minimumCents: 1000_00 }),
      dealAtTheirAsk({ band: "inside", minimumCents: 1400_00 }),
    ]);
    expect(metrics.overpayByBand.below).toBeCloseTo(0.45);
    expect(metrics.overpayByBand.inside).toBeCloseTo(1450 / 1400 - 1);
    expect(metrics.overpayByBand.above).toBeNull();
  });

  it("an agreement the creator never made is a false agreement", () => {
    const m = message({ kind: "question", amountCents: null, text: "What are the payment terms?" });
    const r = record({ messages: [m], negotiation: agreed(1250_00) });
    expect(outcomeOf(r).falseAgreement).toContain('after the creator\'s "question"');
  });

  it("a reply nobody answered and nobody was told about is unanswered", () => {
    const m = message({ answeredWith: [] });
    const silent = record({
      messages: [m],
      timeline: [{ type: "email_received", at, messageId: m.messageId }],
    });
    expect(outcomeOf(silent).unanswered).toHaveLength(1);
    const escalated = record({
      messages: [m],
      timeline: [
        { type: "email_received", at, messageId: m.messageId },
        { type: "escalated", at, reason: "hostile_tone" },
      ],
    });
    expect(outcomeOf(escalated).unanswered).toEqual([]);
  });

  it("offers above the ceiling or their ask are violations; a first counter at the ceiling counts", () => {
    const r = record({
      timeline: [offerEvent("opening", 1250_00, null), offerEvent("counter", 1500_01, 1490_00)],
      negotiation: { state: "awaiting_reply" },
    });
    const o = outcomeOf(r);
    expect(o.violations).toHaveLength(2);
    expect(o.firstCounter).toEqual({ amountCents: 1500_01, atCeiling: true });
    expect(o.ruleBreaks).toContain("counter 150001 is not an amount people write");
  });

  it("amounts people write: $5 steps under $1,000, $25 from $1,000", () => {
    expect([995_00, 1000_00, 1025_00, 999_00, 1010_00].map(isWrittenAmount)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it("gates on every threshold", () => {
    const { metrics } = metricsOf([]);
    expect(gate(metrics)).toEqual(["deal rate in band n/a < 80%"]);
    const failing = { ...metrics, dealRateInBand: 0.9, medianOverpay: 0.2, violations: 1 };
    expect(gate(failing, THRESHOLDS)).toEqual([
      "median overpay 20% > 10%",
      "limit violations 1 > 0",
    ]);
    // The invariants alone: the economic targets are reported, not enforced.
    expect(gate(failing, THRESHOLDS, "invariants")).toEqual(["limit violations 1 > 0"]);
    expect(gate({ ...failing, violations: 0 }, THRESHOLDS, "invariants")).toEqual([]);
  });
});
