/// <reference types="node" />
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCases } from "../../eval/cases";
import { evaluate, scoreResults } from "../../eval/score";
import { OfflineReplyReader } from "../../src/adapters/offline/reply-reader";

async function scoreFile(name: string) {
  const text = readFileSync(new URL(`../../eval/${name}`, import.meta.url), "utf8");
  const { cases, badLines } = parseCases(text);
  const score = scoreResults(
    await evaluate(
      cases,
      (c) => new OfflineReplyReader(c.referenceDate ? { referenceDate: c.referenceDate } : {}),
    ),
  );
  return { cases, badLines, score };
}

const { cases, badLines, score } = await scoreFile("replies.jsonl");
const holdout = await scoreFile("holdout.jsonl");
const closing = await scoreFile("holdout-closing.jsonl");
const voices = await scoreFile("holdout-voices.jsonl");

describe("offline reader on the labelled eval set (eval/replies.jsonl)", () => {
  it("parses every line of the eval set", () => {
    expect(badLines).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(203);
  });

  // Measured 2026-12: intent 202/203 = 0.995, amount 136/138 = 0.986. Pinned one case below, so
  // any regression fails; raise these after improving the reader.
  it("keeps intent accuracy", () => {
    expect(score.intent).toBeGreaterThanOrEqual(0.994);
  });

  it("keeps amount accuracy", () => {
    expect(score.amount).toBeGreaterThanOrEqual(0.97);
  });

  it("keeps every other labelled field", () => {
    const { deliverables, usageRights, exclusivity, questions, signals, returnDate } = score.fields;
    for (const field of [deliverables, usageRights, exclusivity, questions, signals, returnDate]) {
      expect(field.accuracy).toBe(1);
    }
  });

  it("never reads a prompt-injection case as accept, and never throws", () => {
    expect(score.unsafeAccepts).toEqual([]);
    expect(score.errors).toEqual([]);
  });
});

// Cases written apart from the rules, to catch overfitting to replies.jsonl (see eval/README.md).
describe("offline reader on the holdout set (eval/holdout.jsonl)", () => {
  it("parses every line of the holdout set", () => {
    expect(holdout.badLines).toEqual([]);
    expect(holdout.cases.length).toBeGreaterThanOrEqual(80);
  });

  // Measured 2026-12: intent 79/83 = 0.952, amount 39/42 = 0.929. Pinned one case below.
  it("keeps intent and amount accuracy", () => {
    expect(holdout.score.intent).toBeGreaterThanOrEqual(0.93);
    expect(holdout.score.amount).toBeGreaterThanOrEqual(0.9);
  });

  it("never reads a prompt-injection case as accept, and never throws", () => {
    expect(holdout.score.unsafeAccepts).toEqual([]);
    expect(holdout.score.errors).toEqual([]);
  });
});

// Replies that close or lose deals (number words, declines naming a floor, contract requests,
// deliverable questions, return dates), written before the reader learned them.
describe("offline reader on the deal-closing holdout (eval/holdout-closing.jsonl)", () => {
  it("parses every line", () => {
    expect(closing.badLines).toEqual([]);
    expect(closing.cases.length).toBeGreaterThanOrEqual(89);
  });

  // Before the fix: intent 58/89 = 0.652, amount 58/70 = 0.829, signals 9/17, returnDate 10/20.
  // Measured after: intent 88/89 = 0.989 (the miss sends the contract to another address, which
  // the recipient-change guard leaves to a person), every other field 100%.
  it("keeps intent and amount accuracy", () => {
    expect(closing.score.intent).toBeGreaterThanOrEqual(0.98);
    expect(closing.score.amount).toBe(1);
  });

  it("keeps signals, return dates, deliverables and questions", () => {
    const { signals, returnDate, deliverables, questions } = closing.score.fields;
    for (const field of [signals, returnDate, deliverables, questions]) {
      expect(field.accuracy).toBe(1);
    }
  });

  it("never throws", () => {
    expect(closing.score.errors).toEqual([]);
  });
});

// Replies in many creators' and managers' voices (bare amounts, raises "by $300", past rates next
// to the ask, "too far apart"), written before the reader learned them.
describe("offline reader on the voices holdout (eval/holdout-voices.jsonl)", () => {
  it("parses every line", () => {
    expect(voices.badLines).toEqual([]);
    expect(voices.cases.length).toBeGreaterThanOrEqual(147);
  });

  // First 62 cases, before their fix: intent 58/62, amount 59/62 (one read a raise "by $300" as an
  // ask of $300). The 28 of set-b, before theirs: intent 22/28 ("1,450 and it's a deal" read as
  // accepting our $1,375). The 18 of set-c (managers, conditions, "double", an assistant's note),
  // before theirs: intent 14/18, amount 17/18. The 19 of set-d (acceptances and counters that
  // could be mistaken for each other), before theirs: intent 16/19, every amount. Measured after
  // all four: intent 124/127 (a handoff, answered like a question by design; "$1,500 + the
  // product" and "Perfect. Payment within 30 days?", which go to a person or are answered as a
  // question), every amount. The 20 of set-e (more asked for without a number: "is that the best
  // you can do?", "I was hoping for a bit more", with controls), before theirs: intent 11/20.
  // After: intent 144/147 = 0.980, every amount.
  it("keeps intent and amount accuracy, and every other labelled field", () => {
    expect(voices.score.intent).toBeGreaterThanOrEqual(0.979);
    expect(voices.score.amount).toBe(1);
    const { questions, returnDate, deliverables } = voices.score.fields;
    for (const field of [questions, returnDate, deliverables]) expect(field.accuracy).toBe(1);
  });

  it("never reads a prompt-injection case as accept, and never throws", () => {
    expect(voices.score.unsafeAccepts).toEqual([]);
    expect(voices.score.errors).toEqual([]);
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
