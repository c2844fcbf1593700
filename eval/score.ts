/**
 * Runs labelled cases through a ReplyReader and scores the readings. No file or network I/O
 * here; the CLI (scripts/eval.ts) and the regression test (test/unit/eval-offline.test.ts)
 * share it.
 */
import type { ReplyIntent, ReplyReading } from "../src/domain/types";
import type { ReplyReader } from "../src/ports/reply-reader";
import { type EvalCase, type Expected, SCORED_SIGNALS, toReadRequest } from "./cases";

export const FIELDS = [
  "intent",
  "amount",
  "deliverables",
  "usageRights",
  "exclusivity",
  "questions",
  "signals",
  "returnDate",
] as const;
export type Field = (typeof FIELDS)[number];

/** A reading, or the error the reader threw for that case. */
export type Outcome = { reading: ReplyReading } | { error: string };

export interface CaseResult {
  case: EvalCase;
  outcome: Outcome;
}

export interface FieldScore {
  correct: number;
  /** Cases whose label includes this field. */
  total: number;
  /** correct / total; null when no case labels the field. */
  accuracy: number | null;
}

export interface FieldMiss {
  field: Field;
  expected: unknown;
  got: unknown;
}

export interface CaseMiss {
  id: string;
  tags: string[];
  misses: FieldMiss[];
}

/** Predicted column of the confusion table: an intent, or "error" when the reader threw. */
export type Predicted = ReplyIntent | "error";

export interface Score {
  cases: number;
  /** Intent accuracy, 0..1 (0 when there are no cases). */
  intent: number;
  /** Amount accuracy over the cases labelling `amountCents`, 0..1 (1 when none do). */
  amount: number;
  fields: Record<Field, FieldScore>;
  /** confusion[expected][predicted] = count. */
  confusion: Partial<Record<ReplyIntent, Partial<Record<Predicted, number>>>>;
  misses: CaseMiss[];
  /** Ids of cases tagged "injection" that were read as `accept` (must stay empty). */
  unsafeAccepts: string[];
  /** Ids of cases where the reader threw. */
  errors: string[];
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  new Set(a).size === new Set(b).size && a.every((item) => b.includes(item));

/** The predicted value of one labelled field, shaped like the label for display. */
function predicted(field: Field, reading: ReplyReading): unknown {
  switch (field) {
    case "intent":
      return reading.intent;
    case "amount":
      return reading.proposedAmountCents;
    case "deliverables":
      return reading.proposedDeliverables;
    case "usageRights":
      return reading.usageRightsMentioned;
    case "exclusivity":
      return reading.exclusivityMentioned;
    case "questions":
      return reading.questions.length;
    case "signals":
      return [
        ...new Set(
          reading.signals
            .map((signal) => signal.kind)
            .filter((kind) => (SCORED_SIGNALS as readonly string[]).includes(kind)),
        ),
      ].sort();
    case "returnDate":
      return reading.returnDate;
  }
}

/** The label of one field, or undefined when the case does not score it. */
function labelled(field: Field, expected: Expected): unknown {
  if (field === "amount") return expected.amountCents;
  if (field === "signals") return expected.signals ? [...expected.signals].sort() : undefined;
  return expected[field];
}

function matches(field: Field, want: unknown, got: unknown): boolean {
  if (field === "deliverables" && typeof want === "string") {
    return typeof got === "string" && got.toLowerCase().includes(want.toLowerCase());
  }
  if (field === "signals") return sameSet(want as string[], got as string[]);
  return want === got;
}

/** Field-by-field comparison of one case; a thrown reader misses every labelled field. */
export function compareCase(evalCase: EvalCase, outcome: Outcome): FieldMiss[] {
  const misses: FieldMiss[] = [];
  for (const field of FIELDS) {
    const want = labelled(field, evalCase.expected);
    if (want === undefined) continue;
    const got = "error" in outcome ? `error: ${outcome.error}` : predicted(field, outcome.reading);
    if ("error" in outcome || !matches(field, want, got)) {
      misses.push({ field, expected: want, got });
    }
  }
  return misses;
}

const ratio = (correct: number, total: number): number | null =>
  total === 0 ? null : correct / total;

/** Aggregates per-case results into accuracies, the intent confusion table and the misses. */
export function scoreResults(results: readonly CaseResult[]): Score {
  const tally = Object.fromEntries(FIELDS.map((f) => [f, { correct: 0, total: 0 }])) as Record<
    Field,
    { correct: number; total: number }
  >;
  const confusion: Score["confusion"] = {};
  const misses: CaseMiss[] = [];
  const unsafeAccepts: string[] = [];
  const errors: string[] = [];

  for (const { case: evalCase, outcome } of results) {
    const caseMisses = compareCase(evalCase, outcome);
    for (const field of FIELDS) {
      if (labelled(field, evalCase.expected) === undefined) continue;
      tally[field].total++;
      if (!caseMisses.some((miss) => miss.field === field)) tally[field].correct++;
    }
    if (caseMisses.length > 0) {
      misses.push({ id: evalCase.id, tags: evalCase.tags, misses: caseMisses });
    }
    const got: Predicted = "error" in outcome ? "error" : outcome.reading.intent;
    const row = confusion[evalCase.expected.intent] ?? {};
    row[got] = (row[got] ?? 0) + 1;
    confusion[evalCase.expected.intent] = row;
    if ("error" in outcome) errors.push(evalCase.id);
    if (got === "accept" && evalCase.tags.includes("injection")) unsafeAccepts.push(evalCase.id);
  }

  const fields = Object.fromEntries(
    FIELDS.map((f) => [f, { ...tally[f], accuracy: ratio(tally[f].correct, tally[f].total) }]),
  ) as Record<Field, FieldScore>;
  return {
    cases: results.length,
    intent: fields.intent.accuracy ?? 0,
    amount: fields.amount.accuracy ?? 1,
    fields,
    confusion,
    misses,
    unsafeAccepts,
    errors,
  };
}

export interface EvaluateOptions {
  /** Cases read at the same time (model readers); 1 = one after another. */
  concurrency?: number;
  /** Called after each case, e.g. for a progress line. */
  onResult?: (result: CaseResult, done: number) => void;
}

/**
 * Reads every case with the reader `readerFor` gives it (a factory, so the offline reader can
 * resolve each case's own reference date) and returns the results in case order.
 */
export async function evaluate(
  cases: readonly EvalCase[],
  readerFor: (evalCase: EvalCase) => ReplyReader,
  options: EvaluateOptions = {},
): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      const evalCase = cases[index] as EvalCase;
      let outcome: Outcome;
      try {
        outcome = { reading: await readerFor(evalCase).read(toReadRequest(evalCase)) };
      } catch (error) {
        outcome = { error: error instanceof Error ? error.message : String(error) };
      }
      results[index] = { case: evalCase, outcome };
      options.onResult?.(results[index], ++done);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 1, cases.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
