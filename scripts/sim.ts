/// <reference types="node" />
/**
 * npm run sim -- [--n 2000] [--seed 1] [--ci] [--concurrency 16] [--url http://127.0.0.1:8787]
 *                [--json out.json] [--csv outcomes.csv] [--verbose] [--keep]
 *                [--gate all|invariants|none] [--no-gate]
 *                [--show <creator index>]
 *
 * Scripted creators with hidden minimums negotiate with the real Worker (`wrangler dev`, offline
 * reader and writer) through the HTTP API and the inbound email path; the run prints what the
 * negotiations cost and exits 1 when a figure is past its threshold (docs/simulation.md).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type ConversationRecord, converse } from "../sim/conversation";
import {
  type Api,
  ApiError,
  apiClient,
  bootstrapToken,
  type LocalServer,
  startServer,
  stopServer,
  tokenPool,
} from "../sim/local-worker";
import { gate, metricsOf, type Outcome, THRESHOLDS } from "../sim/metrics";
import { AGENCIES, CAMPAIGNS, population, type SimCampaign } from "../sim/population";
import { formatReport } from "../sim/report";

const ROOT = join(import.meta.dirname, "..");
/** The CI preset: small, seeded, the thresholds enforced. */
const CI = { n: 80, seed: 7, concurrency: 12 };

function usage(message: string): never {
  console.error(`sim: ${message}`);
  console.error(
    "usage: npm run sim -- [--n <count>] [--seed <int>] [--ci] [--concurrency <k>] [--url <base>] " +
      "[--json <file>] [--csv <file>] [--verbose] [--keep] [--gate all|invariants|none] " +
      "[--no-gate] [--show <index>]",
  );
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        n: { type: "string" },
        seed: { type: "string" },
        ci: { type: "boolean", default: false },
        concurrency: { type: "string" },
        url: { type: "string" },
        json: { type: "string" },
        csv: { type: "string" },
        verbose: { type: "boolean", default: false },
        keep: { type: "boolean", default: false },
        gate: { type: "string", default: "all" },
        "no-gate": { type: "boolean", default: false },
        show: { type: "string", multiple: true },
      },
    });
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
})();

const int = (raw: string | undefined, fallback: number, name: string) => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) usage(`--${name} must be a non-negative integer`);
  return n;
};
const gateScope = values["no-gate"] ? "none" : values.gate;
if (gateScope !== "all" && gateScope !== "invariants" && gateScope !== "none")
  usage("--gate must be all, invariants or none");
const n = int(values.n, values.ci ? CI.n : 2000, "n");
const seed = int(values.seed, values.ci ? CI.seed : 1, "seed");
const concurrency = Math.max(
  1,
  int(values.concurrency, values.ci ? CI.concurrency : 16, "concurrency"),
);

async function createCampaign(api: Api, c: SimCampaign, tag: string): Promise<string> {
  const body = {
    ...c.body,
    name: `${c.body.name} (sim ${tag})`,
    // Caps high: only an ambiguous reading (below the 0.7 escalation threshold) waits for a person.
    autoSend: { maxAmountCents: null, minConfidence: 0.7 },
  };
  try {
    return (await api("POST", "/api/campaigns", body)).id;
  } catch (error) {
    // A Worker from before `tierShares` existed refuses the field: measure it without.
    if (!(error instanceof ApiError) || !JSON.stringify(error.body).includes("tierShares"))
      throw error;
    const { tierShares: _, ...older } = body;
    console.log(`  note: this Worker does not take tierShares; ${c.key} runs without them`);
    return (await api("POST", "/api/campaigns", older)).id;
  }
}

async function runAll(server: LocalServer, tag: string): Promise<ConversationRecord[]> {
  const admin = apiClient(server.base, bootstrapToken(ROOT));
  const campaignIds = new Map<string, string>();
  for (const c of CAMPAIGNS) campaignIds.set(c.key, await createCampaign(admin, c, tag));
  const tokens = await tokenPool(admin, Math.min(concurrency, n || 1), tag);
  const creators = population(n, seed);
  const records: ConversationRecord[] = new Array(creators.length);
  let next = 0;
  let done = 0;
  const started = Date.now();
  const step = Math.max(1, Math.round(n / 10));
  const worker = async (token: string) => {
    const api = apiClient(server.base, token);
    for (;;) {
      const i = next++;
      const creator = creators[i];
      if (!creator) return;
      const campaignId = campaignIds.get(creator.campaign.key) ?? "";
      records[i] = await converse(api, server.base, campaignId, creator, tag);
      done++;
      if (done % step === 0 || done === n)
        console.log(
          `  ${done}/${n} conversations (${Math.round((Date.now() - started) / 1000)} s)`,
        );
    }
  };
  await Promise.all(tokens.map(worker));
  return records;
}

function transcript(r: ConversationRecord): string {
  const c = r.creator;
  const lines = [
    `#${c.index} ${c.name} <${c.email}> · ${c.campaign.key} · ${c.averageViews} views · ${c.strategy}` +
      `${c.manager ? ` · manager ${c.manager.handoff ? "(hand-off)" : ""}` : ""}` +
      `${c.questionFirst ? ` · asks about ${c.questionFirst}` : ""}${c.outOfOffice ? " · out of office" : ""}` +
      ` · minimum ${c.minimumCents} (${c.band} the band)`,
  ];
  for (const e of r.timeline) {
    if (e.type === "email_sent")
      lines.push(`  → Parley (${e.purpose}):\n${indent(String(e.text))}`);
    if (e.type === "email_received" || e.type === "email_unverified")
      lines.push(
        `  ← ${e.from} [read: ${e.intent} ${e.amountCents ?? ""}]:\n${indent(String(e.text))}`,
      );
    if (e.type === "offer")
      lines.push(`  ⚙ ${e.kind} ${e.amountCents} tier ${e.tier}: ${e.rationale?.reason ?? ""}`);
    if (e.type === "escalated")
      lines.push(`  ⚠ escalated: ${e.reason} ${JSON.stringify(e.evidence)}`);
  }
  lines.push(`  ⇒ ${r.negotiation?.state} round ${r.negotiation?.round} ${r.errors.join("; ")}`);
  return lines.join("\n");
}
const indent = (text: string) =>
  text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => `      │ ${l}`)
    .join("\n");

/** One row per creator: who they were and how it ended. */
function outcomesCsv(outcomes: Outcome[]): string {
  const header = [
    "index",
    "campaign",
    "strategy",
    "manager",
    "question",
    "outOfOffice",
    "band",
    "views",
    "minimumCents",
    "state",
    "escalation",
    "escalatedAfter",
    "agreedCents",
    "tier",
    "product",
    "rounds",
    "leniency",
    "overpay",
    "firstCounterCents",
    "firstCounterAtCeiling",
  ];
  const rows = outcomes.map((o) => {
    const c = o.creator;
    return [
      c.index,
      c.campaign.key,
      c.strategy,
      c.manager ? (c.manager.handoff ? "handoff" : "contact") : "",
      c.questionFirst ?? "",
      c.outOfOffice,
      c.band,
      c.averageViews,
      c.minimumCents,
      o.state,
      o.escalation ?? "",
      o.escalatedAfter ?? "",
      o.agreed?.amountCents ?? "",
      o.agreed?.tier ?? "",
      o.agreed?.product ?? "",
      o.rounds ?? "",
      o.leniency?.toFixed(3) ?? "",
      o.overpay?.toFixed(3) ?? "",
      o.firstCounter?.amountCents ?? "",
      o.firstCounter?.atCeiling ?? "",
    ].join(",");
  });
  return `${[header.join(","), ...rows].join("\n")}\n`;
}

let server: LocalServer | null = null;
let stopping = false;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (server?.local) await stopServer(server, values.keep || code === 2);
    if (server?.dir && (values.keep || code === 2))
      console.log(`Server state and log kept in ${server.dir}`);
  }
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(130));

try {
  const tag = `${seed}-${Date.now().toString(36)}`;
  const t0 = Date.now();
  if (values.url) {
    server = { base: values.url.replace(/\/+$/, ""), dir: null, logPath: null, local: null };
  } else {
    console.log("Starting Parley (scripts/dev.mjs, offline reader and writer) …");
    server = await startServer(ROOT, Number(process.env.PORT ?? 8811), {
      SEND_GAP_SECONDS: "0",
      MAILBOX_DAILY_CAP: "100000",
      CREATOR_DAILY_CAP: "100",
      KNOWN_AGENCY_DOMAINS: AGENCIES.join(","),
    });
  }
  console.log(
    `Simulating ${n} creators (seed ${seed}, ${concurrency} at a time) against ${server.base}`,
  );
  const records = await runAll(server, tag);
  const { metrics, outcomes } = metricsOf(records);
  const seconds = Math.round((Date.now() - t0) / 1000);
  console.log(`\nSimulation: ${n} creators, seed ${seed}, ${seconds} s\n`);
  console.log(formatReport(metrics, THRESHOLDS, outcomes, records, values.verbose));
  for (const index of values.show ?? []) {
    const r = records[Number(index)];
    if (r) console.log(`\n${transcript(r)}`);
  }
  if (values.json) {
    writeFileSync(values.json, `${JSON.stringify({ n, seed, seconds, metrics }, null, 2)}\n`);
    console.log(`\nMetrics written to ${values.json}`);
  }
  if (values.csv) {
    writeFileSync(values.csv, outcomesCsv(outcomes));
    console.log(`Outcomes per creator written to ${values.csv}`);
  }
  const enforced = gateScope === "invariants" ? "invariants" : "all";
  const fails = gate(metrics, THRESHOLDS, enforced);
  const missed = enforced === "invariants" ? gate(metrics).filter((f) => !fails.includes(f)) : [];
  if (missed.length)
    console.log(`\nTargets not enforced by --gate invariants, missed: ${missed.join("; ")}`);
  if (fails.length === 0)
    console.log(
      `\nSimulation passed ${enforced === "all" ? "every threshold" : "every invariant"}.`,
    );
  else
    console.log(`\nSimulation ${gateScope === "none" ? "is past" : "FAILED"}: ${fails.join("; ")}`);
  await shutdown(fails.length > 0 && gateScope !== "none" ? 1 : 0);
} catch (error) {
  console.error(`\nsim: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(2);
}
