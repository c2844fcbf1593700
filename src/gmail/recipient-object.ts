import { DurableObject } from "cloudflare:workers";
import { DAY_MS } from "../domain/send-discipline";
import type { Env } from "../env";
import { parseRpcInput } from "../rpc-input";
import {
  type RecipientApi,
  type RecipientReserveInput,
  RecipientReserveSchema,
} from "./recipient-api";

/** Grants older than this are pruned: the cap needs only the current UTC day's. */
const RETAIN_MS = 8 * DAY_MS;

/**
 * One per recipient address (named by it, lower-cased). Schema version 1, in its SQLite storage:
 *   grants(key, day, granted_at)   one row per outbox email counted against the address
 * Counting and granting happen in one synchronous transaction, so concurrent senders (several
 * mailboxes, several campaigns) can never overshoot the cap.
 */
export class RecipientObject extends DurableObject<Env> implements RecipientApi {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS grants (key TEXT PRIMARY KEY, day TEXT NOT NULL, granted_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS grants_day ON grants (day);`);
  }

  async reserve(raw: RecipientReserveInput): Promise<{ granted: boolean }> {
    const input = parseRpcInput(RecipientReserveSchema, raw, "recipient.reserve");
    const now = input.now ?? Date.now();
    const sql = this.ctx.storage.sql;
    return this.ctx.storage.transactionSync(() => {
      const held = sql.exec("SELECT 1 FROM grants WHERE key = ?", input.key).toArray();
      if (held.length > 0) return { granted: true };
      const count = Number(
        sql.exec("SELECT COUNT(*) AS n FROM grants WHERE day = ?", input.day).one().n,
      );
      if (count >= input.cap) return { granted: false };
      sql.exec(
        "INSERT INTO grants (key, day, granted_at) VALUES (?, ?, ?)",
        input.key,
        input.day,
        now,
      );
      sql.exec("DELETE FROM grants WHERE granted_at < ?", now - RETAIN_MS);
      return { granted: true };
    });
  }
}
