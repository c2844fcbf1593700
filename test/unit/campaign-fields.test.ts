import { describe, expect, it } from "vitest";
import {
  coerceAutonomy,
  coerceBrief,
  coerceCampaignFields,
  coerceInteger,
  coerceMoney,
  coercePercent,
  coerceProduct,
  coerceSendWindow,
  coerceSheetUrl,
  coerceTiers,
  coerceUsageRights,
  editDistance,
  nearestOption,
} from "../../src/domain/campaign-fields";

describe("coercing campaign fields from task forms", () => {
  it.each([
    ["$25", 2500],
    ["25 USD", 2500],
    ["USD 25", 2500],
    ["1.5k", 150_000],
    ["$1,250.50", 125_050],
    [25, 2500],
    [19.99, 1999],
  ])("money %j → %i cents", (raw, cents) => {
    expect(coerceMoney(raw)).toEqual({ kind: "value", value: cents });
  });

  it.each(["", "  ", "0", "-", "n/a", "TBD", null, undefined])(
    "money %j is not provided",
    (raw) => {
      expect(coerceMoney(raw)).toEqual({ kind: "none" });
    },
  );

  it.each(["€25", "20%", "between 20 and 30", "lots"])("money %j is reported", (raw) => {
    expect(coerceMoney(raw).kind).toBe("invalid");
  });

  it.each([
    ["20%", 20],
    ["20", 20],
    [20, 20],
    [0.2, 20],
    ["0.15", 15],
    ["12.5 %", 12.5],
  ])("percent %j → %d", (raw, value) => {
    expect(coercePercent(raw)).toEqual({ kind: "value", value });
  });

  it("a dollar amount is not a percentage", () => {
    expect(coercePercent("$20").kind).toBe("invalid");
  });

  it("tiers: one per line, bullets dropped, at most three kept with a warning", () => {
    expect(coerceTiers("1 Reel + 2 Stories\n- 1 Reel\n• 3 Stories")).toEqual({
      coerced: { kind: "value", value: ["1 Reel + 2 Stories", "1 Reel", "3 Stories"] },
      warning: null,
    });
    expect(coerceTiers(["A", "B", "C", "D"])).toEqual({
      coerced: { kind: "value", value: ["A", "B", "C"] },
      warning: "at most 3 tiers; kept the first 3 of 4",
    });
    expect(coerceTiers("").coerced).toEqual({ kind: "none" });
  });

  it.each([
    ["90 days", { targetDays: 90, minimumDays: 90 }],
    ["90/30", { targetDays: 90, minimumDays: 30 }],
    ["30 days, at most 90", { targetDays: 90, minimumDays: 30 }],
    ["3 months", { targetDays: 90, minimumDays: 90 }],
    [60, { targetDays: 60, minimumDays: 60 }],
    ["none", undefined],
    ["no usage", null],
  ])("usage %j", (raw, value) => {
    const got = coerceUsageRights(raw);
    if (value === undefined) expect(got).toEqual({ kind: "none" });
    else expect(got).toEqual({ kind: "value", value });
  });

  it("usage in words is reported", () => {
    expect(coerceUsageRights("forever-ish").kind).toBe("invalid");
  });

  it("product: description and value", () => {
    expect(coerceProduct("Glow serum ($45)")).toEqual({
      kind: "value",
      value: { description: "Glow serum", valueCents: 4500 },
    });
    expect(coerceProduct("Glow serum - 45 USD")).toEqual({
      kind: "value",
      value: { description: "Glow serum", valueCents: 4500 },
    });
    expect(coerceProduct("Glow serum").kind).toBe("invalid");
  });

  it("brief: JSON as the API takes it, or free text as product details", () => {
    expect(coerceBrief('{"contentApproval": true}')).toEqual({
      kind: "value",
      value: { contentApproval: true },
    });
    expect(coerceBrief("Vegan, fragrance free")).toEqual({
      kind: "value",
      value: { productDetails: "Vegan, fragrance free" },
    });
    expect(coerceBrief("{oops").kind).toBe("invalid");
  });

  it.each([
    ["Autonomous", "autonomous"],
    ["autonmous", "autonomous"],
    ["Autonomus", "autonomous"],
    ["REVEIW", "review"],
    ["Delayd", "delayed"],
    ["manual", "review"],
    ["auto", "autonomous"],
  ])("autonomy %j → %s", (raw, level) => {
    expect(coerceAutonomy(raw)).toEqual({ kind: "value", value: level });
  });

  it("an autonomy too far from every option is reported", () => {
    expect(coerceAutonomy("yolo")).toEqual({
      kind: "invalid",
      reason: 'autonomy "yolo" is not review, delayed or autonomous',
    });
  });

  it("send window and sheet URL", () => {
    expect(coerceSendWindow("Any time")).toEqual({ kind: "value", value: null });
    expect(coerceSendWindow("business hours")).toEqual({ kind: "none" });
    expect(coerceSendWindow("weekends").kind).toBe("invalid");
    expect(coerceSheetUrl("docs.google.com/spreadsheets/d/abc/edit")).toEqual({
      kind: "value",
      value: "https://docs.google.com/spreadsheets/d/abc/edit",
    });
    expect(coerceSheetUrl("http://example.com").kind).toBe("invalid");
    expect(coerceInteger("5 rounds")).toEqual({ kind: "value", value: 5 });
  });

  it("nearest option: exact, prefix, typo, ambiguous", () => {
    expect(nearestOption("on hold", ["On Hold", "Active"])).toEqual({
      kind: "match",
      option: "On Hold",
      exact: true,
    });
    expect(nearestOption("autono", ["autonomous", "review"]).kind).toBe("match");
    expect(nearestOption("cat", ["bat", "hat"])).toEqual({
      kind: "ambiguous",
      options: ["bat", "hat"],
    });
    expect(editDistance("revew", "review")).toBe(1);
    expect(editDistance("reveiw", "review")).toBe(1);
  });

  it("coerces a whole task and reports each bad field under the tool's own name", () => {
    const out = coerceCampaignFields([
      { field: "cpmTargetCents", label: "CPM Target", raw: "$25" },
      { field: "leniencyPct", label: "Leniency", raw: "20%" },
      { field: "budgetCents", label: "Budget", raw: "about ten grand-ish" },
      { field: "autonomy", label: "Autonomy", raw: "autonmous" },
      { field: "deliverableTiers", label: "Tiers", raw: "" },
    ]);
    expect(out.values).toEqual({ cpmTargetCents: 2500, leniencyPct: 20, autonomy: "autonomous" });
    expect(out.problems).toEqual([
      { field: "Budget", message: expect.stringContaining("not an amount in USD") },
    ]);
    // Empty is cleared (back to the default); unreadable is a problem, not a clearing.
    expect(out.cleared).toEqual(["deliverableTiers"]);
  });
});
