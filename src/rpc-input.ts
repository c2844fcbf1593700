import * as z from "zod/mini";
import "./zod-config";

/**
 * Durable Object RPC inputs are parsed like any other boundary: a stub is typed, but a caller on
 * another deployed version, a test or a bug can still send anything. Two ways to refuse, chosen
 * per method: a typed refusal for methods whose callers answer a person (HTTP, Slack, inbound
 * mail), a thrown error for methods the queue consumer drives (it retries, then dead-letters).
 */

/** What a method with a typed refusal answers for input it cannot use. */
export interface InvalidInput {
  ok: false;
  code: "invalid_input";
  message: string;
  /** One line per problem: `path: what is wrong`. */
  details: string[];
}

/** `path: message` per issue, the way the HTTP envelope lists them. */
export function issuesOf(error: z.core.$ZodError): string[] {
  return error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`);
}

export function checkRpcInput<S extends z.core.$ZodType>(
  schema: S,
  raw: unknown,
  method: string,
): { ok: true; data: z.output<S> } | InvalidInput {
  const parsed = z.safeParse(schema, raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    code: "invalid_input",
    message: `${method} refused its input.`,
    details: issuesOf(parsed.error),
  };
}

/**
 * The input, or a TypeError naming the method and the problems. A TypeError because it survives
 * the trip back over RPC with its name, and the queue consumer treats it as deterministic: the
 * message is dead-lettered (and put in front of a person) instead of retried.
 */
export function parseRpcInput<S extends z.core.$ZodType>(
  schema: S,
  raw: unknown,
  method: string,
): z.output<S> {
  const checked = checkRpcInput(schema, raw, method);
  if (checked.ok) return checked.data;
  throw new TypeError(`${method}: invalid input: ${checked.details.join("; ")}`);
}
