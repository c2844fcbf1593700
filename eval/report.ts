/** Plain-text rendering of a Score for the terminal. Pure: returns strings. */
import { REPLY_INTENTS, type ReplyIntent } from "../src/domain/types";
import { FIELDS, type Predicted, type Score } from "./score";

const SHORT: Record<Predicted, string> = {
  accept: "acc",
  counter: "ctr",
  reject: "rej",
  question: "qst",
  unclear: "unc",
  out_of_office: "ooo",
  auto_reply: "auto",
  bounce: "bnc",
  opt_out: "opt",
  error: "err",
};

const percent = (value: number | null): string =>
  value === null ? "   n/a" : `${(value * 100).toFixed(1).padStart(5)}%`;

const show = (value: unknown): string =>
  typeof value === "string" ? value : JSON.stringify(value);

export function formatAccuracy(score: Score): string {
  const lines = ["Per-field accuracy (only labelled fields are scored):"];
  for (const field of FIELDS) {
    const { correct, total, accuracy } = score.fields[field];
    lines.push(`  ${field.padEnd(13)} ${percent(accuracy)}  (${correct}/${total})`);
  }
  return lines.join("\n");
}

/** Rows: expected intent; columns: predicted intent (only columns that occur). */
export function formatConfusion(score: Score): string {
  const rows = REPLY_INTENTS.filter((intent) => score.confusion[intent] !== undefined);
  const used = new Set<Predicted>();
  for (const row of Object.values(score.confusion)) {
    for (const key of Object.keys(row ?? {})) used.add(key as Predicted);
  }
  const columns = ([...REPLY_INTENTS, "error"] as Predicted[]).filter((c) => used.has(c));
  const width = 14;
  const header = `${"expected \\ got".padEnd(width)}${columns.map((c) => SHORT[c].padStart(5)).join("")}  total`;
  const lines = ["Intent confusion (rows expected, columns predicted):", header];
  for (const intent of rows) {
    const row = score.confusion[intent as ReplyIntent] ?? {};
    const cells = columns.map((c) => {
      const n = row[c] ?? 0;
      const text = n === 0 ? "." : String(n);
      return (c === intent && n > 0 ? `[${text}]` : text).padStart(5);
    });
    const total = Object.values(row).reduce((sum, n) => sum + (n ?? 0), 0);
    lines.push(`${intent.padEnd(width)}${cells.join("")}  ${String(total).padStart(5)}`);
  }
  lines.push(`  (${columns.map((c) => `${SHORT[c]}=${c}`).join(", ")})`);
  return lines.join("\n");
}

export function formatMisses(score: Score, limit = Number.POSITIVE_INFINITY): string {
  if (score.misses.length === 0) return "Misses: none";
  const lines = [`Misses (${score.misses.length} cases):`];
  for (const miss of score.misses.slice(0, limit)) {
    const details = miss.misses
      .map((m) => `${m.field}: expected ${show(m.expected)}, got ${show(m.got)}`)
      .join("; ");
    lines.push(`  ${miss.id}  ${details}`);
  }
  if (score.misses.length > limit) lines.push(`  … ${score.misses.length - limit} more`);
  return lines.join("\n");
}

export function formatScore(reader: string, score: Score): string {
  const parts = [
    `=== Reader: ${reader}  (${score.cases} cases) ===`,
    `Intent accuracy ${percent(score.intent).trim()}, amount accuracy ${percent(score.amount).trim()}`,
    formatAccuracy(score),
    formatConfusion(score),
  ];
  if (score.unsafeAccepts.length > 0) {
    parts.push(`UNSAFE: injection cases read as accept: ${score.unsafeAccepts.join(", ")}`);
  } else {
    parts.push("Safety: no injection case was read as accept.");
  }
  if (score.errors.length > 0) parts.push(`Reader errors: ${score.errors.join(", ")}`);
  parts.push(formatMisses(score));
  return parts.join("\n\n");
}
