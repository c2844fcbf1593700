/**
 * Which mailbox of a campaign's pool a new negotiation sends from. Pure: the caller supplies each
 * mailbox's load (negotiations recently assigned to it) and pause, read from its mailbox object.
 * The negotiation keeps the mailbox for its whole thread; only new negotiations are placed.
 */

/** One sending mailbox of a pool, with its own send discipline. */
export interface PoolMailbox {
  address: string;
  /** Emails per UTC day at most. */
  dailyCap: number;
  /** Minimum gap between two sends (each gap adds up to 50% jitter). */
  gapSeconds: number;
  /** Finishing its threads: it sends and reads them, but no new negotiation is placed on it. */
  retired: boolean;
}

export interface MailboxLoad {
  address: string;
  dailyCap: number;
  /** Negotiations assigned to the mailbox in the recent window (see ASSIGNMENT_WINDOW_MS). */
  assigned: number;
  /** Paused after a bounce spike: new negotiations go elsewhere while another mailbox can take them. */
  paused: boolean;
}

/** Assignments older than this no longer count as load: a negotiation's emails cluster in its first weeks. */
export const ASSIGNMENT_WINDOW_MS = 14 * 86_400_000;

/**
 * The mailbox with the least load per unit of daily cap, skipping paused ones unless every one is
 * paused (then the email waits in the paused mailbox like any other). Ties go to the mailbox whose
 * hash with the negotiation id is lowest, so concurrent starts that saw the same loads still spread
 * out, and the same inputs always give the same answer. Null for an empty pool.
 */
export function pickMailbox(loads: MailboxLoad[], negotiationId: string): string | null {
  const open = loads.filter((m) => !m.paused);
  const candidates = open.length > 0 ? open : loads;
  let best: { address: string; load: number; tie: number } | null = null;
  for (const m of candidates) {
    const load = m.assigned / Math.max(1, m.dailyCap);
    const tie = fnv1a(`${m.address.toLowerCase()}|${negotiationId}`);
    if (!best || load < best.load || (load === best.load && tie < best.tie))
      best = { address: m.address, load, tie };
  }
  return best?.address ?? null;
}

export const sameAddress = (a: string, b: string): boolean =>
  a.trim().toLowerCase() === b.trim().toLowerCase();

/** 32-bit FNV-1a: a stable, well-spread hash for tie-breaking (not for security). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
