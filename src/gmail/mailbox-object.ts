import { DurableObject } from "cloudflare:workers";
import { captureException } from "@sentry/cloudflare";
import { bounceVerdict, decideSend, nextSlot, utcDay } from "../domain/send-discipline";
import { receiveRawEmail } from "../email/inbound";
import { type Config, type Env, requireConfig } from "../env";
import { byLane, sendToLane } from "../queues/routes";
import { parseRpcInput } from "../rpc-input";
import { gmailApi } from "../services";
import { StoredStateError, unreadableReport } from "../stored-state";
import { accountNamed, type GmailAccount } from "./accounts";
import {
  type ClaimInput,
  ClaimSchema,
  type MailboxApi,
  type MailboxInput,
  MailboxInputSchema,
  type MailboxStatus,
  type RecordBounceInput,
  RecordBounceSchema,
  type ReleaseSendInput,
  ReleaseSendSchema,
  type RenewWatchInput,
  RenewWatchSchema,
  type Reservation,
  type ReserveSendInput,
  ReserveSendSchema,
  type ResumeOutcome,
  type ResumeSendingInput,
  ResumeSendingSchema,
  type SendingStatus,
  type SyncInput,
  SyncSchema,
} from "./mailbox-api";
import { mailboxSettings } from "./mailbox-pool";
import { SendLedger } from "./send-ledger";
import { bounceReason, pausedMessages, releaseMessage, resumedMessage } from "./send-records";

const SEEN_DAYS = 30;
/** Renew the watch when it has less than this left (Gmail watches last about 7 days). */
const RENEW_BEFORE_MS = 24 * 3600_000;

/** How long queued audit/notify messages wait before the alarm retries handing them over. */
const EFFECT_RETRY_MS = 15_000;

/**
 * One per sending mailbox. For Gmail, the object named by an account (MAIL_FROM or GMAIL_USER for
 * the default one, its address for one of GMAIL_ACCOUNTS) keeps that account's persisted history
 * cursor (so mail that arrived while nothing listened is still read), the Gmail message ids
 * already handed to the inbound pipeline, and the push watch's expiry; syncs run one at a time.
 * For any transport: the send ledger (daily caps, spacing, bounce-rate pause), whose reads and
 * writes are synchronous and so never interleave.
 */
export class MailboxObject extends DurableObject<Env> implements MailboxApi {
  private lock: Promise<unknown> = Promise.resolve();
  private readonly ledger: SendLedger;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS seen (message_id TEXT PRIMARY KEY, at INTEGER NOT NULL);`);
    this.ledger = new SendLedger(ctx.storage);
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
  async sync(raw: SyncInput): Promise<{ delivered: number; skipped: number }> {
    const input = parseRpcInput(SyncSchema, raw, "mailbox.sync");
    return this.serial(async () => {
      const config = requireConfig(this.env);
      const account = this.account(config, input.account, "mailbox.sync");
      const api = gmailApi(config, account);
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
            envelopeTo: account.isDefault ? config.MAIL_FROM : account.name,
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
  async renewWatch(raw: RenewWatchInput): Promise<MailboxStatus> {
    const input = parseRpcInput(RenewWatchSchema, raw, "mailbox.renewWatch");
    return this.serial(async () => {
      const expires = Number(this.meta("watch_expires_at") ?? 0);
      if (expires - Date.now() < RENEW_BEFORE_MS) {
        const config = requireConfig(this.env);
        const account = this.account(config, input.account, "mailbox.renewWatch");
        const watch = await gmailApi(config, account).watch(input.topic);
        this.setMeta("watch_expires_at", String(watch.expiration));
        if (!this.meta("cursor")) this.setMeta("cursor", String(watch.historyId));
      }
      return this.status();
    });
  }

  /** The Gmail account this object reads; one no longer configured is a caller's bug. */
  private account(config: Config, name: string | undefined, method: string): GmailAccount {
    const account = accountNamed(config, name);
    if (!account) throw new TypeError(`${method}: no Gmail account ${name} is configured`);
    return account;
  }

  async status(): Promise<MailboxStatus> {
    const expires = this.meta("watch_expires_at");
    return {
      cursor: this.meta("cursor"),
      watchExpiresAt: expires ? new Date(Number(expires)).toISOString() : null,
    };
  }

  /**
   * A send slot for one outbox email. Idempotent per key: a granted key keeps its slot and never
   * counts twice. A pause holds every send, granted or not. Counting and granting happen in one
   * synchronous transaction, so concurrent callers can never overshoot a cap.
   */
  async reserveSend(raw: ReserveSendInput): Promise<Reservation> {
    const input = parseRpcInput(ReserveSendSchema, raw, "mailbox.reserveSend");
    return this.reported(async () => {
      const config = requireConfig(this.env);
      const now = input.now ?? Date.now();
      const random = Math.random();
      // Each mailbox of the pool has its own cap and spacing (the recipient's cap is counted by
      // the recipient's object, across mailboxes: src/negotiation/send-gate.ts).
      const settings = mailboxSettings(config, input.mailbox);
      const limits = { mailboxDailyCap: settings.dailyCap, gapSeconds: settings.gapSeconds };
      return this.ledger.transaction((): Reservation => {
        const paused = this.ledger.pause() !== null;
        const existing = this.ledger.grant(input.key);
        if (existing && !paused)
          return { status: "granted", slotAt: existing.slotAt, day: existing.day };
        const lastSlotAt = this.ledger.lastSlotAt();
        const slotAt = nextSlot({ now, lastSlotAt, gapSeconds: limits.gapSeconds, random });
        const decision = decideSend(
          {
            now,
            slotAt,
            paused,
            mailboxSent: this.ledger.grantsOn(utcDay(slotAt)),
            window: input.window,
            random,
          },
          limits,
        );
        if (decision.kind === "defer") {
          // Held for the pause: woken when a person lifts it, not at the next check.
          if (decision.reason === "paused" && input.negotiationId)
            this.ledger.addPauseWaiter(input.negotiationId, now);
          return { status: "deferred", until: decision.until, reason: decision.reason };
        }
        const { day } = decision;
        this.ledger.addGrant({ key: input.key, creator: input.creatorEmail, day, slotAt }, now);
        this.ledger.prune(now);
        return { status: "granted", slotAt, day };
      });
    });
  }

  /** Gives back the slot of an email that will not go out at it (its recipient's cap is full). */
  async releaseSend(raw: ReleaseSendInput): Promise<void> {
    const input = parseRpcInput(ReleaseSendSchema, raw, "mailbox.releaseSend");
    this.ledger.removeGrant(input.key);
  }

  /**
   * Counts a bounce once per report. When the rate crosses the threshold the mailbox pauses, and
   * the audit row and team notification are written with the pause, once, then queued.
   */
  async recordBounce(raw: RecordBounceInput): Promise<{ recorded: boolean; paused: boolean }> {
    const input = parseRpcInput(RecordBounceSchema, raw, "mailbox.recordBounce");
    return this.reported(async () => {
      const config = requireConfig(this.env);
      const now = input.now ?? Date.now();
      const result = this.ledger.transaction(() => {
        const recorded = this.ledger.addBounce(input.messageId, now);
        if (!recorded || this.ledger.pause())
          return { recorded, paused: this.ledger.pause() !== null };
        this.ledger.prune(now);
        const { windowStart, sends, bounces } = this.ledger.bounceWindow(now);
        const rule = { pauseRate: config.BOUNCE_PAUSE_RATE, minSends: config.BOUNCE_MIN_SENDS };
        const verdict = bounceVerdict({ sends, bounces, ...rule });
        if (!verdict.exceeded || verdict.rate === null) return { recorded, paused: false };
        const rate = verdict.rate;
        const reason = bounceReason({ sends, bounces, rate, pauseRate: rule.pauseRate });
        const pause = { at: now, reason, sends, bounces, rate };
        this.ledger.setPause(pause);
        for (const message of pausedMessages(
          input.mailbox,
          pause,
          { ...rule, windowStart },
          input.requestId,
        ))
          this.ledger.addEffect(message, now);
        return { recorded, paused: true };
      });
      await this.handOver();
      return result;
    });
  }

  /** Lifts a pause (audited with who did it); the bounce rate then counts from this moment. */
  async resumeSending(raw: ResumeSendingInput): Promise<ResumeOutcome> {
    const input = parseRpcInput(ResumeSendingSchema, raw, "mailbox.resumeSending");
    return this.reported(async () => {
      const now = Date.now();
      const resumed = this.ledger.transaction(() => {
        const pause = this.ledger.pause();
        if (!pause) return false;
        this.ledger.setPause(null);
        this.ledger.setResumedAt(now);
        const message = resumedMessage(input.mailbox, { ...input, at: now, pause });
        this.ledger.addEffect(message, now);
        // Each negotiation the pause held an email back for sends it now.
        for (const negotiationId of this.ledger.takePauseWaiters())
          this.ledger.addEffect(
            releaseMessage(input.mailbox, negotiationId, { at: now, requestId: input.requestId }),
            now,
          );
        return true;
      });
      if (!resumed) return { ok: false, code: "not_paused" };
      await this.handOver();
      return { ok: true, status: this.sendingStatusAt(input.mailbox, now) };
    });
  }

  async sendingStatus(raw: MailboxInput): Promise<SendingStatus> {
    const input = parseRpcInput(MailboxInputSchema, raw, "mailbox.sendingStatus");
    return this.reported(async () => this.sendingStatusAt(input.mailbox, Date.now()));
  }

  async claim(raw: ClaimInput): Promise<{ assigned: number }> {
    const input = parseRpcInput(ClaimSchema, raw, "mailbox.claim");
    const now = input.now ?? Date.now();
    return this.ledger.transaction(() => {
      this.ledger.addAssignment(input.negotiationId, now);
      return { assigned: this.ledger.assignedSince(now) };
    });
  }

  private sendingStatusAt(mailbox: string, now: number): SendingStatus {
    const settings = mailboxSettings(requireConfig(this.env), mailbox);
    return this.ledger.status(mailbox, now, settings);
  }

  /**
   * Queues the ledger's pending audit/notify messages; the alarm retries what could not be queued.
   * A stored message that no longer parses is set aside by the ledger and reported instead.
   */
  private async handOver(): Promise<void> {
    let { pending, unreadable } = this.ledger.effects();
    if (unreadable.length) {
      this.reportUnreadable(unreadable);
      ({ pending } = this.ledger.effects());
    }
    if (pending.length === 0) return;
    // Armed first: if the object is evicted before the hand-over, the alarm still delivers.
    await this.ctx.storage.setAlarm(Date.now() + EFFECT_RETRY_MS);
    try {
      // Each queue's messages are forgotten as soon as that queue took them.
      for (const { lane, items } of byLane(pending, (m) => m)) {
        await sendToLane(this.env, lane, items);
        this.ledger.transaction(() => this.ledger.deleteEffects(items.map((e) => e.key)));
      }
      if (this.ledger.effects(1).pending.length === 0) await this.ctx.storage.deleteAlarm();
    } catch (error) {
      console.error(
        JSON.stringify({
          msg: "mailbox effects hand-over failed; alarm will retry",
          error: String(error),
        }),
      );
    }
  }

  /** Logs, tells Sentry and queues a team notification for each unreadable stored value. */
  private reportUnreadable(errors: StoredStateError[]): void {
    const mailbox = this.ctx.id.name ?? this.ctx.id.toString();
    const now = Date.now();
    this.ledger.transaction(() => {
      for (const error of errors) {
        captureException(error);
        for (const message of unreadableReport({ mailbox }, error, now))
          this.ledger.addEffect(message, now);
      }
    });
  }

  /** Send-ledger state it cannot read is reported before the error reaches the caller. */
  private async reported<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof StoredStateError)) throw error;
      this.reportUnreadable([error]);
      await this.handOver();
      throw error;
    }
  }

  override async alarm(): Promise<void> {
    await this.handOver();
  }
}
