import { describe, expect, it } from "vitest";
import { RequestIdField, requestIdOf } from "../../src/observability/request-id";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("request ids", () => {
  it("echoes a well-formed X-Request-Id the caller sent (the HTTP contract)", () => {
    const headers = new Headers({
      "x-request-id": "client-req-0001",
      "cf-ray": "8f1c2b3a4d5e6f70-SJC",
    });
    expect(requestIdOf(headers)).toBe("client-req-0001");
  });

  it("otherwise takes Cloudflare's Ray ID, which the edge sets on every request", () => {
    const headers = new Headers({
      "x-request-id": "no spaces; allowed",
      "cf-ray": "8f1c2b3a4d5e6f70-SJC",
    });
    expect(requestIdOf(headers)).toBe("8f1c2b3a4d5e6f70-SJC");
  });

  it("otherwise starts a new one", () => {
    expect(requestIdOf(new Headers())).toMatch(UUID);
    expect(requestIdOf(new Headers({ "x-request-id": "short" }))).toMatch(UUID);
    expect(requestIdOf(new Headers({ "cf-ray": "not a ray; DROP TABLE" }))).toMatch(UUID);
  });

  it("reads messages queued before the field as null", () => {
    expect(RequestIdField.parse(undefined)).toBeNull();
    expect(RequestIdField.parse("r-1")).toBe("r-1");
  });
});
