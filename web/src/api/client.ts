/**
 * The one way the dashboard talks to the Worker: the same public /api as every other client.
 * With Cloudflare Access the browser's Access cookie signs requests in; without it, an API token
 * kept for the browser session. Every request carries `X-Parley-Request: 1`, the header the Worker
 * asks of cookie-borne changes (with a same-origin request) against cross-site forgery.
 */

export interface FieldIssue {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly requestId: string | null,
  ) {
    super(message);
  }

  /** Field problems of a 400 `validation_failed`, by field path (`usageRights.minimumDays`). */
  fieldIssues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldIssue => typeof d === "object" && d !== null && "field" in d && "message" in d,
    );
  }

  /** Reasons given as plain strings (the outgoing-email gate's refusals of an edited draft). */
  reasons(): string[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.map((d) =>
      typeof d === "string"
        ? d
        : typeof d === "object" && d && "message" in d
          ? String(d.message)
          : JSON.stringify(d),
    );
  }
}

const TOKEN_KEY = "parley.apiToken";

/** The API token is kept for the browser session only (sessionStorage), never in a cookie. */
export const tokenStore = {
  get: (): string | null => {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A raw body (CSV) with its media type. */
  raw?: { body: string; type: string };
  /** Read the answer as text (CSV export). */
  text?: boolean;
  /** Sees the answer's headers (the CSV export's `X-Next-Cursor`). */
  onHeaders?: (headers: Headers) => void;
}

let onUnauthorized: (() => void) | null = null;
/** Called when the API answers 401: the session is gone (token revoked, Access expired). */
export const setUnauthorizedHandler = (handler: (() => void) | null) => {
  onUnauthorized = handler;
};

export async function request<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { "X-Parley-Request": "1", Accept: "application/json" };
  const token = tokenStore.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.raw) {
    headers["Content-Type"] = options.raw.type;
    body = options.raw.body;
  } else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(
      0,
      "network_error",
      "Parley could not be reached. Check your connection and try again.",
      undefined,
      null,
    );
  }
  if (!response.ok) {
    const envelope = (await response.json().catch(() => null)) as {
      error?: { code?: string; message?: string; details?: unknown; requestId?: string };
    } | null;
    const e = envelope?.error;
    if (response.status === 401) onUnauthorized?.();
    throw new ApiError(
      response.status,
      e?.code ?? "http_error",
      e?.message ?? `The server answered ${response.status}.`,
      e?.details,
      e?.requestId ?? response.headers.get("x-request-id"),
    );
  }
  options.onHeaders?.(response.headers);
  if (options.text) return (await response.text()) as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>("GET", path, { query }),
  post: <T>(path: string, body?: unknown, query?: Query) =>
    request<T>("POST", path, { body, query }),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, { body }),
  delete: <T>(path: string) => request<T>("DELETE", path),
};
