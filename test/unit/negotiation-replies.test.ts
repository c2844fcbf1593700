import { describe, expect, it } from "vitest";
import { MIN_CONFIDENCE } from "../../src/domain/negotiation-decide";
import type { NegotiationEvent } from "../../src/domain/negotiation-events";
import { NEGOTIATION_STATES, TERMINAL_STATES } from "../../src/domain/negotiation-state";
import type { SignalKind } from "../../src/domain/types";
import {
  CEILING_RATE,
  counterOf,
  DAY,
  type ExpectedEvent,
  FLOOR_RATE,
  given,
  HOUR,
  humanCommand,
  opened,
  reach,
  reading,
  replyCommand,
  run,
  T0,
  TIERS,
} from "./fixtures/negotiation";

const AT = T0 + DAY;
const ofType = <T extends NegotiationEvent["type"]>(events: NegotiationEvent[], type: T) =>
  events.filter((e): e is Extract<NegotiationEvent, { type: T }> => e.type === type);

describe("a reply is accepted in every state", () => {
  it.each(NEGOTIATION_STATES)("%s: recorded first, never an error", (state) => {
    const r = given(reach(state)).when(replyCommand(reading({ intent: "question" }), { at: AT }));
    expect(r.result.ok).toBe(true);
    const { events, after } = r.outcome();
    expect(events[0]).toEqual({
      type: "reply_received",
      at: AT,
      messageId: "<reply-1@example.com>",
      from: "jane@example.com",
      intent: "question",
      confidence: 0.95,
      amountCents: null,
    });
    expect(after.lastIntent).toBe("question");
  });

  it.each([...TERMINAL_STATES, "escalated", "human", "paused"] as const)(
    "%s: the reply is recorded and nothing more",
    (state) => {
      const n = reach(state);
      const { after, email } = given(n)
        .when(replyCommand(reading({ intent: "accept" }), { at: AT }))
        .then([{ type: "reply_received", intent: "accept" }]);
      expect(email).toBeNull();
      expect(after.state).toBe(state);
      expect(after.previousState).toBe(n.previousState);
      expect(after.agreedCents).toBe(n.agreedCents);
    },
  );

  it("unresponsive: a late reply re-opens the negotiation and is answered", () => {
    const n = reach("unresponsive");
    const { email } = given(n)
      .when(
        replyCommand(reading({ intent: "question", questions: ["Are the usage rights paid?"] }), {
          at: AT,
          text: "Sorry for the delay! Are the usage rights paid?",
        }),
      )
      .then([
        { type: "reply_received" },
        {
          type: "state_changed",
          from: "unresponsive",
          to: "awaiting_reply",
          reason: "reply_received",
        },
      ]);
    expect(email).toMatchObject({ purpose: "answer", reply: { questionTopics: ["usage_rights"] } });
  });

  it("unresponsive: a late accept closes the deal", () => {
    const n = reach("unresponsive");
    const { after } = given(n)
      .when(replyCommand(reading(), { at: AT }))
      .settle();
    expect(after).toMatchObject({ state: "agreed", agreedCents: n.lastOffer?.amountCents });
  });

  it("awaiting_approval: the pending draft is superseded and the new reply answered", () => {
    const n = reach("awaiting_approval");
    const ask = reading({ intent: "question", questions: ["When do you pay?"] });
    const { email, after } = given(n)
      .when(replyCommand(ask, { at: AT, text: "When do you pay?" }))
      .then([
        { type: "reply_received" },
        { type: "draft_cleared", outcome: "superseded", actor: "agent" },
        { type: "state_changed", from: "awaiting_approval", to: "awaiting_reply" },
      ]);
    expect(after.pendingApproval).toBeNull();
    expect(email).toMatchObject({
      purpose: "answer",
      targetState: "awaiting_reply",
      reply: { intent: "question", questionTopics: ["payment"] },
    });
  });

  it("any reply cancels pending follow-ups", () => {
    const n = opened();
    expect(n.timers).toHaveLength(3);
    const { after } = given(n)
      .when(replyCommand(reading({ intent: "question" }), { at: AT }))
      .outcome();
    expect(after.timers).toEqual([]);
  });

  it("a new contact on the thread updates the counterparty, without a takeover", () => {
    const { events, after } = given(opened())
      .when(
        replyCommand(reading({ intent: "question" }), {
          at: AT,
          from: "sam@talentco.com",
          counterparty: { type: "manager", agency: "talentco.com", name: null },
          contacts: ["jane@example.com", "sam@talentco.com"],
        }),
      )
      .outcome();
    expect(events[1]).toMatchObject({ type: "counterparty_updated" });
    expect(after.counterparty).toEqual({ type: "manager", agency: "talentco.com", name: null });
    expect(after.contacts).toEqual(["jane@example.com", "sam@talentco.com"]);
    expect(after.state).toBe("awaiting_reply");
  });
});

describe("an accept closes the deal (the LESSONS.md bug)", () => {
  it("accept in awaiting_reply → agreement email, then exactly one agreement", () => {
    const n = opened();
    const last = n.lastOffer;
    expect(last?.amountCents).toBe(FLOOR_RATE);
    const t = given(n).when(replyCommand(reading({ intent: "accept" }), { at: AT }));
    const { email } = t.then([
      { type: "reply_received", intent: "accept" },
      { type: "offer_made", kind: "accepted", offer: last },
    ]);
    expect(email).toMatchObject({ purpose: "agreement", targetState: "agreed", offer: last });
    // The writer learns what code verified about their email, never its words.
    expect(email?.reply).toEqual({
      intent: "accept",
      tone: "positive",
      questionTopics: [],
      faq: [],
      askedTeam: false,
      namedRate: false,
    });
    expect(JSON.stringify(email)).not.toContain("Thanks for reaching out!");

    const { events, after } = t.settle();
    const agreed = ofType(events, "agreed");
    expect(agreed).toHaveLength(1);
    expect(agreed[0]?.offer.amountCents).toBe(last?.amountCents);
    const notes = ofType(events, "notified");
    expect(notes).toHaveLength(1);
    expect(notes[0]?.kind).toBe("agreement");
    expect(ofType(events, "email_released")[0]?.intent.offer?.amountCents).toBe(FLOOR_RATE);
    expect(after).toMatchObject({ state: "agreed", agreedCents: FLOOR_RATE, timers: [] });
    expect(after.lastOffer).toEqual(last);
  });

  it("an accept that asks for the contract closes the deal and tells the team", () => {
    const text = "Sounds good, please send over the contract.";
    const t = given(opened()).when(replyCommand(reading({ intent: "accept" }), { at: AT, text }));
    const { email } = t.then([
      { type: "reply_received", intent: "accept" },
      { type: "offer_made", kind: "accepted" },
    ]);
    expect(email).toMatchObject({ purpose: "agreement", reply: { contractRequested: true } });
    const { events, after } = t.settle();
    expect(after.state).toBe("agreed");
    const [note] = ofType(events, "notified");
    expect(note).toMatchObject({ kind: "agreement", detail: expect.stringContaining("contract") });
    expect(note?.detail).toContain("they asked for the contract");
  });

  it("an accept that does not ask for the contract says nothing about one", () => {
    const t = given(opened()).when(replyCommand(reading({ intent: "accept" }), { at: AT }));
    expect(t.outcome().email?.reply).not.toHaveProperty("contractRequested");
    const [note] = ofType(t.settle().events, "notified");
    expect(note?.detail).not.toContain("contract");
  });

  it("a contract request waits with the draft and reaches the team when approved", () => {
    const n = run(reach("awaiting_approval"), humanCommand("approve", T0 + HOUR)).after;
    const text = "Deal! Where do I sign?";
    const waiting = run(n, replyCommand(reading(), { at: AT, text })).after;
    expect(waiting.pendingApproval?.intent.reply?.contractRequested).toBe(true);
    const { events } = given(waiting)
      .when(humanCommand("approve", AT + HOUR))
      .outcome();
    expect(ofType(events, "notified")[0]?.detail).toContain("they asked for the contract");
  });

  it("review autonomy: the agreement waits for approval, then closes on approve", () => {
    const n = run(reach("awaiting_approval"), humanCommand("approve", T0 + HOUR)).after;
    const waiting = run(n, replyCommand(reading(), { at: AT })).after;
    expect(waiting.state).toBe("awaiting_approval");
    expect(waiting.pendingApproval?.intent.purpose).toBe("agreement");
    const { events, after } = given(waiting)
      .when(humanCommand("approve", AT + HOUR))
      .outcome();
    expect(ofType(events, "agreed")).toHaveLength(1);
    expect(ofType(events, "notified").map((e) => e.kind)).toEqual(["agreement"]);
    expect(after).toMatchObject({ state: "agreed", agreedCents: FLOOR_RATE });
  });

  it("an accept with no offer on the table escalates instead of agreeing", () => {
    const n = { ...opened(), lastOffer: null };
    const { after, email } = given(n)
      .when(replyCommand(reading(), { at: AT }))
      .outcome();
    expect(email).toBeNull();
    expect(after.lastEscalation?.reason).toBe("ambiguous_intent");
  });
});

describe("reply intents", () => {
  it.each([
    ["bounce", "Stopped: bounce"],
    ["opt_out", "Stopped: opt-out"],
  ] as const)("%s stops the negotiation and tells the team", (intent, title) => {
    const { after } = given(opened())
      .when(replyCommand(reading({ intent }), { at: AT }))
      .then([
        { type: "reply_received", intent },
        { type: "state_changed", from: "awaiting_reply", to: "stopped", actor: "system" },
        { type: "notified", kind: "stopped", title },
      ]);
    expect(after).toMatchObject({ state: "stopped", timers: [] });
  });

  it("out of office with a return date reschedules follow-ups after it, state unchanged", () => {
    const returnDate = "2026-03-16";
    const { after, email } = given(opened())
      .when(replyCommand(reading({ intent: "out_of_office", returnDate }), { at: AT }))
      .then([{ type: "reply_received" }, { type: "timers_set" }]);
    expect(email).toBeNull();
    expect(after.state).toBe("awaiting_reply");
    const followUps = after.timers.filter((t) => t.name === "follow_up");
    expect(followUps.map((t) => t.n)).toEqual([1, 2]);
    for (const t of after.timers) expect(t.at).toBeGreaterThan(Date.parse(`${returnDate}T05:00Z`));
  });

  it("out of office without a return date and auto-replies keep the state and the timers", () => {
    for (const intent of ["out_of_office", "auto_reply"] as const) {
      const before = opened();
      const { after, email } = given(before)
        .when(replyCommand(reading({ intent }), { at: AT }))
        .then([{ type: "reply_received", intent }]);
      expect(email).toBeNull();
      expect(after.state).toBe("awaiting_reply");
      expect(after.timers).toEqual(before.timers);
      expect(after.followUpsSent).toBe(before.followUpsSent);
    }
  });

  it("an auto-reply never supersedes a draft waiting for approval", () => {
    const { after } = given(reach("awaiting_approval"))
      .when(replyCommand(reading({ intent: "auto_reply" }), { at: AT }))
      .then([{ type: "reply_received", intent: "auto_reply" }]);
    expect(after.state).toBe("awaiting_approval");
    expect(after.pendingApproval).not.toBeNull();
  });

  it.each(["hostile_tone", "legal_language", "unusual_deliverables"] as const)(
    "a %s signal escalates with the evidence",
    (kind: SignalKind) => {
      const r = reading({ intent: "counter", signals: [{ kind, evidence: "quoted words" }] });
      const evidence = [`${kind}: "quoted words"`];
      const { after, email } = given(opened())
        .when(replyCommand(r, { at: AT }))
        .then([
          { type: "reply_received" },
          { type: "escalated", reason: kind, evidence, actor: "agent" },
          { type: "state_changed", from: "awaiting_reply", to: "escalated", reason: kind },
          { type: "notified", kind: "escalation" },
        ]);
      expect(email).toBeNull();
      expect(after.lastEscalation).toMatchObject({ reason: kind, evidence });
    },
  );

  it("several signals: the first names the escalation, all are evidence", () => {
    const r = reading({
      signals: [
        { kind: "legal_language", evidence: "our lawyer" },
        { kind: "unusual_deliverables", evidence: "whitelisting" },
      ],
    });
    const { after } = given(opened())
      .when(replyCommand(r, { at: AT }))
      .outcome();
    expect(after.lastEscalation).toMatchObject({
      reason: "legal_language",
      evidence: ['legal_language: "our lawyer"', 'unusual_deliverables: "whitelisting"'],
    });
  });

  it("confidence under 0.7 escalates as ambiguous; 0.7 itself is trusted", () => {
    expect(MIN_CONFIDENCE).toBe(0.7);
    given(opened())
      .when(replyCommand(reading({ confidence: 0.69 }), { at: AT }))
      .then([
        { type: "reply_received", confidence: 0.69 },
        { type: "escalated", reason: "ambiguous_intent" },
        { type: "state_changed", to: "escalated" },
        { type: "notified", kind: "escalation" },
      ]);
    const { email } = given(opened())
      .when(replyCommand(reading({ confidence: 0.7 }), { at: AT }))
      .outcome();
    expect(email?.purpose).toBe("agreement");
  });

  it("an unclear reading escalates even when confident", () => {
    const { after } = given(opened())
      .when(replyCommand(reading({ intent: "unclear", confidence: 0.9 }), { at: AT }))
      .outcome();
    expect(after.state).toBe("escalated");
    expect(after.lastEscalation?.reason).toBe("ambiguous_intent");
  });

  it("reject → a decline acknowledgement that ends the negotiation", () => {
    const t = given(opened()).when(replyCommand(reading({ intent: "reject" }), { at: AT }));
    const { email } = t.then([{ type: "reply_received", intent: "reject" }]);
    expect(email).toMatchObject({
      purpose: "decline_ack",
      targetState: "declined",
      reply: { intent: "reject" },
    });
    const { after, events } = t.settle();
    expect(after.state).toBe("declined");
    expect(ofType(events, "agreed")).toEqual([]);
  });

  it("a reject that names their floor keeps it for the team and never counters", () => {
    const r = reading({
      intent: "reject",
      proposedAmountCents: CEILING_RATE * 2,
      tone: "negative",
    });
    const text = "I can't go below that, so I'll pass.";
    const t = given(opened()).when(replyCommand(r, { at: AT, text }));
    const { email } = t.then([
      { type: "reply_received", intent: "reject", amountCents: CEILING_RATE * 2 },
      { type: "their_ask", amountCents: CEILING_RATE * 2 },
    ]);
    expect(email).toMatchObject({ purpose: "decline_ack", targetState: "declined" });
    const { after, events } = t.settle();
    expect(after.state).toBe("declined");
    expect(after.theirAsk?.amountCents).toBe(CEILING_RATE * 2);
    expect(ofType(events, "offer_made")).toEqual([]);
  });

  it("a question the email does not ask (a reader's invention) reaches no writer", () => {
    const r = reading({ intent: "question", questions: ["Can you pay to IBAN DE89 3704?"] });
    const t = given(opened()).when(replyCommand(r, { at: AT, text: "Can I post on TikTok too?" }));
    // The invented question is dropped: nothing reaches the writer or the team; our offer is
    // restated, as for any reply that asks nothing.
    const { email, after } = t.then([{ type: "reply_received", intent: "question" }]);
    expect(email?.reply).toMatchObject({ questionTopics: [], faq: [], askedTeam: false });
    expect(after.openQuestions ?? []).toEqual([]);
  });

  it("a question only the team can answer reaches the team in their words; nothing is sent", () => {
    const r = reading({ intent: "question", questions: ["What's the campaign hashtag?"] });
    const t = given(opened()).when(
      replyCommand(r, { at: AT, text: "Love it! What's the campaign hashtag?" }),
    );
    const { email, after } = t.then([
      { type: "reply_received", intent: "question" },
      { type: "questions_for_team", questions: ["What's the campaign hashtag?"] },
      { type: "notified", kind: "question" },
    ]);
    expect(email).toBeNull();
    expect(after).toMatchObject({ state: "awaiting_reply", timers: [] });
    expect(after.openQuestions).toEqual(["What's the campaign hashtag?"]);
  });

  it("a real question that mentions an offer or a budget still reaches the team", () => {
    const question = "Do you offer an affiliate code, and is there a budget for ads?";
    const r = reading({ intent: "question", questions: [question] });
    const { after } = given(opened())
      .when(replyCommand(r, { at: AT, text: question }))
      .outcome();
    expect(after.openQuestions).toEqual([question]);
  });

  it("with an ask too, the price goes on and the question still reaches the team", () => {
    const r = counterOf(1450_00, { questions: ["What's the campaign hashtag?"] });
    const t = given(opened()).when(
      replyCommand(r, { at: AT, text: "My rate is $1,450. What's the campaign hashtag?" }),
    );
    const { email, after } = t.outcome();
    expect(email).toMatchObject({ purpose: "counter", reply: { askedTeam: true } });
    expect(after.openQuestions).toEqual(["What's the campaign hashtag?"]);
  });

  it.each([
    ["How about $1,450?", 1450_00],
    ["Could you come up by $100?", 1450_00],
    ["Thanks! Any flexibility on the budget?", null],
  ] as const)("a counter put as a question (%s) is never a question for the team", (text, ask) => {
    const question = text.replace(/^Thanks! /, "");
    const r = counterOf(ask ?? 0, { questions: [question], proposedAmountCents: ask });
    const { email, after, events } = given(opened())
      .when(replyCommand(r, { at: AT, text }))
      .outcome();
    expect(ofType(events, "questions_for_team")).toEqual([]);
    expect(after.openQuestions ?? []).toEqual([]);
    // With an amount, our counter answers it; without one, our offer stands and we ask for theirs.
    expect(email).toMatchObject(
      ask !== null
        ? { purpose: "counter", reply: { askedTeam: false } }
        : { purpose: "answer", reply: { askedTeam: false, pushedBackWithoutRate: true } },
    );
  });

  it("question → an answer, back to awaiting_reply with fresh follow-ups", () => {
    const r = reading({ intent: "question", questions: ["Can I post on TikTok too?"] });
    const t = given(opened()).when(replyCommand(r, { at: AT, text: "Can I post on TikTok too?" }));
    const { email } = t.then([{ type: "reply_received", intent: "question" }]);
    expect(email).toMatchObject({
      purpose: "answer",
      targetState: "awaiting_reply",
      offer: { amountCents: FLOOR_RATE },
      reply: { intent: "question", questionTopics: ["deliverables"] },
    });
    const { after } = t.settle();
    expect(after.state).toBe("awaiting_reply");
    expect(after.timers).toHaveLength(3);
  });
});

describe("a reply from our own team's domain", () => {
  it.each(["awaiting_reply", "unresponsive", "awaiting_approval"] as const)(
    "in %s is a human takeover",
    (state) => {
      const cmd = replyCommand(reading({ intent: "counter", proposedAmountCents: 1_00 }), {
        at: AT,
        from: "ops@acme.test",
        fromTeam: true,
      });
      const superseded: ExpectedEvent[] =
        state === "awaiting_approval" ? [{ type: "draft_cleared", outcome: "superseded" }] : [];
      const { after, email } = given(reach(state))
        .when(cmd)
        .then([
          { type: "reply_received" },
          ...superseded,
          { type: "human_action", command: "takeover", actor: "user:ops@acme.test" },
          { type: "state_changed", from: state, to: "human", reason: "team_reply" },
        ]);
      expect(email).toBeNull();
      expect(after).toMatchObject({ state: "human", pendingApproval: null, timers: [] });
    },
  );
});

describe("counters: the engine decides every number", () => {
  it("an in-band ask above our next step → a counter at the 50% step, round + 1", () => {
    const { after, email } = given(opened())
      .when(replyCommand(counterOf(1450_00), { at: AT }))
      .then([
        { type: "reply_received", intent: "counter", amountCents: 1450_00 },
        { type: "their_ask", amountCents: 1450_00 },
        { type: "offer_made", kind: "counter", offer: { amountCents: 1375_00, tier: 1 } },
      ]);
    expect(email).toMatchObject({
      purpose: "counter",
      targetState: "awaiting_reply",
      theirAskCents: 1450_00,
      offer: { amountCents: 1375_00 },
      reply: { intent: "counter", namedRate: true },
    });
    // The counter counts as a round, and as the offer on the table, once its email is released.
    expect(after).toMatchObject({ round: 0, theirAsk: { amountCents: 1450_00 } });
    const released = given(opened())
      .when(replyCommand(counterOf(1450_00), { at: AT }))
      .settle().after;
    expect(released).toMatchObject({ round: 1, lastOffer: { amountCents: 1375_00 } });
  });

  it("an accept while a higher counter waits for approval agrees at the offer the creator was sent", () => {
    const sent = opened();
    const review = { ...sent, terms: { ...sent.terms, autonomy: "review" as const } };
    const pending = given(review)
      .when(replyCommand(counterOf(1450_00), { at: AT }))
      .settle().after;
    expect(pending.state).toBe("awaiting_approval");
    expect(pending.lastOffer?.amountCents).toBe(review.lastOffer?.amountCents);
    const { email } = given(pending)
      .when(replyCommand(reading({ intent: "accept" }), { at: AT + HOUR, messageId: "<m2>" }))
      .outcome();
    expect(email).toMatchObject({
      purpose: "agreement",
      offer: { amountCents: review.lastOffer?.amountCents },
    });
  });

  it("an ask at or below our next step → accept at their ask, never more", () => {
    const { email } = given(opened())
      .when(replyCommand(counterOf(1300_00), { at: AT }))
      .then([
        { type: "reply_received" },
        { type: "their_ask", amountCents: 1300_00 },
        { type: "offer_made", kind: "accepted", offer: { amountCents: 1300_00 } },
      ]);
    expect(email).toMatchObject({ purpose: "agreement", targetState: "agreed" });
    expect(email?.offer?.amountCents).toBe(1300_00);
  });

  it("asks above the ceiling pull levers in order, each on the curve, recorded across rounds", () => {
    // Their first ask: the 50% step ($1,375) traded down to tier 2 at 70%: $962.50 → $960.
    const first = run(opened(), replyCommand(counterOf(1650_00), { at: AT }));
    expect(ofType(first.events, "their_ask")[0]).toMatchObject({ amountCents: 1650_00, tier: 1 });
    expect(ofType(first.events, "offer_made")[0]?.offer).toMatchObject({
      amountCents: 960_00,
      tier: 2,
      deliverables: TIERS[1],
      rationale: { lever: "deliverable_tier", concessionStep: 0.5 },
    });
    expect(first.after).toMatchObject({ round: 1, leversUsed: ["deliverable_tier"] });

    // They price the smaller scope (a lever accepted): the 80% step, $1,015 → $1,000, usage cut.
    const second = run(first.after, replyCommand(counterOf(1600_00), { at: AT + DAY }));
    expect(ofType(second.events, "their_ask")[0]).toMatchObject({ amountCents: 1600_00, tier: 2 });
    expect(ofType(second.events, "offer_made")[0]?.offer).toMatchObject({
      amountCents: 1000_00,
      tier: 2,
      usageDays: 30,
      rationale: { lever: "usage_rights", concessionStep: 0.8 },
    });
    expect(second.after).toMatchObject({
      round: 2,
      leversUsed: ["deliverable_tier", "usage_rights"],
    });

    // The same ask again: a quarter step only, and the product (it fits under their ask).
    const third = run(second.after, replyCommand(counterOf(1600_00), { at: AT + 2 * DAY }));
    expect(third.after.leversUsed).toEqual(["deliverable_tier", "usage_rights", "product"]);
    expect(third.after.lastOffer).toMatchObject({
      amountCents: 1000_00,
      packageValueCents: 1150_00,
      rationale: { concessionStep: 0.85 },
    });
    expect(third.after.lastOffer?.product).not.toBeNull();
  });

  it("the same ask again and again never walks us to the ceiling", () => {
    let n = run(opened(), replyCommand(counterOf(1480_00), { at: AT })).after;
    expect(n.lastOffer).toMatchObject({ amountCents: 1375_00, rationale: { concessionStep: 0.5 } });
    const offers: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const o = run(
        n,
        replyCommand(counterOf(1480_00), { at: AT + i * DAY, messageId: `<m${i}>` }),
      );
      n = o.after;
      offers.push(n.lastOffer?.amountCents ?? 0);
      expect(n.lastOffer?.rationale.reason).toContain("They repeated $1,480: a quarter step only");
    }
    // 57.5%, 63.1%, 67.3% of the band: $1,375, $1,400, $1,400 once rounded down.
    expect(offers).toEqual([1375_00, 1400_00, 1400_00]);
    expect(n.lastOffer?.rationale.concessionStep).toBeCloseTo(0.6734, 4);
  });

  it("no lever left → a walk-away email that ends the negotiation politely", () => {
    const bare = {
      terms: { deliverableTiers: ["1 Reel"], usageRights: null, product: null, syndication: false },
    };
    const n = opened(bare);
    const t = given(n).when(replyCommand(counterOf(10_000_00), { at: AT }));
    const { email } = t.then([{ type: "reply_received" }, { type: "their_ask" }]);
    expect(email).toMatchObject({
      purpose: "walk_away",
      targetState: "walked_away",
      offer: n.lastOffer,
    });
    expect(t.settle().after.state).toBe("walked_away");
  });

  it("an ask above the approval limit escalates to a person, no email", () => {
    const n = opened({ terms: { maxCostWithoutApprovalCents: 1600_00 } });
    const { after, email } = given(n)
      .when(replyCommand(counterOf(2000_00), { at: AT }))
      .then([
        { type: "reply_received" },
        { type: "their_ask", amountCents: 2000_00 },
        { type: "escalated", reason: "above_approval_limit" },
        { type: "state_changed", to: "escalated" },
        { type: "notified", kind: "escalation" },
      ]);
    expect(email).toBeNull();
    expect(after.lastOffer?.amountCents).toBe(FLOOR_RATE);
  });

  it("above the ceiling at max rounds escalates", () => {
    const n = { ...opened({ terms: { maxRounds: 1 } }), round: 1 };
    const { after } = given(n)
      .when(replyCommand(counterOf(1700_00), { at: AT }))
      .outcome();
    expect(after.lastEscalation?.reason).toBe("max_rounds");
  });
});

describe("more asked for without a number", () => {
  const pushback = (at: number) =>
    replyCommand(reading({ intent: "counter", confidence: 0.8 }), {
      at,
      text: "That's a bit low for me. Any flexibility?",
    });

  it("before any ask of theirs: our offer stands and the email asks for their rate, once", () => {
    const n = opened();
    const t = given(n).when(pushback(AT));
    const { email, events } = t.outcome();
    expect(email).toMatchObject({
      purpose: "answer",
      targetState: "awaiting_reply",
      offer: n.lastOffer,
      reply: { intent: "counter", namedRate: false, pushedBackWithoutRate: true },
    });
    expect(ofType(events, "offer_made")).toEqual([]);
    const asked = t.settle().after;
    expect(asked).toMatchObject({ state: "awaiting_reply", rateAsked: true, round: 0 });
    expect(asked.lastOffer).toEqual(n.lastOffer);

    // Asked again without a number: a person reads it.
    const again = given(asked)
      .when(pushback(AT + DAY))
      .outcome();
    expect(again.email).toBeNull();
    expect(again.after.lastEscalation).toMatchObject({
      reason: "ambiguous_intent",
      evidence: ["counter without an amount, after we asked for their rate"],
    });
  });

  it("their rate after we asked for it is answered by the engine, and the question is spent", () => {
    const asked = run(opened(), pushback(AT)).after;
    const { after, email } = run(asked, replyCommand(counterOf(1450_00), { at: AT + DAY }));
    expect(email).toMatchObject({ purpose: "counter" });
    expect(after).toMatchObject({ rateAsked: false, round: 1 });
    expect(after.theirAsk?.amountCents).toBe(1450_00);
  });

  it("after an ask of theirs for this scope, it is that ask repeated: we hold, or move a quarter step", () => {
    const countered = run(opened(), replyCommand(counterOf(1480_00), { at: AT })).after;
    const ours = countered.lastOffer?.amountCents ?? 0;
    const t = given(countered).when(pushback(AT + DAY));
    const { email, events } = t.outcome();
    expect(ofType(events, "their_ask")).toEqual([]);
    expect(email).toMatchObject({ purpose: "counter", theirAskCents: 1480_00 });
    const next = email?.offer?.amountCents ?? 0;
    expect(next).toBeGreaterThanOrEqual(ours);
    expect(next).toBeLessThan(1480_00);
    expect(email?.offer?.rationale.reason).toContain("They repeated $1,480");
  });

  it("a question about the price is a counter, whichever reader called it a question", () => {
    const text = "Is there any flexibility on the fee?";
    const r = reading({ intent: "question", questions: [text] });
    const { email } = given(opened())
      .when(replyCommand(r, { at: AT, text }))
      .outcome();
    expect(email).toMatchObject({
      purpose: "answer",
      reply: { intent: "question", askedTeam: false, pushedBackWithoutRate: true },
    });
    // Beside a question we answer from the facts, the email answers it and asks for their rate.
    const both = "Is there any flexibility on the fee? And can I post on TikTok too?";
    const mixed = reading({ intent: "question", questions: both.split(/(?<=\?) /) });
    const answered = given(opened())
      .when(replyCommand(mixed, { at: AT, text: both }))
      .outcome();
    expect(answered.email?.reply).toMatchObject({
      questionTopics: ["deliverables"],
      pushedBackWithoutRate: true,
    });
    // With a number of theirs, the engine answers it.
    const priced = "Could you do $1,450?";
    const ask = reading({ intent: "question", questions: [priced], proposedAmountCents: 1450_00 });
    const countered = given(opened())
      .when(replyCommand(ask, { at: AT, text: priced }))
      .outcome();
    expect(countered.email).toMatchObject({ purpose: "counter", theirAskCents: 1450_00 });
  });

  it("with no offer on the table, a person reads it", () => {
    const n = reach("opening");
    const { after } = given({ ...n, state: "awaiting_reply" })
      .when(pushback(AT))
      .outcome();
    expect(after.lastEscalation?.reason).toBe("ambiguous_intent");
  });
});
