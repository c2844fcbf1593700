/**
 * Shared vocabulary of the pure domain. No I/O, no clock: times are ISO strings or epoch
 * milliseconds passed in by callers. All money is integer cents.
 */

/** Integer number of US cents. CPM values are cents per thousand views. */
export type Cents = number;

export const PLATFORMS = ["instagram", "tiktok", "youtube"] as const;
export type Platform = (typeof PLATFORMS)[number];

export const AUTONOMY_LEVELS = ["review", "delayed", "autonomous"] as const;
export type Autonomy = (typeof AUTONOMY_LEVELS)[number];

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local send window in the creator's time zone; `start`/`end` are "HH:MM" (end exclusive). */
export interface SendWindow {
  days: Weekday[];
  start: string;
  end: string;
}

export interface UsageRights {
  targetDays: number;
  minimumDays: number;
}

export interface ProductPerk {
  description: string;
  valueCents: Cents;
}

/** A question the team answered in advance, and its answer, in the team's words. */
export interface FaqEntry {
  question: string;
  answer: string;
}

/**
 * What the team tells creators about a campaign beyond the money: Parley answers questions from
 * these facts only (each one is a value code renders into the email) and asks the team the rest.
 */
export interface CampaignBrief {
  /** Dates (YYYY-MM-DD) between which the content goes live. */
  postingWindow: { start: string; end: string } | null;
  revisionRounds: number | null;
  /** Whether the brand reviews the draft before it goes live. */
  contentApproval: boolean;
  exclusivity: { days: number; category: string } | null;
  productDetails: string | null;
  faq: FaqEntry[];
}

/** Everything the engine needs to know about a campaign. Every number is configurable. */
export interface CampaignTerms {
  cpmTargetCents: Cents | null;
  leniencyPct: number | null;
  minCostPerCreatorCents: Cents | null;
  maxCostWithoutApprovalCents: Cents | null;
  budgetCents: Cents | null;
  /** 1–3 deliverable descriptions, richest first (tier 1 = index 0). */
  deliverableTiers: string[];
  /**
   * Price of each tier in % of the full-package price, one per tier (first 100, never rising).
   * Terms saved before it existed are read with the default for their tiers ([100, 70, 50]).
   */
  tierShares: number[];
  usageRights: UsageRights | null;
  product: ProductPerk | null;
  syndication: boolean;
  maxRounds: number;
  autonomy: Autonomy;
  /** null: send at any time. */
  sendWindow: SendWindow | null;
  followUps: { afterBusinessDays: number[] };
  /** Cancel window for `delayed` autonomy, in minutes. */
  approvalWindowMinutes: number;
  /** Payment terms stated in agreement emails, e.g. "Net 30 after the content goes live". */
  paymentTerms: string;
  /** `autonomous` only: what may go out without a person (the defaults on terms saved before it). */
  autoSend: AutoSendLimits;
  /** What Parley may tell creators beyond the money (null on terms saved before it existed). */
  brief: CampaignBrief | null;
}

/** Thresholds inside which `autonomous` sends at once; anything outside falls back to review. */
export interface AutoSendLimits {
  /** An email carrying an offer above this waits for a person (null: only the approval limit applies). */
  maxAmountCents: Cents | null;
  /** An email answering a reply read with less confidence than this waits for a person. */
  minConfidence: number;
  /** Purposes that may be sent automatically. */
  purposes: EmailPurpose[];
}

export interface Creator {
  name: string;
  email: string;
  platform: Platform;
  handle: string | null;
  averageViews: number;
  engagementRate: number | null;
  /** IANA time zone, e.g. "America/New_York". */
  timezone: string;
}

/** The campaign price band, in CPM cents. */
export interface PriceBand {
  floorCpmCents: Cents;
  ceilingCpmCents: Cents;
}

export type RateClass = "exceeds_ceiling" | "suspiciously_low" | "below_floor" | "within";

/** Levers, in the order the engine tries them (DOMAIN.md §3). */
export const LEVERS = [
  "creator_minimum",
  "approval_limit",
  "deliverable_tier",
  "usage_rights",
  "product",
  "syndication",
  "share_cpm_target",
  "walk_away",
] as const;
export type Lever = (typeof LEVERS)[number];

/** Machine-readable reason for every engine decision; stored with the offer, shown to people. */
export interface Rationale {
  /** Short code, e.g. "opening", "concession_step", "accept_their_ask", "lever_deliverable_tier". */
  decision: string;
  /** One human sentence explaining why. */
  reason: string;
  band: PriceBand;
  averageViews: number;
  round: number;
  theirAskCents: Cents | null;
  theirImpliedCpmCents: Cents | null;
  theirAskClass: RateClass | null;
  offerCents: Cents | null;
  offerCpmCents: Cents | null;
  /**
   * Where the offer sits on the concession curve, as a fraction of the band (0 = floor, 1 =
   * ceiling): 0, 0.5, 0.8, 1 for full steps, in between after a quarter step. For an acceptance,
   * the step their ask was compared with.
   */
  concessionStep: number | null;
  lever: Lever | null;
  /**
   * Limits that capped the number, e.g. ["ceiling", "max_cost_without_approval", "budget",
   * "richer_scope" (a smaller tier never costs more than our offer for the richer one),
   * "creator_minimum", "last_offer" (we never go back below our own offer)].
   */
  cappedBy: string[];
}

/** Our offer: the single source of every number we send. */
export interface Offer {
  amountCents: Cents;
  /** Implied CPM of amountCents at the creator's average views. */
  cpmCents: Cents;
  /** 1-based deliverable tier. */
  tier: number;
  deliverables: string;
  /** Usage-rights duration offered, in days; null when the campaign has no usage rights. */
  usageDays: number | null;
  /** Product perk included as extra value. */
  product: ProductPerk | null;
  syndication: boolean;
  /** Whether the CPM target is shared with the creator in this round's email. */
  shareCpmTarget: boolean;
  /** The package: the fee plus the product's value when one is included. */
  packageValueCents: Cents;
  /**
   * For a scope we traded down to (or they priced below ours): our offer for the richer scope,
   * which the smaller one never costs more than. Null otherwise.
   */
  richerOfferCents: Cents | null;
  rationale: Rationale;
}

export const ESCALATION_REASONS = [
  "exceeds_ceiling",
  "ambiguous_intent",
  "hostile_tone",
  "legal_language",
  "unusual_deliverables",
  "max_rounds",
  "validation_failed",
  "budget_exhausted",
  "keyword",
  "above_approval_limit",
  "invalid_creator",
  "model_unavailable",
  "processing_failed",
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export const REPLY_INTENTS = [
  "accept",
  "counter",
  "reject",
  "question",
  "unclear",
  "out_of_office",
  "auto_reply",
  "bounce",
  "opt_out",
] as const;
export type ReplyIntent = (typeof REPLY_INTENTS)[number];

export type SignalKind = "hostile_tone" | "legal_language" | "unusual_deliverables" | "keyword";

export interface Signal {
  kind: SignalKind;
  /** Quoted words from the email that triggered it. */
  evidence: string;
}

/** What a reader extracts from one inbound reply (DOMAIN.md §6). */
export interface ReplyReading {
  intent: ReplyIntent;
  confidence: number;
  /** Their proposed rate, parsed by our code to cents; null when none. */
  proposedAmountCents: Cents | null;
  /** Deliverables they proposed, e.g. "just the Reel"; null when none. */
  proposedDeliverables: string | null;
  usageRightsMentioned: boolean;
  exclusivityMentioned: boolean;
  questions: string[];
  concerns: string[];
  tone: "positive" | "neutral" | "negative" | "hostile";
  signals: Signal[];
  /** ISO date (YYYY-MM-DD) an out-of-office reply says they are back. */
  returnDate: string | null;
}

export type CounterpartyType = "creator" | "manager";

export interface Counterparty {
  type: CounterpartyType;
  /** Agency domain when a manager writes from one. */
  agency: string | null;
  /** A manager's name as their email gives it, to greet them by it. */
  name: string | null;
}

/** What an email is for; drives the template/writer and the gate's rules. */
export const EMAIL_PURPOSES = [
  "opening",
  "counter",
  "answer",
  "agreement",
  "walk_away",
  "follow_up",
  "decline_ack",
] as const;
export type EmailPurpose = (typeof EMAIL_PURPOSES)[number];
