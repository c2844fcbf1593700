import type { Context } from "hono";
import * as z from "zod/mini";
import "../zod-config";
import { ApiError, validationError } from "./errors";

/** Reads and validates a JSON body: 415 for other media types, 400 for bad JSON or fields. */
export async function jsonBody<S extends z.core.$ZodType>(
  c: Context,
  schema: S,
  options: { optional?: boolean } = {},
): Promise<z.infer<S>> {
  const raw = await c.req.text();
  if (raw.trim() === "" && options.optional) return parse(schema, {});
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(type))
    throw new ApiError("unsupported_media_type", "Send the body as application/json.");
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new ApiError("invalid_json", "The body is not valid JSON.");
  }
  return parse(schema, body);
}

export function parse<S extends z.core.$ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
