import type { Decision } from "./negotiation-decide";
import type { NegotiationEvent } from "./negotiation-events";
import { escalate } from "./negotiation-outcomes";
import type { EmailIntent, Negotiation, NegotiationState, ReplyFacts } from "./negotiation-state";
import type { EngineDecision } from "./offer-engine";

export const none = (events: NegotiationEvent[] = []): Decision => ({ events, email: null });

export const emailFor = (
  purpose: EmailIntent["purpose"],
  targetState: NegotiationState,
  fields: Partial<EmailIntent> = {},
): EmailIntent => ({
  purpose,
  offer: null,
  lever: null,
  theirAskCents: null,
  reply: null,
  followUpNumber: null,
  targetState,
  ...fields,
});

/** Turns an engine decision into events and the email that carries it. */
export function afterEngine(
  n: Negotiation,
  decision: EngineDecision,
  at: number,
  events: NegotiationEvent[],
  reply: ReplyFacts | null,
): Decision {
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
          reply,
        }),
      };
    }
    case "accept":
      return {
        events: [...events, { type: "offer_made", at, offer: decision.offer, kind: "accepted" }],
        email: emailFor("agreement", "agreed", { offer: decision.offer, reply }),
      };
    case "walk_away":
      return {
        events,
        email: emailFor("walk_away", "walked_away", { offer: n.lastOffer, reply }),
      };
    case "escalate":
      return none([...events, ...escalate(n, at, decision.reason, [decision.rationale.reason])]);
  }
}
