import { DrizzleQueryError } from "drizzle-orm/errors";

/**
 * What a thrown error says about retrying, and how to describe it without leaking data. Shared by
 * the HTTP error handler (503 for a dependency that is down, 500 for a bug) and the queue consumer
 * (retry the transient, dead-letter the deterministic at once).
 */

/** Messages of platform failures that pass: D1, Durable Objects, Queues and the network. */
const TRANSIENT =
  /network connection lost|overloaded|timed? ?out|timeout|temporarily unavailable|try again|internal error|connection (?:reset|refused|closed)|durable object (?:reset|storage operation)|reset because its code was updated|exceeded its (?:cpu|memory)|too many (?:requests|subrequests|concurrent)|service unavailable|econnreset|socket hang up|fetch failed/i;

/** Errors a retry cannot fix: the same input fails the same way. */
const PROGRAMMING_ERRORS = new Set([
  "TypeError",
  "RangeError",
  "ReferenceError",
  "SyntaxError",
  "EvalError",
  "URIError",
  "ZodError",
  "DataCloneError",
]);

const causeOf = (error: unknown): unknown =>
  error instanceof DrizzleQueryError && error.cause ? error.cause : error;

function flag(error: unknown, name: "retryable" | "overloaded"): boolean | undefined {
  if (typeof error !== "object" || error === null || !(name in error)) return undefined;
  const value = (error as Record<string, unknown>)[name];
  return typeof value === "boolean" ? value : undefined;
}

const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : typeof error === "string" ? error : "";

/** Positive evidence that the failure passes: a platform flag or a known outage message. */
export function isTransient(error: unknown): boolean {
  const cause = causeOf(error);
  const retryable = flag(error, "retryable") ?? flag(cause, "retryable");
  if (retryable !== undefined) return retryable;
  if (flag(cause, "overloaded")) return true;
  return TRANSIENT.test(messageOf(cause));
}

/**
 * Positive evidence that a retry would fail the same way: a programming error, invalid data, or
 * SQL the database refuses (a bad statement, a constraint). Unknown errors are not deterministic:
 * a queue retries them, since an SDK may throw a plain Error for a network blip.
 */
export function isDeterministic(error: unknown): boolean {
  if (isTransient(error)) return false;
  if (flag(error, "retryable") === false) return true;
  const cause = causeOf(error);
  if (error instanceof DrizzleQueryError) return true;
  if (/^D1_ERROR\b|SQLITE_(?:ERROR|CONSTRAINT|MISMATCH|RANGE|TOOBIG)/.test(messageOf(cause)))
    return true;
  const name = cause instanceof Error ? cause.name : "";
  return PROGRAMMING_ERRORS.has(name) || PROGRAMMING_ERRORS.has(cause?.constructor?.name ?? "");
}

/**
 * A log-safe one-line description. Failed SQL keeps its statement shape (placeholders) and the
 * database's reason, never the bound parameters: those are search strings, emails and names.
 */
export function describeError(error: unknown): string {
  if (error instanceof DrizzleQueryError) {
    const reason = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `DrizzleQueryError: Failed query: ${error.query}${reason}`;
  }
  if (error instanceof Error) return `${stableName(error)}: ${error.message}`;
  return String(error);
}

/**
 * An error's name as it reads in logs. jose names its errors after their class, which the
 * minified Worker renames (wrangler.toml, keep_names = false); their `code` (ERR_JWT_EXPIRED…)
 * says the same and survives minification.
 */
function stableName(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("ERR_J") ? code : error.name;
}

/** The error as Sentry may see it: the same stack frames under a log-safe message. */
export function reportableError(error: unknown): unknown {
  if (!(error instanceof DrizzleQueryError)) return error;
  const safe = new Error(describeError(error).replace(/^DrizzleQueryError: /, ""));
  safe.name = "DrizzleQueryError";
  const frames = error.stack?.split("\n").filter((line) => /^\s+at /.test(line)) ?? [];
  safe.stack = [`${safe.name}: ${safe.message}`, ...frames].join("\n");
  return safe;
}
