/**
 * Example emails from `knowledge/examples/*.md`: parsing their front matter and choosing the few
 * that fit one email. Pure: the Markdown arrives as strings.
 */
import { err, ok, type Result } from "../domain/result";
import {
  type CounterpartyType,
  EMAIL_PURPOSES,
  type EmailPurpose,
  LEVERS,
  type Lever,
  PLATFORMS,
  type Platform,
} from "../domain/types";
import { parseFrontMatter } from "./front-matter";

export const KNOWLEDGE_STAGES = [
  "opening",
  "counter",
  "question",
  "agreement",
  "walk_away",
  "escalation",
  "follow_up",
] as const;
export type KnowledgeStage = (typeof KNOWLEDGE_STAGES)[number];

/** Which examples teach each kind of email. `escalation` examples are for people taking over. */
export const STAGE_FOR_PURPOSE: Record<EmailPurpose, KnowledgeStage> = {
  opening: "opening",
  counter: "counter",
  answer: "question",
  agreement: "agreement",
  walk_away: "walk_away",
  follow_up: "follow_up",
  decline_ack: "walk_away",
};

/** At most this many examples go into one prompt. */
export const MAX_EXAMPLES = 3;

export interface ExampleSource {
  /** File name, e.g. "opening-tiktok-creator.md". */
  name: string;
  text: string;
}

/** One example; a null tag means it suits any value of that tag. */
export interface KnowledgeExample {
  name: string;
  stage: KnowledgeStage;
  platform: Platform | null;
  counterparty: CounterpartyType | null;
  lever: Lever | null;
  purpose: EmailPurpose | null;
  body: string;
}

export interface ExampleProblem {
  name: string;
  problems: string[];
}

const COUNTERPARTIES = ["creator", "manager"] as const;

function oneOf<T extends string>(
  allowed: readonly T[],
  key: string,
  value: string | undefined,
  problems: string[],
): T | null {
  if (value === undefined || value === "") return null;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`${key}: "${value}" is not one of ${allowed.join(", ")}`);
  return null;
}

export function parseExample(source: ExampleSource): Result<KnowledgeExample, string[]> {
  const { data, body, invalidLines } = parseFrontMatter(source.text);
  const problems = invalidLines.map((line) => `not a "key: value" line: ${line.trim()}`);
  const stage = oneOf(KNOWLEDGE_STAGES, "stage", data.stage, problems);
  if (!data.stage) problems.push("stage is missing");
  const example = {
    name: source.name,
    stage,
    platform: oneOf(PLATFORMS, "platform", data.platform, problems),
    counterparty: oneOf(COUNTERPARTIES, "counterparty", data.counterparty, problems),
    lever: oneOf(LEVERS, "lever", data.lever, problems),
    purpose: oneOf(EMAIL_PURPOSES, "purpose", data.purpose, problems),
    body,
  };
  if (body === "") problems.push("the email text is empty");
  if (problems.length > 0 || example.stage === null) return err(problems);
  return ok({ ...example, stage: example.stage });
}

/** Parses every source; a broken file is reported and left out rather than breaking the Worker. */
export function loadExamples(sources: readonly ExampleSource[]): {
  examples: KnowledgeExample[];
  problems: ExampleProblem[];
} {
  const examples: KnowledgeExample[] = [];
  const problems: ExampleProblem[] = [];
  for (const source of sources) {
    const parsed = parseExample(source);
    if (parsed.ok) examples.push(parsed.value);
    else problems.push({ name: source.name, problems: parsed.error });
  }
  return { examples, problems };
}

export interface ExampleQuery {
  stage: KnowledgeStage;
  purpose: EmailPurpose | null;
  platform: Platform;
  counterparty: CounterpartyType | null;
  lever: Lever | null;
}

type Tag = "purpose" | "lever" | "platform" | "counterparty";

/**
 * Tags an example must agree with, dropped one at a time from the end when nothing fits. Another
 * platform's example is the smallest harm (the platform notes carry the vocabulary), then the wrong
 * voice; an example showing a lever or a purpose the engine did not choose would teach the writer
 * the wrong email, so those go last. Among fitting examples the same platform ranks first.
 */
const TAGS_MOST_IMPORTANT_FIRST: readonly Tag[] = ["purpose", "lever", "counterparty", "platform"];
const WEIGHT: Record<Tag, number> = { purpose: 8, lever: 4, platform: 2, counterparty: 1 };

/** An untagged example suits anything; a tagged one only the same value. */
const fits = (example: KnowledgeExample, query: ExampleQuery, tag: Tag): boolean =>
  example[tag] === null || example[tag] === query[tag];

/** Exact matches rank above untagged examples, which rank above mismatches. */
function score(example: KnowledgeExample, query: ExampleQuery): number {
  return TAGS_MOST_IMPORTANT_FIRST.reduce((total, tag) => {
    if (example[tag] === null) return total + WEIGHT[tag];
    return total + (example[tag] === query[tag] ? 2 * WEIGHT[tag] : 0);
  }, 0);
}

export function selectExamples(
  examples: readonly KnowledgeExample[],
  query: ExampleQuery,
  limit = MAX_EXAMPLES,
): KnowledgeExample[] {
  const sameStage = examples.filter((example) => example.stage === query.stage);
  for (let kept = TAGS_MOST_IMPORTANT_FIRST.length; kept >= 0; kept--) {
    const required = TAGS_MOST_IMPORTANT_FIRST.slice(0, kept);
    const fitting = sameStage.filter((example) =>
      required.every((tag) => fits(example, query, tag)),
    );
    if (fitting.length > 0) {
      return fitting
        .map((example) => ({ example, score: score(example, query) }))
        .sort((a, b) => b.score - a.score || a.example.name.localeCompare(b.example.name))
        .slice(0, limit)
        .map(({ example }) => example);
    }
  }
  return [];
}
