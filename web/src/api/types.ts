/** Shapes of the public API's answers, as the dashboard reads them (see GET /api/openapi.json). */

export type Role = "viewer" | "operator" | "admin";

export interface Me {
  actor: string;
  role: Role;
  via: "access" | "token" | "bootstrap";
}

export interface Band {
  floorCpmCents: number;
  ceilingCpmCents: number;
}

export interface CampaignStats {
  negotiations: number;
  byState: Record<string, number>;
  agreed: number;
  avgAgreedCpmCents: number | null;
  budgetUsedCents: number;
  active?: number;
  escalated?: number;
  awaitingApproval?: number;
  closed?: number;
  dealRate?: number | null;
  medianRounds?: number | null;
  band?: Band;
}

export interface SendWindow {
  days: string[];
  start: string;
  end: string;
}

export interface Brief {
  postingWindow: { start: string; end: string } | null;
  revisionRounds: number | null;
  contentApproval: boolean;
  exclusivity: { days: number; category: string } | null;
  productDetails: string | null;
  faq: { question: string; answer: string }[];
}

export interface Campaign {
  id: string;
  name: string;
  externalId: string | null;
  /** Absent from servers without campaign sources. */
  sheetUrl?: string | null;
  sheetTab?: string | null;
  status?: "active" | "paused" | "stopped";
  cpmTargetCents: number | null;
  leniencyPct: number | null;
  minCostPerCreatorCents: number | null;
  maxCostWithoutApprovalCents: number | null;
  budgetCents: number | null;
  deliverableTiers: string[];
  usageRights: { targetDays: number; minimumDays: number } | null;
  product: { description: string; valueCents: number } | null;
  syndication: boolean;
  autonomy: "review" | "delayed" | "autonomous";
  maxRounds: number;
  sendWindow: SendWindow | null;
  followUps: { afterBusinessDays: number[] };
  approvalWindowMinutes: number;
  autoSend: { maxAmountCents: number | null; minConfidence: number; purposes: string[] };
  paymentTerms: string;
  /** Present once the server's campaign contract has them. */
  brief?: Brief | null;
  tierShares?: number[];
  /** The campaign's sending mailboxes (null: every configured one); present once the server has pools. */
  mailboxes?: string[] | null;
  createdAt: string;
  updatedAt: string;
  stats: CampaignStats;
}

export interface NegotiationSummary {
  id: string;
  campaignId: string;
  creatorName: string;
  creatorEmail: string;
  platform: string;
  state: string;
  round: number;
  lastOfferCents: number | null;
  lastOfferCpmCents: number | null;
  theirAskCents: number | null;
  agreedCents: number | null;
  agreedCpmCents: number | null;
  counterpartyType: string;
  agency: string | null;
  contacts: string[];
  nextTimerAt: string | null;
  /** The draft waiting for a person, with the amount it would state. */
  pendingApproval: { purpose: string; amountCents: number | null } | null;
  updatedAt: string;
  createdAt: string;
}

export interface NegotiationPage {
  negotiations: NegotiationSummary[];
  total: number;
  limit: number;
  offset: number;
}

/** A campaign's mailbox pool and capacity (servers with pools; docs/sending-capacity.md). */
export interface CampaignSending {
  mailboxes: { address: string; dailyCap: number; gapSeconds: number; emailsPerDay: number }[];
  dailyCap: number;
  emailsPerDay: number;
  emailsPerNegotiation: number;
  lifetimeDays: number;
  sendingDaysPerWeek: number;
  activeNegotiations: number;
  neededPerDay: number;
  overCapacity: boolean;
}

export interface CampaignMetrics {
  campaignId: string;
  stats: CampaignStats;
  sending?: CampaignSending;
  budgetCents: number | null;
  deals: {
    negotiationId: string;
    creatorName: string;
    platform: string;
    agreedCents: number | null;
    agreedCpmCents: number | null;
    round: number;
    updatedAt: string;
  }[];
  dealsTruncated: boolean;
  agencies: { agency: string; total: number; open: number }[];
}

export interface Rationale {
  decision: string;
  reason: string;
  band: Band;
  averageViews: number;
  round: number;
  theirAskCents: number | null;
  theirImpliedCpmCents: number | null;
  offerCents: number | null;
  offerCpmCents: number | null;
  lever: string | null;
  cappedBy: string[];
}

export interface Negotiation {
  id: string;
  campaignId: string;
  creator: {
    name: string;
    email: string;
    platform: string;
    handle: string | null;
    averageViews: number;
    engagementRate: number | null;
    timezone: string;
  };
  state: string;
  previousState: string | null;
  round: number;
  lastOffer: {
    amountCents: number;
    cpmCents: number;
    deliverables: string;
    tier: number;
    usageRights: { days: number } | null;
    product: { description: string; valueCents: number } | null;
    syndication: boolean;
    rationale: Rationale;
  } | null;
  theirAsk: { amountCents: number; tier: number | null; at: string } | null;
  agreedCents: number | null;
  counterparty: { type: string; agency: string | null };
  contacts: string[];
  nextTimerAt: string | null;
  pendingApproval: {
    purpose: string;
    amountCents: number | null;
    subject: string;
    text: string;
    requestedAt: string;
    autoSendAt: string | null;
  } | null;
  escalation: { reason: string; evidence: string[]; at: string } | null;
  emailsSent: number;
  createdAt: string;
  updatedAt: string;
}

export interface TimelineEvent {
  at: string;
  type: string;
  actor: string;
  requestId: string | null;
  [field: string]: unknown;
}

export interface NotificationRow {
  id: string;
  at: string;
  kind: string;
  campaignId: string | null;
  negotiationId: string | null;
  title: string;
  detail: string;
  data: {
    creator?: { name: string; email: string; platform: string; handle: string | null };
    campaignName?: string | null;
    state?: string;
    round?: number;
    excerpt?: string | null;
    reason?: string | null;
    evidence?: string[];
    rationale?: string | null;
    draft?: { subject: string; body: string; autoSendAt: string | null } | null;
    deal?: {
      deliverables: string;
      amountCents: number;
      cpmCents: number | null;
      targetCpmCents: number | null;
      nextSteps: string[];
    } | null;
    failure?: { queue: string; kind: string; attempts: number; reason: string };
  };
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: string | null;
}

export interface AuditEvent {
  id: string;
  at: string;
  type: string;
  campaignId: string | null;
  negotiationId: string | null;
  creatorName: string | null;
  creatorEmail: string | null;
  actor: string;
  stateFrom: string | null;
  stateTo: string | null;
  amountCents: number | null;
  requestId: string | null;
  data: Record<string, unknown>;
}

export interface ImportRowResult {
  row: number;
  line?: number;
  status: "started" | "duplicate" | "invalid" | "new";
  negotiationId?: string;
  email?: string;
  reason?: string;
}

export interface ImportAnswer {
  dryRun?: boolean;
  results: ImportRowResult[];
  started?: number;
  new?: number;
  duplicates: number;
  invalid: number;
  /** Sentences with the arithmetic when the campaign's mailboxes cannot keep up (servers with pools). */
  warnings?: string[];
}

export interface MailboxStatus {
  address: string;
  paused: boolean;
  pausedAt: string | null;
  pauseReason: string | null;
  sentToday: number;
  capToday: number;
  bounceRate: number | null;
  sends7d: number;
  bounces7d: number;
  /** Servers with mailbox pools: negotiations given this mailbox in the last 14 days. */
  assigned?: number;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: string;
}

export interface FailedJob {
  id: string;
  queue: string;
  kind: string;
  effectKey: string | null;
  negotiationId: string | null;
  attempts: number;
  failedAt: string;
  body: unknown;
}

export interface Readiness {
  status: "ready" | "not_ready";
  checks: Record<string, { ok: boolean; detail?: string | string[] }>;
  warnings: string[];
}
