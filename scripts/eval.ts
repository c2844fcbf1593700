/// <reference types="node" />
/**
 * npm run eval -- [--file eval/replies.jsonl] [--reader offline|claude|all]
 *                 [--min-intent-accuracy 0.8] [--json]
 *
 * Scores reply readers against a labelled JSONL file (format: eval/README.md). Default readers:
 * offline always, plus Claude when ANTHROPIC_API_KEY is set.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { type BadLine, type EvalCase, parseCases } from "../eval/cases";
import { formatScore } from "../eval/report";
import { evaluate, type Score, scoreResults } from "../eval/score";
import { OfflineReplyReader } from "../src/adapters/offline/reply-reader";
import type { ReplyReader } from "../src/ports/reply-reader";

const DEFAULT_FILE = "eval/replies.jsonl";
const DEFAULT_MODEL = "claude-haiku-5-5";
const CLAUDE_CONCURRENCY = 4;

type ReaderName = "offline" | "claude";

interface ReaderRun {
  name: ReaderName;
  model?: string;
  score: Score;
}

function usage(message: string): never {
  console.error(`eval: ${message}`);
  console.error(
    "usage: npm run eval -- [--file <path.jsonl>] [--reader offline|claude|all] " +
      "[--min-intent-accuracy <0..1>] [--json]",
  );
  process.exit(2);
}

const parseCli = () =>
  parseArgs({
    options: {
      file: { type: "string", default: DEFAULT_FILE },
      reader: { type: "string" },
      "min-intent-accuracy": { type: "string" },
      json: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });

function options() {
  let values: ReturnType<typeof parseCli>["values"];
  try {
    values = parseCli().values;
  } catch (error) {
    usage((error as Error).message);
  }
  const reader = values.reader;
  if (reader !== undefined && !["offline", "claude", "all"].includes(reader)) {
    usage(`--reader must be offline, claude or all, got "${reader}"`);
  }
  let minIntent: number | null = null;
  if (values["min-intent-accuracy"] !== undefined) {
    minIntent = Number(values["min-intent-accuracy"]);
    if (!Number.isFinite(minIntent) || minIntent < 0 || minIntent > 1) {
      usage("--min-intent-accuracy must be a number between 0 and 1");
    }
  }
  const hasKey = Boolean(process.env.ANTHROPIC_API_KEY);
  const readers: ReaderName[] =
    reader === "offline"
      ? ["offline"]
      : reader === "claude"
        ? ["claude"]
        : reader === "all" || hasKey
          ? ["offline", "claude"]
          : ["offline"];
  return { file: values.file ?? DEFAULT_FILE, readers, minIntent, json: values.json === true };
}

type AnthropicReaderClass = new (options: {
  apiKey: string;
  baseURL?: string;
  model: string;
  maxTokens?: number;
  temperature?: number;
  fetch?: typeof fetch;
}) => ReplyReader;

/** The Claude reader, or a reason it is unavailable. Imported only when requested. */
async function loadClaude(): Promise<{ reader: ReplyReader; model: string } | { skip: string }> {
  const apiKey = process.env.ANTHROPIC_API_KEY;
  if (!apiKey) return { skip: "ANTHROPIC_API_KEY is not set" };
  const url = new URL("../src/adapters/anthropic/reply-reader.ts", import.meta.url);
  if (!existsSync(url)) {
    return { skip: "src/adapters/anthropic/reply-reader.ts does not exist yet" };
  }
  let ReaderClass: AnthropicReaderClass | undefined;
  try {
    const module = (await import(url.href)) as { AnthropicReplyReader?: AnthropicReaderClass };
    ReaderClass = module.AnthropicReplyReader;
  } catch (error) {
    return { skip: `could not load the Claude reader: ${(error as Error).message}` };
  }
  if (typeof ReaderClass !== "function") {
    return { skip: "src/adapters/anthropic/reply-reader.ts does not export AnthropicReplyReader" };
  }
  const model = process.env.ANTHROPIC_READER_MODEL || DEFAULT_MODEL;
  const baseURL = process.env.ANTHROPIC_BASE_URL;
  const reader = new ReaderClass({ apiKey, model, ...(baseURL ? { baseURL } : {}) });
  return { reader, model };
}

async function run(name: ReaderName, cases: EvalCase[], quiet: boolean): Promise<ReaderRun | null> {
  if (name === "offline") {
    const results = await evaluate(
      cases,
      (c) => new OfflineReplyReader(c.referenceDate ? { referenceDate: c.referenceDate } : {}),
    );
    return { name, score: scoreResults(results) };
  }
  const claude = await loadClaude();
  if ("skip" in claude) {
    console.error(`eval: the Claude reader is unavailable (${claude.skip}); skipping it.`);
    return null;
  }
  const results = await evaluate(cases, () => claude.reader, {
    concurrency: CLAUDE_CONCURRENCY,
    onResult: (_, done) => {
      if (!quiet) process.stderr.write(`\rclaude: ${done}/${cases.length}`);
    },
  });
  if (!quiet) process.stderr.write("\n");
  return { name, model: claude.model, score: scoreResults(results) };
}

function reportBadLines(file: string, badLines: BadLine[]) {
  for (const bad of badLines) console.error(`eval: ${file}:${bad.line}: ${bad.message}`);
  if (badLines.length > 0) console.error(`eval: skipped ${badLines.length} bad line(s)`);
}

async function main() {
  const opts = options();
  const path = resolve(opts.file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    usage(`cannot read ${opts.file}: ${(error as Error).message}`);
  }
  const { cases, badLines } = parseCases(text);
  reportBadLines(opts.file, badLines);
  if (cases.length === 0) usage(`no valid cases in ${opts.file}`);

  const runs: ReaderRun[] = [];
  for (const name of opts.readers) {
    const result = await run(name, cases, opts.json);
    if (result !== null) runs.push(result);
  }

  const below = runs.filter((r) => opts.minIntent !== null && r.score.intent < opts.minIntent);
  if (opts.json) {
    console.log(JSON.stringify({ file: opts.file, badLines, runs }, null, 2));
  } else {
    for (const r of runs) {
      const label = r.model ? `${r.name} (${r.model})` : r.name;
      console.log(`${formatScore(label, r.score)}\n`);
    }
  }
  for (const r of below) {
    console.error(
      `eval: ${r.name} intent accuracy ${r.score.intent.toFixed(3)} is below ${opts.minIntent}`,
    );
  }
  if (runs.length === 0) {
    console.error("eval: no reader ran");
    process.exit(1);
  }
  if (below.length > 0) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
