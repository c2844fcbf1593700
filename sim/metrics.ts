/**
 * What a simulation run measured, from the conversation records alone (timelines, final
 * negotiations, the personas' hidden facts). Pure. docs/simulation.md defines each metric.
 */
import type { ConversationRecord, SentMessage, TimelineEvent } from "./conversation";
import { minimumFor, type SeenOffer } from "./persona";
import { bandFor, NEVER_DEALS, type SimCreator, type Strategy, tierSharesOf } from "./population";

export interface Thresholds {
  maxMedianOverpay: number;
  maxLeniencyUsed: number;
  maxFirstCountersAtCeiling: number;
  minDealRateInBand: number;
  maxMedianRoundsToClose: number;
  maxViolations: number;
  maxFalseAgreements: number;
  maxUnanswered: number;
  maxHarnessErrors: number;
}

export const THRESHOLDS: Thresholds = {
  maxMedianOverpay: 0.1,
  maxLeniencyUsed: 0.5,
  maxFirstCountersAtCeiling: 0.1,
  minDealRateInBand: 0.8,
  maxMedianRoundsToClose: 3,
  maxViolations: 0,
  maxFalseAgreements: 0,
  maxUnanswered: 0,
  maxHarnessErrors: 0,
};

/** One negotiation's outcome, as the metrics see it. */
export interface Outcome {
  creator: SimCreator;
  state: string;
  deal: boolean;
  agreed: SeenOffer | null;
  rounds: number | null;
  /** (agreed full-package-equivalent CPM − target) / (ceiling − target), at least 0. */
  leniency: number | null;
  /** The same on the agreed fee as it stands (no scope adjustment). */
  leniencyRaw: number | null;
  /** Package paid (fee + product value) over the creator's minimum for the agreed scope, − 1. */
  overpay: number | null;
  firstCounter: { amountCents: number; atCeiling: boolean } | null;
  violations: string[];
  ruleBreaks: string[];
  falseAgreement: string | null;
  unanswered: SentMessage[];
  questions: { answered: number; forwarded: number; unanswered: number };
  misreads: { kind: string; read: string; text: string }[];
  escalation: string | null;
  /** What the creator had just sent when the negotiation escalated ("handoff", "question:usage"…). */
  escalatedAfter: string | null;
  openingCents: number | null;
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const mean = (xs: number[]): number | null =>
  xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

/** Amounts people write: multiples of $5 under $1,000, of $25 from $1,000. */
export const isWrittenAmount = (cents: number) => cents % (cents < 1000_00 ? 5_00 : 25_00) === 0;

const offersOf = (timeline: TimelineEvent[]) => timeline.filter((e) => e.type === "offer");

function shareOf(c: SimCreator, tier: number): number {
  return (tierSharesOf(c.campaign)[tier - 1] ?? 100) / 100;
}

function agreedOffer(n: Record<string, any> | null): SeenOffer | null {
  const o = n?.lastOffer;
  if (!o || n?.state !== "agreed") return null;
  return {
    amountCents: o.amountCents,
    tier: o.tier ?? 1,
    usageDays: o.usageRights?.days ?? null,
    product: Boolean(o.product),
    syndication: Boolean(o.syndication),
  };
}

function leniencyOf(c: SimCreator, fee: number, share: number): number {
  const { cpmTargetCents: target, leniencyPct } = c.campaign.body;
  const ceiling = Math.round(target * (1 + leniencyPct / 100));
  const cpm = (fee / share) * (1000 / c.averageViews);
  return Math.max(0, (cpm - target) / (ceiling - target));
}

const sameOffer = (a: SeenOffer | null, b: SeenOffer | null) =>
  a !== null &&
  b !== null &&
  a.amountCents === b.amountCents &&
  a.tier === b.tier &&
  a.usageDays === b.usageDays &&
  a.product === b.product;

/** Whether the agreement is one the persona made: it accepted exactly that offer, or asked exactly that. */
function falseAgreement(r: ConversationRecord, agreed: SeenOffer | null): string | null {
  if (!agreed) return null;
  const spoken = r.messages.filter((m) => !m.automatic && m.kind !== "handoff");
  const last = spoken.at(-1);
  if (last?.kind === "accept" && sameOffer(last.offer, agreed)) return null;
  const asked = spoken.some(
    (m) =>
      m.kind === "counter" && m.amountCents === agreed.amountCents && m.offer?.tier === agreed.tier,
  );
  if (asked) return null;
  return `agreed ${agreed.amountCents} at tier ${agreed.tier} after the creator's "${last?.kind ?? "nothing"}"`;
}

/** Per message: did Parley answer it (an email), hand it to a person, or neither? */
function answerOf(
  timeline: TimelineEvent[],
  m: SentMessage,
): "email" | "person" | "closed" | "none" {
  const i = timeline.findIndex(
    (e) =>
      (e.type === "email_received" || e.type === "email_unverified") && e.messageId === m.messageId,
  );
  if (i < 0) return "none";
  for (const e of timeline.slice(i + 1)) {
    if (e.type === "email_received" || e.type === "email_unverified") break;
    if (e.type === "email_sent" || e.type === "email_queued") return "email";
    if (e.type === "escalated" || e.type === "notification") return "person";
    if (e.type === "state_changed" && ["stopped", "declined"].includes(String(e.to)))
      return "closed";
  }
  // A message into an already-escalated or human-held thread waits for that person.
  const before = timeline
    .slice(0, i)
    .filter((e) => e.type === "state_changed")
    .at(-1);
  if (
    before &&
    ["escalated", "human", "agreed", "declined", "walked_away", "stopped"].includes(
      String(before.to),
    )
  )
    return "person";
  return "none";
}

const EXPECTED_INTENT: Partial<Record<SentMessage["kind"], string>> = {
  accept: "accept",
  counter: "counter",
  decline: "reject",
  give_up: "reject",
  question: "question",
  out_of_office: "out_of_office",
};

function misreadsOf(r: ConversationRecord): Outcome["misreads"] {
  const out: Outcome["misreads"] = [];
  for (const m of r.messages) {
    const expected = EXPECTED_INTENT[m.kind];
    if (!expected) continue;
    if (m.read === null) {
      out.push({ kind: m.kind, read: "not read (unverified sender)", text: m.text });
      continue;
    }
    const intentOk = m.read.intent === expected;
    const amountOk = m.kind !== "counter" || m.read.amountCents === m.amountCents;
    if (!intentOk || !amountOk) {
      const read = `${m.read.intent}${m.read.amountCents === null ? "" : ` ${m.read.amountCents}`}`;
      out.push({ kind: m.kind, read, text: m.text });
    }
  }
  return out;
}

/** The creator's message that the first escalation answered, as "kind" or "question:topic". */
function escalatedAfter(r: ConversationRecord): string | null {
  const at = r.timeline.findIndex((e) => e.type === "escalated");
  if (at < 0) return null;
  const received = r.timeline
    .slice(0, at)
    .filter((e) => e.type === "email_received" || e.type === "email_unverified")
    .at(-1);
  const m = r.messages.find((x) => x.messageId === received?.messageId);
  if (!m) return "nothing";
  if (m.kind === "question") return `question:${r.creator.questionFirst ?? "?"}`;
  return m.hostile ? "hostile counter" : m.kind;
}

export function outcomeOf(r: ConversationRecord): Outcome {
  const c = r.creator;
  const n = r.negotiation;
  const { ceiling } = bandFor(c.campaign, c.averageViews);
  const agreed = agreedOffer(n);
  const offers = offersOf(r.timeline);
  const violations: string[] = [];
  const ruleBreaks: string[] = [];
  const limits = c.campaign.body;
  let richer: { tier: number; amountCents: number } | null = null;
  for (const o of offers) {
    const amount = Number(o.amountCents);
    const ask = o.rationale?.theirAskCents ?? null;
    if (amount > ceiling) violations.push(`${o.kind} ${amount} above the ceiling ${ceiling}`);
    if (ask !== null && amount > ask) violations.push(`${o.kind} ${amount} above their ask ${ask}`);
    if (limits.maxCostWithoutApprovalCents !== null && amount > limits.maxCostWithoutApprovalCents)
      violations.push(`${o.kind} ${amount} above the approval limit`);
    if (o.kind === "accepted") continue;
    if (!isWrittenAmount(amount) && !o.rationale?.cappedBy?.length)
      ruleBreaks.push(`${o.kind} ${amount} is not an amount people write`);
    if (richer && o.tier > richer.tier && amount > richer.amountCents)
      ruleBreaks.push(
        `tier ${o.tier} at ${amount} costs more than tier ${richer.tier} at ${richer.amountCents}`,
      );
    const added = o.product && !offers.slice(0, offers.indexOf(o)).some((x) => x.product);
    if (added && ask !== null && o.product.valueCents > ask - amount)
      ruleBreaks.push(
        `product worth ${o.product.valueCents} on ${amount} against an ask of ${ask}`,
      );
    richer = { tier: o.tier ?? 1, amountCents: amount };
  }
  const agreement = r.emails.filter((e) => e.purpose === "agreement").at(-1);
  if (agreed && agreement && agreement.offer?.amountCents !== agreed.amountCents)
    violations.push(
      `the agreement email states ${agreement.offer?.amountCents} for ${agreed.amountCents}`,
    );
  for (const e of r.emails)
    if (e.offer && e.offer.amountCents > ceiling)
      violations.push(`a ${e.purpose} email states ${e.offer.amountCents} above the ceiling`);

  const first = offers.find((o) => o.kind === "counter");
  const firstCounter = first
    ? (() => {
        const amount = Number(first.amountCents);
        const scopeCeiling = ceiling * shareOf(c, first.tier ?? 1);
        const grid = scopeCeiling < 1000_00 ? 5_00 : 25_00;
        return { amountCents: amount, atCeiling: amount > scopeCeiling - grid };
      })()
    : null;

  const questions = { answered: 0, forwarded: 0, unanswered: 0 };
  const unanswered: SentMessage[] = [];
  for (const m of r.messages) {
    if (m.automatic || m.kind === "handoff") continue;
    const answer = answerOf(r.timeline, m);
    if (answer === "none") unanswered.push(m);
    if (m.kind === "question") {
      if (answer === "email") questions.answered++;
      else if (answer === "none") questions.unanswered++;
      else questions.forwarded++;
    }
  }
  const share = agreed ? shareOf(c, agreed.tier) : 1;
  const productValue = agreed?.product ? (c.campaign.body.product?.valueCents ?? 0) : 0;
  const opening = offers.find((o) => o.kind === "opening");
  return {
    creator: c,
    state: String(n?.state ?? "error"),
    deal: agreed !== null,
    agreed,
    rounds: agreed ? Number(n?.round ?? 0) : null,
    leniency: agreed ? leniencyOf(c, agreed.amountCents, share) : null,
    leniencyRaw: agreed ? leniencyOf(c, agreed.amountCents, 1) : null,
    overpay: agreed ? (agreed.amountCents + productValue) / minimumFor(c, agreed) - 1 : null,
    firstCounter,
    violations,
    ruleBreaks,
    falseAgreement: falseAgreement(r, agreed),
    unanswered,
    questions,
    misreads: misreadsOf(r),
    escalation: n?.state === "escalated" ? String(n?.escalation?.reason ?? "unknown") : null,
    escalatedAfter: n?.state === "escalated" ? escalatedAfter(r) : null,
    openingCents: opening ? Number(opening.amountCents) : null,
  };
}

export interface Metrics {
  creators: number;
  deals: number;
  dealRate: number | null;
  /** Deals among creators whose minimum is inside the band and who deal at all (the gate). */
  dealRateInBand: number | null;
  inBandNegotiable: number;
  /** Deals among every creator whose minimum is inside the band, decliners and hostile ones included. */
  dealRateInBandAll: number | null;
  dealRateByBand: Record<string, number | null>;
  leniencyUsed: number | null;
  leniencyUsedRaw: number | null;
  leniencyByStrategy: Partial<Record<Strategy, number | null>>;
  firstCountersAtCeiling: number | null;
  firstCounters: number;
  medianRoundsToClose: number | null;
  roundsHistogram: Record<string, number>;
  medianOverpay: number | null;
  overpayByStrategy: Partial<Record<Strategy, number | null>>;
  /**
   * Median overpay by where the creator's minimum sits. Below the band it is at least what the
   * opening at the floor pays above their minimum (DOMAIN.md §3: we open at the floor).
   */
  overpayByBand: Record<"below" | "inside" | "above", number | null>;
  smallerScopeDeals: number | null;
  smallerScopeAboveOpening: number | null;
  writtenOffers: number | null;
  violations: number;
  ruleBreaks: number;
  falseAgreements: number;
  unanswered: number;
  questions: { asked: number; answered: number; forwarded: number; unanswered: number };
  states: Record<string, number>;
  escalations: Record<string, number>;
  /** Escalations by reason and the creator message that caused them. */
  escalationCauses: Record<string, number>;
  misreads: Record<string, number>;
  harnessErrors: number;
  findings: number;
}

export function metricsOf(records: ConversationRecord[]): {
  metrics: Metrics;
  outcomes: Outcome[];
} {
  const outcomes = records.map(outcomeOf);
  const deals = outcomes.filter((o) => o.deal);
  const count = <K extends string>(keys: K[]) =>
    keys.reduce<Record<string, number>>((acc, k) => {
      acc[k] = (acc[k] ?? 0) + 1;
      return acc;
    }, {});
  const inBand = outcomes.filter((o) => o.creator.band === "inside");
  const negotiable = inBand.filter((o) => !NEVER_DEALS.has(o.creator.strategy));
  const byBand = (band: string) => {
    const xs = outcomes.filter(
      (o) => o.creator.band === band && !NEVER_DEALS.has(o.creator.strategy),
    );
    return ratio(xs.filter((o) => o.deal).length, xs.length);
  };
  const strategies = [...new Set(outcomes.map((o) => o.creator.strategy))];
  const byStrategy = (pick: (o: Outcome) => number | null, agg: (xs: number[]) => number | null) =>
    Object.fromEntries(
      strategies.map((s) => [
        s,
        agg(
          deals
            .filter((o) => o.creator.strategy === s)
            .map(pick)
            .filter((x): x is number => x !== null),
        ),
      ]),
    );
  const counters = outcomes.flatMap((o) => (o.firstCounter ? [o.firstCounter] : []));
  const smaller = deals.filter((o) => (o.agreed?.tier ?? 1) > 1);
  const offerAmounts = records.flatMap((r) =>
    offersOf(r.timeline)
      .filter((o) => o.kind !== "accepted")
      .map((o) => Number(o.amountCents)),
  );
  const questions = outcomes.reduce(
    (q, o) => ({
      asked: q.asked + o.questions.answered + o.questions.forwarded + o.questions.unanswered,
      answered: q.answered + o.questions.answered,
      forwarded: q.forwarded + o.questions.forwarded,
      unanswered: q.unanswered + o.questions.unanswered,
    }),
    { asked: 0, answered: 0, forwarded: 0, unanswered: 0 },
  );
  const numbers = (pick: (o: Outcome) => number | null) =>
    deals.map(pick).filter((x): x is number => x !== null);
  const overpayIn = (band: string) =>
    median(
      deals
        .filter((o) => o.creator.band === band)
        .map((o) => o.overpay)
        .filter((x): x is number => x !== null),
    );
  const metrics: Metrics = {
    creators: outcomes.length,
    deals: deals.length,
    dealRate: ratio(deals.length, outcomes.length),
    dealRateInBand: ratio(negotiable.filter((o) => o.deal).length, negotiable.length),
    inBandNegotiable: negotiable.length,
    dealRateInBandAll: ratio(inBand.filter((o) => o.deal).length, inBand.length),
    dealRateByBand: { below: byBand("below"), inside: byBand("inside"), above: byBand("above") },
    leniencyUsed: mean(numbers((o) => o.leniency)),
    leniencyUsedRaw: mean(numbers((o) => o.leniencyRaw)),
    leniencyByStrategy: byStrategy((o) => o.leniency, mean),
    firstCountersAtCeiling: ratio(counters.filter((c) => c.atCeiling).length, counters.length),
    firstCounters: counters.length,
    medianRoundsToClose: median(numbers((o) => o.rounds)),
    roundsHistogram: count(numbers((o) => o.rounds).map(String)),
    medianOverpay: median(numbers((o) => o.overpay)),
    overpayByStrategy: byStrategy((o) => o.overpay, median),
    overpayByBand: {
      below: overpayIn("below"),
      inside: overpayIn("inside"),
      above: overpayIn("above"),
    },
    smallerScopeDeals: ratio(smaller.length, deals.length),
    smallerScopeAboveOpening: ratio(
      smaller.filter(
        (o) => o.openingCents !== null && (o.agreed?.amountCents ?? 0) > o.openingCents,
      ).length,
      smaller.length,
    ),
    writtenOffers: ratio(offerAmounts.filter(isWrittenAmount).length, offerAmounts.length),
    violations: outcomes.reduce((n, o) => n + o.violations.length, 0),
    ruleBreaks: outcomes.reduce((n, o) => n + o.ruleBreaks.length, 0),
    falseAgreements: outcomes.filter((o) => o.falseAgreement !== null).length,
    unanswered: outcomes.reduce((n, o) => n + o.unanswered.length, 0),
    questions,
    states: count(outcomes.map((o) => o.state)),
    escalations: count(outcomes.flatMap((o) => (o.escalation ? [o.escalation] : []))),
    escalationCauses: count(
      outcomes.flatMap((o) => (o.escalation ? [`${o.escalation} after ${o.escalatedAfter}`] : [])),
    ),
    misreads: count(
      outcomes.flatMap((o) => o.misreads.map((m) => `${m.kind} read as ${m.read.split(" ")[0]}`)),
    ),
    harnessErrors: records.filter((r) => r.errors.length > 0).length,
    findings: records.reduce((n, r) => n + r.findings.length, 0),
  };
  return { metrics, outcomes };
}

/**
 * Which thresholds a run is held to: `all`, or only the `invariants` (no violation, no false
 * agreement, no unanswered reply, no failed conversation, no jump to the ceiling, few rounds),
 * leaving the economic targets (deal rate, leniency, overpay) reported but not enforced.
 */
export type GateScope = "all" | "invariants";

/** The thresholds a run breaks, as sentences; empty when it passes. */
export function gate(m: Metrics, t: Thresholds = THRESHOLDS, scope: GateScope = "all"): string[] {
  const fails = scope === "all" ? targetFailures(m, t) : [];
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const above = (value: number | null, max: number, what: string, fmt = pct) => {
    if (value !== null && value > max) fails.push(`${what} ${fmt(value)} > ${fmt(max)}`);
  };
  above(m.firstCountersAtCeiling, t.maxFirstCountersAtCeiling, "first counters at the ceiling");
  const n = (x: number) => String(x);
  above(m.medianRoundsToClose, t.maxMedianRoundsToClose, "median rounds to close", n);
  above(m.violations, t.maxViolations, "limit violations", n);
  above(m.falseAgreements, t.maxFalseAgreements, "false agreements", n);
  above(m.unanswered, t.maxUnanswered, "unanswered replies", n);
  above(m.harnessErrors, t.maxHarnessErrors, "conversations that failed to run", n);
  return fails;
}

/** The economic targets a run misses: overpay, leniency, deal rate. */
function targetFailures(m: Metrics, t: Thresholds): string[] {
  const fails: string[] = [];
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const above = (value: number | null, max: number, what: string, fmt = pct) => {
    if (value !== null && value > max) fails.push(`${what} ${fmt(value)} > ${fmt(max)}`);
  };
  above(m.medianOverpay, t.maxMedianOverpay, "median overpay");
  above(m.leniencyUsed, t.maxLeniencyUsed, "leniency used");
  if (m.dealRateInBand === null || m.dealRateInBand < t.minDealRateInBand)
    fails.push(
      `deal rate in band ${m.dealRateInBand === null ? "n/a" : pct(m.dealRateInBand)} < ${pct(t.minDealRateInBand)}`,
    );
  return fails;
}
