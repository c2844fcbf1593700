/**
 * How many emails a day a pool of mailboxes can send, and how many a campaign's negotiations
 * need. Pure arithmetic; the model and its reasoning are in docs/sending-capacity.md.
 */
import type { PoolMailbox } from "./mailbox-pool";

const SECONDS_PER_DAY = 86_400;
/** The mean of the up-to-50% random jitter added to every gap between sends. */
const MEAN_GAP_FACTOR = 1.25;
/** Emails we send in answer to replies over a negotiation's life: about one counter and the confirmation. */
export const REPLY_EMAILS_PER_NEGOTIATION = 2;
/** A negotiation is alive at least a week: replies take days, and rounds follow each other. */
export const MIN_LIFETIME_DAYS = 7;

/**
 * What one mailbox can send in a UTC day: its cap, unless spacing allows fewer (a 20 s gap with
 * jitter averages 25 s, so at most 3,456 sends in 24 hours).
 */
export function mailboxEmailsPerDay(m: Pick<PoolMailbox, "dailyCap" | "gapSeconds">): number {
  if (m.gapSeconds <= 0) return m.dailyCap;
  return Math.min(m.dailyCap, Math.floor(SECONDS_PER_DAY / (m.gapSeconds * MEAN_GAP_FACTOR)));
}

export const poolEmailsPerDay = (pool: readonly PoolMailbox[]): number =>
  pool.reduce((sum, m) => sum + mailboxEmailsPerDay(m), 0);

export interface DemandModel {
  /** Opening + follow-ups + answers to replies. */
  emailsPerNegotiation: number;
  /** Calendar days those emails spread over. */
  lifetimeDays: number;
  /** Days a week the send window opens: every email of the week goes out on these. */
  sendingDaysPerWeek: number;
}

/**
 * Emails one negotiation needs over its life, from the campaign's follow-up schedule: the opening,
 * each follow-up, and REPLY_EMAILS_PER_NEGOTIATION answers; spread over the calendar days until the
 * last follow-up (5 business days make 7 calendar days) plus the day it is sent, at least a week;
 * sent only on the days the campaign's send window opens (every day without a window).
 */
export function demandModel(
  followUps: { afterBusinessDays: readonly number[] },
  sendWindow: { days: readonly string[] } | null = null,
): DemandModel {
  const days = followUps.afterBusinessDays;
  const lastFollowUp = days.length > 0 ? Math.max(...days) : 0;
  return {
    emailsPerNegotiation: 1 + days.length + REPLY_EMAILS_PER_NEGOTIATION,
    lifetimeDays: Math.max(MIN_LIFETIME_DAYS, Math.ceil((lastFollowUp * 7) / 5) + 1),
    sendingDaysPerWeek: sendWindow ? Math.min(7, Math.max(1, new Set(sendWindow.days).size)) : 7,
  };
}

export interface CapacityCheck extends DemandModel {
  emailsPerDay: number;
  activeNegotiations: number;
  newNegotiations: number;
  /** Emails a sending day the active and new negotiations need, rounded up. */
  neededPerDay: number;
  /** The openings of the new negotiations alone take this many sending days (0 when none). */
  openingDays: number;
  overCapacity: boolean;
}

export function checkCapacity(input: {
  emailsPerDay: number;
  activeNegotiations: number;
  newNegotiations: number;
  model: DemandModel;
}): CapacityCheck {
  const { emailsPerDay, activeNegotiations, newNegotiations, model } = input;
  const negotiations = activeNegotiations + newNegotiations;
  // A week's emails of a negotiation, E × 7 / L, all go out on the window's days.
  const neededPerDay = Math.ceil(
    (negotiations * model.emailsPerNegotiation * 7) /
      (model.lifetimeDays * model.sendingDaysPerWeek),
  );
  return {
    ...model,
    emailsPerDay,
    activeNegotiations,
    newNegotiations,
    neededPerDay,
    openingDays:
      newNegotiations === 0
        ? 0
        : emailsPerDay > 0
          ? Math.ceil(newNegotiations / emailsPerDay)
          : Number.POSITIVE_INFINITY,
    overCapacity: neededPerDay > emailsPerDay,
  };
}

/** The warning a person reads at import, with the arithmetic; null when the pool keeps up. */
export function capacityWarning(check: CapacityCheck, mailboxes: number): string | null {
  if (!check.overCapacity) return null;
  const plural = (n: number, word: string, words = `${word}s`) =>
    `${n.toLocaleString("en-US")} ${n === 1 ? word : words}`;
  return (
    `${plural(check.activeNegotiations, "active negotiation")} + ${plural(check.newNegotiations, "new one")} ` +
    `need about ${plural(check.neededPerDay, "email")} a sending day (${check.emailsPerNegotiation} emails each ` +
    `over ${check.lifetimeDays} days, sent on ${check.sendingDaysPerWeek} days a week), but the campaign's ` +
    `${plural(mailboxes, "mailbox", "mailboxes")} send at most ` +
    `${check.emailsPerDay.toLocaleString("en-US")} a day: emails will wait for capacity. ` +
    "Add mailboxes to the campaign or start fewer creators at once."
  );
}
