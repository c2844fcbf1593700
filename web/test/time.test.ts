import { describe, expect, it } from "vitest";
import { fromNow, localDayBoundary } from "../src/lib/time";

describe("times in the viewer's zone", () => {
  it("turns a picked local day into the instants that bound it", () => {
    const start = localDayBoundary("2026-11-03", "start");
    const end = localDayBoundary("2026-11-03", "end");
    expect(new Date(start as string).getDate()).toBe(3);
    expect(new Date(start as string).getHours()).toBe(0);
    expect(new Date(end as string).getHours()).toBe(23);
    expect(Date.parse(end as string) - Date.parse(start as string)).toBeGreaterThan(22 * 3600_000);
    expect(localDayBoundary("3 Nov", "start")).toBeUndefined();
  });

  it("says how far away a time is", () => {
    const now = Date.parse("2026-11-01T12:00:00Z");
    expect(fromNow("2026-11-01T15:00:00Z", now)).toMatch(/3 hours/);
    expect(fromNow("2026-10-30T12:00:00Z", now)).toMatch(/2 days ago/);
    expect(fromNow(null, now)).toBe("–");
  });
});
