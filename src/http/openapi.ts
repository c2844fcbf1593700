import * as z from "zod/mini";
import { BULK_REPLAY_LIMIT } from "../operations/replay";
import { ERROR_CODES } from "./error-codes";
import { NegotiationListQuerySchema } from "./negotiation-list";
import { ROUTE_ROLES } from "./route-roles";
import { AuditQuerySchema } from "./routes/audit";
import { ImportQuerySchema } from "./routes/campaign-bulk";
import { SummaryLimitSchema } from "./routes/campaigns";
import {
  ApprovalQuerySchema,
  BulkReplaySchema,
  FailedJobQuerySchema,
  NotificationQuerySchema,
} from "./routes/operations";
import { RoleInputSchema } from "./routes/roles";
import { PauseSchema } from "./routes/settings";
import { TokenInputSchema } from "./routes/tokens";
import {
  ActorSchema,
  AnswerSchema,
  ApproveSchema,
  CampaignInputSchema,
  CreatorImportJsonSchema,
  MAX_IMPORT_ROWS,
  RejectSchema,
  StartNegotiationSchema,
  StopAgencySchema,
} from "./schemas";

/**
 * The OpenAPI 3.1 document of the HTTP contract (API.md), built from the same zod schemas the
 * routes validate with, so the two cannot drift. A workerd test checks that every mounted route
 * has an entry here and every entry a route.
 */

interface RouteDoc {
  method: "get" | "post" | "put" | "delete";
  /** OpenAPI path template: `{id}`, not `:id`. */
  path: string;
  summary: string;
  /** false for the public routes; every /api route needs an identity and the role in route-roles.ts. */
  auth?: false;
  body?: z.ZodMiniType;
  /** The body may be left out (commands with an optional actor). */
  optionalBody?: true;
  /** Also accepts `text/csv` with a header row. */
  csv?: true;
  query?: z.ZodMiniObject;
  responses: Record<string, string>;
}

const NOT_FOUND = { "404": "No such campaign or negotiation." };
const BAD_BODY = {
  "400": "Invalid fields; `details` lists them.",
  "413": "Body over 1 MiB.",
  "415": "Wrong media type.",
};

const COMMANDS: [path: string, summary: string, body: z.ZodMiniType][] = [
  ["pause", "Pause the negotiation", ActorSchema],
  ["resume", "Resume a paused negotiation", ActorSchema],
  ["stop", "Stop the negotiation for good", ActorSchema],
  ["takeover", "A person takes over the thread", ActorSchema],
  ["release", "Hand the thread back to the agent", ActorSchema],
  ["approve", "Send the pending draft (optionally edited)", ApproveSchema],
  ["reject-draft", "Reject the pending draft with a reason", RejectSchema],
  [
    "answer",
    "A person's answer to the creator's open questions, sent through the outgoing-email gate",
    AnswerSchema,
  ],
];

/** Slack's three webhooks: path, summary, what a 200 carries. */
const SLACK_WEBHOOKS: [path: string, summary: string, ok: string][] = [
  [
    "commands",
    "Slack `/parley` slash command (form-encoded)",
    'An ephemeral answer: usage, "not allowed", or "Working on it…" (the result follows on response_url).',
  ],
  [
    "interactions",
    "Slack buttons and the edit modal (form field `payload`)",
    "Empty for buttons (queued; the edit button opens a modal first); `{response_action}` for modal submissions.",
  ],
  [
    "events",
    "Slack Events API",
    "`{challenge}` for url_verification; empty acknowledgement otherwise.",
  ],
];

export const ROUTE_DOCS: RouteDoc[] = [
  {
    method: "get",
    path: "/health",
    summary: "Liveness",
    auth: false,
    responses: { "200": "The Worker runs." },
  },
  {
    method: "get",
    path: "/ready",
    summary: "Readiness: D1 answers and the configuration is valid",
    auth: false,
    responses: { "200": "Ready.", "503": "Not ready; the failing checks are named." },
  },
  {
    method: "post",
    path: "/webhooks/gmail",
    summary:
      "Gmail Pub/Sub push (Google-signed OIDC bearer token, verified before the body is read)",
    auth: false,
    responses: {
      "204": "Queued for the mailbox sync.",
      "400": "Malformed push body.",
      "401": "Missing or invalid OIDC token.",
      "404": "Gmail is not the configured transport.",
      "503": "Google's signing keys are unavailable; Pub/Sub redelivers.",
    },
  },
  {
    method: "post",
    path: "/webhooks/clickup",
    summary:
      "ClickUp task events (X-Signature: HMAC-SHA256 of the raw body with the webhook secret, verified before parsing); queued, the task is read and its campaign upserted by externalId",
    auth: false,
    responses: {
      "200": "Queued (or an event Parley does not act on).",
      "400": "Not a ClickUp webhook delivery.",
      "401": "Missing or wrong signature (audited).",
      "404": "ClickUp is not configured (no CLICKUP_WEBHOOK_SECRET).",
      "413": "Body over the route's limit.",
    },
  },
  ...SLACK_WEBHOOKS.map(
    ([path, summary, ok]): RouteDoc => ({
      method: "post",
      path: `/webhooks/slack/${path}`,
      summary: `${summary} (Slack request signature over the raw body, five-minute window, no replays; verified before parsing)`,
      auth: false,
      responses: {
        "200": ok,
        "400": "Malformed payload.",
        "401": "Missing, wrong, stale or replayed signature (audited).",
        "404": "Slack is not configured (no SLACK_SIGNING_SECRET).",
        "413": "Body over the route's limit.",
      },
    }),
  ),
  {
    method: "post",
    path: "/api/campaigns",
    summary: "Create a campaign (upsert by externalId)",
    body: CampaignInputSchema,
    responses: { "201": "The new campaign.", "200": "The updated campaign.", ...BAD_BODY },
  },
  {
    method: "get",
    path: "/api/campaigns",
    summary: "List campaigns with stats",
    responses: { "200": "`{campaigns}`." },
  },
  {
    method: "get",
    path: "/api/campaigns/{id}",
    summary: "A campaign with stats and negotiation summaries",
    query: SummaryLimitSchema,
    responses: {
      "200":
        "The campaign, with `sending: {mailboxes: [{address, dailyCap, gapSeconds, emailsPerDay}], dailyCap, emailsPerDay, emailsPerNegotiation, lifetimeDays, sendingDaysPerWeek, activeNegotiations, neededPerDay, overCapacity}` (the campaign's pool and its capacity, docs/sending-capacity.md).",
      ...NOT_FOUND,
    },
  },
  {
    method: "put",
    path: "/api/campaigns/{id}",
    summary:
      "Replace a campaign's name and terms (omitted fields take their defaults); running negotiations keep the terms they started with",
    body: CampaignInputSchema,
    responses: {
      "200": "The updated campaign.",
      "409": "Another campaign has this externalId.",
      ...BAD_BODY,
      ...NOT_FOUND,
    },
  },
  {
    method: "get",
    path: "/api/campaigns/{id}/negotiations",
    summary: "A campaign's negotiations, filtered, sorted and paged on the server",
    query: NegotiationListQuerySchema,
    responses: {
      "200":
        "`{negotiations: [summary], total, limit, offset}`; a summary has `id, campaignId, creatorName, creatorEmail, platform, state, round, lastOfferCents, lastOfferCpmCents, theirAskCents, agreedCents, agreedCpmCents, counterpartyType, agency, contacts, nextTimerAt, pendingApproval, createdAt, updatedAt`.",
      "400": BAD_BODY["400"],
      ...NOT_FOUND,
    },
  },
  {
    method: "get",
    path: "/api/campaigns/{id}/metrics",
    summary: "A campaign's metrics: stats with the CPM band, agreed deals for the chart, agencies",
    responses: {
      "200":
        "`{campaignId, stats: {…, active, escalated, awaitingApproval, closed, dealRate, medianRounds, band: {floorCpmCents, ceilingCpmCents}}, sending, budgetCents, deals: [{negotiationId, creatorName, platform, agreedCents, agreedCpmCents, round, updatedAt}], dealsTruncated, agencies: [{agency, total, open}]}`.",
      ...NOT_FOUND,
    },
  },
  {
    method: "post",
    path: "/api/campaigns/{id}/negotiations",
    summary: "Start a negotiation with one creator (idempotent per creator email)",
    body: StartNegotiationSchema,
    responses: {
      "201": "The new negotiation.",
      "200": "The existing negotiation for this creator.",
      ...BAD_BODY,
      ...NOT_FOUND,
    },
  },
  {
    method: "post",
    path: "/api/campaigns/{id}/creators:import",
    summary: `Start negotiations from CSV or JSON rows (at most ${MAX_IMPORT_ROWS})`,
    body: CreatorImportJsonSchema,
    csv: true,
    query: ImportQuerySchema,
    responses: {
      "200":
        "`{results: [{row, line?, status: started|duplicate|invalid, negotiationId?, email?, reason?}], started, duplicates, invalid}`; `row` counts data rows from 1. With `dryRun=true`: `{dryRun: true, results (status new|duplicate|invalid), new, duplicates, invalid}` and nothing starts. Both carry `capacity: {emailsPerDay, mailboxes, activeNegotiations, newNegotiations, emailsPerNegotiation, lifetimeDays, sendingDaysPerWeek, neededPerDay, openingDays, overCapacity}` and `warnings` (a sentence with the arithmetic when the campaign's mailboxes cannot send what its active and new negotiations need).",
      "400": `Unreadable body, missing CSV columns, or more than ${MAX_IMPORT_ROWS} rows.`,
      "413": BAD_BODY["413"],
      "415": "Neither text/csv nor application/json.",
      ...NOT_FOUND,
    },
  },
  {
    method: "post",
    path: "/api/campaigns/{id}/stop-agency",
    summary: "Stop every open negotiation with a contact at an agency's domain",
    body: StopAgencySchema,
    responses: { "200": "`{stopped: [ids], alreadyClosed: [ids]}`.", ...BAD_BODY, ...NOT_FOUND },
  },
  {
    method: "get",
    path: "/api/negotiations/{id}",
    summary: "A negotiation",
    responses: { "200": "The negotiation.", ...NOT_FOUND },
  },
  {
    method: "get",
    path: "/api/negotiations/{id}/timeline",
    summary: "The negotiation's events, oldest first",
    responses: { "200": "`{events}`.", ...NOT_FOUND },
  },
  ...COMMANDS.map(
    ([command, summary, body]): RouteDoc => ({
      method: "post",
      path: `/api/negotiations/{id}/${command}`,
      summary,
      body,
      ...(command === "reject-draft" || command === "answer"
        ? {}
        : { optionalBody: true as const }),
      responses: {
        "200": "The negotiation after the command.",
        "409": "Illegal in the current state.",
        ...BAD_BODY,
        ...NOT_FOUND,
      },
    }),
  ),
  {
    method: "get",
    path: "/api/audit",
    summary: "Audit events, newest first (format=csv exports)",
    query: AuditQuerySchema,
    responses: { "200": "`{events, nextCursor}`, or CSV.", "400": BAD_BODY["400"] },
  },
  {
    method: "get",
    path: "/api/mailboxes",
    summary: "The sending mailboxes (the pool and MAIL_FROM) with their send discipline",
    responses: { "200": "`{mailboxes: [status]}` (status as for one mailbox)." },
  },
  {
    method: "get",
    path: "/api/mailboxes/{address}",
    summary:
      "Send discipline of a sending mailbox: today's sends and cap, bounce rate, pause, load in the pool",
    responses: {
      "200":
        "`{address, paused, pausedAt, pauseReason, sentToday, capToday, bounceRate, sends7d, bounces7d, assigned, emailsPerDay, gapSeconds, retired, gmailAccount}`; `retired` marks a mailbox finishing its threads (SENDING_MAILBOXES `retired`, or an address no longer in the pool) that takes no new negotiation; `assigned` counts negotiations given this mailbox in the last 14 days, `emailsPerDay` is the cap or what spacing allows if fewer, `gmailAccount` the Gmail account it sends through (its own, or the one it is an alias of; null without Gmail).",
      "404": "Not a mailbox Parley sends from.",
    },
  },
  {
    method: "post",
    path: "/api/mailboxes/{address}/resume",
    summary: "Resume sending from a mailbox paused for bounces (audited)",
    body: ActorSchema,
    optionalBody: true,
    responses: {
      "200": "The mailbox status after the resume.",
      "409": "The mailbox is not paused.",
      ...BAD_BODY,
      "404": "Not a mailbox Parley sends from.",
    },
  },
  {
    method: "get",
    path: "/api/failed-jobs",
    summary:
      "Dead-lettered side effects, newest first (status=waiting|replayed|all, kind, negotiationId, limit, before)",
    query: FailedJobQuerySchema,
    responses: {
      "200":
        "`{failedJobs, nextBefore, waiting}`: `nextBefore` is null on the last page, else pass it as `before` for the next (older) page; `waiting` counts every dead letter not yet replayed.",
      "400": BAD_BODY["400"],
    },
  },
  {
    method: "post",
    path: "/api/failed-jobs/{id}/replay",
    summary: "Send one dead letter back to the queue, once (audited; a second replay does nothing)",
    responses: {
      "200": "`{failedJob, replayed}`: `replayed` is false when it had been replayed already.",
      "404": "No such failed job.",
      "409": "Not a valid message: it cannot be replayed.",
    },
  },
  {
    method: "post",
    path: "/api/failed-jobs/replay",
    summary: `Replay the dead letters not yet replayed (optionally one kind, since a time), up to ${BULK_REPLAY_LIMIT} per call`,
    body: BulkReplaySchema,
    optionalBody: true,
    responses: { "200": "`{replayed, skipped, more}`.", ...BAD_BODY },
  },
  {
    method: "get",
    path: "/api/settings",
    summary: "Deployment-wide settings: the global pause",
    responses: {
      "200":
        "`{globalPause: {paused, since, by, reason}, heldSends}`: heldSends counts the negotiations holding an email back.",
    },
  },
  {
    method: "post",
    path: "/api/settings/pause",
    summary: "Hold every send, queued ones included, until resumed (audited)",
    body: PauseSchema,
    optionalBody: true,
    responses: { "200": "`{globalPause, changed}`.", ...BAD_BODY },
  },
  {
    method: "post",
    path: "/api/settings/resume",
    summary: "Lift the global pause: held emails go out (audited)",
    responses: { "200": "`{globalPause, changed}`." },
  },
  {
    method: "get",
    path: "/api/notifications",
    summary:
      "Team notifications, newest first (status=open|resolved|all, kind, negotiationId, campaignId, limit, before)",
    query: NotificationQuerySchema,
    responses: {
      "200":
        "`{notifications, nextBefore}`; `nextBefore` is null on the last page, else pass it as `before` for the next (older) page.",
      "400": BAD_BODY["400"],
    },
  },
  {
    method: "post",
    path: "/api/notifications/{id}/dismiss",
    summary:
      "Mark an informational notification as seen (agreement, stop, failure, paused mailbox, unverified sender); audited, settles its Slack message",
    body: ActorSchema,
    optionalBody: true,
    responses: {
      "200": "The notification, resolved (idempotent).",
      "409": "It waits for a decision: act on its negotiation instead.",
      ...BAD_BODY,
      "404": "No such notification.",
    },
  },
  {
    method: "get",
    path: "/api/approvals",
    summary: "Drafts waiting for a person (approve or reject through the negotiation commands)",
    query: ApprovalQuerySchema,
    responses: { "200": "`{approvals}`.", "400": BAD_BODY["400"] },
  },
  {
    method: "get",
    path: "/api/openapi.json",
    summary: "This document",
    responses: { "200": "OpenAPI 3.1." },
  },
  {
    method: "get",
    path: "/api/me",
    summary:
      "The caller's identity: the actor recorded for its actions, its role, how it signed in",
    responses: { "200": "`{actor, role, via: access|token|bootstrap}`." },
  },
  {
    method: "post",
    path: "/api/tokens",
    summary: "Create an API token; the secret is in this answer only",
    body: TokenInputSchema,
    responses: {
      "201":
        "`{id, name, role, prefix, createdAt, createdBy, lastUsedAt, expiresAt, revokedAt, revokedBy, status, token}`; `token` (`prl_…`) is never shown again.",
      "409": "The name is taken (names are never reused, revoked tokens keep theirs).",
      ...BAD_BODY,
    },
  },
  {
    method: "get",
    path: "/api/tokens",
    summary: "API tokens without their secrets, newest first",
    responses: {
      "200":
        "`{tokens: [{id, name, role, prefix, createdAt, createdBy, lastUsedAt, expiresAt, revokedAt, revokedBy, status}]}`.",
    },
  },
  {
    method: "delete",
    path: "/api/tokens/{id}",
    summary: "Revoke a token: its next request is refused (idempotent)",
    responses: { "200": "The token, revoked.", "404": "No such token." },
  },
  {
    method: "get",
    path: "/api/roles",
    summary:
      "People's roles: ACCESS_ROLES (source config) and the admin-managed table (source table)",
    responses: { "200": "`{roles: [{pattern, role, source, createdAt?, createdBy?}]}`." },
  },
  {
    method: "post",
    path: "/api/roles",
    summary:
      "Give an email or *@domain a role in the admin-managed table (replaces its earlier role)",
    body: RoleInputSchema,
    responses: { "200": "`{pattern, role, source, createdAt, createdBy, previous}`.", ...BAD_BODY },
  },
  {
    method: "delete",
    path: "/api/roles/{pattern}",
    summary: "Remove a pattern from the admin-managed table (URL-encode it: %2A%40brand.example)",
    responses: { "200": "The removed entry.", "404": "No stored role has that pattern." },
  },
];

const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES]),
    message: z.string(),
    requestId: z.nullable(z.string()),
    details: z.optional(z.unknown()),
  }),
});

const ERROR_CONTENT = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };
/** Every /api route: no identity, a role too low, too many requests. */
const GUARDED = {
  "401": "No valid Access JWT or bearer token.",
  "403": "The role is too low, or a cookie-authenticated change is not same-origin.",
  "429": "Over the rate limit; see `Retry-After`.",
};
const ROLE_OF = new Map<string, string>(
  ROUTE_ROLES.map(([method, path, role]) => [`${method.toLowerCase()} ${path}`, role]),
);

function jsonSchema(schema: z.core.$ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return rest;
}

function operation(doc: RouteDoc) {
  const pathParams = [...doc.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const queryParams = Object.entries(doc.query?.shape ?? {}).map(([name, field]) => ({
    name,
    in: "query",
    required: !z.safeParse(field, undefined).success,
    schema: jsonSchema(field),
  }));
  const content: Record<string, unknown> = {};
  if (doc.body) content["application/json"] = { schema: jsonSchema(doc.body) };
  if (doc.csv)
    content["text/csv"] = {
      schema: { type: "string", description: "RFC 4180 CSV with a header row" },
    };
  const webhook = doc.path.startsWith("/webhooks/");
  const statuses =
    doc.auth === false
      ? { ...doc.responses, ...(webhook ? { "429": GUARDED["429"] } : {}) }
      : { ...doc.responses, ...GUARDED };
  const role = ROLE_OF.get(`${doc.method} ${doc.path}`);
  const responses = Object.fromEntries(
    Object.entries(statuses).map(([status, description]) => [
      status,
      // The health routes answer their own JSON; every /api error is the envelope.
      status.startsWith("2") || (doc.auth === false && !webhook && status !== "429")
        ? { description, headers: REQUEST_ID_HEADER }
        : { description, headers: REQUEST_ID_HEADER, content: ERROR_CONTENT },
    ]),
  );
  return {
    summary: doc.summary,
    ...(role ? { description: `Needs the \`${role}\` role.`, "x-parley-role": role } : {}),
    ...(doc.auth === false ? { security: [] } : {}),
    ...(pathParams.length || queryParams.length
      ? { parameters: [...pathParams, ...queryParams] }
      : {}),
    ...(doc.body ? { requestBody: { required: !doc.optionalBody, content } } : {}),
    responses,
  };
}

/** Every answer names its request: the id on the audit rows, queue messages and logs it caused. */
const REQUEST_ID_HEADER = { "X-Request-Id": { $ref: "#/components/headers/RequestId" } };

function build() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of ROUTE_DOCS)
    paths[doc.path] = { ...paths[doc.path], [doc.method]: operation(doc) };
  return {
    openapi: "3.1.0",
    info: {
      title: "Parley API",
      version: "1",
      description: "Negotiates creator rates over email. Money is integer cents in *Cents fields.",
    },
    security: [{ bearer: [] }, { accessHeader: [] }, { accessCookie: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "An API token (`prl_…`) or PARLEY_API_TOKEN.",
        },
        accessHeader: { type: "apiKey", in: "header", name: "Cf-Access-Jwt-Assertion" },
        accessCookie: {
          type: "apiKey",
          in: "cookie",
          name: "CF_Authorization",
          description: "Changes also need `X-Parley-Request: 1` and a same-origin request.",
        },
      },
      schemas: { Error: jsonSchema(ErrorEnvelopeSchema) },
      headers: {
        RequestId: {
          description:
            "The request id: a well-formed X-Request-Id the request carried (echoed), else Cloudflare's Ray ID (`cf-ray`), else a new UUID. Filter `GET /api/audit?requestId=` by it.",
          schema: { type: "string" },
        },
      },
    },
    "x-error-codes": Object.fromEntries(
      Object.entries(ERROR_CODES).map(([code, { status, description }]) => [
        code,
        { status, description },
      ]),
    ),
    paths,
  };
}

let cached: ReturnType<typeof build> | undefined;

/** Built on first use, then reused for the isolate's life. */
export function openApiDocument() {
  cached ??= build();
  return cached;
}
