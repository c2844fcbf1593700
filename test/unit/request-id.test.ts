import { describe, expect, it } from "vitest";
import { RequestIdField, requestIdOf } from "../../src/observability/request-id";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("request ids", () => {
  it("takes Cloudflare's Ray ID, which the edge sets on every request", () => {
    expect(requestIdOf(new Headers({ "cf-ray": "8f1c2b3a4d5e6f70-SJC" }))).toBe(
      "8f1c2b3a4d5e6f70-SJC",
    );
  });

  it("starts a new id without one, and never takes a client's x-request-id", () => {
    expect(requestIdOf(new Headers())).toMatch(UUID);
    expect(requestIdOf(new Headers({ "x-request-id": "someone-elses-request" }))).toMatch(UUID);
    expect(requestIdOf(new Headers({ "cf-ray": "not a ray; DROP TABLE" }))).toMatch(UUID);
  });

  it("reads messages queued before the field as null", () => {
    expect(RequestIdField.parse(undefined)).toBeNull();
    expect(RequestIdField.parse("r-1")).toBe("r-1");
  });
});
