import { lt, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { auditEvents, securityEventWindows } from "../db/schema";
import type { Env } from "../env";
import { describeError } from "../failures";
import { systemAuditEvent } from "../ports/audit-sink";

/**
 * Security events (refused sign-ins, permission denials, cross-site attempts, rate-limit hits,
 * refused webhooks) are audit rows of type `security_event`, bounded so a flood cannot fill D1:
 *
 * - per kind and minute, at most FULL_PER_KIND events are written in full across every isolate
 *   (a D1 counter decides), and at most FULL_PER_CLIENT of them come from one client (IP or
 *   identity) as one isolate sees it;
 * - every other event of that minute is counted into one summary row per kind and minute
 *   (`data.summary: true`, `data.suppressed`), updated while the flood lasts.
 *
 * Token and role changes are not floods (only an admin causes them, under the per-identity rate
 * limit): they are written in full, always, by their routes.
 */

export const SECURITY_EVENT_KINDS = [
  "auth_failed",
  "permission_denied",
  "cross_site_request",
  "rate_limited",
  "webhook_refused",
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export interface SecurityEvent {
  kind: SecurityEventKind;
  /** The area that refused: `api`, `slack`, `gmail`, `webhooks`. */
  source: string;
  reason: string;
  route: string | null;
  ip: string | null;
  /** The verified identity, when there is one (a denial, a rate limit per identity). */
  actor: string | null;
  /**
   * Who the bound counts against when it is neither the actor nor the IP (a Slack user that
   * Slack's signature vouches for). Defaults to the actor, else the IP.
   */
  client?: string;
  requestId: string | null;
  details?: Record<string, unknown>;
}

export const FULL_PER_CLIENT = 5;
export const FULL_PER_KIND = 50;
const WINDOW_MS = 60_000;
/** Counters older than this are deleted when a new window opens. */
const KEEP_WINDOWS_MS = 60 * 60_000;

/**
 * The isolate's view of the current minute: which events it may still send to D1 in full, and
 * the counts waiting to be added to the summary rows. Pure bookkeeping, no I/O.
 */
export class SecurityEventWindow {
  private windowStart = -1;
  private readonly perClient = new Map<string, number>();
  private readonly perKind = new Map<SecurityEventKind, number>();
  /** Counts not yet in D1, by `kind` and window start. */
  readonly pending = new Map<string, { kind: SecurityEventKind; windowStart: number; n: number }>();

  /** Whether this event may be written in full (D1 still has the last word). */
  admit(kind: SecurityEventKind, client: string, now: number): boolean {
    const start = windowOf(now);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.perClient.clear();
      this.perKind.clear();
    }
    const byKind = this.perKind.get(kind) ?? 0;
    // Past the per-kind limit nothing is admitted and no new client is remembered: the maps stay
    // bounded by FULL_PER_KIND clients per kind, however many clients there are.
    if (byKind >= FULL_PER_KIND) return false;
    const clientKey = `${kind} ${client}`;
    const byClient = (this.perClient.get(clientKey) ?? 0) + 1;
    this.perClient.set(clientKey, byClient);
    if (byClient > FULL_PER_CLIENT) return false;
    this.perKind.set(kind, byKind + 1);
    return true;
  }

  count(kind: SecurityEventKind, now: number, n = 1): void {
    const windowStart = windowOf(now);
    const key = `${kind} ${windowStart}`;
    const entry = this.pending.get(key) ?? { kind, windowStart, n: 0 };
    entry.n += n;
    this.pending.set(key, entry);
  }

  /** Takes every pending count, leaving none. */
  drain(): { kind: SecurityEventKind; windowStart: number; n: number }[] {
    const all = [...this.pending.values()];
    this.pending.clear();
    return all;
  }
}

const windowOf = (now: number) => Math.floor(now / WINDOW_MS) * WINDOW_MS;

const isolateWindow = new SecurityEventWindow();
/** One flush of pending counts at a time per isolate: a flood costs one write in flight. */
let flushing: Promise<void> | null = null;

/**
 * Records one security event within the bounds above. Never throws: a failure to audit is logged
 * and must not change the answer to the request. Returns the work to hand to `waitUntil`.
 */
export function recordSecurityEvent(
  env: Env,
  event: SecurityEvent,
  now = Date.now(),
  window = isolateWindow,
): Promise<void> {
  const client = event.client ?? event.actor ?? event.ip ?? "unknown";
  if (!window.admit(event.kind, client, now)) {
    window.count(event.kind, now);
    return flushCounts(env, window);
  }
  return writeFull(env, event, now, window).catch((error: unknown) =>
    console.error(
      JSON.stringify({ msg: "security event not recorded", error: describeError(error) }),
    ),
  );
}

async function writeFull(
  env: Env,
  event: SecurityEvent,
  now: number,
  window: SecurityEventWindow,
): Promise<void> {
  const windowStart = windowOf(now);
  const inWindow = await bumpWindow(env.DB, event.kind, windowStart);
  if (inWindow > FULL_PER_KIND) {
    window.count(event.kind, now);
    return flushCounts(env, window);
  }
  console.warn(
    JSON.stringify({
      msg: "security event",
      kind: event.kind,
      source: event.source,
      reason: event.reason,
      route: event.route,
      actor: event.actor,
      requestId: event.requestId,
    }),
  );
  // Not through writeAudit: security events are no business metric, and the queue consumer
  // (which reaches this module through the Slack actions) must not be imported back.
  await drizzle(env.DB)
    .insert(auditEvents)
    .values(
      systemAuditEvent({
        id: `security_event:${crypto.randomUUID()}`,
        at: new Date(now).toISOString(),
        type: "security_event",
        actor: event.actor ?? "system",
        requestId: event.requestId,
        data: {
          kind: event.kind,
          source: event.source,
          route: event.route,
          reason: event.reason,
          ip: event.ip,
          ...event.details,
        },
      }),
    )
    .onConflictDoNothing();
}

/** Adds one to the kind's counter for the window; returns the new count. */
async function bumpWindow(db: D1Database, kind: string, windowStart: number): Promise<number> {
  const orm = drizzle(db);
  const [row] = await orm
    .insert(securityEventWindows)
    .values({ id: `${kind}:${new Date(windowStart).toISOString()}`, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: securityEventWindows.id,
      set: { count: sql`${securityEventWindows.count} + 1` },
    })
    .returning({ count: securityEventWindows.count });
  const count = row?.count ?? 1;
  if (count === 1)
    await orm
      .delete(securityEventWindows)
      .where(lt(securityEventWindows.windowStart, windowStart - KEEP_WINDOWS_MS));
  return count;
}

function flushCounts(env: Env, window: SecurityEventWindow): Promise<void> {
  flushing ??= (async () => {
    try {
      // Counts that arrive during a write are taken by the next turn of the loop.
      for (let batch = window.drain(); batch.length > 0; batch = window.drain())
        for (const { kind, windowStart, n } of batch) await addToSummary(env, kind, windowStart, n);
    } catch (error) {
      console.error(
        JSON.stringify({ msg: "security event counts lost", error: describeError(error) }),
      );
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}

/** The kind's summary row for the window: created with `n`, or `n` added to it. */
async function addToSummary(
  env: Env,
  kind: SecurityEventKind,
  windowStart: number,
  n: number,
): Promise<void> {
  const start = new Date(windowStart).toISOString();
  const row = systemAuditEvent({
    id: `security_event:summary:${kind}:${start}`,
    at: start,
    type: "security_event",
    requestId: null,
    data: {
      kind,
      summary: true,
      windowStart: start,
      windowEnd: new Date(windowStart + WINDOW_MS).toISOString(),
      suppressed: n,
    },
  });
  await drizzle(env.DB)
    .insert(auditEvents)
    .values(row)
    .onConflictDoUpdate({
      target: auditEvents.id,
      set: {
        data: sql`json_set(${auditEvents.data}, '$.suppressed', json_extract(${auditEvents.data}, '$.suppressed') + ${n})`,
      },
    });
}
