import { callsAskFinal } from "./firmness";
import { afterEngine, emailFor, none } from "./negotiation-branches";
import type { Command, Decision } from "./negotiation-decide";
import type { NegotiationEvent } from "./negotiation-events";
import { changeState, escalate, planFollowUps } from "./negotiation-outcomes";
import { isTerminal, type Negotiation, type ReplyFacts } from "./negotiation-state";
import { respondToAsk } from "./offer-engine";
import { planQuestions } from "./question-topics";
import { followUpsAfterReturn } from "./schedule";
import { findContractRequest } from "./signals";
import type { Cents, Offer } from "./types";

/** Replies written by machines: recorded, never answered or made contacts. */
export const AUTOMATIC: ReadonlySet<string> = new Set(["auto_reply", "out_of_office", "bounce"]);

/** Below this confidence a reading is `unclear` and escalates (DOMAIN.md §6). */
export const MIN_CONFIDENCE = 0.7;

export function onReply(n: Negotiation, c: Extract<Command, { type: "reply" }>): Decision {
  const r = c.reading;
  const events: NegotiationEvent[] = [
    {
      type: "reply_received",
      at: c.at,
      messageId: c.messageId,
      from: c.from,
      intent: r.intent,
      confidence: r.confidence,
      amountCents: r.proposedAmountCents,
    },
  ];
  // Machines (auto-responders, mail servers) are never contacts of a negotiation.
  if (
    !AUTOMATIC.has(r.intent) &&
    (c.contacts.length !== n.contacts.length ||
      c.counterparty.type !== n.counterparty.type ||
      c.counterparty.agency !== n.counterparty.agency ||
      c.counterparty.name !== n.counterparty.name)
  ) {
    events.push({
      type: "counterparty_updated",
      at: c.at,
      counterparty: c.counterparty,
      contacts: c.contacts,
    });
  }
  // Terminal, escalated, human and paused negotiations record the reply and nothing more.
  if (isTerminal(n.state) || ["escalated", "human", "paused"].includes(n.state)) {
    return none(events);
  }
  // Auto-replies and out-of-office notes are not negotiation replies: nothing is superseded or re-opened.
  if (r.intent === "out_of_office" || r.intent === "auto_reply") {
    return none([...events, ...rescheduleAfterAutoReply(n, r.returnDate, c.at)]);
  }
  if (n.state === "awaiting_approval") {
    events.push({
      type: "draft_cleared",
      at: c.at,
      outcome: "superseded",
      actor: c.fromTeam ? `user:${c.from}` : "agent",
      reason: c.fromTeam ? "team reply" : "new reply",
    });
  }
  if (c.fromTeam) {
    return none([
      ...events,
      {
        type: "human_action",
        at: c.at,
        actor: `user:${c.from}`,
        command: "takeover",
        note: "replied from the team's mailbox",
      },
      ...changeState(n, "human", c.at, `user:${c.from}`, "team_reply"),
    ]);
  }
  // Re-opens unresponsive negotiations and leaves drafts behind: the new reply is what we answer.
  const live: Negotiation = { ...n, state: "awaiting_reply", pendingApproval: null };
  events.push(...changeState(n, "awaiting_reply", c.at, "agent", "reply_received"));

  switch (r.intent) {
    case "bounce":
    case "opt_out":
      return none([
        ...events,
        ...changeState(live, "stopped", c.at, "system", r.intent),
        {
          type: "notified",
          at: c.at,
          kind: "stopped",
          title: `Stopped: ${r.intent.replace("_", "-")}`,
          detail: `${n.creator.name} <${n.creator.email}>`,
        },
      ]);
    default:
      break;
  }
  if (r.signals.length > 0) {
    const first = r.signals[0];
    if (first) {
      return none([
        ...events,
        ...escalate(
          live,
          c.at,
          first.kind,
          r.signals.map((s) => `${s.kind}: "${s.evidence}"`),
        ),
      ]);
    }
  }
  if (r.intent === "unclear" || r.confidence < MIN_CONFIDENCE) {
    return none([
      ...events,
      ...escalate(live, c.at, "ambiguous_intent", [
        `intent ${r.intent} at confidence ${r.confidence}`,
        ...r.concerns,
      ]),
    ]);
  }
  const offer = n.lastOffer;
  // An "accept" that names an amount other than our offer is a counter of that amount: we only
  // ever agree to a number the engine chose, never to one the reply (or a model) put forward.
  const intent =
    r.intent === "accept" &&
    offer &&
    r.proposedAmountCents !== null &&
    r.proposedAmountCents !== offer.amountCents
      ? "counter"
      : r.intent;
  // Their questions: answered from the campaign's facts, or asked of the team (a decline asks
  // nothing of anyone). What the writer may know of their email: facts, never their words.
  const plan =
    intent === "reject"
      ? { topics: [], faq: [], forTeam: [], priceAsked: false }
      : planQuestions(r.questions, c.text, {
          hasOffer: offer !== null,
          paymentTerms: n.terms.paymentTerms,
          product: offer?.product != null,
          brief: n.terms.brief,
        });
  const reply: ReplyFacts = {
    intent: r.intent,
    tone: r.tone,
    questionTopics: plan.topics,
    faq: plan.faq,
    askedTeam: plan.forTeam.length > 0,
    namedRate: r.proposedAmountCents !== null,
    ...(findContractRequest(c.text) !== null ? { contractRequested: true } : {}),
  };
  if (plan.forTeam.length > 0) events.push(...askTheTeam(plan.forTeam, c.at));
  switch (intent) {
    case "accept":
      if (!offer)
        return none([
          ...events,
          ...escalate(live, c.at, "ambiguous_intent", ["accept with no offer on the table"]),
        ]);
      return {
        events: [...events, { type: "offer_made", at: c.at, offer, kind: "accepted" }],
        email: emailFor("agreement", "agreed", { offer, reply }),
      };
    case "reject": {
      // A decline that names their floor keeps it for the team; it is never answered with a counter.
      const floor = r.proposedAmountCents;
      const kept: NegotiationEvent[] =
        floor === null ? [] : [{ type: "their_ask", at: c.at, amountCents: floor, tier: null }];
      return {
        events: [...events, ...kept],
        email: emailFor("decline_ack", "declined", { offer, reply }),
      };
    }
    case "question":
      // A question about the price is a counter: "Could you do $2,300?" goes to the engine below,
      // "Is there any flexibility?" is more asked for without a number.
      if (plan.priceAsked && offer) break;
      // Only questions the team must answer: until a person does, we send nothing. (A reply with
      // no question at all, such as a handoff to their manager, is answered with our offer.)
      if (plan.forTeam.length > 0 && plan.topics.length === 0 && plan.faq.length === 0)
        return none(events);
      return { events, email: emailFor("answer", "awaiting_reply", { offer, reply }) };
    default:
      break;
  }
  if (!offer) {
    return none([
      ...events,
      ...escalate(live, c.at, "ambiguous_intent", ["counter with no offer on the table"]),
    ]);
  }
  if (r.proposedAmountCents === null) return moreWithoutRate(n, live, c, events, reply, offer);
  // A counter: the engine decides every number. Their number prices the scope of the offer they answered.
  const ask = {
    type: "their_ask" as const,
    at: c.at,
    amountCents: r.proposedAmountCents,
    tier: offer.tier,
  };
  const withAsk: Negotiation = {
    ...live,
    theirAsk: { amountCents: ask.amountCents, tier: offer.tier, at: c.at },
  };
  const decision = engineAnswer(n, c, offer, r.proposedAmountCents, callsAskFinal(c.text));
  return afterEngine(withAsk, decision, c.at, [...events, ask], reply);
}

/** The engine's answer to their ask for the scope of our offer on the table. */
const engineAnswer = (
  n: Negotiation,
  c: Extract<Command, { type: "reply" }>,
  offer: Offer,
  amountCents: Cents,
  final: boolean,
) =>
  respondToAsk({
    terms: n.terms,
    creator: n.creator,
    round: n.round,
    lastOffer: offer,
    theirAsk: { amountCents, tier: offer.tier },
    // Reciprocity: the engine steps only when they moved since their previous ask.
    previousAsk: n.theirAsk,
    leversUsed: n.leversUsed,
    final,
    budgetAvailableCents: c.budgetAvailableCents,
  });

/**
 * They ask for more without naming a number ("any flexibility?", "is that the best you can do?").
 * After an ask of theirs for this scope, it is that ask repeated: the engine holds or moves by a
 * quarter step. Before one, we keep our offer and ask for their rate, once; asked again without a
 * number, a person reads it.
 */
function moreWithoutRate(
  n: Negotiation,
  live: Negotiation,
  c: Extract<Command, { type: "reply" }>,
  events: NegotiationEvent[],
  reply: ReplyFacts,
  offer: Offer,
): Decision {
  const standing = n.theirAsk;
  if (standing !== null && standing.tier === offer.tier) {
    const decision = engineAnswer(n, c, offer, standing.amountCents, false);
    return afterEngine(live, decision, c.at, events, reply);
  }
  if (n.rateAsked) {
    return none([
      ...events,
      ...escalate(live, c.at, "ambiguous_intent", [
        "counter without an amount, after we asked for their rate",
      ]),
    ]);
  }
  return {
    events,
    email: emailFor("answer", "awaiting_reply", {
      offer,
      reply: { ...reply, pushedBackWithoutRate: true },
    }),
  };
}

/**
 * An out-of-office note with a return date moves the follow-ups not yet sent to after it;
 * any other auto-reply leaves the timers as they were.
 */
function rescheduleAfterAutoReply(
  n: Negotiation,
  returnDate: string | null,
  at: number,
): NegotiationEvent[] {
  if (!returnDate || n.state !== "awaiting_reply") return [];
  const policy = n.terms.followUps;
  const remaining = Math.max(policy.afterBusinessDays.length - n.followUpsSent, 0);
  const { sendWindow } = n.terms;
  try {
    const plan = followUpsAfterReturn(
      returnDate,
      remaining,
      policy,
      sendWindow,
      n.creator.timezone,
      at,
    );
    return [{ type: "timers_set", at, timers: planFollowUps(plan, n.followUpsSent) }];
  } catch {
    // A return date that is not a real date is ignored, not guessed.
    return [];
  }
}

/** Questions only a person can answer reach the team with their words, and wait for an answer. */
function askTheTeam(questions: string[], at: number): NegotiationEvent[] {
  return [
    { type: "questions_for_team", at, questions },
    {
      type: "notified",
      at,
      kind: "question",
      title: questions.length === 1 ? "A question for the team" : "Questions for the team",
      detail: questions.map((q) => `"${q}"`).join(" "),
    },
  ];
}
