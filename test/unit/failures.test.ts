import { DrizzleQueryError } from "drizzle-orm/errors";
import { errors } from "jose";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeError, isDeterministic, isTransient, reportableError } from "../../src/failures";

const sqlFailure = (cause: Error) =>
  new DrizzleQueryError(
    'select * from "audit_events" where instr(lower("creator_email"), ?) > 0 limit ?',
    ["maya.secret@gmail.com", 101],
    cause,
  );

describe("isTransient / isDeterministic", () => {
  it.each([
    [
      "a Durable Object outage",
      Object.assign(new Error("Durable Object reset"), { retryable: true }),
    ],
    ["an overloaded object", Object.assign(new Error("too busy"), { overloaded: true })],
    ["D1 losing its connection", sqlFailure(new Error("D1_ERROR: Network connection lost."))],
    ["a D1 internal error", new Error("D1_ERROR: internal error; reference = abc")],
    ["a fetch that failed", new TypeError("fetch failed")],
  ])("%s is transient", (_, error) => {
    expect(isTransient(error)).toBe(true);
    expect(isDeterministic(error)).toBe(false);
  });

  it.each([
    ["a type error", new TypeError("Cannot read properties of undefined (reading 'x')")],
    ["a range error", new RangeError("Maximum call stack size exceeded")],
    [
      "SQL the database refuses",
      sqlFailure(new Error("D1_ERROR: LIKE or GLOB pattern too complex: SQLITE_ERROR")),
    ],
    [
      "a constraint",
      new Error("D1_ERROR: UNIQUE constraint failed: api_tokens.name: SQLITE_CONSTRAINT"),
    ],
    ["invalid data", z.string().safeParse(1).error],
    [
      "an adapter's permanent error",
      Object.assign(new Error("invalid_auth"), { retryable: false }),
    ],
  ])("%s is deterministic", (_, error) => {
    expect(isTransient(error)).toBe(false);
    expect(isDeterministic(error)).toBe(true);
  });

  it("leaves an unknown error to the caller: neither transient nor deterministic", () => {
    const error = new Error("something odd");
    expect(isTransient(error)).toBe(false);
    expect(isDeterministic(error)).toBe(false);
  });
});

describe("describeError / reportableError", () => {
  it("keeps the statement shape and the database's reason, never the parameters", () => {
    const error = sqlFailure(new Error("D1_ERROR: no such column: x: SQLITE_ERROR"));
    const text = describeError(error);
    expect(text).toContain('instr(lower("creator_email"), ?)');
    expect(text).toContain("no such column");
    expect(text).not.toContain("maya.secret");
    const reported = reportableError(error) as Error;
    expect(reported.message).not.toContain("maya.secret");
    expect(reported.stack).not.toContain("maya.secret");
    expect(reported.stack).toMatch(/\n\s+at /);
  });

  it("passes other errors through", () => {
    const error = new Error("plain");
    expect(reportableError(error)).toBe(error);
    expect(describeError(error)).toBe("Error: plain");
    expect(describeError("text")).toBe("text");
  });

  it("names a jose error by its code, which minification leaves alone", () => {
    const expired = new errors.JWTExpired('"exp" claim timestamp check failed', {});
    // What the minified Worker's class names look like: one letter.
    Object.defineProperty(expired, "name", { value: "t" });
    expect(describeError(expired)).toBe('ERR_JWT_EXPIRED: "exp" claim timestamp check failed');
  });
});
