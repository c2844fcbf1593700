import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * Every error code the HTTP API answers with, and its one status. Codes are part of the contract
 * (clients branch on them); a new failure gets a new code here, never a status chosen at the throw
 * site. The `satisfies` makes the table exhaustive: a code without a status does not compile.
 */
export const ERROR_CODES = {
  validation_failed: { status: 400, description: "Invalid fields; `details` lists them." },
  invalid_json: { status: 400, description: "The body is not valid JSON." },
  invalid_csv: { status: 400, description: "The CSV is malformed or lacks required columns." },
  too_many_rows: { status: 400, description: "An import over the row limit." },
  unauthorized: {
    status: 401,
    description: "No credentials, or credentials that are wrong, expired or revoked.",
  },
  forbidden: { status: 403, description: "The identity's role is too low for this route." },
  cross_site_request: {
    status: 403,
    description:
      "A cookie-authenticated change without the same-origin proof (`Origin`/`Sec-Fetch-Site` and `X-Parley-Request: 1`).",
  },
  not_found: { status: 404, description: "No such route or resource." },
  illegal_command: { status: 409, description: "Illegal in the negotiation's current state." },
  not_paused: { status: 409, description: "The mailbox is not paused." },
  not_replayable: {
    status: 409,
    description: "A dead letter that is not a valid message cannot be replayed.",
  },
  name_taken: {
    status: 409,
    description: "A token with this name exists (names are never reused).",
  },
  not_dismissible: {
    status: 409,
    description:
      "The notification waits for a decision on its negotiation; it settles when someone acts.",
  },
  external_id_taken: {
    status: 409,
    description: "Another campaign already has this externalId.",
  },
  payload_too_large: { status: 413, description: "The body is over the route's limit." },
  unsupported_media_type: { status: 415, description: "Wrong media type for the body." },
  rate_limited: { status: 429, description: "Too many requests; wait `Retry-After` seconds." },
  internal_error: { status: 500, description: "A bug on our side; it was reported." },
  misconfigured: {
    status: 503,
    description: "Parley's configuration is invalid; `/ready` names the problems.",
  },
  upstream_unavailable: { status: 503, description: "A provider Parley depends on is down." },
  unavailable: {
    status: 503,
    description: "A platform dependency (database, object, queue) is down; retry later.",
  },
} as const satisfies Record<string, { status: ContentfulStatusCode; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const statusOf = (code: ErrorCode): ContentfulStatusCode => ERROR_CODES[code].status;
