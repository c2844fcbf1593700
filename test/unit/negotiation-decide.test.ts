import { describe, expect, it } from "vitest";
import type { Command } from "../../src/domain/negotiation-decide";
import type { NegotiationEvent } from "../../src/domain/negotiation-events";
import type { Negotiation } from "../../src/domain/negotiation-state";
import type { Autonomy, Offer } from "../../src/domain/types";
import {
  CEILING_RATE,
  campaignTerms,
  counterOf,
  creator,
  DAY,
  FLOOR_RATE,
  given,
  HOUR,
  humanCommand,
  type Outcome,
  reading,
  replyCommand,
  run,
  startCommand,
  T0,
  TIERS,
} from "./fixtures/negotiation";

const APPROVAL_LIMIT = 1700_00;

describe("start", () => {
  it("creates the negotiation in opening with a tier-1 opening offer at the floor", () => {
    const { events, email, after } = given(null)
      .when(startCommand())
      .then([
        { type: "started", negotiation: { id: "neg-1", state: "opening", round: 0 } },
        { type: "offer_made", kind: "opening", offer: { amountCents: FLOOR_RATE, tier: 1 } },
      ]);
    expect(email).toMatchObject({ purpose: "opening", targetState: "awaiting_reply" });
    // The offer is on the table only once its email is released.
    expect(after).toMatchObject({ state: "opening", lastOffer: null });
    // given(events) folds the history into the same aggregate.
    expect(given(events).when(startCommand()).thenNothing().before).toEqual(after);
  });

  it("a start for a negotiation that exists does nothing", () => {
    const n = given(null).when(startCommand()).outcome().after;
    given(n)
      .when(startCommand({ at: T0 + DAY }))
      .thenNothing();
  });

  it("an invalid creator escalates instead of opening", () => {
    const { after, email } = given(null)
      .when(startCommand({ creator: creator({ averageViews: 0 }) }))
      .outcome();
    expect(email).toBeNull();
    expect(after).toMatchObject({ state: "escalated", lastOffer: null });
    expect(after.lastEscalation?.reason).toBe("invalid_creator");
  });
});

/** Every number leaving the engine, in events and email intents. */
function offersIn(o: Outcome): Offer[] {
  const fromEvent = (e: NegotiationEvent): Offer | null => {
    if (e.type === "offer_made" || e.type === "agreed") return e.offer;
    if (e.type === "email_released") return e.intent.offer;
    if (e.type === "approval_requested") return e.pending.intent.offer;
    return null;
  };
  return [...o.events.map(fromEvent), o.email?.offer ?? null].filter((x) => x !== null);
}

function assertMoneyInvariants(o: Outcome): void {
  const ask = o.after.theirAsk?.amountCents ?? Number.POSITIVE_INFINITY;
  for (const offer of offersIn(o)) {
    expect(Number.isInteger(offer.amountCents)).toBe(true);
    expect(offer.amountCents).toBeLessThanOrEqual(CEILING_RATE);
    expect(offer.amountCents).toBeLessThanOrEqual(ask);
    expect(offer.amountCents).toBeLessThanOrEqual(APPROVAL_LIMIT);
  }
  if (o.after.agreedCents !== null)
    expect(o.after.agreedCents).toBe(o.after.lastOffer?.amountCents);
}

/** A negotiation driven one command at a time through the pure pipeline, checking money. */
function negotiate(autonomy: Autonomy) {
  let n: Negotiation | null = null;
  const all: NegotiationEvent[] = [];
  const step = (command: Command): Outcome => {
    let o = run(n, command);
    assertMoneyInvariants(o);
    all.push(...o.events);
    if (o.after.state === "awaiting_approval") {
      // A person approves the draft unchanged.
      o = run(o.after, humanCommand("approve", command.at + HOUR));
      assertMoneyInvariants(o);
      all.push(...o.events);
    }
    n = o.after;
    return o;
  };
  const terms = campaignTerms({ autonomy, maxCostWithoutApprovalCents: APPROVAL_LIMIT });
  return { step, all, start: () => step(startCommand({ terms })) };
}

const released = (o: Outcome) =>
  o.events.filter((e) => e.type === "email_released").map((e) => e.intent);

describe.each(["autonomous", "review"] as const)("a whole negotiation (%s)", (autonomy) => {
  it("start → counter above ceiling → lever → in-band counter → accept → agreement", () => {
    const { step, all, start } = negotiate(autonomy);

    const opening = start();
    expect(opening.after).toMatchObject({ state: "awaiting_reply", emailsReleased: 1 });
    expect(opening.after.lastOffer?.amountCents).toBe(FLOOR_RATE);

    // Their in-band ask above our next step: we concede to the 50% step.
    const concession = step(replyCommand(counterOf(1450_00), { at: T0 + DAY }));
    expect(released(concession)[0]).toMatchObject({
      purpose: "counter",
      offer: { amountCents: 1375_00, rationale: { decision: "concession_step" } },
    });
    expect(concession.after).toMatchObject({ state: "awaiting_reply", round: 1 });

    // Above the ceiling, and higher than before: we hold at 50% and trade down a tier at its
    // share of that step (70% of $1,375 = $962.50 → $960), never at the ceiling.
    const lever = step(replyCommand(counterOf(1650_00), { at: T0 + 2 * DAY }));
    expect(released(lever)[0]?.offer).toMatchObject({
      amountCents: 960_00,
      tier: 2,
      deliverables: TIERS[1],
      rationale: { lever: "deliverable_tier", concessionStep: 0.5 },
    });
    expect(lever.after).toMatchObject({ round: 2, leversUsed: ["deliverable_tier"] });

    // Their price for the smaller scope is within our next step ($1,015), and halfway to it
    // ($962.50) rounds back to our $960: the gap is closed at their ask, never more.
    const accept = step(replyCommand(counterOf(965_00), { at: T0 + 3 * DAY }));
    const agreement = released(accept)[0];
    expect(agreement).toMatchObject({ purpose: "agreement", targetState: "agreed" });
    expect(agreement?.offer?.amountCents).toBe(965_00);
    expect(accept.after).toMatchObject({ state: "agreed", agreedCents: 965_00, round: 2 });
    expect(accept.after.lastOffer).toMatchObject({ amountCents: 965_00, tier: 2 });

    // One agreement, one agreement notification, one agreement email: the same amount.
    const agreed = all.filter((e) => e.type === "agreed");
    expect(agreed.map((e) => e.offer.amountCents)).toEqual([965_00]);
    const notes = all.filter((e) => e.type === "notified" && e.kind === "agreement");
    expect(notes).toHaveLength(1);
    const emails = all.filter((e) => e.type === "email_released").map((e) => e.intent.purpose);
    expect(emails).toEqual(["opening", "counter", "counter", "agreement"]);
    expect(all.filter((e) => e.type === "escalated")).toEqual([]);

    const states = all.filter((e) => e.type === "state_changed").map((e) => e.to);
    expect(states.at(-1)).toBe("agreed");
    if (autonomy === "review") expect(states).toContain("awaiting_approval");
    else expect(states).not.toContain("awaiting_approval");
  });

  it("their accept of our lever counter agrees at exactly that offer", () => {
    const { step, all, start } = negotiate(autonomy);
    start();
    const lever = step(replyCommand(counterOf(1650_00), { at: T0 + DAY }));
    const onTable = lever.after.lastOffer;
    expect(onTable?.amountCents).toBe(960_00);
    const done = step(replyCommand(reading({ intent: "accept" }), { at: T0 + 2 * DAY }));
    expect(done.after).toMatchObject({ state: "agreed", agreedCents: 960_00 });
    expect(done.after.lastOffer).toEqual(onTable);
    const agreed = all.filter((e) => e.type === "agreed");
    expect(agreed).toHaveLength(1);
    expect(agreed[0]?.offer).toEqual(onTable);
    expect(released(done)[0]?.offer).toEqual(onTable);
  });

  it("an ask above the approval limit never becomes an offer", () => {
    const { step, all, start } = negotiate(autonomy);
    start();
    const o = step(replyCommand(counterOf(1800_00), { at: T0 + DAY }));
    expect(o.after.state).toBe("escalated");
    expect(o.after.lastOffer?.amountCents).toBe(FLOOR_RATE);
    const offered = all.flatMap((e) => (e.type === "offer_made" ? [e.offer.amountCents] : []));
    expect(offered).toEqual([FLOOR_RATE]);
  });
});
