import * as z from "zod/mini";
import type { Negotiation } from "../domain/negotiation-state";
import type { EffectMessage } from "../queues/messages";
import { readStored, StoredStateError } from "../stored-state";
import {
  type Delivery,
  DeliveryCodec,
  type OutboxContent,
  QueuedMessageCodec,
  type StoredEmailEffect,
  StoredEmailEffectCodec,
  StoredInboundEmailCodec,
} from "./outbox-codec";
import { encodeNegotiation, StoredNegotiationCodec } from "./state-codec";
import type { InboundEmail } from "./types";

/**
 * The negotiation object's SQLite storage. Schema version 3:
 *   meta(key, value)                  negotiation (versioned JSON), thread, seq, alarm_armed_for,
 *                                     open_notifications, open_question_notifications
 *   history(seq, at, type, actor, request_id, data)   the timeline, append-only
 *   outbox(key, kind, payload, due_at, status, attempts, created_at, updated_at, delivery)
 *                                     (v3 adds delivery: an email's per-recipient progress)
 *   inbox(message_id, received_at, status, payload, failed_since)   inbound dedupe + retry of unprocessed mail (v2 adds failed_since)
 * Every write that changes state runs inside one `transactionSync` with its history and outbox rows.
 * Every JSON value is read through a codec (`state-codec.ts`, `outbox-codec.ts`), never cast: a
 * value that does not parse throws StoredStateError, and its row can be set aside (`unreadable`).
 */
const SCHEMA_VERSION = 3;

const MIGRATIONS: string[] = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS history (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, type TEXT NOT NULL, actor TEXT NOT NULL, request_id TEXT, data TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS outbox (key TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, due_at INTEGER NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS outbox_status_due ON outbox (status, due_at);
   CREATE TABLE IF NOT EXISTS inbox (message_id TEXT PRIMARY KEY, received_at INTEGER NOT NULL, status TEXT NOT NULL, payload TEXT NOT NULL);`,
  // v2: when processing of an inbound email first failed, to escalate after a limit.
  "ALTER TABLE inbox ADD COLUMN failed_since INTEGER",
  // v3: which recipients an email reached, for transports that send one envelope at a time.
  "ALTER TABLE outbox ADD COLUMN delivery TEXT",
];

/** `unreadable`: a row whose payload no codec can read, kept aside for a person (never retried). */
export type OutboxStatus =
  | "pending"
  | "dispatched"
  | "sending"
  | "sent"
  | "held"
  | "cancelled"
  | "unreadable";

export type OutboxRow = OutboxContent & {
  key: string;
  dueAt: number;
  status: OutboxStatus;
  attempts: number;
  /** An email's sending so far; null until its first send attempt. */
  delivery: Delivery | null;
};

export type { Delivery };

export interface HistoryRow {
  seq: number;
  at: number;
  type: string;
  actor: string;
  requestId: string | null;
  data: Record<string, unknown>;
}

export interface Thread {
  subject: string | null;
  /** Every Message-ID in the conversation, oldest first: ours and theirs. */
  messageIds: string[];
  /** Address of whoever wrote last, so we answer the person who wrote. */
  replyTo: string | null;
  /**
   * The pool mailbox every email of the thread goes out from (From, and the plus-address in
   * Reply-To), chosen when the negotiation started. null: MAIL_FROM, as before pools existed.
   */
  mailbox: string | null;
}

type Row = Record<string, SqlStorageValue>;

export const ThreadCodec = z.looseObject({
  subject: z.nullable(z.string()),
  messageIds: z.array(z.string()),
  replyTo: z.nullable(z.string()),
  mailbox: z._default(z.nullable(z.string()), null),
}) satisfies z.ZodMiniType<Thread>;
const IdsCodec = z.array(z.string());
const CounterCodec = z.int();
const OUTBOX_STATUSES = new Set<string>([
  "pending",
  "dispatched",
  "sending",
  "sent",
  "held",
  "cancelled",
  "unreadable",
]);

export class NegotiationStore {
  constructor(private readonly storage: DurableObjectStorage) {
    const sql = storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    const current = Number(sql.exec("SELECT MAX(version) AS v FROM schema_version").one().v ?? 0);
    for (let v = current; v < SCHEMA_VERSION; v++) {
      storage.transactionSync(() => {
        sql.exec(MIGRATIONS[v] ?? "");
        sql.exec("INSERT INTO schema_version (version) VALUES (?)", v + 1);
      });
    }
  }

  private get sql() {
    return this.storage.sql;
  }

  transaction<T>(fn: () => T): T {
    return this.storage.transactionSync(fn);
  }

  /** A meta value read with its codec; null when the key was never written. */
  private getMeta<S extends z.core.$ZodType>(key: string, codec: S): z.output<S> | null {
    const rows = this.sql.exec<Row>("SELECT value FROM meta WHERE key = ?", key).toArray();
    const value = rows[0]?.value;
    return value === undefined ? null : readStored(z.nullable(codec), value, "meta", key);
  }

  private setMeta(key: string, value: unknown): void {
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      JSON.stringify(value),
    );
  }

  /** The aggregate; throws StoredStateError when it cannot be read. */
  negotiation(): Negotiation | null {
    return this.getMeta("negotiation", StoredNegotiationCodec)?.data ?? null;
  }

  saveNegotiation(n: Negotiation): void {
    this.setMeta("negotiation", encodeNegotiation(n));
    this.setMeta("seq", this.seq() + 1);
  }

  /** Bumped on every saved change; projections use it to ignore stale updates. */
  seq(): number {
    return this.getMeta("seq", CounterCodec) ?? 0;
  }

  thread(): Thread {
    return (
      this.getMeta("thread", ThreadCodec) ?? {
        subject: null,
        messageIds: [],
        replyTo: null,
        mailbox: null,
      }
    );
  }

  saveThread(thread: Thread): void {
    this.setMeta("thread", thread);
  }

  /** Ids of this negotiation's notifications still waiting for someone to act. */
  openNotifications(): string[] {
    return this.getMeta("open_notifications", IdsCodec) ?? [];
  }

  setOpenNotifications(ids: string[]): void {
    this.setMeta("open_notifications", ids);
  }

  /** Ids of this negotiation's question notifications waiting for a person's answer. */
  openQuestionNotifications(): string[] {
    return this.getMeta("open_question_notifications", IdsCodec) ?? [];
  }

  setOpenQuestionNotifications(ids: string[]): void {
    this.setMeta("open_question_notifications", ids);
  }

  alarmArmedFor(): number | null {
    return this.getMeta("alarm_armed_for", z.number());
  }

  setAlarmArmedFor(at: number | null): void {
    this.setMeta("alarm_armed_for", at);
  }

  appendHistory(
    at: number,
    type: string,
    actor: string,
    requestId: string | null,
    data: Record<string, unknown>,
  ): void {
    this.sql.exec(
      "INSERT INTO history (at, type, actor, request_id, data) VALUES (?, ?, ?, ?, ?)",
      at,
      type,
      actor,
      requestId,
      JSON.stringify(data),
    );
  }

  history(): HistoryRow[] {
    return this.sql
      .exec<Row>("SELECT seq, at, type, actor, request_id, data FROM history ORDER BY seq")
      .toArray()
      .map((r) => ({
        seq: Number(r.seq),
        at: Number(r.at),
        type: String(r.type),
        actor: String(r.actor),
        requestId: r.request_id === null ? null : String(r.request_id),
        data: readStored(TimelineDataCodec, r.data, "history", String(r.seq)),
      }));
  }

  /** The text of the latest email received (quoted history and signature already removed). */
  lastReceivedText(): string | null {
    const row = this.sql
      .exec<{ data: string }>(
        "SELECT data FROM history WHERE type = 'email_received' ORDER BY seq DESC LIMIT 1",
      )
      .toArray()[0];
    if (!row) return null;
    const text = readStored(TimelineDataCodec, row.data, "history", "email_received").text;
    return typeof text === "string" ? text : null;
  }

  /** An email for the queue consumer to send, once it asks (`beginDelivery`). */
  enqueueEmail(key: string, effect: StoredEmailEffect, dueAt: number, now: number): void {
    this.insertOutbox(key, "email", effect, dueAt, now);
  }

  /** A message handed to the queue as it is, by the next dispatch. */
  enqueueMessage(message: EffectMessage, dueAt: number, now: number): void {
    this.insertOutbox(message.key, message.type, message, dueAt, now);
  }

  private insertOutbox(key: string, kind: string, payload: unknown, dueAt: number, now: number) {
    this.sql.exec(
      "INSERT OR IGNORE INTO outbox (key, kind, payload, due_at, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
      key,
      kind,
      JSON.stringify(payload),
      dueAt,
      now,
      now,
    );
  }

  /** One outbox row; throws StoredStateError when its payload or delivery cannot be read. */
  outboxRow(key: string): OutboxRow | null {
    const r = this.sql.exec<Row>("SELECT * FROM outbox WHERE key = ?", key).toArray()[0];
    return r ? toOutbox(r) : null;
  }

  /** Due pending rows, and the due rows that cannot be read (for the caller to set aside). */
  duePending(now: number, limit = 50): { rows: OutboxRow[]; unreadable: StoredStateError[] } {
    const rows: OutboxRow[] = [];
    const unreadable: StoredStateError[] = [];
    const raw = this.sql
      .exec<Row>(
        "SELECT * FROM outbox WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, created_at LIMIT ?",
        now,
        limit,
      )
      .toArray();
    for (const r of raw) {
      try {
        rows.push(toOutbox(r));
      } catch (error) {
        if (!(error instanceof StoredStateError)) throw error;
        unreadable.push(error);
      }
    }
    return { rows, unreadable };
  }

  /** Earliest time an undelivered outbox row needs attention. */
  nextPendingDue(): number | null {
    const v = this.sql
      .exec<Row>("SELECT MIN(due_at) AS d FROM outbox WHERE status = 'pending'")
      .one().d;
    return v === null ? null : Number(v);
  }

  /** The key of the email released last (the one the follow-up timers count from). */
  latestEmailKey(): string | null {
    const row = this.sql
      .exec<Row>(
        "SELECT key FROM outbox WHERE kind = 'email' ORDER BY created_at DESC, rowid DESC LIMIT 1",
      )
      .toArray()[0];
    return row ? String(row.key) : null;
  }

  /** Puts a row back to pending, due at `dueAt` (send discipline deferred it). */
  deferOutbox(key: string, dueAt: number, now: number): void {
    this.sql.exec(
      "UPDATE outbox SET status = 'pending', due_at = ?, updated_at = ? WHERE key = ?",
      dueAt,
      now,
      key,
    );
  }

  setOutboxStatus(key: string, status: OutboxStatus, now: number): void {
    this.sql.exec("UPDATE outbox SET status = ?, updated_at = ? WHERE key = ?", status, now, key);
  }

  /** Marks an email `sending` (one more attempt) and returns its delivery, started now if new. */
  beginSending(key: string, now: number): Delivery {
    const delivery = this.outboxRow(key)?.delivery ?? { startedAt: now, delivered: [] };
    this.sql.exec(
      "UPDATE outbox SET status = 'sending', updated_at = ?, attempts = attempts + 1, delivery = ? WHERE key = ?",
      now,
      JSON.stringify(delivery),
      key,
    );
    return delivery;
  }

  /** Records that one recipient got the email; a repeat for the same recipient changes nothing. */
  addDelivered(
    key: string,
    recipient: string,
    providerMessageId: string | null,
    now: number,
  ): void {
    const row = this.outboxRow(key);
    if (!row) return;
    const delivery = row.delivery ?? { startedAt: now, delivered: [] };
    if (delivery.delivered.some((d) => d.recipient === recipient)) return;
    delivery.delivered.push({ recipient, providerMessageId });
    this.sql.exec(
      "UPDATE outbox SET delivery = ?, updated_at = ? WHERE key = ?",
      JSON.stringify(delivery),
      now,
      key,
    );
  }

  deleteOutbox(key: string): void {
    this.sql.exec("DELETE FROM outbox WHERE key = ?", key);
  }

  /** Brings every pending email due after `at` forward to `at`; returns how many moved. */
  advanceDeferredEmails(at: number, now: number): number {
    return this.sql.exec(
      "UPDATE outbox SET due_at = ?, updated_at = ? WHERE kind = 'email' AND status = 'pending' AND due_at > ?",
      at,
      now,
      at,
    ).rowsWritten;
  }

  /** Moves every email row in one status to another, e.g. held → pending on resume. */
  moveEmails(from: OutboxStatus[], to: OutboxStatus, now: number): number {
    const marks = from.map(() => "?").join(", ");
    return this.sql.exec(
      `UPDATE outbox SET status = ?, updated_at = ? WHERE kind = 'email' AND status IN (${marks})`,
      to,
      now,
      ...from,
    ).rowsWritten;
  }

  sentEmailCount(): number {
    return Number(
      this.sql
        .exec<Row>("SELECT COUNT(*) AS c FROM outbox WHERE kind = 'email' AND status = 'sent'")
        .one().c,
    );
  }

  /** Records an inbound message once; false when it was seen before. */
  recordInbound(messageId: string, receivedAt: number, payload: InboundEmail): boolean {
    return (
      this.sql.exec(
        "INSERT OR IGNORE INTO inbox (message_id, received_at, status, payload) VALUES (?, ?, 'pending', ?)",
        messageId,
        receivedAt,
        JSON.stringify(payload),
      ).rowsWritten > 0
    );
  }

  markInboundDone(messageId: string): void {
    this.sql.exec("UPDATE inbox SET status = 'done' WHERE message_id = ?", messageId);
  }

  /** Records the first failure of an inbound email; returns when it first failed. */
  markInboundFailed(messageId: string, now: number): number {
    this.sql.exec(
      "UPDATE inbox SET failed_since = COALESCE(failed_since, ?) WHERE message_id = ?",
      now,
      messageId,
    );
    const row = this.sql
      .exec<Row>("SELECT failed_since FROM inbox WHERE message_id = ?", messageId)
      .toArray()[0];
    return Number(row?.failed_since ?? now);
  }

  /** Sets an inbox row aside: its payload cannot be read, so it is never retried. */
  markInboundUnreadable(messageId: string): void {
    this.sql.exec("UPDATE inbox SET status = 'unreadable' WHERE message_id = ?", messageId);
  }

  pendingInboundCount(): number {
    return Number(
      this.sql.exec<Row>("SELECT COUNT(*) AS c FROM inbox WHERE status = 'pending'").one().c,
    );
  }

  /** Pending inbound emails, and the pending rows that cannot be read (to set aside). */
  pendingInbound(): {
    emails: InboundEmail[];
    unreadable: StoredStateError[];
  } {
    const emails: InboundEmail[] = [];
    const unreadable: StoredStateError[] = [];
    const rows = this.sql
      .exec<Row>(
        "SELECT message_id, payload FROM inbox WHERE status = 'pending' ORDER BY received_at",
      )
      .toArray();
    for (const r of rows) {
      try {
        emails.push(readStored(StoredInboundEmailCodec, r.payload, "inbox", String(r.message_id)));
      } catch (error) {
        if (!(error instanceof StoredStateError)) throw error;
        unreadable.push(error);
      }
    }
    return { emails, unreadable };
  }
}

/** History rows are free-form facts for the timeline: only their being an object is checked. */
const TimelineDataCodec = z.record(z.string(), z.unknown());

/** Reads one outbox row through the codec of its kind. */
function toOutbox(r: Row): OutboxRow {
  const key = String(r.key);
  const kind = String(r.kind);
  const status = String(r.status);
  if (!OUTBOX_STATUSES.has(status))
    throw new StoredStateError("outbox", key, [`status: unknown status ${status}`]);
  const base = {
    key,
    dueAt: Number(r.due_at),
    status: status as OutboxStatus,
    attempts: Number(r.attempts),
    delivery:
      r.delivery === null || r.delivery === undefined
        ? null
        : readStored(DeliveryCodec, r.delivery, "outbox", key),
  };
  if (kind === "email")
    return {
      ...base,
      kind,
      effect: readStored(StoredEmailEffectCodec, r.payload, "outbox", key),
    };
  const message = readStored(QueuedMessageCodec(kind), r.payload, "outbox", key);
  return { ...base, kind: message.type as Exclude<EffectMessage["type"], "email">, message };
}
