import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import type { StoredCampaignTerms } from "../negotiation/terms-codec";
import type { NotificationData } from "../ports/notifier";

/** A draft waiting for a person, as the approval queue shows it. */
export interface PendingApprovalRow {
  purpose: string;
  subject: string;
  body: string;
  amountCents: number | null;
  requestedAt: string;
  autoSendAt: string | null;
}

export const campaigns = sqliteTable(
  "campaigns",
  {
    id: text("id").primaryKey(),
    externalId: text("external_id"),
    name: text("name").notNull(),
    terms: text("terms", { mode: "json" }).$type<StoredCampaignTerms>().notNull(),
    /** Where the campaign's creators are listed (a Google Sheet), and the tab to read. */
    sheetUrl: text("sheet_url"),
    sheetTab: text("sheet_tab"),
    /** `active`, `paused` or `stopped`; set by a campaign source's status (ClickUp). */
    status: text("status").notNull().default("active"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("campaigns_external_id").on(t.externalId)],
);

/** Projection of each negotiation object, for lists and stats. The object owns the truth. */
export const negotiations = sqliteTable(
  "negotiations",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id").notNull(),
    creatorName: text("creator_name").notNull(),
    creatorEmail: text("creator_email").notNull(),
    platform: text("platform").notNull(),
    state: text("state").notNull(),
    round: integer("round").notNull(),
    lastOfferCents: integer("last_offer_cents"),
    lastOfferCpmCents: integer("last_offer_cpm_cents"),
    /** The creator side's latest ask (the dashboard's campaign table). */
    theirAskCents: integer("their_ask_cents"),
    agreedCents: integer("agreed_cents"),
    agreedCpmCents: integer("agreed_cpm_cents"),
    counterpartyType: text("counterparty_type").notNull(),
    agency: text("agency"),
    contacts: text("contacts", { mode: "json" }).$type<string[]>().notNull(),
    nextTimerAt: text("next_timer_at"),
    /** The draft awaiting approval (state awaiting_approval), for the approval queue. */
    pendingApproval: text("pending_approval", { mode: "json" }).$type<PendingApprovalRow>(),
    /** Monotonic version from the object; older projections never overwrite newer ones. */
    seq: integer("seq").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("negotiations_campaign_creator").on(t.campaignId, t.creatorEmail),
    index("negotiations_campaign_state").on(t.campaignId, t.state),
    index("negotiations_agency").on(t.agency),
    index("negotiations_campaign_updated").on(t.campaignId, t.updatedAt),
  ],
);

/** Append-only audit trail. `id` is the event's idempotency key. */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    at: text("at").notNull(),
    type: text("type").notNull(),
    campaignId: text("campaign_id"),
    negotiationId: text("negotiation_id"),
    creatorName: text("creator_name"),
    creatorEmail: text("creator_email"),
    actor: text("actor").notNull(),
    stateFrom: text("state_from"),
    stateTo: text("state_to"),
    amountCents: integer("amount_cents"),
    requestId: text("request_id"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    index("audit_at").on(t.at, t.id),
    index("audit_campaign_at").on(t.campaignId, t.at),
    index("audit_negotiation_at").on(t.negotiationId, t.at),
    index("audit_type_at").on(t.type, t.at),
    index("audit_actor_at").on(t.actor, t.at),
    index("audit_creator_email").on(t.creatorEmail),
    index("audit_request_id").on(t.requestId),
  ],
);

/** Side effects that exhausted their retries, surfaced to people. */
export const failedJobs = sqliteTable(
  "failed_jobs",
  {
    id: text("id").primaryKey(),
    queue: text("queue").notNull(),
    kind: text("kind").notNull(),
    effectKey: text("effect_key"),
    negotiationId: text("negotiation_id"),
    body: text("body", { mode: "json" }).$type<unknown>().notNull(),
    attempts: integer("attempts").notNull(),
    failedAt: text("failed_at").notNull(),
    /** Set once a person replayed it: a second replay enqueues nothing. */
    replayedAt: text("replayed_at"),
    replayedBy: text("replayed_by"),
  },
  (t) => [index("failed_jobs_failed_at").on(t.failedAt)],
);

/** Team notifications: the offline notifier's inbox, shown in the dashboard. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    at: text("at").notNull(),
    kind: text("kind").notNull(),
    campaignId: text("campaign_id"),
    negotiationId: text("negotiation_id"),
    title: text("title").notNull(),
    detail: text("detail").notNull(),
    /** Context for acting on it (creator, excerpt, evidence, draft, deal…): NotificationData. */
    data: text("data", { mode: "json" }).$type<NotificationData>().notNull().default({}),
    /** Set when someone acted on it (approved, took over…) or it was superseded. */
    resolvedAt: text("resolved_at"),
    resolvedBy: text("resolved_by"),
    resolution: text("resolution"),
  },
  (t) => [
    index("notifications_at").on(t.at),
    index("notifications_negotiation").on(t.negotiationId, t.at),
  ],
);

/** The Slack message posted for each notification, so redeliveries update instead of reposting. */
export const slackMessages = sqliteTable("slack_messages", {
  notificationId: text("notification_id").primaryKey(),
  channel: text("channel").notNull(),
  /** Null while a post is in flight: a retry looks the message up by its metadata first. */
  ts: text("ts"),
  postedAt: text("posted_at").notNull(),
  updatedAt: text("updated_at"),
});

/** Signatures of accepted Slack requests, kept for the replay window: a second use is refused. */
export const slackNonces = sqliteTable(
  "slack_nonces",
  {
    signature: text("signature").primaryKey(),
    at: integer("at").notNull(),
  },
  (t) => [index("slack_nonces_at").on(t.at)],
);

/** Inbound mail that matched no negotiation: recorded, never processed. */
export const unmatchedEmails = sqliteTable("unmatched_emails", {
  id: text("id").primaryKey(),
  receivedAt: text("received_at").notNull(),
  fromAddress: text("from_address").notNull(),
  toAddress: text("to_address").notNull(),
  subject: text("subject").notNull(),
  reason: text("reason").notNull(),
});

/**
 * API tokens for machines. Only the SHA-256 of the secret is stored; the secret is shown once.
 * Names are unique for all time (revoked tokens keep theirs), so `token:<name>` in the audit trail
 * always means one token.
 */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    role: text("role").notNull(),
    /** Hex SHA-256 of the whole secret (`prl_…`). */
    hash: text("hash").notNull(),
    /** The secret's first characters, to recognise it in lists; never enough to use it. */
    prefix: text("prefix").notNull(),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by").notNull(),
    /** Updated at most once a minute per token. */
    lastUsedAt: text("last_used_at"),
    expiresAt: text("expires_at"),
    revokedAt: text("revoked_at"),
    revokedBy: text("revoked_by"),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.hash), uniqueIndex("api_tokens_name").on(t.name)],
);

/** Roles of people by email or `*@domain`, managed by admins beside ACCESS_ROLES. */
export const accessRoles = sqliteTable("access_roles", {
  pattern: text("pattern").primaryKey(),
  role: text("role").notNull(),
  createdAt: text("created_at").notNull(),
  createdBy: text("created_by").notNull(),
});

/**
 * How many security events of a kind arrived in a minute, across isolates: past the limit they
 * are counted into one summary audit row instead of written one by one. Rows older than an hour
 * are deleted as new windows open.
 */
export const securityEventWindows = sqliteTable(
  "security_event_windows",
  {
    /** `<kind>:<window start ISO>`. */
    id: text("id").primaryKey(),
    windowStart: integer("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [index("security_event_windows_start").on(t.windowStart)],
);

/** Deployment-wide settings people change at run time (the global pause). */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
});

/** Negotiations holding emails because of the global pause; released when it is lifted. */
export const heldSends = sqliteTable("held_sends", {
  negotiationId: text("negotiation_id").primaryKey(),
  heldAt: text("held_at").notNull(),
});

/**
 * The source record behind each sourced campaign (a ClickUp task): its last status (a change may
 * pause, stop or resume the campaign) and the problems last reported on it (the same problems
 * are not reported twice).
 */
export const campaignSourceRecords = sqliteTable(
  "campaign_source_records",
  {
    /** The source's registered name (`clickup`). */
    source: text("source").notNull(),
    externalId: text("external_id").notNull(),
    campaignId: text("campaign_id").notNull(),
    status: text("status"),
    /** Hash of the problem list last posted on the record; null once it has none. */
    commentedProblems: text("commented_problems"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.externalId] })],
);

/**
 * Creator rows of a campaign's sheet, by their stable key (Parley's key column, not the row
 * number): what was done with each, so a poll starts only new rows and reports changes.
 */
export const sheetRows = sqliteTable(
  "sheet_rows",
  {
    campaignId: text("campaign_id").notNull(),
    rowKey: text("row_key").notNull(),
    /** `started`, `duplicate` or `invalid`. */
    status: text("status").notNull(),
    email: text("email"),
    /** The creator values a negotiation was started with (email, platform, views, engagement). */
    fingerprint: text("fingerprint"),
    negotiationId: text("negotiation_id"),
    problem: text("problem"),
    /** The last change (fingerprint or problem) the team was told about. */
    notifiedChange: text("notified_change"),
    rowNumber: integer("row_number").notNull(),
    firstSeenAt: text("first_seen_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    deletedAt: text("deleted_at"),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.rowKey] })],
);

/** When each campaign's sheet was last queued for a poll (the cron polls due campaigns). */
export const sheetPolls = sqliteTable("sheet_polls", {
  campaignId: text("campaign_id").primaryKey(),
  queuedAt: text("queued_at").notNull(),
  polledAt: text("polled_at"),
});
