import type { NegotiationEvent } from "./negotiation-events";
import { changeState, escalate, planFollowUps, releaseEmail } from "./negotiation-outcomes";
import {
  type Actor,
  type Draft,
  type EmailIntent,
  isTerminal,
  type Negotiation,
  type NegotiationState,
  type Timer,
} from "./negotiation-state";
import { type EngineDecision, openingOffer, respondToAsk } from "./offer-engine";
import { err, ok, type Result } from "./result";
import { followUpPlan, followUpsAfterReturn } from "./schedule";
import type { CampaignTerms, Cents, Counterparty, Creator, ReplyReading } from "./types";

/** Below this confidence a reading is `unclear` and escalates (DOMAIN.md §6). */
export const MIN_CONFIDENCE = 0.7;

export type Command =
  | {
      type: "start";
      at: number;
      id: string;
      campaignId: string;
      creator: Creator;
      terms: CampaignTerms;
      budgetAvailableCents: Cents | null;
    }
  | {
      type: "reply";
      at: number;
      messageId: string;
      from: string;
      /** The sender writes from our own team's domain: a person took the thread over. */
      fromTeam: boolean;
      text: string;
      reading: ReplyReading;
      counterparty: Counterparty;
      contacts: string[];
      budgetAvailableCents: Cents | null;
    }
  | { type: "timer"; at: number; timer: Timer }
  | { type: "pause" | "resume" | "stop" | "takeover" | "release"; at: number; actor: Actor }
  /** `draft` is the pending draft, or a person's edit of it that already passed the gate. */
  | { type: "approve"; at: number; actor: Actor; draft: Draft }
  | { type: "reject_draft"; at: number; actor: Actor; reason: string };

export type HumanCommand = Extract<Command, { actor: Actor }>["type"];

export interface CommandRejected {
  code: "illegal_command";
  state: NegotiationState;
  command: Command["type"];
  message: string;
}

/** What to do next: events to record, and optionally an email for the writer and the gate. */
export interface Decision {
  events: NegotiationEvent[];
  email: EmailIntent | null;
}

const none = (events: NegotiationEvent[] = []): Decision => ({ events, email: null });

const rejected = (n: Negotiation, command: Command["type"]): Result<never, CommandRejected> =>
  err({
    code: "illegal_command",
    state: n.state,
    command,
    message: `Cannot ${command.replace("_", " ")} a negotiation that is ${n.state.replace("_", " ")}.`,
  });

const emailFor = (
  purpose: EmailIntent["purpose"],
  targetState: NegotiationState,
  fields: Partial<EmailIntent> = {},
): EmailIntent => ({
  purpose,
  offer: null,
  lever: null,
  theirAskCents: null,
  questions: [],
  theirMessage: null,
  followUpNumber: null,
  targetState,
  ...fields,
});

/** Decides what a command means for a negotiation. Pure: no I/O, `at` is given. */
export function decide(n: Negotiation | null, c: Command): Result<Decision, CommandRejected> {
  if (c.type === "start") return ok(n ? none() : start(c));
  if (!n) throw new Error("decide: only `start` applies to a negotiation that does not exist");
  switch (c.type) {
    case "reply":
      return ok(onReply(n, c));
    case "timer":
      return ok(onTimer(n, c.timer, c.at));
    default:
      return onHumanCommand(n, c);
  }
}

function start(c: Extract<Command, { type: "start" }>): Decision {
  const negotiation: Negotiation = {
    id: c.id,
    campaignId: c.campaignId,
    creator: c.creator,
    terms: c.terms,
    state: "opening",
    previousState: null,
    round: 0,
    lastOffer: null,
    theirAsk: null,
    leversUsed: [],
    counterparty: { type: "creator", agency: null },
    contacts: [c.creator.email],
    agreedCents: null,
    emailsReleased: 0,
    followUpsSent: 0,
    timers: [],
    pendingApproval: null,
    lastEscalation: null,
    lastIntent: null,
    createdAt: c.at,
    updatedAt: c.at,
  };
  const events: NegotiationEvent[] = [{ type: "started", at: c.at, negotiation }];
  return afterEngine(
    negotiation,
    openingOffer({
      terms: c.terms,
      creator: c.creator,
      budgetAvailableCents: c.budgetAvailableCents,
    }),
    c.at,
    events,
    null,
  );
}

/** Turns an engine decision into events and the email that carries it. */
function afterEngine(
  n: Negotiation,
  decision: EngineDecision,
  at: number,
  events: NegotiationEvent[],
  reply: { text: string; questions: string[] } | null,
): Decision {
  const theirMessage = reply?.text ?? null;
  const questions = reply?.questions ?? [];
  switch (decision.kind) {
    case "offer": {
      const kind = n.lastOffer ? "counter" : "opening";
      const purpose = kind === "opening" ? "opening" : "counter";
      return {
        events: [...events, { type: "offer_made", at, offer: decision.offer, kind }],
        email: emailFor(purpose, "awaiting_reply", {
          offer: decision.offer,
          lever: decision.offer.rationale.lever,
          theirAskCents: n.theirAsk?.amountCents ?? null,
          questions,
          theirMessage,
        }),
      };
    }
    case "accept":
      return {
        events: [...events, { type: "offer_made", at, offer: decision.offer, kind: "accepted" }],
        email: emailFor("agreement", "agreed", { offer: decision.offer, questions, theirMessage }),
      };
    case "walk_away":
      return {
        events,
        email: emailFor("walk_away", "walked_away", {
          offer: n.lastOffer,
          questions,
          theirMessage,
        }),
      };
    case "escalate":
      return none([...events, ...escalate(n, at, decision.reason, [decision.rationale.reason])]);
  }
}

function onReply(n: Negotiation, c: Extract<Command, { type: "reply" }>): Decision {
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
  if (
    c.contacts.length !== n.contacts.length ||
    c.counterparty.type !== n.counterparty.type ||
    c.counterparty.agency !== n.counterparty.agency
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
  const reply = { text: c.text, questions: r.questions };
  // What the writer sees of their email (an intent has `theirMessage`, not `text`).
  const said = { theirMessage: c.text, questions: r.questions };

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
      ]),
    ]);
  }
  const offer = n.lastOffer;
  switch (r.intent) {
    case "accept":
      if (!offer)
        return none([
          ...events,
          ...escalate(live, c.at, "ambiguous_intent", ["accept with no offer on the table"]),
        ]);
      return {
        events: [...events, { type: "offer_made", at: c.at, offer, kind: "accepted" }],
        email: emailFor("agreement", "agreed", { offer, ...said }),
      };
    case "reject":
      return { events, email: emailFor("decline_ack", "declined", { offer, ...said }) };
    case "question":
      return { events, email: emailFor("answer", "awaiting_reply", { offer, ...said }) };
    default:
      break;
  }
  // A counter: the engine decides every number.
  if (r.proposedAmountCents === null || !offer) {
    return none([
      ...events,
      ...escalate(live, c.at, "ambiguous_intent", ["counter without an amount"]),
    ]);
  }
  const ask = {
    type: "their_ask" as const,
    at: c.at,
    amountCents: r.proposedAmountCents,
    tier: null,
  };
  const withAsk: Negotiation = {
    ...live,
    theirAsk: { amountCents: ask.amountCents, tier: null, at: c.at },
  };
  return afterEngine(
    withAsk,
    respondToAsk({
      terms: n.terms,
      creator: n.creator,
      round: n.round,
      lastOffer: offer,
      theirAsk: { amountCents: r.proposedAmountCents, tier: null },
      leversUsed: n.leversUsed,
      budgetAvailableCents: c.budgetAvailableCents,
    }),
    c.at,
    [...events, ask],
    reply,
  );
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

function onTimer(n: Negotiation, timer: Timer, at: number): Decision {
  const armed = n.timers.find((t) => t.name === timer.name && t.n === timer.n && t.at === timer.at);
  // A timer that fired twice, or after the state moved on, does nothing.
  if (!armed || isTerminal(n.state)) return none();
  const remaining = n.timers.filter((t) => t !== armed);
  const events: NegotiationEvent[] = [{ type: "timers_set", at, timers: remaining }];
  switch (timer.name) {
    case "follow_up":
      if (n.state !== "awaiting_reply") return none(events);
      return {
        events,
        email: emailFor("follow_up", "awaiting_reply", {
          offer: n.lastOffer,
          followUpNumber: timer.n,
        }),
      };
    case "unresponsive":
      if (n.state !== "awaiting_reply") return none(events);
      return none([
        ...events,
        ...changeState(n, "unresponsive", at, "system", "no_reply_after_follow_ups"),
        {
          type: "notified",
          at,
          kind: "unresponsive",
          title: "Creator unresponsive",
          detail: `${n.creator.name} did not reply after ${n.followUpsSent} follow-ups`,
        },
      ]);
    case "approval_window":
      // `delayed` autonomy: nobody cancelled within the window, so the draft goes out.
      if (n.state !== "awaiting_approval" || !n.pendingApproval) return none(events);
      return none([
        ...events,
        ...releaseEmail(
          { ...n, timers: remaining },
          n.pendingApproval.intent,
          n.pendingApproval.draft,
          at,
          "system",
        ),
      ]);
  }
}

function onHumanCommand(
  n: Negotiation,
  c: Extract<Command, { actor: Actor }>,
): Result<Decision, CommandRejected> {
  if (isTerminal(n.state)) return rejected(n, c.type);
  const action: NegotiationEvent = {
    type: "human_action",
    at: c.at,
    actor: c.actor,
    command: c.type,
    note: c.type === "reject_draft" ? c.reason : null,
  };
  switch (c.type) {
    case "pause":
      if (n.state === "paused") return rejected(n, c.type);
      return ok(none([action, ...changeState(n, "paused", c.at, c.actor, "paused")]));
    case "resume": {
      if (n.state !== "paused") return rejected(n, c.type);
      const to = n.previousState ?? "awaiting_reply";
      const events = [action, ...changeState(n, to, c.at, c.actor, "resumed")];
      if (to === "awaiting_reply") events.push(...rearmFollowUps(n, c.at));
      const autoSendAt = n.pendingApproval?.autoSendAt ?? null;
      if (to === "awaiting_approval" && autoSendAt !== null) {
        // `delayed` autonomy: the cancel window runs on from where the pause left it.
        const window = {
          name: "approval_window" as const,
          at: Math.max(autoSendAt, c.at),
          n: null,
        };
        events.push({ type: "timers_set", at: c.at, timers: [window] });
      }
      return ok(none(events));
    }
    case "stop":
      return ok(none([action, ...changeState(n, "stopped", c.at, c.actor, "stopped")]));
    case "takeover":
      if (n.state === "human") return rejected(n, c.type);
      return ok(none([action, ...changeState(n, "human", c.at, c.actor, "takeover")]));
    case "release": {
      if (n.state !== "human" && n.state !== "escalated") return rejected(n, c.type);
      const released = [action, ...changeState(n, "awaiting_reply", c.at, c.actor, "released")];
      if (n.emailsReleased > 0) return ok(none([...released, ...rearmFollowUps(n, c.at)]));
      // Nothing was ever sent (the opening escalated): the agent starts again from the opening.
      const live: Negotiation = { ...n, state: "awaiting_reply" };
      const opening = openingOffer({
        terms: n.terms,
        creator: n.creator,
        budgetAvailableCents: null,
      });
      return ok(afterEngine(live, opening, c.at, released, null));
    }
    case "approve":
      if (n.state !== "awaiting_approval" || !n.pendingApproval) return rejected(n, c.type);
      return ok(
        none([
          action,
          { type: "draft_cleared", at: c.at, outcome: "approved", actor: c.actor, reason: null },
          ...releaseEmail(n, n.pendingApproval.intent, c.draft, c.at, c.actor),
        ]),
      );
    case "reject_draft":
      if (n.state !== "awaiting_approval" || !n.pendingApproval) return rejected(n, c.type);
      return ok(
        none([
          action,
          {
            type: "draft_cleared",
            at: c.at,
            outcome: "rejected",
            actor: c.actor,
            reason: c.reason,
          },
          ...escalate(n, c.at, "draft_rejected", [c.reason], c.actor),
        ]),
      );
  }
}

function rearmFollowUps(n: Negotiation, at: number): NegotiationEvent[] {
  if (n.emailsReleased === 0) return [];
  const plan = followUpPlan(at, n.terms.followUps, n.terms.sendWindow, n.creator.timezone);
  // Only the follow-ups not yet sent: never more than the policy's count in one silence.
  const left = Math.max(plan.followUps.length - n.followUpsSent, 0);
  const remaining = { ...plan, followUps: plan.followUps.slice(0, left) };
  return [{ type: "timers_set", at, timers: planFollowUps(remaining, n.followUpsSent) }];
}
