import { bounceWindowStart, DAY_MS, utcDay } from "../domain/send-discipline";
import type { SendingStatus } from "./mailbox-client";

/**
 * The send ledger of one sending mailbox, in the mailbox object's SQLite storage, beside (and
 * independent of) the Gmail sync tables. Schema version 1:
 *   send_grants(key, creator, day, slot_at, granted_at)   one row per outbox key granted a slot
 *   send_bounces(message_id, at)                           one row per bounce report
 *   send_state(key, value)                                 pause (JSON or null), resumed_at
 *   send_effects(key, body, created_at)                    audit/notify messages not yet queued
 * Rows older than RETAIN_MS are pruned; the caps need today's, the bounce rate the last 7 days.
 */
const SCHEMA = `CREATE TABLE IF NOT EXISTS send_grants (key TEXT PRIMARY KEY, creator TEXT NOT NULL, day TEXT NOT NULL, slot_at INTEGER NOT NULL, granted_at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS send_grants_day_creator ON send_grants (day, creator);
  CREATE INDEX IF NOT EXISTS send_grants_slot ON send_grants (slot_at);
  CREATE TABLE IF NOT EXISTS send_bounces (message_id TEXT PRIMARY KEY, at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS send_bounces_at ON send_bounces (at);
  CREATE TABLE IF NOT EXISTS send_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS send_effects (key TEXT PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL);`;

const RETAIN_MS = 8 * DAY_MS;

export interface Grant {
  key: string;
  creator: string;
  day: string;
  slotAt: number;
}

export interface Pause {
  at: number;
  reason: string;
  sends: number;
  bounces: number;
  rate: number;
}

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

  private state<T>(key: string): T | null {
    const row = this.sql.exec<Row>("SELECT value FROM send_state WHERE key = ?", key).toArray()[0];
    return typeof row?.value === "string" ? (JSON.parse(row.value) as T) : null;
  }

  private setState(key: string, value: unknown): void {
    this.sql.exec(
      "INSERT INTO send_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      JSON.stringify(value),
    );
  }

  pause(): Pause | null {
    return this.state<Pause>("pause");
  }

  setPause(pause: Pause | null): void {
    this.setState("pause", pause);
  }

  resumedAt(): number | null {
    return this.state<number>("resumed_at");
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

  /** Grants on one UTC day: the mailbox's, and those to one creator address. */
  grantsOn(day: string, creator: string): { mailbox: number; creator: number } {
    const r = this.sql
      .exec<Row>(
        "SELECT COUNT(*) AS mailbox, COALESCE(SUM(creator = ?), 0) AS creator FROM send_grants WHERE day = ?",
        creator,
        day,
      )
      .one();
    return { mailbox: Number(r.mailbox), creator: Number(r.creator) };
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

  status(mailbox: string, now: number, capToday: number): SendingStatus {
    const pause = this.pause();
    const { sends, bounces } = this.bounceWindow(now);
    return {
      address: mailbox,
      paused: pause !== null,
      pausedAt: pause ? new Date(pause.at).toISOString() : null,
      pauseReason: pause?.reason ?? null,
      sentToday: this.grantsOn(utcDay(now), "").mailbox,
      capToday,
      bounceRate: sends > 0 ? bounces / sends : null,
      sends7d: sends,
      bounces7d: bounces,
    };
  }

  prune(now: number): void {
    this.sql.exec("DELETE FROM send_grants WHERE slot_at < ?", now - RETAIN_MS);
    this.sql.exec("DELETE FROM send_bounces WHERE at < ?", now - RETAIN_MS);
  }

  addEffect(key: string, body: unknown, now: number): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO send_effects (key, body, created_at) VALUES (?, ?, ?)",
      key,
      JSON.stringify(body),
      now,
    );
  }

  effects(limit = 50): { key: string; body: unknown }[] {
    return this.sql
      .exec<Row>("SELECT key, body FROM send_effects ORDER BY created_at, key LIMIT ?", limit)
      .toArray()
      .map((r) => ({ key: String(r.key), body: JSON.parse(String(r.body)) as unknown }));
  }

  deleteEffects(keys: string[]): void {
    for (const key of keys) this.sql.exec("DELETE FROM send_effects WHERE key = ?", key);
  }
}
