/**
 * Send discipline: exact daily caps counted per UTC day (per sending mailbox, and per recipient
 * address across every mailbox), a minimum gap with jitter between a mailbox's sends, and a
 * bounce-rate brake. Pure: the caller supplies the ledgers' facts, the time and the random draw.
 */
import { nextSendTime } from "./schedule";
import type { SendWindow } from "./types";

const MINUTE = 60_000;
export const DAY_MS = 86_400_000;
/** The bounce rate looks back this far (and never before the last resume). */
export const BOUNCE_WINDOW_MS = 7 * DAY_MS;
/** A paused mailbox is asked again after this long; a resume is picked up at the next ask. */
export const PAUSED_RECHECK_MS = 30 * MINUTE;
/** Emails held by a cap spread over the new day's first minutes instead of all waking at midnight. */
export const CAP_SPREAD_MS = 15 * MINUTE;
/** Each gap is the configured one plus up to this share of it, at random. */
const GAP_JITTER = 0.5;

export interface SendLimits {
  mailboxDailyCap: number;
  gapSeconds: number;
}

export type DeferReason = "mailbox_cap" | "creator_cap" | "spacing" | "paused";

export type SendDecision =
  | { kind: "grant"; slotAt: number; day: string }
  | { kind: "defer"; until: number; reason: DeferReason };

/** When the email may go out, in the creator's time zone; null window: any time. */
export interface DeliveryWindow {
  sendWindow: SendWindow | null;
  timeZone: string;
}

/** "YYYY-MM-DD" of the UTC day an instant falls on: the unit the caps count in. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const nextUtcDayStart = (ms: number): number => (Math.floor(ms / DAY_MS) + 1) * DAY_MS;

/** The earliest slot after the last granted one: now, or the last slot plus a jittered gap. */
export function nextSlot(input: {
  now: number;
  lastSlotAt: number | null;
  gapSeconds: number;
  random: number;
}): number {
  if (input.lastSlotAt === null) return input.now;
  const gapMs = input.gapSeconds * 1000 * (1 + clamp01(input.random) * GAP_JITTER);
  return Math.max(input.now, Math.ceil(input.lastSlotAt + gapMs));
}

export interface SendFacts {
  now: number;
  /** From nextSlot. */
  slotAt: number;
  paused: boolean;
  /** Grants already recorded on the UTC day of slotAt by the mailbox. */
  mailboxSent: number;
  window: DeliveryWindow | null;
  random: number;
}

/**
 * Grant the slot, or say until when to wait and why. A pause wins, then the caps of the slot's
 * day, then the window: a slot pushed into the future by spacing must still fall inside the
 * creator's send window, else the email waits for the window's next opening (without a grant, so
 * the slot is not held). A slot that is now is never moved by the window: the outbox already
 * chose that moment.
 */
export function decideSend(facts: SendFacts, limits: SendLimits): SendDecision {
  const within = (t: number) => withinWindow(t, facts.window);
  if (facts.paused)
    return { kind: "defer", until: within(facts.now + PAUSED_RECHECK_MS), reason: "paused" };
  if (facts.mailboxSent >= limits.mailboxDailyCap)
    return {
      kind: "defer",
      until: afterDailyCap(facts.slotAt, facts.window, facts.random),
      reason: "mailbox_cap",
    };
  if (facts.slotAt > facts.now) {
    const opening = within(facts.slotAt);
    if (opening > facts.slotAt) return { kind: "defer", until: opening, reason: "spacing" };
  }
  return { kind: "grant", slotAt: facts.slotAt, day: utcDay(facts.slotAt) };
}

/**
 * When an email held by a daily cap of the slot's day goes out: the next UTC day, spread over its
 * first minutes, at the send window's next opening.
 */
export function afterDailyCap(slotAt: number, window: DeliveryWindow | null, random: number) {
  return withinWindow(
    nextUtcDayStart(slotAt) + Math.floor(clamp01(random) * CAP_SPREAD_MS),
    window,
  );
}

const withinWindow = (t: number, window: DeliveryWindow | null) =>
  window ? nextSendTime(t, window.sendWindow, window.timeZone) : t;

export interface BounceVerdict {
  /** bounces / sends in the window; null before anything was sent. */
  rate: number | null;
  /** The rate is above the threshold and enough was sent for it to mean something. */
  exceeded: boolean;
}

export function bounceVerdict(input: {
  sends: number;
  bounces: number;
  pauseRate: number;
  minSends: number;
}): BounceVerdict {
  const rate = input.sends > 0 ? input.bounces / input.sends : null;
  const exceeded = rate !== null && input.sends >= input.minSends && rate > input.pauseRate;
  return { rate, exceeded };
}

/**
 * Start of the bounce-rate window: the trailing 7 days, but never before the last resume, so a
 * resumed mailbox is judged on what it sent since (and needs the minimum sends again).
 */
export function bounceWindowStart(now: number, resumedAt: number | null): number {
  return Math.max(now - BOUNCE_WINDOW_MS, resumedAt ?? Number.NEGATIVE_INFINITY);
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(Math.max(x, 0), 1) : 0;
}
