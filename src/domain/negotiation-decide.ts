import { afterEngine, none } from "./negotiation-branches";
import { onHumanCommand, onSendDelayed, onSystemEscalation, onTimer } from "./negotiation-commands";
import type { NegotiationEvent } from "./negotiation-events";
import { onReply } from "./negotiation-replies";
import type {
  Actor,
  Draft,
  EmailIntent,
  Negotiation,
  NegotiationState,
  Timer,
} from "./negotiation-state";
import { openingOffer } from "./offer-engine";
import { ok, type Result } from "./result";
import type {
  CampaignTerms,
  Cents,
  Counterparty,
  Creator,
  EscalationReason,
  ReplyReading,
} from "./types";

export { MIN_CONFIDENCE } from "./negotiation-replies";

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
  /** The latest email leaves `delayMs` later than planned (send discipline held it). */
  | { type: "send_delayed"; at: number; delayMs: number }
  /** The system could not handle something (a reply the model cannot read): a person must. */
  | { type: "escalate"; at: number; reason: EscalationReason; evidence: string[] }
  | { type: "pause" | "resume" | "stop" | "takeover" | "release"; at: number; actor: Actor }
  /** `draft` is the pending draft, or a person's edit of it that already passed the gate. */
  | { type: "approve"; at: number; actor: Actor; draft: Draft }
  /** A person's answer to their open questions, composed and already passed through the gate. */
  | { type: "answer"; at: number; actor: Actor; draft: Draft }
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

/** Decides what a command means for a negotiation. Pure: no I/O, `at` is given. */
export function decide(n: Negotiation | null, c: Command): Result<Decision, CommandRejected> {
  if (c.type === "start") return ok(n ? none() : start(c));
  if (!n) throw new Error("decide: only `start` applies to a negotiation that does not exist");
  switch (c.type) {
    case "reply":
      return ok(onReply(n, c));
    case "timer":
      return ok(onTimer(n, c.timer, c.at));
    case "escalate":
      return ok(onSystemEscalation(n, c));
    case "send_delayed":
      return ok(onSendDelayed(n, c));
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
    counterparty: { type: "creator", agency: null, name: null },
    contacts: [c.creator.email],
    agreedCents: null,
    emailsReleased: 0,
    followUpsSent: 0,
    timers: [],
    pendingApproval: null,
    lastEscalation: null,
    lastIntent: null,
    openQuestions: [],
    rateAsked: false,
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
