import * as z from "zod/mini";
import { ASSIGNMENT_WINDOW_MS, type PoolMailbox } from "../domain/mailbox-pool";
import { bounceWindowStart, DAY_MS, utcDay } from "../domain/send-discipline";
import { mailboxEmailsPerDay } from "../domain/sending-capacity";
import { type EffectMessage, EffectMessageSchema } from "../queues/messages";
import { readStored, StoredStateError } from "../stored-state";
import type { SendingStatus } from "./mailbox-api";

/**
 * The send ledger of one sending mailbox, in the mailbox object's SQLite storage, beside (and
 * independent of) the Gmail sync tables. Schema version 1 (tables created if missing):
 *   send_grants(key, creator, day, slot_at, granted_at)   one row per outbox key granted a slot
 *   send_bounces(message_id, at)                           one row per bounce report
 *   send_state(key, value)                                 pause (JSON or null), resumed_at
 *   send_effects(key, body, created_at)                    audit/notify messages not yet queued
 *   send_effects_unreadable(key, body, created_at, problems)   effects no codec could read, kept
 *   assignments(negotiation_id, at)                        negotiations sending from this mailbox
 *   pause_waiters(negotiation_id, at)                      negotiations holding an email for the pause
 * Rows older than RETAIN_MS are pruned; the caps need today's, the bounce rate the last 7 days.
 * JSON is read through codecs: a `send_effects` body is the queue's own EffectMessage.
 */
const SCHEMA = `CREATE TABLE IF NOT EXISTS send_grants (key TEXT PRIMARY KEY, creator TEXT NOT NULL, day TEXT NOT NULL, slot_at INTEGER NOT NULL, granted_at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS send_grants_day_creator ON send_grants (day, creator);
  CREATE INDEX IF NOT EXISTS send_grants_slot ON send_grants (slot_at);
  CREATE TABLE IF NOT EXISTS send_bounces (message_id TEXT PRIMARY KEY, at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS send_bounces_at ON send_bounces (at);
  CREATE TABLE IF NOT EXISTS send_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS send_effects (key TEXT PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS send_effects_unreadable (key TEXT PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL, problems TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS assignments (negotiation_id TEXT PRIMARY KEY, at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS assignments_at ON assignments (at);
  CREATE TABLE IF NOT EXISTS pause_waiters (negotiation_id TEXT PRIMARY KEY, at INTEGER NOT NULL);`;

const RETAIN_MS = 8 * DAY_MS;

export interface Grant {
  key: string;
  creator: string;
  day: string;
  slotAt: number;
}

/** Unknown keys are kept (`looseObject`): a field a newer version added survives a rollback. */
const PauseCodec = z.looseObject({
  at: z.number(),
  reason: z.string(),
  sends: z.number(),
  bounces: z.number(),
  rate: z.number(),
});
export type Pause = z.output<typeof PauseCodec>;

type Row = Record<string, SqlStorageValue>;

export class SendLedger {
  constructor(private readonly storage: DurableObjectStorage) {
    storage.sql.exec(SCHEMA);
  }

  private get sql() {
    return this.storage.sql;
  }

  transaction<T>(fn: () => T): T {
    return this.storage.transactionSync(fn);
  }

  /** A state value through its codec; throws StoredStateError when it cannot be read. */
  private state<S extends z.core.$ZodType>(key: string, codec: S): z.output<S> | null {
    const row = this.sql.exec<Row>("SELECT value FROM send_state WHERE key = ?", key).toArray()[0];
    return row ? readStored(z.nullable(codec), row.value, "send_state", key) : null;
  }

  private setState(key: string, value: unknown): void {
    this.sql.exec(
      "INSERT INTO send_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      JSON.stringify(value),
    );
  }

  pause(): Pause | null {
    return this.state("pause", PauseCodec);
  }

  setPause(pause: Pause | null): void {
    this.setState("pause", pause);
  }

  resumedAt(): number | null {
    return this.state("resumed_at", z.number());
  }

  setResumedAt(at: number): void {
    this.setState("resumed_at", at);
  }

  grant(key: string): Grant | null {
    const r = this.sql
      .exec<Row>("SELECT key, creator, day, slot_at FROM send_grants WHERE key = ?", key)
      .toArray()[0];
    return r
      ? {
          key: String(r.key),
          creator: String(r.creator),
          day: String(r.day),
          slotAt: Number(r.slot_at),
        }
      : null;
  }

  addGrant(grant: Grant, now: number): void {
    this.sql.exec(
      "INSERT INTO send_grants (key, creator, day, slot_at, granted_at) VALUES (?, ?, ?, ?, ?)",
      grant.key,
      grant.creator,
      grant.day,
      grant.slotAt,
      now,
    );
  }

  lastSlotAt(): number | null {
    const v = this.sql.exec<Row>("SELECT MAX(slot_at) AS v FROM send_grants").one().v;
    return v === null ? null : Number(v);
  }

  /** Slots granted on one UTC day. */
  grantsOn(day: string): number {
    return Number(
      this.sql.exec<Row>("SELECT COUNT(*) AS n FROM send_grants WHERE day = ?", day).one().n,
    );
  }

  removeGrant(key: string): void {
    this.sql.exec("DELETE FROM send_grants WHERE key = ?", key);
  }

  /** Slots that have come due (sent or being sent) in [from, to]. */
  sendsBetween(from: number, to: number): number {
    return Number(
      this.sql
        .exec<Row>(
          "SELECT COUNT(*) AS c FROM send_grants WHERE slot_at >= ? AND slot_at <= ?",
          from,
          to,
        )
        .one().c,
    );
  }

  /** Records a bounce once; false when this report was seen before. */
  addBounce(messageId: string, at: number): boolean {
    return (
      this.sql.exec(
        "INSERT OR IGNORE INTO send_bounces (message_id, at) VALUES (?, ?)",
        messageId,
        at,
      ).rowsWritten > 0
    );
  }

  bouncesBetween(from: number, to: number): number {
    return Number(
      this.sql
        .exec<Row>("SELECT COUNT(*) AS c FROM send_bounces WHERE at >= ? AND at <= ?", from, to)
        .one().c,
    );
  }

  /** Sends (slots come due) and bounces in the bounce window ending now. */
  bounceWindow(now: number): { windowStart: number; sends: number; bounces: number } {
    const windowStart = bounceWindowStart(now, this.resumedAt());
    return {
      windowStart,
      sends: this.sendsBetween(windowStart, now),
      bounces: this.bouncesBetween(windowStart, now),
    };
  }

  /** Records a negotiation sending from this mailbox once; prunes those past the load window. */
  addAssignment(negotiationId: string, at: number): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO assignments (negotiation_id, at) VALUES (?, ?)",
      negotiationId,
      at,
    );
    this.sql.exec("DELETE FROM assignments WHERE at < ?", at - ASSIGNMENT_WINDOW_MS);
  }

  /** A negotiation the pause held an email back for (once, however often it asks again). */
  addPauseWaiter(negotiationId: string, now: number): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO pause_waiters (negotiation_id, at) VALUES (?, ?)",
      negotiationId,
      now,
    );
  }

  /** Every negotiation waiting for the pause to be lifted, forgotten as they are returned. */
  takePauseWaiters(): string[] {
    const ids = this.sql
      .exec<{ negotiation_id: string }>("SELECT negotiation_id FROM pause_waiters ORDER BY at")
      .toArray()
      .map((r) => String(r.negotiation_id));
    this.sql.exec("DELETE FROM pause_waiters");
    return ids;
  }

  /** Negotiations assigned within the load window ending now. */
  assignedSince(now: number): number {
    return Number(
      this.sql
        .exec<Row>(
          "SELECT COUNT(*) AS c FROM assignments WHERE at >= ?",
          now - ASSIGNMENT_WINDOW_MS,
        )
        .one().c,
    );
  }

  status(mailbox: string, now: number, settings: PoolMailbox): SendingStatus {
    const pause = this.pause();
    const { sends, bounces } = this.bounceWindow(now);
    const capToday = settings.dailyCap;
    return {
      address: mailbox,
      paused: pause !== null,
      pausedAt: pause ? new Date(pause.at).toISOString() : null,
      pauseReason: pause?.reason ?? null,
      sentToday: this.grantsOn(utcDay(now)),
      capToday,
      bounceRate: sends > 0 ? bounces / sends : null,
      sends7d: sends,
      bounces7d: bounces,
      assigned: this.assignedSince(now),
      emailsPerDay: mailboxEmailsPerDay(settings),
      gapSeconds: settings.gapSeconds,
    };
  }

  prune(now: number): void {
    this.sql.exec("DELETE FROM send_grants WHERE slot_at < ?", now - RETAIN_MS);
    this.sql.exec("DELETE FROM send_bounces WHERE at < ?", now - RETAIN_MS);
  }

  addEffect(message: EffectMessage, now: number): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO send_effects (key, body, created_at) VALUES (?, ?, ?)",
      message.key,
      JSON.stringify(message),
      now,
    );
  }

  /**
   * Queued messages waiting for the hand-over, read with the queue's schema. A row that does not
   * parse moves to `send_effects_unreadable` (kept, never retried) and is returned for reporting.
   */
  effects(limit = 50): { pending: EffectMessage[]; unreadable: StoredStateError[] } {
    const pending: EffectMessage[] = [];
    const unreadable: StoredStateError[] = [];
    const rows = this.sql
      .exec<Row>(
        "SELECT key, body, created_at FROM send_effects ORDER BY created_at, key LIMIT ?",
        limit,
      )
      .toArray();
    for (const r of rows) {
      const key = String(r.key);
      try {
        pending.push(readStored(EffectMessageSchema, r.body, "send_effects", key));
      } catch (error) {
        if (!(error instanceof StoredStateError)) throw error;
        unreadable.push(error);
        this.transaction(() => {
          this.sql.exec(
            "INSERT OR REPLACE INTO send_effects_unreadable (key, body, created_at, problems) VALUES (?, ?, ?, ?)",
            key,
            r.body,
            r.created_at,
            JSON.stringify(error.problems),
          );
          this.sql.exec("DELETE FROM send_effects WHERE key = ?", key);
        });
      }
    }
    return { pending, unreadable };
  }

  deleteEffects(keys: string[]): void {
    for (const key of keys) this.sql.exec("DELETE FROM send_effects WHERE key = ?", key);
  }
}
