/**
 * A scripted creator: given Parley's latest email (what it is for, and the offer its scope block
 * states), the messages the creator (or their manager) sends next. Pure and deterministic.
 *
 * Every persona holds a hidden minimum for the full package. For another scope it needs
 *   minimum × its own value of the tier × (1 − usage discount, when usage is shortened)
 *   − what the product is worth to it (when the product is included),
 * and it never accepts less than that. docs/simulation.md lists the rules per strategy.
 */
import { NEVER_DEALS, type SimCreator, type Strategy } from "./population";
import {
  acceptText,
  counterText,
  declineText,
  giveUpText,
  handoffText,
  type Moment,
  outOfOfficeText,
  pushbackText,
  QUESTIONS,
  signature,
  written,
} from "./wording";

/** Parley's offer as its email states it. */
export interface SeenOffer {
  amountCents: number;
  /** 1-based deliverable tier (matched against the campaign's tiers). */
  tier: number;
  usageDays: number | null;
  product: boolean;
  syndication: boolean;
}

export type MessageKind =
  | "accept"
  | "counter"
  | "decline"
  | "give_up"
  | "question"
  | "out_of_office"
  | "handoff";

export interface Message {
  kind: MessageKind;
  /** Who writes it. */
  by: "creator" | "manager";
  text: string;
  /** The amount a counter names (for the scope of `offer`). */
  amountCents: number | null;
  /** The offer this message answers (null before any offer was seen). */
  offer: SeenOffer | null;
  /** Sent by an auto-responder (Auto-Submitted header, "Automatic reply" subject). */
  automatic: boolean;
  hostile: boolean;
}

export interface PersonaState {
  /** Negotiation replies sent (counters, accepts, refusals); questions and auto-replies excluded. */
  replies: number;
  /** What they currently want for the full package; null before their first position. */
  aspiration: number | null;
  lastAsk: { amountCents: number; scope: string } | null;
  lastOffer: SeenOffer | null;
  outOfOfficeSent: boolean;
  questionAsked: boolean;
  handedOff: boolean;
  /** They asked for more without a number already. */
  pushedBack: boolean;
  done: boolean;
}

export const initialState = (): PersonaState => ({
  replies: 0,
  aspiration: null,
  lastAsk: null,
  lastOffer: null,
  outOfOfficeSent: false,
  questionAsked: false,
  handedOff: false,
  pushedBack: false,
  done: false,
});

/** Strategies that may ask for more without a number before naming one. */
const PUSH_BACK_FIRST: ReadonlySet<Strategy> = new Set(["moderate", "anchor", "firm"]);

/** Emails after which a creator has nothing left to say. */
const CLOSING = new Set(["agreement", "walk_away", "decline_ack"]);

/** Whether the offer shortens usage below the campaign's target. */
const shortUsage = (c: SimCreator, offer: SeenOffer) => {
  const rights = c.campaign.body.usageRights;
  return rights !== null && offer.usageDays !== null && offer.usageDays < rights.targetDays;
};

/** The fee this persona needs for the offer's scope when it wants `fullPackage` for tier 1. */
export function feeNeeded(c: SimCreator, offer: SeenOffer, fullPackage: number): number {
  const tierValue = c.tierValue[offer.tier - 1] ?? c.tierValue.at(-1) ?? 1;
  const usage = shortUsage(c, offer) ? 1 - c.usageDiscount : 1;
  const product = offer.product && c.campaign.body.product ? c.campaign.body.product.valueCents : 0;
  return Math.max(0, fullPackage * tierValue * usage - product * c.productWorth);
}

/** The least this persona takes for the offer's scope, product not counted (the overpay basis). */
export function minimumFor(c: SimCreator, offer: SeenOffer): number {
  return feeNeeded(c, { ...offer, product: false }, c.minimumCents);
}

/** The amount a person writes when naming at least `cents`: up to $5, $25, $50 or $100. */
export function writtenAsk(cents: number): number {
  const step = cents < 100_00 ? 5_00 : cents < 1000_00 ? 25_00 : cents < 10_000_00 ? 50_00 : 100_00;
  return Math.max(step, Math.ceil(cents / step) * step);
}

const scopeKey = (o: SeenOffer) => `${o.tier}|${o.usageDays}|${o.product}`;

export interface Incoming {
  /** What Parley's email is for (opening, counter, answer, follow_up, agreement, …). */
  purpose: string;
  /** The offer its scope block states; null when it states none. */
  offer: SeenOffer | null;
  now: Date;
}

/** The persona's next messages (possibly none) and its new state. */
export function respond(
  c: SimCreator,
  state: PersonaState,
  incoming: Incoming,
): { messages: Message[]; state: PersonaState } {
  if (state.done) return { messages: [], state };
  if (CLOSING.has(incoming.purpose)) return { messages: [], state: { ...state, done: true } };
  const s: PersonaState = { ...state, lastOffer: incoming.offer ?? state.lastOffer };
  const offer = s.lastOffer;
  const messages: Message[] = [];
  const say = (
    kind: MessageKind,
    text: string,
    extra: Partial<Pick<Message, "amountCents" | "automatic" | "hostile">> & {
      by: Message["by"];
    },
  ): Message => {
    const { by } = extra;
    const signed = extra.automatic ? text : `${text}\n\n${signature(c, by === "manager")}`;
    return {
      kind,
      by,
      text: signed,
      amountCents: extra.amountCents ?? null,
      offer,
      automatic: extra.automatic ?? false,
      hostile: extra.hostile ?? false,
    };
  };

  // A manager who is the contact writes everything; a creator who hands over writes until then.
  const firstVoice = c.manager && !c.manager.handoff ? "manager" : "creator";
  if (c.outOfOffice && !s.outOfOfficeSent) {
    s.outOfOfficeSent = true;
    const days = 3 + (c.voice % 8);
    messages.push(
      say("out_of_office", outOfOfficeText(incoming.now, days), {
        automatic: true,
        by: firstVoice,
      }),
    );
  }
  if (c.questionFirst && !s.questionAsked) {
    s.questionAsked = true;
    messages.push(say("question", QUESTIONS[c.questionFirst], { by: firstVoice }));
    return { messages, state: s };
  }
  if (c.manager?.handoff && !s.handedOff) {
    messages.push(say("handoff", handoffText(c), { by: "creator" }));
    s.handedOff = true;
  }
  const voice = c.manager ? "manager" : "creator";
  if (!offer) return { messages, state: s };
  if (c.strategy === "decline") {
    messages.push(say("decline", declineText(c), { by: voice }));
    return { messages, state: { ...s, done: true } };
  }

  // A negotiator may first ask for more without a number, when it would otherwise name one.
  if (
    c.pushesBackFirst &&
    !s.pushedBack &&
    s.aspiration === null &&
    PUSH_BACK_FIRST.has(c.strategy) &&
    offer.amountCents < feeNeeded(c, offer, c.minimumCents * c.anchorMultiple)
  ) {
    s.pushedBack = true;
    messages.push(say("counter", pushbackText(c), { by: voice }));
    return { messages, state: s };
  }
  s.replies += 1;
  const first = s.aspiration === null;
  const minimum = c.minimumCents;
  const previous = s.aspiration ?? minimum * c.anchorMultiple;
  const aspiration =
    c.strategy === "quick_yes"
      ? minimum
      : first
        ? minimum * c.anchorMultiple
        : minimum + (previous - minimum) * (1 - c.concession);
  s.aspiration = aspiration;
  const fee = offer.amountCents;
  const hostileOpening = c.strategy === "hostile" && first;
  if (!hostileOpening && fee >= feeNeeded(c, offer, aspiration)) {
    messages.push(say("accept", acceptText(c, written(fee, c.voice)), { by: voice }));
    return { messages, state: { ...s, done: true } };
  }
  if (s.replies >= c.patience && !NEVER_DEALS.has(c.strategy)) {
    const ok = fee >= feeNeeded(c, offer, minimum);
    messages.push(
      ok
        ? say("accept", acceptText(c, written(fee, c.voice)), { by: voice })
        : say("give_up", giveUpText(c), { by: voice }),
    );
    return { messages, state: { ...s, done: true } };
  }
  let ask = writtenAsk(feeNeeded(c, offer, aspiration));
  const scope = scopeKey(offer);
  const sameScope = s.lastAsk?.scope === scope;
  if (sameScope && s.lastAsk && s.lastAsk.amountCents <= ask) ask = s.lastAsk.amountCents;
  if (ask <= fee && !hostileOpening) {
    messages.push(say("accept", acceptText(c, written(fee, c.voice)), { by: voice }));
    return { messages, state: { ...s, done: true } };
  }
  const moment: Moment = hostileOpening
    ? "hostile"
    : first
      ? "first"
      : !sameScope
        ? "smaller_scope"
        : s.lastAsk?.amountCents === ask
          ? "repeat"
          : "later";
  const deliverables = c.campaign.body.deliverableTiers[offer.tier - 1] ?? "that scope";
  const raise = written(ask - fee, c.voice);
  const text = counterText(c, moment, written(ask, c.voice), deliverables, raise);
  messages.push(say("counter", text, { amountCents: ask, hostile: hostileOpening, by: voice }));
  s.lastAsk = { amountCents: ask, scope };
  return { messages, state: s };
}
