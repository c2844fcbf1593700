import { describe, expect, it } from "vitest";
import { signClickUpBody, verifyClickUpSignature } from "../../src/adapters/clickup/signature";
import { retryAfterSeconds } from "../../src/adapters/fetch-retry/retrying-fetch";
import { columnRuns, parseSheetUrl } from "../../src/adapters/google-sheets/creator-source";
import {
  columnLetters,
  creatorFingerprint,
  decideRow,
  isPollDue,
  newRowKey,
  sheetLayout,
  type TrackedRow,
} from "../../src/domain/sheet-rows";

const fp = (email: string, views: number) =>
  creatorFingerprint({ email, platform: "instagram", averageViews: views, engagementRate: null });

const tracked = (t: Partial<TrackedRow>): TrackedRow => ({
  rowKey: "k1",
  status: "started",
  email: "maya@gmail.com",
  fingerprint: fp("maya@gmail.com", 50_000),
  problem: null,
  notifiedChange: null,
  deletedAt: null,
  ...t,
});

describe("a creators' sheet", () => {
  it("finds columns by header whatever their order and spelling, and places Parley's own", () => {
    const layout = sheetLayout(["Avg Views", "EMAIL", "Creator Name", "Network", "Notes", ""]);
    expect(layout.columns).toEqual(["averageViews", "email", "name", "platform", null, null]);
    expect(layout.missingRequired).toEqual([]);
    expect(layout.owned).toEqual({ key: 5, status: 6, state: 7, lastOffer: 8 });
    expect(layout.missingOwned).toEqual(["key", "status", "state", "lastOffer"]);

    const again = sheetLayout([
      "parley KEY",
      "Email",
      "Name",
      "Platform",
      "Views",
      "Parley Status",
    ]);
    expect(again.owned.key).toBe(0);
    expect(again.owned.status).toBe(5);
    expect(again.missingOwned).toEqual(["state", "lastOffer"]);
    expect(sheetLayout(["Name", "Email"]).missingRequired).toEqual(["platform", "averageViews"]);
  });

  it("column letters", () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetters)).toEqual([
      "A",
      "Z",
      "AA",
      "AB",
      "ZZ",
      "AAA",
    ]);
  });

  it("row keys are stable per email and unique within a poll", () => {
    const taken = new Set<string>();
    const a = newRowKey("maya@gmail.com", [], taken);
    const b = newRowKey("maya@gmail.com", [], taken);
    expect(b).toBe(`${a}-2`);
    expect(newRowKey("maya@gmail.com", [], new Set())).toBe(a);
    expect(newRowKey(null, ["x", "y"], new Set())).toMatch(/^p-[0-9a-z]{14}$/);
  });

  it("a new valid row starts; a second row with the same email is a duplicate", () => {
    const read = {
      ok: true as const,
      email: "maya@gmail.com",
      fingerprint: fp("maya@gmail.com", 1),
    };
    expect(decideRow(undefined, read, "k1", "k1")).toEqual({ kind: "start" });
    expect(decideRow(undefined, read, "k1", "k2")).toEqual({ kind: "duplicate", of: "k1" });
  });

  it("an invalid row is reported once per problem, and starts once fixed", () => {
    const bad = { ok: false as const, email: null, problem: "email is missing" };
    expect(decideRow(undefined, bad, null, "k1")).toEqual({
      kind: "invalid",
      problem: "email is missing",
      report: true,
    });
    const known = tracked({ status: "invalid", problem: "email is missing", fingerprint: null });
    expect(decideRow(known, bad, null, "k1")).toMatchObject({ report: false });
    const fixed = {
      ok: true as const,
      email: "maya@gmail.com",
      fingerprint: fp("maya@gmail.com", 9),
    };
    expect(decideRow(known, fixed, "k1", "k1")).toEqual({ kind: "start" });
  });

  it("a started row edited later is a change to report, once, and never a restart", () => {
    const edited = {
      ok: true as const,
      email: "maya@gmail.com",
      fingerprint: fp("maya@gmail.com", 80_000),
    };
    const decision = decideRow(tracked({}), edited, "k1", "k1");
    expect(decision).toEqual({
      kind: "changed",
      change: edited.fingerprint,
      detail: "average views 50000 → 80000",
    });
    expect(decideRow(tracked({ notifiedChange: edited.fingerprint }), edited, "k1", "k1")).toEqual({
      kind: "unchanged",
    });
    const same = {
      ok: true as const,
      email: "maya@gmail.com",
      fingerprint: fp("maya@gmail.com", 50_000),
    };
    expect(decideRow(tracked({}), same, "k1", "k1")).toEqual({ kind: "unchanged" });
  });

  it("polls are due after the configured minutes", () => {
    const now = Date.parse("2026-12-05T10:00:00Z");
    expect(isPollDue(null, now, 60)).toBe(true);
    expect(isPollDue("2026-12-05T09:30:00Z", now, 60)).toBe(false);
    expect(isPollDue("2026-12-05T09:00:10Z", now, 60)).toBe(true);
    expect(isPollDue("2026-12-05T09:59:59Z", now, 0)).toBe(true);
  });
});

describe("Google Sheets and ClickUp edges", () => {
  it("sheet URLs", () => {
    expect(
      parseSheetUrl("https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOp/edit#gid=42"),
    ).toEqual({ spreadsheetId: "1AbCdEfGhIjKlMnOp", gid: 42 });
    expect(parseSheetUrl("https://example.com/spreadsheets/d/1AbCdEfGhIjKlMnOp")).toBeNull();
  });

  it("write-back groups cells into one range per column run", () => {
    const cells = [2, 3, 4, 7].map((rowNumber) => ({
      rowNumber,
      column: 5,
      owned: "status" as const,
      value: `s${rowNumber}`,
    }));
    expect(columnRuns("Test 'client'", cells)).toEqual([
      { range: "'Test ''client'''!F2:F4", majorDimension: "COLUMNS", values: [["s2", "s3", "s4"]] },
      { range: "'Test ''client'''!F7:F7", majorDimension: "COLUMNS", values: [["s7"]] },
    ]);
  });

  it("Retry-After in seconds or as a date", () => {
    expect(retryAfterSeconds("3")).toBe(3);
    expect(retryAfterSeconds(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThanOrEqual(4);
    expect(retryAfterSeconds(null)).toBeNull();
  });

  it("ClickUp signatures: HMAC-SHA256 of the raw body, hex", async () => {
    const body = '{"event":"taskCreated","task_id":"abc","webhook_id":"w1"}';
    const signature = await signClickUpBody("secret", body);
    const bytes = new TextEncoder().encode(body);
    expect(await verifyClickUpSignature("secret", bytes, signature)).toBe(true);
    expect(await verifyClickUpSignature("secret", bytes, signature.toUpperCase())).toBe(true);
    expect(await verifyClickUpSignature("other", bytes, signature)).toBe(false);
    expect(
      await verifyClickUpSignature("secret", new TextEncoder().encode(`${body} `), signature),
    ).toBe(false);
    expect(await verifyClickUpSignature("secret", bytes, undefined)).toBe(false);
    expect(await verifyClickUpSignature("secret", bytes, "zz")).toBe(false);
  });
});
