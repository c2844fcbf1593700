// node scripts/check-migrations.mjs [--since <git ref>] [--dir migrations]
//
// D1 migrations run before the new Worker version is deployed, while the previous version still
// serves (and stays the one to roll back to), so a migration must keep the previous version working:
// expand only (new tables, new nullable or defaulted columns, new indexes). Refuses, naming file and
// statement, anything that breaks the version before it: DROP TABLE/VIEW/INDEX/TRIGGER, DROP COLUMN,
// RENAME of a table or column, and a NOT NULL column added without a DEFAULT. Such a change is a
// contract step, shipped in a later release once no deployed version needs what it removes, and
// marked on a line of its own at the top of the file:
//
//   -- contract: <why nothing deployed needs it any more>
//
// (docs/deploy.md, "Migrations: expand, then contract"). By default every migration is checked;
// --since <ref> checks only the migrations added after that git ref (e.g. the last release tag).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const CONTRACT_MARK = /^\s*--\s*contract:\s*(\S.*)$/im;

/** Statement patterns that break the Worker version deployed before the migration. */
const DESTRUCTIVE = [
  [/^DROP\s+(TABLE|VIEW|INDEX|TRIGGER)\b/i, (m) => `drops ${m[1].toLowerCase()}`],
  [/^ALTER\s+TABLE\s+\S+\s+DROP\s+(COLUMN\s+)?\S+/i, () => "drops column"],
  [/^ALTER\s+TABLE\s+\S+\s+RENAME\s+TO\b/i, () => "renames table"],
  [/^ALTER\s+TABLE\s+\S+\s+RENAME\s+(COLUMN\s+)?\S+\s+TO\b/i, () => "renames column"],
];
const ADD_COLUMN = /^ALTER\s+TABLE\s+\S+\s+ADD\s+(COLUMN\s+)?/i;

/** The SQL statements of a migration, comments removed, whitespace collapsed. */
export function statementsOf(sql) {
  // String literals first (a DEFAULT may hold "--" or ";"), then comments.
  const code = sql
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/--[^\n]*/g, " ");
  return code
    .split(";")
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

/**
 * What in one migration breaks the previous version: `problems` (one per statement) and whether
 * the file is marked as a contract step, which allows them.
 */
export function checkMigration(sql) {
  const problems = [];
  for (const statement of statementsOf(sql)) {
    for (const [pattern, describe] of DESTRUCTIVE) {
      const match = pattern.exec(statement);
      if (match) problems.push(`${describe(match)}: ${statement}`);
    }
    if (ADD_COLUMN.test(statement) && /\bNOT\s+NULL\b/i.test(statement))
      if (!/\bDEFAULT\b/i.test(statement))
        problems.push(`adds NOT NULL column without a DEFAULT: ${statement}`);
  }
  const contract = CONTRACT_MARK.exec(sql)?.[1]?.trim() ?? null;
  return { problems, contract };
}

/** The migration files (`NNNN_name.sql`) in `dir`, in the order D1 applies them. */
export function migrationFiles(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort();
}

/** Files of `dir` that did not exist at git `ref`. */
function addedSince(ref, dir, files) {
  const listed = execFileSync("git", ["ls-tree", "--name-only", `${ref}:${dir}`], {
    encoding: "utf8",
  });
  const before = new Set(listed.split("\n").filter(Boolean));
  return files.filter((f) => !before.has(f));
}

/** Checks `files` of `dir`; refused ones are destructive and not marked as contract steps. */
export function checkMigrations(dir, files = migrationFiles(dir)) {
  return files.map((file) => {
    const { problems, contract } = checkMigration(readFileSync(join(dir, file), "utf8"));
    return { file, problems, contract, refused: problems.length > 0 && !contract };
  });
}

function main() {
  const { values } = parseArgs({
    options: { since: { type: "string" }, dir: { type: "string", default: "migrations" } },
  });
  const all = migrationFiles(values.dir);
  const files = values.since ? addedSince(values.since, values.dir, all) : all;
  const results = checkMigrations(values.dir, files);
  for (const r of results) {
    if (r.refused) {
      console.error(`REFUSED  ${r.file}: breaks the Worker version deployed before it`);
      for (const problem of r.problems) console.error(`    ${problem}`);
    } else if (r.problems.length)
      console.log(
        `contract ${r.file} (${r.contract}): ${r.problems.length} destructive statement(s)`,
      );
    else console.log(`ok       ${r.file}`);
  }
  const refused = results.filter((r) => r.refused);
  const scope = values.since ? `added since ${values.since}` : "in total";
  if (refused.length) {
    console.error(
      `\n${refused.length} migration(s) would break the running version. Split each into an expand step now and a contract step in a later release (marked "-- contract: <why>"); see docs/deploy.md.`,
    );
    process.exit(1);
  }
  console.log(
    `${results.length} migration(s) ${scope}: every one keeps the previous version working.`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
