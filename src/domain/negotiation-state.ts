import type { QuestionTopic } from "./question-topics";
import type {
  CampaignTerms,
  Cents,
  Counterparty,
  Creator,
  EmailPurpose,
  EscalationReason,
  Lever,
  Offer,
  ReplyIntent,
  ReplyReading,
} from "./types";

/** Public state names (DOMAIN.md §4); the API and dashboard use exactly these. */
export const NEGOTIATION_STATES = [
  "opening",
  "awaiting_reply",
  "awaiting_approval",
  "escalated",
  "human",
  "paused",
  "unresponsive",
  "agreed",
  "declined",
  "walked_away",
  "stopped",
] as const;
export type NegotiationState = (typeof NEGOTIATION_STATES)[number];

export const TERMINAL_STATES: ReadonlySet<NegotiationState> = new Set([
  "agreed",
  "declined",
  "walked_away",
  "stopped",
]);

export const isTerminal = (state: NegotiationState): boolean => TERMINAL_STATES.has(state);

/** Who did something: the agent, the system (timers, transports) or a person/token. */
export type Actor = string;

export type TimerName = "follow_up" | "unresponsive" | "approval_window";

export interface Timer {
  name: TimerName;
  /** Epoch milliseconds. */
  at: number;
  /** Follow-up number (1-based) for `follow_up` timers. */
  n: number | null;
}

/**
 * What code verified about the reply an email answers. The writer sees these facts, never the
 * reply's words: an instruction hidden in an email has nothing to travel in.
 */
export interface ReplyFacts {
  intent: ReplyIntent;
  tone: ReplyReading["tone"];
  /** Topics of their questions this email answers from the campaign's facts. */
  questionTopics: QuestionTopic[];
  /** FAQ entries (indexes into the brief's FAQ) this email answers. */
  faq: number[];
  /** Some of their questions went to the team, who will answer them. */
  askedTeam: boolean;
  /** They named a rate (read by code; it reaches an email only as the `{{THEIR_ASK}}` slot). */
  namedRate: boolean;
  /** They asked for the contract or paperwork to sign (found by code in their words); the team is told with the deal. */
  contractRequested?: boolean;
  /** They asked for more money without naming a rate: the email keeps our offer and asks for theirs. */
  pushedBackWithoutRate?: boolean;
}

/** An email the engine asked for; the writer turns it into prose, the gate checks it. */
export interface EmailIntent {
  purpose: EmailPurpose;
  offer: Offer | null;
  lever: Lever | null;
  /** Their ask, when quoting it back is allowed. */
  theirAskCents: Cents | null;
  /** The reply this email answers; null when it answers none. */
  reply: ReplyFacts | null;
  followUpNumber: number | null;
  /** The state the negotiation enters once this email is released. */
  targetState: NegotiationState;
}

export interface Draft {
  subject: string;
  body: string;
}

export interface PendingApproval {
  intent: EmailIntent;
  draft: Draft;
  requestedAt: number;
  /** For `delayed` autonomy: when the draft is sent unless someone acts. */
  autoSendAt: number | null;
  /** For `autonomous` campaigns: the thresholds this draft fell outside of (empty otherwise). */
  heldBecause: string[];
}

export interface TheirAsk {
  amountCents: Cents;
  tier: number | null;
  at: number;
}

/** The negotiation aggregate: everything the Durable Object persists as its state. */
export interface Negotiation {
  id: string;
  campaignId: string;
  creator: Creator;
  /** Campaign terms captured when the negotiation started: later campaign edits never move money mid-thread. */
  terms: CampaignTerms;
  state: NegotiationState;
  previousState: NegotiationState | null;
  /** Counters we have sent after the opening. */
  round: number;
  lastOffer: Offer | null;
  theirAsk: TheirAsk | null;
  leversUsed: Lever[];
  counterparty: Counterparty;
  contacts: string[];
  /** Amount agreed; always equal to lastOffer.amountCents once agreed. */
  agreedCents: Cents | null;
  /** Emails we have released in this negotiation (opening included). */
  emailsReleased: number;
  followUpsSent: number;
  timers: Timer[];
  pendingApproval: PendingApproval | null;
  lastEscalation: {
    reason: EscalationReason | "draft_rejected";
    evidence: string[];
    at: number;
  } | null;
  lastIntent: ReplyIntent | null;
  /** Their questions waiting for a person's answer, in their words. */
  openQuestions: string[];
  /**
   * Our latest email asked for their rate, because they asked for more without naming one.
   * Cleared when they name one or a new offer goes out.
   */
  rateAsked: boolean;
  createdAt: number;
  updatedAt: number;
}
