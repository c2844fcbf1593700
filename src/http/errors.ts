import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

export interface FieldIssue {
  field: string;
  message: string;
}

/** Every non-2xx answer is one envelope: {error: {code, message, requestId, details?}}. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found.`);

export function validationError(error: z.ZodError): ApiError {
  const details: FieldIssue[] = error.issues.map((i) => ({
    field: i.path.join(".") || "body",
    message: i.message,
  }));
  return new ApiError(400, "validation_failed", "The request has invalid fields.", details);
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
