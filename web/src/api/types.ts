/**
 * Shapes of the public API's answers, as the dashboard reads them.
 *
 * Where the server declares a shape in a module the web build can type-check on its own (the pure
 * domain types, the negotiation object's view, the mailbox object's RPC surface, the D1 tables a
 * route returns as they are), it is imported from there with `import type`: erased at build time,
 * so no server code reaches the bundle (web/test/server-imports.test.ts keeps it so). The other
 * shapes are declared only inside route modules, next to Hono, drizzle's D1 driver and the
 * Worker's bindings, which this build neither type-checks nor bundles: those are copied here.
 */
import type { failedJobs, notifications } from "../../../src/db/schema";
import type { CapacityCheck } from "../../../src/domain/sending-capacity";
import type { CampaignBrief, PriceBand, SendWindow } from "../../../src/domain/types";

export type { Rationale } from "../../../src/domain/types";
export type { MailboxView as MailboxStatus } from "../../../src/gmail/mailbox-api";
export type { NegotiationView as Negotiation, TimelineEvent } from "../../../src/negotiation/types";

export type { SendWindow };
export type Band = PriceBand;
export type Brief = CampaignBrief;

/** GET /api/failed-jobs answers its rows as stored. */
export type FailedJob = typeof failedJobs.$inferSelect;

/** GET /api/notifications answers its rows as stored (`data` is the notifier's NotificationData). */
export type NotificationRow = typeof notifications.$inferSelect;

export type Role = "viewer" | "operator" | "admin";

export interface Me {
  actor: string;
  role: Role;
  via: "access" | "token" | "bootstrap";
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
  brief: Brief | null;
  tierShares: number[];
  /** The campaign's sending mailboxes (null: every configured one). */
  mailboxes: string[] | null;
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

/** A campaign's mailbox pool and capacity (docs/sending-capacity.md). */
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
  sending: CampaignSending;
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
  /** The campaign's load after the import against what its mailboxes send. */
  capacity: CapacityCheck & { mailboxes: number };
  /** Sentences with the arithmetic when the campaign's mailboxes cannot keep up. */
  warnings: string[];
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

export interface Readiness {
  status: "ready" | "not_ready";
  checks: Record<string, { ok: boolean; detail?: string | string[] }>;
  warnings: string[];
}

/** GET /api/settings. (The server's GlobalPause is inferred from a schema in a module with D1.) */
export interface Settings {
  globalPause: {
    paused: boolean;
    since: string | null;
    by: string | null;
    reason: string | null;
  };
  /** Negotiations holding an email back for the pause; a resume releases them. */
  heldSends: number;
}

/** POST /api/failed-jobs/replay: at most a page of dead letters per call. */
export interface BulkReplayAnswer {
  replayed: number;
  skipped: number;
  /** More dead letters were waiting: call again. */
  more: boolean;
}
