/// <reference types="node" />
/**
 * npm run bench (after the vitest benchmarks), or alone: npm run bench:bundle [-- --runs <n>]
 *
 * Builds the Worker as production gets it (`wrangler deploy --dry-run --env production`, offline)
 * and prints what the upload weighs and what starts slowly:
 * - the upload's size as wrangler reports it (minified, and gzip: the figure Cloudflare's size
 *   limit applies to), the knowledge base's text modules included;
 * - the minified bytes of the bundle per package and the largest modules, from esbuild's metafile;
 * - start-up CPU from `wrangler check startup` (the script's top-level evaluation profiled in a
 *   local workerd; "Active" time), the median of --runs runs because a shared machine is noisy.
 *
 * It reports against the targets in docs/architecture.md ("The bundle") and asserts nothing: the
 * exit status is non-zero only when the build itself fails. The dashboard's static assets are not
 * part of the Worker script, so an empty assets directory stands in for web/dist (no build needed).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";

const TARGET_GZIP_KIB = 250;
const TARGET_STARTUP_MS = 40;

const { values } = parseArgs({
  options: { runs: { type: "string", default: "3" }, top: { type: "string", default: "15" } },
});
const runs = Math.max(1, Number(values.runs) || 3);
const top = Math.max(1, Number(values.top) || 15);

const wrangler = resolve("node_modules/.bin/wrangler");
const work = mkdtempSync(join(tmpdir(), "parley-bundle-"));
const outdir = join(work, "out");
const assets = join(work, "assets");
const metafile = join(work, "meta.json");
mkdirSync(assets);
const buildArgs = ["--env", "production", "--assets", assets];

function run(args: string[]): string {
  const result = spawnSync(wrangler, args, { encoding: "utf8", env: { ...process.env, CI: "1" } });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) {
    console.error(output);
    throw new Error(`wrangler ${args[0]} ${args[1] ?? ""} failed (exit ${result.status})`);
  }
  return output;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** `node_modules/@scope/name/…` → `@scope/name`; our own files by their first folder under src/. */
function owner(input: string): string {
  const inPackage = input.split("node_modules/").at(-1);
  if (inPackage !== undefined && inPackage !== input) {
    const [first = "", second = ""] = inPackage.split("/");
    return first.startsWith("@") ? `${first}/${second}` : first;
  }
  const [, folder, file] = input.match(/^src\/([^/]+)(\/)?/) ?? [];
  return folder ? `src/${folder}${file ? "/" : ""}` : input;
}

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

try {
  const built = run([
    "deploy",
    "--dry-run",
    "--outdir",
    outdir,
    "--metafile",
    metafile,
    ...buildArgs,
  ]);
  const upload = built.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
  const meta = JSON.parse(readFileSync(metafile, "utf8")) as Metafile;
  const script = Object.entries(meta.outputs).find(([file]) => file.endsWith("index.js"));
  if (!script) throw new Error("the metafile names no index.js output");
  const [, output] = script;
  const code = readFileSync(join(outdir, "index.js"));

  const byOwner = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
    byOwner.set(owner(input), (byOwner.get(owner(input)) ?? 0) + bytesInOutput);
  const owners = [...byOwner].sort((a, b) => b[1] - a[1]);
  const modules = Object.entries(output.inputs)
    .map(([input, { bytesInOutput }]) => [input, bytesInOutput] as const)
    .sort((a, b) => b[1] - a[1]);

  console.log("Worker bundle (wrangler deploy --dry-run --env production)");
  if (upload)
    console.log(
      `  upload: ${upload[1]} KiB minified, ${upload[2]} KiB gzip (target ≤ ${TARGET_GZIP_KIB} KiB gzip)`,
    );
  console.log(`  index.js: ${kib(code.length)} minified, ${kib(gzipSync(code).length)} gzip`);
  console.log(`\nMinified bytes by package (top ${top} of ${owners.length})`);
  for (const [name, bytes] of owners.slice(0, top))
    console.log(
      `  ${kib(bytes).padStart(10)}  ${((100 * bytes) / output.bytes).toFixed(1).padStart(4)}%  ${name}`,
    );
  console.log(`\nLargest modules (top ${top})`);
  for (const [input, bytes] of modules.slice(0, top))
    console.log(`  ${kib(bytes).padStart(10)}  ${input.replace(/^.*node_modules\//, "")}`);

  const active: number[] = [];
  for (let i = 0; i < runs; i++) {
    const profiled = run([
      "check",
      "startup",
      "--outfile",
      join(work, `startup-${i}.cpuprofile`),
      "--env",
      "production",
      `--args=--assets ${assets}`,
    ]);
    const ms = profiled.match(/Active: ([\d.]+) ms/);
    if (ms) active.push(Number(ms[1]));
  }
  const sorted = [...active].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(
    median === undefined
      ? "\nStart-up CPU: wrangler check startup printed no Active time"
      : `\nStart-up CPU (wrangler check startup, local workerd): median ${median} ms of ${runs} runs [${active.join(", ")}] (target ≤ ${TARGET_STARTUP_MS} ms)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
