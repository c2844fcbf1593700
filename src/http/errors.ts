import type { Context } from "hono";
import type * as z from "zod/mini";
import { type ErrorCode, statusOf } from "./error-codes";

export interface FieldIssue {
  field: string;
  message: string;
}

/**
 * Every non-2xx answer is one envelope: {error: {code, message, requestId, details?}}. The status
 * follows from the code (error-codes.ts), so one code never answers two statuses.
 */
export class ApiError extends Error {
  readonly status;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = statusOf(code);
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} not found.`);

export const misconfigured = () =>
  new ApiError("misconfigured", "Parley is not configured correctly; see /ready.");

export function validationError(error: z.core.$ZodError): ApiError {
  const details: FieldIssue[] = error.issues.map((i) => ({
    field: i.path.join(".") || "body",
    message: i.message,
  }));
  return new ApiError("validation_failed", "The request has invalid fields.", details);
}

export function errorResponse(c: Context, error: ApiError) {
  const requestId = c.get("requestId" as never) as string | undefined;
  for (const [k, v] of Object.entries(error.headers ?? {})) c.header(k, v);
  return c.json(
    {
      error: {
        code: error.code,
        message: error.message,
        requestId: requestId ?? null,
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    },
    error.status,
  );
}
