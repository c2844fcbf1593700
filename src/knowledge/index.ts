/**
 * The editable knowledge base (`knowledge/` at the repo root) that shapes the tone and tactics of
 * the emails the writer drafts. Bundled into the Worker at build time; edit the Markdown and
 * redeploy, no code changes.
 */
import type { CounterpartyType, EmailPurpose, Lever, Platform } from "../domain/types";
import {
  type ExampleProblem,
  type ExampleQuery,
  loadExamples,
  STAGE_FOR_PURPOSE,
  selectExamples,
} from "./examples";
import { parseFrontMatter } from "./front-matter";
import { EXAMPLE_SOURCES, PLATFORM_NOTES, PLAYBOOK } from "./sources";

export {
  type ExampleProblem,
  type ExampleQuery,
  type ExampleSource,
  KNOWLEDGE_STAGES,
  type KnowledgeExample,
  type KnowledgeStage,
  loadExamples,
  MAX_EXAMPLES,
  parseExample,
  STAGE_FOR_PURPOSE,
  selectExamples,
} from "./examples";
export { type FrontMatter, parseFrontMatter } from "./front-matter";
export { READING_GUIDE } from "./sources";

export interface KnowledgeRequest {
  purpose: EmailPurpose;
  platform: Platform;
  /** Prefer examples in this voice; tone only, never numbers. */
  counterparty?: CounterpartyType | null;
  /** The lever the engine used for this email, so examples never show a different one. */
  lever?: Lever | null;
}

export interface Knowledge {
  playbook: string;
  platform: string;
  /** Example email texts (front matter removed), best fit first. */
  examples: string[];
}

const loaded = loadExamples(EXAMPLE_SOURCES);

/** Examples whose front matter is broken; they are left out. Tests require this to be empty. */
export const knowledgeProblems: readonly ExampleProblem[] = loaded.problems;

const playbookText = parseFrontMatter(PLAYBOOK).body;
const platformText: Record<Platform, string> = {
  instagram: parseFrontMatter(PLATFORM_NOTES.instagram).body,
  tiktok: parseFrontMatter(PLATFORM_NOTES.tiktok).body,
  youtube: parseFrontMatter(PLATFORM_NOTES.youtube).body,
};

export function knowledgeFor(request: KnowledgeRequest): Knowledge {
  const examples = selectExamples(loaded.examples, {
    stage: STAGE_FOR_PURPOSE[request.purpose],
    purpose: request.purpose,
    platform: request.platform,
    counterparty: request.counterparty ?? null,
    lever: request.lever ?? null,
  });
  return {
    playbook: playbookText,
    platform: platformText[request.platform],
    examples: examples.map((example) => example.body),
  };
}

/** Examples for a stage no email purpose maps to (e.g. `escalation`, for people taking over). */
export function examplesForStage(query: ExampleQuery): string[] {
  return selectExamples(loaded.examples, query).map((example) => example.body);
}
