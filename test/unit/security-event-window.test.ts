import { describe, expect, it } from "vitest";
import {
  FULL_PER_CLIENT,
  FULL_PER_KIND,
  SecurityEventWindow,
} from "../../src/audit/security-events";

const T0 = Date.parse("2030-01-01T10:00:00Z");

describe("SecurityEventWindow", () => {
  it("admits the first few per client, then counts", () => {
    const w = new SecurityEventWindow();
    const admitted = Array.from({ length: 20 }, () => w.admit("auth_failed", "1.2.3.4", T0));
    expect(admitted.filter(Boolean)).toHaveLength(FULL_PER_CLIENT);
    expect(w.admit("auth_failed", "5.6.7.8", T0)).toBe(true);
    expect(w.admit("rate_limited", "1.2.3.4", T0)).toBe(true);
  });

  it("admits at most FULL_PER_KIND of a kind per minute, however many clients", () => {
    const w = new SecurityEventWindow();
    const admitted = Array.from({ length: 500 }, (_, i) => w.admit("auth_failed", `c${i}`, T0));
    expect(admitted.filter(Boolean)).toHaveLength(FULL_PER_KIND);
  });

  it("starts over each minute", () => {
    const w = new SecurityEventWindow();
    for (let i = 0; i < 10; i++) w.admit("auth_failed", "x", T0);
    expect(w.admit("auth_failed", "x", T0 + 30_000)).toBe(false);
    expect(w.admit("auth_failed", "x", T0 + 60_000)).toBe(true);
  });

  it("keeps counts per kind and minute until drained", () => {
    const w = new SecurityEventWindow();
    w.count("auth_failed", T0);
    w.count("auth_failed", T0 + 1000, 4);
    w.count("auth_failed", T0 + 61_000);
    w.count("rate_limited", T0);
    expect(w.drain()).toEqual([
      { kind: "auth_failed", windowStart: T0, n: 5 },
      { kind: "auth_failed", windowStart: T0 + 60_000, n: 1 },
      { kind: "rate_limited", windowStart: T0, n: 1 },
    ]);
    expect(w.drain()).toEqual([]);
  });
});
