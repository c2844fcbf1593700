import { afterEngine, emailFor, none } from "./negotiation-branches";
import type { Command, CommandRejected, Decision } from "./negotiation-decide";
import type { NegotiationEvent } from "./negotiation-events";
import { changeState, escalate, planFollowUps, releaseEmail } from "./negotiation-outcomes";
import {
  type Actor,
  type EmailIntent,
  isTerminal,
  type Negotiation,
  type Timer,
} from "./negotiation-state";
import { openingOffer } from "./offer-engine";
import { err, ok, type Result } from "./result";
import { followUpPlan } from "./schedule";

const rejected = (n: Negotiation, command: Command["type"]): Result<never, CommandRejected> =>
  err({
    code: "illegal_command",
    state: n.state,
    command,
    message: `Cannot ${command.replace("_", " ")} a negotiation that is ${n.state.replace("_", " ")}.`,
  });

export function onSystemEscalation(
  n: Negotiation,
  c: Extract<Command, { type: "escalate" }>,
): Decision {
  if (isTerminal(n.state) || n.state === "escalated" || n.state === "human") return none();
  return none(escalate(n, c.at, c.reason, c.evidence, "system"));
}

/**
 * Follow-ups count from when the creator actually got our email: when send discipline (a daily
 * cap, a paused mailbox) holds the latest email back, its follow-up timers move by the same delay.
 */
export function onSendDelayed(
  n: Negotiation,
  c: Extract<Command, { type: "send_delayed" }>,
): Decision {
  const moves = (t: Timer) => t.name === "follow_up" || t.name === "unresponsive";
  if (n.state !== "awaiting_reply" || c.delayMs <= 0 || !n.timers.some(moves)) return none();
  const timers = n.timers.map((t) => (moves(t) ? { ...t, at: t.at + c.delayMs } : t));
  return none([{ type: "timers_set", at: c.at, timers }]);
}

export function onTimer(n: Negotiation, timer: Timer, at: number): Decision {
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

export function onHumanCommand(
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
      // An escalated negotiation can hold the draft the gate refused: a person may fix and send it.
      if ((n.state !== "awaiting_approval" && n.state !== "escalated") || !n.pendingApproval)
        return rejected(n, c.type);
      return ok(
        none([
          action,
          { type: "draft_cleared", at: c.at, outcome: "approved", actor: c.actor, reason: null },
          ...releaseEmail(n, n.pendingApproval.intent, c.draft, c.at, c.actor),
        ]),
      );
    case "answer":
      // Their question waits for us: answered in the thread while it is ours to write in.
      if (!n.openQuestions.length || !ANSWERABLE_IN.has(n.state)) return rejected(n, c.type);
      return ok(
        none([
          action,
          { type: "questions_answered", at: c.at, actor: c.actor },
          ...releaseEmail(n, teamAnswerIntent(n), c.draft, c.at, c.actor),
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

/** States in which a person's answer may be sent: the thread is waiting on us, not held. */
const ANSWERABLE_IN: ReadonlySet<Negotiation["state"]> = new Set([
  "awaiting_reply",
  "unresponsive",
]);

/** The email that carries a person's answer: it restates the offer on the table. */
export const teamAnswerIntent = (n: Negotiation): EmailIntent =>
  emailFor("answer", "awaiting_reply", { offer: n.lastOffer });

function rearmFollowUps(n: Negotiation, at: number): NegotiationEvent[] {
  if (n.emailsReleased === 0) return [];
  const plan = followUpPlan(at, n.terms.followUps, n.terms.sendWindow, n.creator.timezone);
  // Only the follow-ups not yet sent: never more than the policy's count in one silence.
  const left = Math.max(plan.followUps.length - n.followUpsSent, 0);
  const remaining = { ...plan, followUps: plan.followUps.slice(0, left) };
  return [{ type: "timers_set", at, timers: planFollowUps(remaining, n.followUpsSent) }];
}
