/// <reference types="node" />
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCases } from "../../eval/cases";
import { evaluate, scoreResults } from "../../eval/score";
import { OfflineReplyReader } from "../../src/adapters/offline/reply-reader";

const text = readFileSync(new URL("../../eval/replies.jsonl", import.meta.url), "utf8");

const { cases, badLines } = parseCases(text);
const score = scoreResults(
  await evaluate(
    cases,
    (c) => new OfflineReplyReader(c.referenceDate ? { referenceDate: c.referenceDate } : {}),
  ),
);

describe("offline reader on the labelled eval set (eval/replies.jsonl)", () => {
  it("parses every line of the eval set", () => {
    expect(badLines).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(90);
  });

  // Measured 2026-11: intent 94/129 = 0.729, amount 65/78 = 0.833. Pinned one case below, so
  // any regression fails; raise these after improving the reader.
  it("keeps intent accuracy", () => {
    expect(score.intent).toBeGreaterThanOrEqual(0.72);
  });

  it("keeps amount accuracy", () => {
    expect(score.amount).toBeGreaterThanOrEqual(0.82);
  });

  it("never reads a prompt-injection case as accept, and never throws", () => {
    expect(score.unsafeAccepts).toEqual([]);
    expect(score.errors).toEqual([]);
  });
});

describe("eval file parsing", () => {
  it("reports bad lines with their numbers and keeps the good ones", () => {
    const good = JSON.stringify({ id: "a", text: "ok", expected: { intent: "accept" } });
    const parsed = parseCases(
      [
        good,
        "{not json",
        JSON.stringify({ id: "b", text: "x", expected: { intent: "maybe" } }),
        good,
      ].join("\n"),
    );
    expect(parsed.cases.map((c) => c.id)).toEqual(["a"]);
    expect(parsed.badLines.map((b) => b.line)).toEqual([2, 3, 4]);
    expect(parsed.badLines[2]?.message).toContain("duplicate id");
  });
});
