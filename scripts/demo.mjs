// `npm run demo`: starts Parley the way `npm run dev` does (own port, own local state), creates a
// campaign, lets scripted creators (scripts/demo-personas.mjs) negotiate with it through the real
// paths (HTTP API, Wrangler's local outbox and inbound email endpoint), prints every conversation
// and a summary, then stops the server. Exits non-zero on any failure or limit violation.
import { readFileSync } from "node:fs";
import { personas } from "./demo-personas.mjs";
import { check, cpm, printRun, printSummary, sentOf, usd } from "./demo-report.mjs";
import { ROOT, startLocalParley, stopLocalParley } from "./local-parley.mjs";

process.chdir(ROOT);
const AGENCY = "brightstar-talent.com";
const CAMPAIGN = {
  name: `Demo ${new Date().toISOString().slice(0, 16)}`,
  cpmTargetCents: 2500,
  leniencyPct: 20,
  budgetCents: 1_500_000,
  deliverableTiers: ["1 dedicated video + 2 Stories", "1 dedicated video", "3 Stories"],
  usageRights: { targetDays: 90, minimumDays: 30 },
  product: { description: "the Spring skincare set", valueCents: 15_000 },
  autonomy: "autonomous",
  sendWindow: null,
};
const WAIT_MS = 45_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what, probe, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(300);
  }
}

// ── the server ──────────────────────────────────────────────────────────────────────────────────
async function startServer() {
  console.log("Starting Parley (scripts/dev.mjs) with fresh local state …");
  const server = await startLocalParley({
    port: Number(process.env.PORT ?? 8799),
    label: "demo",
    vars: {
      KNOWN_AGENCY_DOMAINS: AGENCY,
      // Days of conversation play out in seconds: no spacing between sends.
      SEND_GAP_SECONDS: "0",
    },
  });
  console.log(`Parley is up on ${server.base}, state in ${server.dir}`);
  return server;
}

// ── the API and the local mail endpoints ────────────────────────────────────────────────────────
function client(base, token) {
  const api = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  /** Mail Parley sent to `to`, oldest first, from Wrangler's local email explorer (with raw details). */
  const outbox = async (to) => {
    const items = [];
    let cursor;
    do {
      const query = new URLSearchParams({ per_page: "100", ...(cursor ? { cursor } : {}) });
      const page = await (
        await fetch(`${base}/cdn-cgi/local/explorer/api/local/email/sending?${query}`)
      ).json();
      items.push(...page.result);
      cursor = page.result_info?.has_more ? page.result_info.cursor : undefined;
    } while (cursor);
    return items.filter((m) => m.to.includes(to)).sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  };
  /** Posts a raw RFC 822 reply to Wrangler's inbound endpoint, which calls the Worker's email(). */
  const reply = async (
    persona,
    answered,
    { text, headers = {}, subjectPrefix = "Re: " },
    messageId,
  ) => {
    if (!answered.replyTo) throw new Error(`Parley's email "${answered.subject}" has no Reply-To`);
    const raw = [
      `From: ${persona.from ?? persona.name} <${persona.email}>`,
      `To: ${answered.replyTo}`,
      `Subject: ${subjectPrefix}${answered.subject.replace(/^Re:\s*/i, "")}`,
      `Message-ID: ${messageId}`,
      `In-Reply-To: ${answered.messageId}`,
      `References: ${answered.messageId}`,
      `Date: ${new Date().toUTCString().replace("GMT", "+0000")}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      "",
      text.replace(/\r?\n/g, "\r\n"),
    ].join("\r\n");
    const query = new URLSearchParams({ from: persona.email, to: answered.replyTo });
    const res = await fetch(`${base}/cdn-cgi/local/email?${query}`, { method: "POST", body: raw });
    if (!res.ok)
      throw new Error(`inbound email for ${persona.email} → ${res.status} ${await res.text()}`);
  };
  return { api, outbox, reply };
}

// ── one conversation ────────────────────────────────────────────────────────────────────────────

/** The timeline once `ready(events)` holds, every queued email is sent, and nothing moved for a poll. */
async function settled({ api }, id, what, ready) {
  let previous = -1;
  return until(what, async () => {
    const { events } = await api("GET", `/api/negotiations/${id}/timeline`);
    const queued = events.filter((e) => e.type === "email_queued").length;
    const calm = events.length === previous;
    previous = events.length;
    return calm && ready(events) && queued === sentOf(events).length && events;
  });
}

async function converse(mail, campaignId, persona) {
  const { name, email, platform, averageViews } = persona;
  const started = await mail.api("POST", `/api/campaigns/${campaignId}/negotiations`, {
    creator: { name, email, platform, averageViews },
  });
  const run = { persona, id: started.id, events: [], errors: [] };
  try {
    run.events = await settled(
      mail,
      run.id,
      `the opening email to ${email}`,
      (e) => sentOf(e).length > 0,
    );
    for (let turn = 0; turn < 10; turn++) {
      const sent = sentOf(run.events);
      const delivered = await until(
        `${sent.length} email(s) to ${email} in the local outbox`,
        async () => {
          const box = await mail.outbox(email);
          return box.length >= sent.length && box;
        },
      );
      const answer = persona.reply(sent.at(-1).text, turn);
      if (!answer) break;
      const messageId = `<demo-${turn}-${Date.now()}@${email.split("@")[1]}>`;
      await mail.reply(persona, delivered[sent.length - 1], answer, messageId);
      run.events = await settled(
        mail,
        run.id,
        `Parley to record and answer reply ${messageId}`,
        (events) => events.some((e) => e.type === "email_received" && e.messageId === messageId),
      );
      if (sentOf(run.events).length === sent.length) break; // Parley had nothing (more) to say
    }
  } catch (error) {
    run.errors.push(error.message);
  }
  run.negotiation = await mail.api("GET", `/api/negotiations/${run.id}`);
  return run;
}

/** DOMAIN.md §4: each agreement has one `agreement` audit event and one notification, same amount. */
async function checkRecords({ api }, campaignId, runs) {
  const deals = runs.filter((r) => r.negotiation.state === "agreed");
  const problems = [];
  const audit = await until("the agreement audit events in D1", async () => {
    const { events } = await api(
      "GET",
      `/api/audit?campaignId=${campaignId}&type=agreement&limit=1000`,
    );
    return events.length >= deals.length && events;
  }).catch((error) => {
    problems.push(error.message);
    return [];
  });
  const { notifications } = await api("GET", "/api/notifications");
  for (const { persona, id, negotiation: n } of deals) {
    const mine = audit.filter((e) => e.negotiationId === id);
    if (mine.length !== 1 || mine[0].amountCents !== n.agreedCents)
      problems.push(
        `${persona.name}: agreement audit events ${JSON.stringify(mine.map((e) => e.amountCents))}, expected [${n.agreedCents}]`,
      );
    const notes = notifications.filter((x) => x.negotiationId === id && x.kind === "agreement");
    if (notes.length !== 1)
      problems.push(`${persona.name}: ${notes.length} agreement notifications, expected 1`);
  }
  const { failedJobs } = await api("GET", "/api/failed-jobs");
  if (failedJobs.length > 0)
    problems.push(
      `${failedJobs.length} dead-lettered job(s): ${failedJobs.map((j) => j.kind).join(", ")}`,
    );
  return problems;
}

// ── main ────────────────────────────────────────────────────────────────────────────────────────
let server;
let stopping = false;
const shutdown = async (code) => {
  if (stopping) return;
  stopping = true;
  if (!server) process.exit(code);
  const keep = code !== 0 || process.argv.includes("--keep");
  await stopLocalParley(server, { keep });
  if (keep) console.log(`Server log and state kept in ${server.dir}`);
  const reloads =
    code === 0
      ? 0
      : (readFileSync(server.logPath, "utf8").match(/Reloading local server/g) ?? []).length;
  if (reloads > 0)
    console.log(
      `Note: wrangler reloaded the Worker ${reloads}× during the run (files changed under src/); queue messages in flight at a reload are lost locally, so a timeout right after one is not a product failure. Rerun.`,
    );
  process.exit(code);
};
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    console.log(`\n${signal}: stopping the server …`);
    shutdown(130);
  });
}

try {
  server = await startServer();
  const mail = client(server.base, server.token);
  const campaign = await mail.api("POST", "/api/campaigns", CAMPAIGN);
  console.log(
    `Campaign "${campaign.name}" ${campaign.id}: target CPM ${cpm(CAMPAIGN.cpmTargetCents)}, leniency ${CAMPAIGN.leniencyPct}%, budget ${usd(CAMPAIGN.budgetCents)}`,
  );
  const runs = [];
  for (const persona of personas) {
    const run = check(await converse(mail, campaign.id, persona), CAMPAIGN);
    printRun(run, CAMPAIGN);
    runs.push(run);
  }
  const { stats } = await mail.api("GET", `/api/campaigns/${campaign.id}`);
  const { violations, problems } = printSummary(runs, stats, CAMPAIGN);
  problems.push(...(await checkRecords(mail, campaign.id, runs)));
  const failed = runs.filter((r) => r.errors.length > 0);
  for (const r of failed) problems.push(`${r.persona.name}: ${r.errors.join("; ")}`);
  for (const p of problems) console.log(`  ✗ ${p}`);
  const ok = violations === 0 && problems.length === 0;
  console.log(ok ? "\nDemo passed." : "\nDemo FAILED (see ✗ above).");
  await shutdown(ok ? 0 : 1);
} catch (error) {
  if (!stopping) console.error(`\nDemo failed: ${error.message}`);
  await shutdown(1);
}
