/// <reference types="node" />
/**
 * npm run bench (after the vitest benchmarks), or alone: npm run bench:bundle [-- --runs <n>]
 *
 * Builds the Worker as production gets it (`wrangler deploy --dry-run --env production`, offline)
 * and prints what the upload weighs and what starts slowly:
 * - the upload's size as wrangler reports it (minified, and gzip: the figure Cloudflare's size
 *   limit applies to), the knowledge base's text modules included;
 * - the minified bytes of the bundle per package and the largest modules, from esbuild's metafile;
 * - start-up CPU from `wrangler check startup` on that same bundle (its top-level evaluation
 *   profiled in a local workerd; wrangler's "Active" time), over --runs runs: the median, and the
 *   minimum, which is the closest to the uncontended cost on a busy machine; and where the
 *   profiles' samples fall, by package, through the bundle's source map.
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
  options: { runs: { type: "string", default: "7" }, top: { type: "string", default: "15" } },
});
const runs = Math.max(1, Number(values.runs) || 7);
const top = Math.max(1, Number(values.top) || 15);

const wrangler = resolve("node_modules/.bin/wrangler");
const work = mkdtempSync(join(tmpdir(), "parley-bundle-"));
const assets = join(work, "assets");
const bundle = join(work, "worker.bundle");
const metafile = join(work, "meta.json");
mkdirSync(assets);

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
const share = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1).padStart(4)}%`;

/** `node_modules/@scope/name/…` → `@scope/name`; our own files by their first folder under src/. */
function owner(input: string): string {
  const inPackage = input.split("node_modules/").at(-1);
  if (inPackage !== undefined && inPackage !== input) {
    const [first = "", second = ""] = inPackage.split("/");
    return first.startsWith("@") ? `${first}/${second}` : first;
  }
  const [, folder, file] = input.match(/src\/([^/]+)(\/)?/) ?? [];
  return folder ? `src/${folder}${file ? "/" : ""}` : input;
}

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

interface SourceMap {
  sources: string[];
  mappings: string;
}

/** For each generated line, its segments as [generated column, source index], in order. */
function decodeSources(map: SourceMap): [number, number][][] {
  const digits = new Map(
    [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].map((c, i) => [c, i]),
  );
  const lines: [number, number][][] = [];
  let source = 0;
  for (const line of map.mappings.split(";")) {
    const segments: [number, number][] = [];
    let column = 0;
    for (const segment of line.split(",")) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = digits.get(char) ?? 0;
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0] ?? 0;
      if (fields.length > 1) source += fields[1] ?? 0;
      segments.push([column, source]);
    }
    lines.push(segments);
  }
  return lines;
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds of samples per package (or V8's own categories: GC, program, idle). */
function attribute(profile: CpuProfile, map: SourceMap, lines: [number, number][][]) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const spent = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id);
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let name = frame?.functionName || "(anonymous)";
    if (frame && frame.lineNumber >= 0 && frame.url.endsWith("index.js")) {
      const segments = lines[frame.lineNumber] ?? [];
      let source: number | undefined;
      for (const [column, index] of segments) {
        if (column > frame.columnNumber) break;
        source = index;
      }
      name = source === undefined ? "(bundle)" : owner(map.sources[source] ?? "");
    }
    spent.set(name, (spent.get(name) ?? 0) + ms);
  });
  return spent;
}

try {
  const built = run([
    "deploy",
    "--dry-run",
    "--outfile",
    bundle,
    "--metafile",
    metafile,
    "--env",
    "production",
    "--assets",
    assets,
  ]);
  const upload = built.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
  const meta = JSON.parse(readFileSync(metafile, "utf8")) as Metafile;
  const output = Object.entries(meta.outputs).find(([file]) => file.endsWith("index.js"))?.[1];
  if (!output) throw new Error("the metafile names no index.js output");
  // The upload is multipart form data: the script, its source map, the text modules.
  const raw = readFileSync(bundle);
  const boundary = raw.subarray(2, raw.indexOf("\r\n")).toString();
  const form = await new Response(raw, {
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  }).formData();
  const script = form.get("index.js");
  const sourceMap = form.get("index.js.map");
  if (!(script instanceof Blob)) throw new Error("the upload holds no index.js");
  const code = Buffer.from(await script.arrayBuffer());

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
    console.log(`  ${kib(bytes).padStart(10)}  ${share(bytes, output.bytes)}  ${name}`);
  console.log(`\nLargest modules (top ${top})`);
  for (const [input, bytes] of modules.slice(0, top))
    console.log(`  ${kib(bytes).padStart(10)}  ${input.replace(/^.*node_modules\//, "")}`);

  const active: number[] = [];
  const profiles: CpuProfile[] = [];
  for (let i = 0; i < runs; i++) {
    const outfile = join(work, `startup-${i}.cpuprofile`);
    const profiled = run(["check", "startup", "--worker", bundle, "--outfile", outfile]);
    const ms = profiled.match(/Active: ([\d.]+) ms/);
    if (ms) active.push(Number(ms[1]));
    profiles.push(JSON.parse(readFileSync(outfile, "utf8")) as CpuProfile);
  }
  const sorted = [...active].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  if (median === undefined) {
    console.log("\nStart-up CPU: wrangler check startup printed no Active time");
  } else {
    console.log(
      `\nStart-up CPU (wrangler check startup, local workerd, ${runs} runs): median ${median} ms, min ${sorted[0]} ms (target ≤ ${TARGET_STARTUP_MS} ms)`,
    );
    console.log(`  runs: ${active.join(", ")} ms`);
  }
  if (sourceMap instanceof Blob) {
    const map = JSON.parse(await sourceMap.text()) as SourceMap;
    const lines = decodeSources(map);
    const spent = new Map<string, number>();
    for (const profile of profiles)
      for (const [name, ms] of attribute(profile, map, lines))
        spent.set(name, (spent.get(name) ?? 0) + ms / profiles.length);
    const busy = [...spent].filter(([name]) => name !== "(idle)");
    const total = busy.reduce((sum, [, ms]) => sum + ms, 0);
    console.log("  sampled start-up time by package, mean per run (sampling is coarse: ~2 ms):");
    for (const [name, ms] of busy.sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${share(ms, total)}  ${name}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
