/**
 * The printed report of a simulation run: the gated figures against their thresholds, then the
 * breakdowns that explain them, then what the personas' replies were misread as.
 */
import type { ConversationRecord } from "./conversation";
import type { Metrics, Outcome, Thresholds } from "./metrics";

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
const num = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : String(Math.round(x * 100) / 100);

const line = (label: string, value: string, target = "", verdict = "") =>
  `  ${label.padEnd(44)} ${value.padStart(9)}  ${target.padEnd(10)} ${verdict}`;

function mark(pass: boolean | null): string {
  return pass === null ? "" : pass ? "ok" : "FAIL";
}

export function formatReport(
  m: Metrics,
  t: Thresholds,
  outcomes: Outcome[],
  records: ConversationRecord[],
  verbose: boolean,
): string {
  const out: string[] = [];
  const le = (v: number | null, max: number) => (v === null ? null : v <= max);
  out.push(
    `Creators ${m.creators} · deals ${m.deals} (${pct(m.dealRate)}) · in-band creators who deal ${m.inBandNegotiable}`,
    "",
    line("metric", "value", "target", ""),
    line(
      "deal rate, in-band creators",
      pct(m.dealRateInBand),
      `≥ ${pct(t.minDealRateInBand)}`,
      mark(m.dealRateInBand === null ? false : m.dealRateInBand >= t.minDealRateInBand),
    ),
    line(
      "leniency used (mean, scope-adjusted)",
      pct(m.leniencyUsed),
      `≤ ${pct(t.maxLeniencyUsed)}`,
      mark(le(m.leniencyUsed, t.maxLeniencyUsed)),
    ),
    line(
      "first counters at the ceiling",
      pct(m.firstCountersAtCeiling),
      `≤ ${pct(t.maxFirstCountersAtCeiling)}`,
      mark(le(m.firstCountersAtCeiling, t.maxFirstCountersAtCeiling)),
    ),
    line(
      "median rounds to close",
      num(m.medianRoundsToClose),
      `≤ ${t.maxMedianRoundsToClose}`,
      mark(le(m.medianRoundsToClose, t.maxMedianRoundsToClose)),
    ),
    line(
      "median overpay",
      pct(m.medianOverpay),
      `≤ ${pct(t.maxMedianOverpay)}`,
      mark(le(m.medianOverpay, t.maxMedianOverpay)),
    ),
    line(
      "limit violations",
      String(m.violations),
      `≤ ${t.maxViolations}`,
      mark(m.violations <= t.maxViolations),
    ),
    line(
      "false agreements",
      String(m.falseAgreements),
      `≤ ${t.maxFalseAgreements}`,
      mark(m.falseAgreements <= t.maxFalseAgreements),
    ),
    line(
      "unanswered replies",
      String(m.unanswered),
      `≤ ${t.maxUnanswered}`,
      mark(m.unanswered <= t.maxUnanswered),
    ),
    line(
      "questions answered by email",
      `${m.questions.answered}/${m.questions.asked}`,
      "",
      `(${m.questions.forwarded} to a person, ${m.questions.unanswered} unanswered)`,
    ),
    line(
      "conversations that failed to run",
      String(m.harnessErrors),
      `≤ ${t.maxHarnessErrors}`,
      mark(m.harnessErrors <= t.maxHarnessErrors),
    ),
    "",
    line("deal rate, all in-band creators", pct(m.dealRateInBandAll)),
    line(
      "deal rate by band (below / inside / above)",
      "",
      "",
      [m.dealRateByBand.below, m.dealRateByBand.inside, m.dealRateByBand.above]
        .map(pct)
        .join(" / "),
    ),
    line("leniency used (mean, fee as agreed)", pct(m.leniencyUsedRaw)),
    line(
      "leniency used by strategy",
      "",
      "",
      Object.entries(m.leniencyByStrategy)
        .map(([k, v]) => `${k} ${pct(v)}`)
        .join(", "),
    ),
    line(
      "median overpay by band (below / inside / above)",
      "",
      "",
      [m.overpayByBand.below, m.overpayByBand.inside, m.overpayByBand.above].map(pct).join(" / "),
    ),
    line(
      "median overpay by strategy",
      "",
      "",
      Object.entries(m.overpayByStrategy)
        .map(([k, v]) => `${k} ${pct(v)}`)
        .join(", "),
    ),
    line("deals at a smaller scope", pct(m.smallerScopeDeals)),
    line("…of which above our full-package opening", pct(m.smallerScopeAboveOpening)),
    line("offers at amounts people write", pct(m.writtenOffers)),
    line("engine rule breaks (tier price, product gap, rounding)", String(m.ruleBreaks)),
    line(
      "rounds to close",
      "",
      "",
      Object.entries(m.roundsHistogram)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([k, v]) => `${k}:${v}`)
        .join(" "),
    ),
    line(
      "final states",
      "",
      "",
      Object.entries(m.states)
        .map(([k, v]) => `${k} ${v}`)
        .join(", "),
    ),
    line(
      "escalations",
      "",
      "",
      Object.entries(m.escalations)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ") || "none",
    ),
  );
  const causes = Object.entries(m.escalationCauses).sort(([, a], [, b]) => b - a);
  if (causes.length) {
    out.push("", "  Escalations, by reason and what the creator had just sent:");
    for (const [what, n] of causes) out.push(`    ${String(n).padStart(4)}  ${what}`);
  }
  const misreads = Object.entries(m.misreads).sort(([, a], [, b]) => b - a);
  if (misreads.length) {
    out.push("", "  Replies the reader misread (persona meant → reader said):");
    for (const [what, n] of misreads) {
      const [kind, read] = what.split(" read as ");
      const example = outcomes
        .flatMap((o) => o.misreads)
        .find((x) => x.kind === kind && x.read.split(" ")[0] === read);
      const words = example?.text.split("\n")[0]?.slice(0, 90) ?? "";
      out.push(`    ${String(n).padStart(4)}  ${what.padEnd(34)} e.g. "${words}"`);
    }
  }
  const problems = outcomes.flatMap((o) => [
    ...o.violations.map((v) => `violation: ${o.creator.name} (#${o.creator.index}): ${v}`),
    ...(o.falseAgreement
      ? [`false agreement: ${o.creator.name} (#${o.creator.index}): ${o.falseAgreement}`]
      : []),
    ...o.unanswered.map(
      (u) =>
        `unanswered: ${o.creator.name} (#${o.creator.index}): ${u.kind} "${u.text.split("\n")[0]?.slice(0, 70)}"`,
    ),
    ...(verbose
      ? o.ruleBreaks.map((b) => `rule: ${o.creator.name} (#${o.creator.index}): ${b}`)
      : []),
    ...(verbose && o.escalation
      ? [`escalated: ${o.creator.name} (#${o.creator.index}): ${o.escalation}`]
      : []),
  ]);
  const errors = records.flatMap((r) =>
    r.errors.map((e) => `error: ${r.creator.name} (#${r.creator.index}): ${e}`),
  );
  const findings = records.flatMap((r) =>
    r.findings.map((f) => `finding: #${r.creator.index}: ${f}`),
  );
  const shown = [...errors, ...problems, ...findings];
  if (shown.length) {
    out.push("");
    for (const p of shown.slice(0, verbose ? shown.length : 15)) out.push(`  ${p}`);
    if (!verbose && shown.length > 15)
      out.push(`  … ${shown.length - 15} more (--verbose shows all)`);
  }
  return out.join("\n");
}
