// Checks and printing for `npm run demo`: limit checks on every offer and email, the conversation
// transcript and the summary table.
import { isClosing, offerIn } from "./demo-personas.mjs";

export const usd = (c) =>
  c == null
    ? "—"
    : `$${(c / 100).toLocaleString("en-US", { minimumFractionDigits: c % 100 ? 2 : 0 })}`;
export const cpm = (c) => (c == null ? "—" : `$${(c / 100).toFixed(2)}`);
const rateAt = (views, cpmCents) => Math.round((views * cpmCents) / 1000);
const cpmOf = (cents, views) => Math.round((cents * 1000) / views);

const ceilingCpm = (c) => Math.round(c.cpmTargetCents * (1 + (c.leniencyPct ?? 0) / 100));
export const sentOf = (events) => events.filter((e) => e.type === "email_sent");

// ── checks ─────────────────────────────────────────────────────────────────────────
export function check(run, campaign) {
  const { persona, negotiation: n, events } = run;
  const ceiling = rateAt(persona.averageViews, ceilingCpm(campaign));
  const violations = [];
  let ask = null; // their latest ask: no offer may exceed it, nor the ceiling rate
  for (const e of events.filter((x) => x.type === "offer")) {
    ask = e.rationale?.theirAskCents ?? ask;
    if (e.amountCents > ceiling)
      violations.push(`${e.kind} offer ${usd(e.amountCents)} > ceiling ${usd(ceiling)}`);
    if (ask !== null && e.amountCents > ask)
      violations.push(`${e.kind} offer ${usd(e.amountCents)} > their ask ${usd(ask)}`);
  }
  for (const e of sentOf(events)) {
    const rate = offerIn(e.text);
    if (/^Rate:/m.test(e.text) && rate > ceiling)
      violations.push(`email "${e.subject}" states ${usd(rate)} > ceiling`);
  }
  if (n.state !== persona.expect) run.errors.push(`ended ${n.state}, expected ${persona.expect}`);
  const personal = persona.check?.(n, events);
  if (personal) run.errors.push(personal);
  if (n.state === "agreed") {
    const confirmation = sentOf(events).at(-1);
    if (n.agreedCents !== n.lastOffer?.amountCents)
      run.errors.push(
        `agreedCents ${usd(n.agreedCents)} ≠ lastOffer ${usd(n.lastOffer?.amountCents)}`,
      );
    if (
      !confirmation ||
      !isClosing(confirmation.text) ||
      offerIn(confirmation.text) !== n.agreedCents
    )
      run.errors.push(`confirmation email does not state the agreed ${usd(n.agreedCents)}`);
  }
  run.violations = violations;
  return run;
}

const indent = (text, prefix) =>
  text
    .trim()
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => `${prefix}${l}`)
    .join("\n");
/** Parley's email without greeting, sign-off and the scope block (the offer line above shows it). */
const bodyOf = (text) =>
  text
    .split(/\n\s*\n/)
    .slice(0, -1)
    .filter((p) => !p.startsWith("--- Scope of work") && !/^(Payment terms|Next steps)/.test(p))
    .join("\n");

export function printRun({ persona, negotiation: n, events, errors, violations }, campaign) {
  const views = persona.averageViews;
  console.log(
    `\n━━ ${persona.name} <${persona.email}> · ${persona.platform} · ${views.toLocaleString("en-US")} views · ${persona.role}`,
  );
  console.log(
    `   price band ${usd(rateAt(views, campaign.cpmTargetCents))}–${usd(rateAt(views, ceilingCpm(campaign)))} (CPM ${cpm(campaign.cpmTargetCents)}–${cpm(ceilingCpm(campaign))})`,
  );
  const who =
    n.counterparty?.type === "manager"
      ? `${persona.from ?? "manager"} (manager)`
      : persona.name.split(" ")[0];
  for (const e of events) {
    if (e.type === "offer") {
      const extras = [
        e.usageDays && `${e.usageDays}d usage`,
        e.product && `+ ${e.product.description}`,
        e.rationale?.lever && `lever: ${e.rationale.lever}`,
      ];
      console.log(
        `   ⚙ engine  ${e.kind} ${usd(e.amountCents)} (CPM ${cpm(e.cpmCents)}) · ${e.deliverables} · ${extras.filter(Boolean).join(" · ")}`,
      );
    } else if (e.type === "email_sent") {
      console.log(`   ✉ Parley → "${e.subject}"\n${indent(bodyOf(e.text), "       │ ")}`);
    } else if (e.type === "email_received") {
      console.log(`   ✉ ${who} → "${e.subject}"\n${indent(e.text, "       │ ")}`);
      console.log(`       read as: ${e.intent} (confidence ${e.confidence})`);
    } else if (e.type === "state_changed") {
      console.log(`   ● state   ${e.from ?? "—"} → ${e.to} (${e.reason})`);
    } else if (e.type === "escalated") {
      console.log(`   ⚠ escalated: ${e.reason ?? JSON.stringify(e)}`);
    }
  }
  const timer = n.nextTimerAt
    ? ` · next follow-up ${n.nextTimerAt.slice(0, 16).replace("T", " ")} UTC`
    : "";
  console.log(
    `   ⇒ ${n.state}, round ${n.round}${n.agreedCents ? `, agreed ${usd(n.agreedCents)}` : ""}${timer}`,
  );
  for (const problem of [...errors, ...violations]) console.log(`   ✗ ${problem}`);
}

export function printSummary(runs, stats, campaign) {
  const rows = runs.map(({ persona: p, negotiation: n }) => [
    p.name,
    n.counterparty?.type === "manager" ? `manager@${n.counterparty.agency ?? "?"}` : "creator",
    n.state,
    usd(n.agreedCents),
    n.agreedCents
      ? `${cpm(cpmOf(n.agreedCents, p.averageViews))} vs ${cpm(campaign.cpmTargetCents)}`
      : "—",
    String(n.round),
    (n.leversUsed ?? []).join(",") || "—",
  ]);
  const head = [
    "creator",
    "counterparty",
    "final state",
    "agreed",
    "CPM vs target",
    "rounds",
    "levers",
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `  ${cells.map((c, i) => c.padEnd(widths[i])).join("  ")}`;
  console.log(`\n${line(head)}\n  ${widths.map((w) => "─".repeat(w)).join("  ")}`);
  for (const row of rows) console.log(line(row));
  const deals = runs.filter((r) => r.negotiation.state === "agreed");
  const spent = deals.reduce((sum, r) => sum + r.negotiation.agreedCents, 0);
  const dealViews = deals.reduce((sum, r) => sum + r.persona.averageViews, 0);
  const avgCpm = deals.length
    ? Math.round(
        deals.reduce((s, r) => s + cpmOf(r.negotiation.agreedCents, r.persona.averageViews), 0) /
          deals.length,
      )
    : null;
  const violations = runs.reduce((sum, r) => sum + r.violations.length, 0);
  console.log(
    `\n  deals ${deals.length}/${runs.length} (${Math.round((100 * deals.length) / runs.length)}%)` +
      ` · avg CPM ${cpm(avgCpm)} (blended ${cpm(dealViews ? cpmOf(spent, dealViews) : null)}) vs target ${cpm(campaign.cpmTargetCents)}, ceiling ${cpm(ceilingCpm(campaign))}` +
      ` · budget used ${usd(spent)} of ${usd(campaign.budgetCents)} (API says ${usd(stats.budgetUsedCents)})` +
      ` · limit violations ${violations}`,
  );
  const problems = [];
  if (spent > campaign.budgetCents) problems.push(`agreed total ${usd(spent)} exceeds the budget`);
  if (stats.agreed !== deals.length)
    problems.push(
      `GET /api/campaigns/:id stats.agreed is ${stats.agreed}, ${deals.length} negotiations are agreed`,
    );
  const apiAvg = stats.avgAgreedCpmCents;
  if (avgCpm !== null && (apiAvg == null || Math.abs(apiAvg - avgCpm) > 1))
    problems.push(
      `stats.avgAgreedCpmCents is ${cpm(apiAvg)}, the agreed deals average ${cpm(avgCpm)}`,
    );
  if (stats.budgetUsedCents !== spent)
    problems.push(
      `stats.budgetUsedCents ${usd(stats.budgetUsedCents)} ≠ sum of agreed ${usd(spent)}`,
    );
  return { violations, problems };
}
