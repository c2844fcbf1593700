import { DurableObject } from "cloudflare:workers";
import { receiveRawEmail } from "../email/inbound";
import { type Env, requireConfig } from "../env";
import { gmailApi } from "../services";

const SEEN_DAYS = 30;
/** Renew the watch when it has less than this left (Gmail watches last about 7 days). */
const RENEW_BEFORE_MS = 24 * 3600_000;

export interface MailboxStatus {
  cursor: string | null;
  watchExpiresAt: string | null;
}

/**
 * One per Gmail mailbox: the persisted history cursor (so mail that arrived while nothing
 * listened is still read), the Gmail message ids already handed to the inbound pipeline, and the
 * push watch's expiry. Syncs run one at a time.
 */
export class MailboxObject extends DurableObject<Env> {
  private lock: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS seen (message_id TEXT PRIMARY KEY, at INTEGER NOT NULL);`);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private meta(key: string): string | null {
    const row = this.ctx.storage.sql
      .exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key)
      .toArray()[0];
    return row?.value ?? null;
  }

  private setMeta(key: string, value: string): void {
    this.ctx.storage.sql.exec(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
  }

  private seen(id: string): boolean {
    return (
      this.ctx.storage.sql.exec("SELECT 1 FROM seen WHERE message_id = ?", id).toArray().length > 0
    );
  }

  /**
   * Reads everything added since the cursor (all pages), hands each new inbox message to the same
   * pipeline as Cloudflare Email, then moves the cursor. A push older than the cursor changes
   * nothing; a repeated push finds every message already seen.
   */
  async sync(input: {
    historyId: string;
    requestId: string | null;
  }): Promise<{ delivered: number; skipped: number }> {
    return this.serial(async () => {
      const config = requireConfig(this.env);
      const api = gmailApi(config);
      const cursor = this.meta("cursor");
      if (!cursor) {
        this.setMeta("cursor", input.historyId);
        return { delivered: 0, skipped: 0 };
      }
      const ids: string[] = [];
      let latest = cursor;
      let pageToken: string | undefined;
      for (;;) {
        const page = await api.history(cursor, pageToken);
        if (!page) {
          // The cursor is older than Gmail keeps: read the recent inbox instead.
          ids.push(...(await api.recent("in:inbox newer_than:7d")).map((m) => m.id));
          break;
        }
        for (const h of page.history ?? []) {
          for (const added of h.messagesAdded ?? []) {
            const labels = added.message.labelIds ?? [];
            if (!labels.includes("SENT") && !labels.includes("DRAFT")) ids.push(added.message.id);
          }
        }
        if (BigInt(page.historyId) > BigInt(latest)) latest = page.historyId;
        pageToken = page.nextPageToken;
        if (!pageToken) break;
      }
      let delivered = 0;
      let skipped = 0;
      for (const id of new Set(ids)) {
        if (this.seen(id)) {
          skipped += 1;
          continue;
        }
        const message = await api.raw(id);
        if (!message.labelIds.includes("SENT")) {
          await receiveRawEmail(this.env, config, {
            raw: message.bytes.buffer as ArrayBuffer,
            rawSize: message.bytes.byteLength,
            envelopeFrom: "",
            envelopeTo: config.MAIL_FROM,
            requestId: input.requestId ?? `gmail:${id}`,
          });
          delivered += 1;
        }
        this.ctx.storage.sql.exec(
          "INSERT OR IGNORE INTO seen (message_id, at) VALUES (?, ?)",
          id,
          Date.now(),
        );
      }
      this.setMeta("cursor", latest);
      this.ctx.storage.sql.exec(
        "DELETE FROM seen WHERE at < ?",
        Date.now() - SEEN_DAYS * 86_400_000,
      );
      return { delivered, skipped };
    });
  }

  /** Renews the push watch when it is missing or close to expiry; starts the cursor on the first watch. */
  async renewWatch(input: { topic: string }): Promise<MailboxStatus> {
    return this.serial(async () => {
      const expires = Number(this.meta("watch_expires_at") ?? 0);
      if (expires - Date.now() < RENEW_BEFORE_MS) {
        const watch = await gmailApi(requireConfig(this.env)).watch(input.topic);
        this.setMeta("watch_expires_at", String(watch.expiration));
        if (!this.meta("cursor")) this.setMeta("cursor", String(watch.historyId));
      }
      return this.status();
    });
  }

  async status(): Promise<MailboxStatus> {
    const expires = this.meta("watch_expires_at");
    return {
      cursor: this.meta("cursor"),
      watchExpiresAt: expires ? new Date(Number(expires)).toISOString() : null,
    };
  }
}
