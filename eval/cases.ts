/**
 * The labelled reply format of `eval/replies.jsonl` (documented in eval/README.md): one JSON
 * object per line. Pure: parsing takes the file's text, never reads it.
 */
import { z } from "zod";
import { splitReply } from "../src/domain/reply-text";
import { REPLY_INTENTS } from "../src/domain/types";
import type { ReadRequest } from "../src/ports/reply-reader";

/** Signal kinds a label may list; `keyword` depends on deployment config and is not scored. */
export const SCORED_SIGNALS = ["hostile_tone", "legal_language", "unusual_deliverables"] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");
const cents = z.number().int().nonnegative();

const ExpectedSchema = z.strictObject({
  intent: z.enum(REPLY_INTENTS),
  amountCents: cents.nullable().optional(),
  deliverables: z.string().min(1).nullable().optional(),
  usageRights: z.boolean().optional(),
  exclusivity: z.boolean().optional(),
  questions: z.number().int().nonnegative().optional(),
  signals: z.array(z.enum(SCORED_SIGNALS)).optional(),
  returnDate: isoDate.nullable().optional(),
});

export const EvalCaseSchema = z.strictObject({
  id: z.string().min(1),
  text: z.string(),
  subject: z.string().optional(),
  ourOfferCents: cents.nullable().optional(),
  headers: z.strictObject({ autoSubmitted: z.boolean(), bounce: z.boolean() }).optional(),
  referenceDate: isoDate.optional(),
  expected: ExpectedSchema,
  tags: z.array(z.string()).default([]),
});

export type EvalCase = z.infer<typeof EvalCaseSchema>;
export type Expected = EvalCase["expected"];

export interface BadLine {
  /** 1-based line number in the file. */
  line: number;
  message: string;
}

export interface ParsedCases {
  cases: EvalCase[];
  badLines: BadLine[];
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(line)"}: ${issue.message}`)
    .join("; ");
}

/**
 * Parses JSONL text. Blank lines and lines starting with `//` are skipped; a line that is not
 * valid JSON, fails the schema or repeats an id is reported with its number and left out.
 */
export function parseCases(text: string): ParsedCases {
  const cases: EvalCase[] = [];
  const badLines: BadLine[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("//")) return;
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      badLines.push({ line, message: `invalid JSON: ${(error as Error).message}` });
      return;
    }
    const parsed = EvalCaseSchema.safeParse(json);
    if (!parsed.success) {
      badLines.push({ line, message: describeIssues(parsed.error) });
      return;
    }
    if (seen.has(parsed.data.id)) {
      badLines.push({ line, message: `duplicate id "${parsed.data.id}"` });
      return;
    }
    seen.add(parsed.data.id);
    cases.push(parsed.data);
  });
  return { cases, badLines };
}

/** What a reader sees of a case: the reply text only (quotes and signature removed). */
export function toReadRequest(evalCase: EvalCase): ReadRequest {
  return {
    text: splitReply(evalCase.text).reply,
    subject: evalCase.subject ?? "",
    ourOfferCents: evalCase.ourOfferCents ?? null,
    headers: evalCase.headers ?? { autoSubmitted: false, bounce: false },
  };
}
