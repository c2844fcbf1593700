import type { Negotiation } from "../domain/negotiation-state";

/**
 * The negotiation object's SQLite storage. Schema version 3:
 *   meta(key, value)                  negotiation (versioned JSON), thread, seq, alarm_armed_for,
 *                                     open_notifications
 *   history(seq, at, type, actor, request_id, data)   the timeline, append-only
 *   outbox(key, kind, payload, due_at, status, attempts, created_at, updated_at, delivery)
 *                                     (v3 adds delivery: an email's per-recipient progress)
 *   inbox(message_id, received_at, status, payload, failed_since)   inbound dedupe + retry of unprocessed mail (v2 adds failed_since)
 * Every write that changes state runs inside one `transactionSync` with its history and outbox rows.
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

export type OutboxStatus = "pending" | "dispatched" | "sending" | "sent" | "held" | "cancelled";

export interface OutboxRow {
  key: string;
  kind: string;
  payload: unknown;
  dueAt: number;
  status: OutboxStatus;
  attempts: number;
  /** An email's sending so far; null until its first send attempt. */
  delivery: Delivery | null;
}

/**
 * Per-recipient progress of one email. A transport that takes one envelope recipient per send
 * records each recipient as it succeeds, so a retry sends only to those still missing.
 */
export interface Delivery {
  /** When the first send attempt began: every copy carries this as its Date. */
  startedAt: number;
  delivered: { recipient: string; providerMessageId: string | null }[];
}

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
}

type Row = Record<string, SqlStorageValue>;

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

  private getMeta<T>(key: string): T | null {
    const rows = this.sql.exec<Row>("SELECT value FROM meta WHERE key = ?", key).toArray();
    const value = rows[0]?.value;
    return typeof value === "string" ? (JSON.parse(value) as T) : null;
  }

  private setMeta(key: string, value: unknown): void {
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      JSON.stringify(value),
    );
  }

  negotiation(): Negotiation | null {
    return this.getMeta<{ v: 1; data: Negotiation }>("negotiation")?.data ?? null;
  }

  saveNegotiation(n: Negotiation): void {
    this.setMeta("negotiation", { v: 1, data: n });
    this.setMeta("seq", this.seq() + 1);
  }

  /** Bumped on every saved change; projections use it to ignore stale updates. */
  seq(): number {
    return this.getMeta<number>("seq") ?? 0;
  }

  thread(): Thread {
    return this.getMeta<Thread>("thread") ?? { subject: null, messageIds: [], replyTo: null };
  }

  saveThread(thread: Thread): void {
    this.setMeta("thread", thread);
  }

  /** Ids of this negotiation's notifications still waiting for someone to act. */
  openNotifications(): string[] {
    return this.getMeta<string[]>("open_notifications") ?? [];
  }

  setOpenNotifications(ids: string[]): void {
    this.setMeta("open_notifications", ids);
  }

  /** Ids of this negotiation's question notifications waiting for a person's answer. */
  openQuestionNotifications(): string[] {
    return this.getMeta<string[]>("open_question_notifications") ?? [];
  }

  setOpenQuestionNotifications(ids: string[]): void {
    this.setMeta("open_question_notifications", ids);
  }

  alarmArmedFor(): number | null {
    return this.getMeta<number>("alarm_armed_for");
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
        data: JSON.parse(String(r.data)) as Record<string, unknown>,
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
    const text = (JSON.parse(String(row.data)) as { text?: unknown }).text;
    return typeof text === "string" ? text : null;
  }

  enqueue(key: string, kind: string, payload: unknown, dueAt: number, now: number): void {
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

  outboxRow(key: string): OutboxRow | null {
    const r = this.sql.exec<Row>("SELECT * FROM outbox WHERE key = ?", key).toArray()[0];
    return r ? toOutbox(r) : null;
  }

  duePending(now: number, limit = 50): OutboxRow[] {
    return this.sql
      .exec<Row>(
        "SELECT * FROM outbox WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, created_at LIMIT ?",
        now,
        limit,
      )
      .toArray()
      .map(toOutbox);
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
  recordInbound(messageId: string, receivedAt: number, payload: unknown): boolean {
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

  pendingInbound<T>(): { messageId: string; payload: T }[] {
    return this.sql
      .exec<Row>(
        "SELECT message_id, payload FROM inbox WHERE status = 'pending' ORDER BY received_at",
      )
      .toArray()
      .map((r) => ({
        messageId: String(r.message_id),
        payload: JSON.parse(String(r.payload)) as T,
      }));
  }
}

function toOutbox(r: Row): OutboxRow {
  return {
    key: String(r.key),
    kind: String(r.kind),
    payload: JSON.parse(String(r.payload)),
    dueAt: Number(r.due_at),
    status: String(r.status) as OutboxStatus,
    attempts: Number(r.attempts),
    delivery: typeof r.delivery === "string" ? (JSON.parse(r.delivery) as Delivery) : null,
  };
}
