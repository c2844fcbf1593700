import { DurableObject } from "cloudflare:workers";
// Each RPC call and alarm firing has its own Sentry scope: its tag names the request it serves.
import { captureException, setTag } from "@sentry/cloudflare";
import { type Command, decide } from "../domain/negotiation-decide";
import { evolveAll, type NegotiationEvent } from "../domain/negotiation-events";
import type { Negotiation } from "../domain/negotiation-state";
import { nextSendTime } from "../domain/schedule";
import { readingOf } from "../domain/thread-people";
import type { CampaignTerms } from "../domain/types";
import type { Env } from "../env";
import { newRequestId } from "../observability/request-id";
import { globalPause, holdForGlobalPause } from "../operations/global-pause";
import { recipientsOf } from "../ports/mailer";
import { ModelRequestError, ModelUnavailableError, type ModelUsage } from "../ports/model-usage";
import { checkRpcInput, parseRpcInput } from "../rpc-input";
import { createServices, type Services } from "../services";
import { StoredStateError } from "../stored-state";
import type {
  CompleteDeliveryInput,
  DeliveredToInput,
  NegotiationApi,
  ReceiveOutcome,
  StartInput,
  StartOutcome,
} from "./api";
import { budgetStub } from "./client";
import { dispatchOutbox, recordCommit, setAside } from "./commit";
import { compactHistory, draftEmail, gateContext } from "./drafting";
import { humanCommand } from "./human-command";
import { type InboundRecord, recordInbound } from "./inbound-record";
import { counterpartyOf } from "./reply-context";
import {
  BeginDeliverySchema,
  CommandInputSchema,
  CompleteDeliverySchema,
  DeliveredToSchema,
  InboundEmailSchema,
  StartInputSchema,
} from "./rpc-schemas";
import { countBounce, type Gate, gateDelivery } from "./send-gate";
import { NegotiationStore, type OutboxRow } from "./store";
import type {
  CommandInput,
  CommandOutcome,
  DeliveryTicket,
  InboundEmail,
  NegotiationView,
  TimelineEvent,
} from "./types";
import { recordUnverified } from "./unverified";
import { toTimeline, toView } from "./view";

/** How long a failed dispatch or unprocessed inbound email waits before the alarm retries it. */
const RETRY_MS = 15_000;

interface RunContext {
  requestId: string | null;
  inbound?: InboundRecord;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * One negotiation: its state, history, outbox and timers. Every change runs serially
 * (an explicit lock, since awaiting the model or D1 would otherwise let events interleave)
 * and is committed with its history and outbox rows in one storage transaction. Callers reach it
 * through `NegotiationApi` (the client's stubs); every input is parsed, every stored value read
 * through its codec.
 */
export class NegotiationObject extends DurableObject<Env> implements NegotiationApi {
  private readonly store: NegotiationStore;
  private lock: Promise<unknown> = Promise.resolve();
  private servicesCache: Services | null = null;
  /** Model usage since the last commit; recorded with it. Serial processing keeps it per change. */
  private usage: ModelUsage[] = [];

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new NegotiationStore(ctx.storage);
  }

  private get services(): Services {
    this.servicesCache ??= createServices(this.env, {
      onUsage: (u) => this.usage.push(u),
    });
    return this.servicesCache;
  }

  private get id(): string {
    return this.ctx.id.toString();
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const guarded = () => this.reported(fn);
    const run = this.lock.then(guarded, guarded);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `fn`; stored state it cannot read is reported (log, Sentry, a team notification) before
   * the error goes back to the caller, so a broken aggregate is never only a 500 somewhere.
   */
  private async reported<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof StoredStateError) await this.reportUnreadable(error);
      throw error;
    }
  }

  private async reportUnreadable(error: StoredStateError): Promise<void> {
    captureException(error);
    // Nothing to set aside for a meta value: the report goes out, the value stays for a person.
    setAside(this.store, this.id, [error], () => undefined);
    await this.flushAside();
  }

  /**
   * Hands reports of unreadable values to the queue without reading the aggregate (which may be
   * what is unreadable); a failed hand-over is retried by the alarm.
   */
  private async flushAside(): Promise<void> {
    await this.flush(Date.now());
    const due = this.store.nextPendingDue();
    if (due !== null && due <= Date.now()) await this.ctx.storage.setAlarm(Date.now() + RETRY_MS);
  }

  async start(raw: StartInput): Promise<StartOutcome> {
    const checked = checkRpcInput(StartInputSchema, raw, "start");
    if (!checked.ok) return checked;
    const input = checked.data;
    setTag("request_id", input.requestId);
    if (input.id !== this.id)
      return {
        ok: false,
        code: "invalid_input",
        message: "start refused its input.",
        details: ["id: not this negotiation's id"],
      };
    return this.serial(async () => {
      const existing = this.store.negotiation();
      if (existing) return { ok: true, created: false, negotiation: this.view(existing) };
      const at = Date.now();
      const budgetAvailableCents = await this.budgetAvailable(
        input.id,
        input.campaignId,
        input.terms,
      );
      const { requestId, mailbox, ...started } = input;
      // Before the first commit, which reads the thread to address the opening email.
      this.store.saveThread({ ...this.store.thread(), mailbox });
      const command: Command = { type: "start", at, ...started, budgetAvailableCents };
      await this.run(null, command, { requestId });
      return { ok: true, created: true, negotiation: this.view(this.mustLoad()) };
    });
  }

  async get(): Promise<NegotiationView | null> {
    return this.reported(async () => {
      const n = this.store.negotiation();
      return n ? this.view(n) : null;
    });
  }

  async timeline(): Promise<TimelineEvent[] | null> {
    return this.reported(async () =>
      this.store.negotiation() ? toTimeline(this.store.history()) : null,
    );
  }

  /** Records an inbound email once (dedupe by Message-ID) and processes it; survives failures via the alarm. */
  async receiveEmail(raw: InboundEmail): Promise<ReceiveOutcome> {
    const checked = checkRpcInput(InboundEmailSchema, raw, "receiveEmail");
    if (!checked.ok) return { status: "invalid", details: checked.details };
    const email = checked.data;
    setTag("request_id", email.requestId);
    if (!(await this.reported(async () => this.store.negotiation())))
      return { status: "unknown_negotiation" };
    if (!this.store.recordInbound(email.messageId, email.receivedAt, email))
      return { status: "duplicate" };
    try {
      await this.serial(() => this.processInbound(email));
      return { status: "processed" };
    } catch (error) {
      console.error(
        JSON.stringify({
          msg: "inbound processing failed; will retry",
          requestId: email.requestId,
          error: String(error),
        }),
      );
      await this.rearm(Date.now() + RETRY_MS);
      return { status: "deferred" };
    }
  }

  private async processInbound(email: InboundEmail): Promise<void> {
    const n = this.mustLoad();
    const parts = counterpartyOf(this.env, n, email);
    if (parts.speaker.kind === "unverified") {
      // Kept and shown to the team; never read, answered or allowed to change anything.
      await recordUnverified(this.store, n, {
        email,
        reply: parts.reply,
        reason: parts.speaker.reason,
      });
      await this.afterCommit();
      return;
    }
    const inbound = { email, reply: parts.reply, speaker: parts.speaker };
    try {
      const read = await this.services.reader(day(email.receivedAt)).read({
        text: parts.reply,
        subject: email.subject,
        ourOfferCents: n.lastOffer?.amountCents ?? null,
        headers: { autoSubmitted: email.autoSubmitted, bounce: email.bounce },
      });
      const reading = readingOf(parts.speaker, read);
      const budgetAvailableCents = await this.budgetAvailable(n.id, n.campaignId, n.terms);
      const command: Command = {
        type: "reply",
        at: Date.now(),
        messageId: email.messageId,
        from: email.from,
        fromTeam: parts.fromTeam,
        text: parts.reply,
        reading,
        counterparty: parts.counterparty,
        contacts: parts.contacts,
        budgetAvailableCents,
      };
      await this.run(n, command, { requestId: email.requestId, inbound: { ...inbound, reading } });
      if (reading.intent === "bounce")
        await countBounce(this.env, this.services.config, {
          mailbox: this.mailbox(),
          messageId: email.messageId,
          requestId: email.requestId,
        });
    } catch (error) {
      const now = Date.now();
      const failedSince = this.store.markInboundFailed(email.messageId, now);
      const limit = this.services.config.MODEL_UNAVAILABLE_ESCALATE_MINUTES * 60_000;
      // Passing trouble waits and retries; a request the model refuses outright, or trouble that
      // outlasts the limit, goes to a person with the email on the timeline. Nothing is guessed.
      if (!(error instanceof ModelRequestError) && now - failedSince < limit) throw error;
      const reason =
        error instanceof ModelRequestError || error instanceof ModelUnavailableError
          ? "model_unavailable"
          : "processing_failed";
      const evidence = [error instanceof Error ? error.message : String(error)];
      await this.run(
        this.mustLoad(),
        { type: "escalate", at: now, reason, evidence },
        { requestId: email.requestId, inbound: { ...inbound, reading: null } },
      );
    }
  }

  async command(raw: CommandInput): Promise<CommandOutcome> {
    const checked = checkRpcInput(CommandInputSchema, raw, "command");
    if (!checked.ok) return checked;
    const input = checked.data;
    setTag("request_id", input.requestId);
    return this.serial(async () => {
      const n = this.store.negotiation();
      if (!n) return { ok: false, code: "not_found", message: "Negotiation not found." };
      const at = Date.now();
      const translated = humanCommand(n, input, gateContext(this.services), at);
      if (!translated.ok) return translated;
      const { command } = translated;
      const outcome = await this.run(n, command, { requestId: input.requestId });
      if (!outcome.ok)
        return { ok: false, code: "illegal_command", message: outcome.message, state: n.state };
      if (input.command === "resume")
        this.store.transaction(() => this.store.moveEmails(["held"], "pending", at));
      await this.afterCommit();
      return { ok: true, negotiation: this.view(this.mustLoad()) };
    });
  }

  /** Decides, drafts and gates any email, then commits everything in one transaction. */
  private async run(
    n: Negotiation | null,
    command: Command,
    ctx: RunContext,
  ): Promise<{ ok: true } | { ok: false; message: string }> {
    const decided = decide(n, command);
    if (!decided.ok) return { ok: false, message: decided.error.message };
    const { events, email } = decided.value;
    let next = evolveAll(n as Negotiation, events);
    const all: NegotiationEvent[] = [...events];
    if (email) {
      const more = await draftEmail(
        {
          config: this.services.config,
          writer: this.services.writer,
          history: compactHistory(this.store.history()),
          readConfidence: command.type === "reply" ? command.reading.confidence : null,
          onModelFailure: ctx.inbound ? "throw" : "escalate",
          reserve: (amountCents, budgetCents) =>
            budgetStub(this.env, next.campaignId).reserve({
              negotiationId: next.id,
              budgetCents,
              amountCents,
            }),
        },
        next,
        email,
        command.at,
      );
      all.push(...more);
      next = evolveAll(next, more);
    }
    this.commit(next, all, ctx);
    await this.afterCommit();
    return { ok: true };
  }

  private commit(n: Negotiation, events: NegotiationEvent[], ctx: RunContext): void {
    const usage = this.usage;
    this.usage = [];
    this.store.transaction(() => {
      if (ctx.inbound) recordInbound(this.store, ctx.inbound);
      this.store.saveNegotiation(n);
      recordCommit(this.store, this.services.config, n, events, {
        requestId: ctx.requestId,
        at: Date.now(),
        usage,
      });
    });
  }

  private async afterCommit(): Promise<void> {
    // Arm first: if the object is evicted before the hand-over below, the alarm still delivers.
    await this.rearm();
    await this.flush(Date.now());
    await this.rearm();
  }

  private async flush(cutoff: number): Promise<void> {
    try {
      await dispatchOutbox(this.store, this.env, this.id, cutoff);
    } catch (error) {
      console.error(
        JSON.stringify({ msg: "outbox dispatch failed; alarm will retry", error: String(error) }),
      );
    }
  }

  /** Arms the single alarm for the earliest timer, outbox row or retry. */
  private async rearm(retryAt?: number): Promise<void> {
    const now = Date.now();
    const pendingDue = this.store.nextPendingDue();
    const candidates = [
      ...(this.store.negotiation()?.timers.map((t) => Math.max(t.at, now + 1)) ?? []),
      // Rows already due are waiting on a hand-over that failed or has not happened yet: retry
      // after a pause rather than spinning.
      pendingDue === null ? null : pendingDue > now ? pendingDue : now + RETRY_MS,
      this.store.pendingInboundCount() ? now + RETRY_MS : null,
      retryAt ?? null,
    ].filter((t): t is number => t !== null);
    if (candidates.length === 0) {
      await this.ctx.storage.deleteAlarm();
      this.store.setAlarmArmedFor(null);
      return;
    }
    const at = Math.min(...candidates);
    this.store.setAlarmArmedFor(at);
    await this.ctx.storage.setAlarm(at);
  }

  override async alarm(): Promise<void> {
    try {
      await this.fire();
    } catch (error) {
      // Already reported. Thrown, the platform would retry the alarm a few times and then give
      // up in silence; the aggregate stays as it is until a person repairs it, and any call
      // reports it again.
      if (!(error instanceof StoredStateError)) throw error;
      console.error(
        JSON.stringify({ msg: "alarm stopped: stored state unreadable", error: error.message }),
      );
    }
  }

  private async fire(): Promise<void> {
    // What this firing was armed for is read before waiting for the lock, so a duplicate delivery
    // of the same alarm finds its work already done instead of reaching for the next timer.
    // (Test runners fire alarms early: everything armed for counts as due.)
    const armedFor = (await this.reported(async () => this.store.alarmArmedFor())) ?? 0;
    // An alarm firing starts its own request id: the timers it runs and what they queue carry it.
    // (Inbound mail retried here keeps the id its delivery started.)
    const requestId = newRequestId();
    setTag("request_id", requestId);
    await this.serial(async () => {
      const cutoff = Math.max(Date.now(), armedFor);
      const { emails, unreadable } = this.store.pendingInbound();
      if (unreadable.length)
        setAside(this.store, this.id, unreadable, (id) => this.store.markInboundUnreadable(id));
      for (const email of emails) {
        try {
          await this.processInbound(email);
        } catch (error) {
          // It stays pending and is retried on a later alarm; timers below still run.
          console.error(
            JSON.stringify({
              msg: "inbound retry failed",
              requestId: email.requestId,
              error: String(error),
            }),
          );
        }
      }
      let n = this.store.negotiation();
      for (const timer of [...(n?.timers ?? [])].sort((a, b) => a.at - b.at)) {
        if (!n || timer.at > cutoff) continue;
        await this.run(n, { type: "timer", at: Date.now(), timer }, { requestId });
        n = this.store.negotiation();
      }
      await this.flush(cutoff);
      await this.rearm();
    });
  }

  /** The queue consumer asks before each send: kill switches win over queued sends. */
  async beginDelivery(raw: { key: string }): Promise<DeliveryTicket> {
    const input = parseRpcInput(BeginDeliverySchema, raw, "beginDelivery");
    return this.serial(async () => {
      const row = this.readOutbox(input.key);
      const n = this.store.negotiation();
      if (row === "unreadable") {
        await this.flushAside();
        return { action: "skip", reason: "unreadable" };
      }
      if (!row || !n || row.kind !== "email") return { action: "skip", reason: "unknown" };
      if (row.status === "sent") return { action: "skip", reason: "already_sent" };
      if (row.status === "cancelled") return { action: "skip", reason: "cancelled" };
      const now = Date.now();
      const effect = row.effect;
      const delivered = new Set(row.delivery?.delivered.map((d) => d.recipient));
      // An email one recipient already has is out: its other copies follow whatever happened
      // since (kill switches and send discipline act on the next email, not the rest of this
      // one), so the thread and the timeline never hold half an email.
      const partial = delivered.size > 0;
      if (!partial && n.state === "paused") {
        this.store.setOutboxStatus(row.key, "held", now);
        return { action: "skip", reason: "held" };
      }
      if (!partial && (n.state === "stopped" || n.state === "human")) {
        this.store.setOutboxStatus(row.key, "cancelled", now);
        return { action: "skip", reason: "cancelled" };
      }
      // The global kill switch holds every email not yet begun, queued ones included.
      if (!partial && (await globalPause(this.env.DB)).paused) {
        this.store.setOutboxStatus(row.key, "held", now);
        if (await holdForGlobalPause(this.env.DB, n.id)) return { action: "skip", reason: "held" };
        // Lifted while we listed it: release it ourselves (the release pass may have run already).
        this.store.moveEmails(["held"], "pending", now);
        await this.rearm(now + RETRY_MS);
        return { action: "skip", reason: "deferred" };
      }
      // Send discipline: the sending mailbox's caps, spacing and bounce pause decide when.
      const gate: Gate = partial
        ? { action: "send" }
        : await gateDelivery(this.env, this.services.config, {
            key: row.key,
            effect,
            n,
            now,
          });
      if (gate.action === "defer") {
        this.store.deferOutbox(row.key, gate.until, now);
        // Held for a cap or a pause (hours, not seconds): follow-ups count from the real send.
        if (gate.reason !== "spacing" && this.store.latestEmailKey() === row.key)
          await this.run(
            n,
            { type: "send_delayed", at: now, delayMs: gate.until - row.dueAt },
            { requestId: effect.requestId },
          );
        await this.rearm();
        console.log(
          JSON.stringify({
            msg: "email deferred",
            requestId: effect.requestId,
            key: row.key,
            reason: gate.reason,
            until: new Date(gate.until).toISOString(),
          }),
        );
        return { action: "skip", reason: "deferred" };
      }
      const delivery = this.store.beginSending(row.key, now);
      return {
        action: "send",
        email: effect.email,
        attempt: row.attempts + 1,
        campaignId: n.campaignId,
        recipients: recipientsOf(effect.email).filter((r) => !delivered.has(r)),
        firstSendAt: delivery.startedAt,
      };
    });
  }

  /**
   * An outbox row, or `unreadable` once a row no codec can read has been set aside and reported
   * (a delivery never guesses at what an email says or who it is for).
   */
  private readOutbox(key: string): OutboxRow | null | "unreadable" {
    try {
      return this.store.outboxRow(key);
    } catch (error) {
      if (!(error instanceof StoredStateError)) throw error;
      setAside(this.store, this.id, [error], (k) =>
        this.store.setOutboxStatus(k, "unreadable", Date.now()),
      );
      return "unreadable";
    }
  }

  /** The global pause was lifted: emails it held go out (unless this negotiation is paused). */
  async releaseHeld(): Promise<void> {
    await this.serial(async () => {
      const n = this.store.negotiation();
      if (!n || n.state === "paused") return;
      this.store.transaction(() => this.store.moveEmails(["held"], "pending", Date.now()));
      await this.afterCommit();
    });
  }

  /** A mailbox pause was lifted: emails waiting for a later check go to the send gate now. */
  async releaseDeferred(): Promise<void> {
    await this.serial(async () => {
      const n = this.store.negotiation();
      if (!n || n.state === "paused") return;
      // Due now, or when the creator's send window next opens; the send gate then decides again
      // (a cap or spacing defers the email anew).
      const now = Date.now();
      const at = nextSendTime(now, n.terms.sendWindow, n.creator.timezone);
      this.store.transaction(() => this.store.advanceDeferredEmails(at, now));
      await this.afterCommit();
    });
  }

  /** One envelope recipient got the email (transports that send one envelope at a time). */
  async deliveredTo(raw: DeliveredToInput): Promise<void> {
    const input = parseRpcInput(DeliveredToSchema, raw, "deliveredTo");
    await this.serial(async () => {
      if (this.readOutbox(input.key) === "unreadable") return this.flushAside();
      this.store.addDelivered(input.key, input.recipient, input.providerMessageId, Date.now());
    });
  }

  async completeDelivery(raw: CompleteDeliveryInput): Promise<void> {
    const input = parseRpcInput(CompleteDeliverySchema, raw, "completeDelivery");
    setTag("request_id", input.requestId);
    const row = await this.serial(async () => this.readOutbox(input.key));
    if (row === "unreadable") return this.serial(() => this.flushAside());
    if (row?.kind !== "email" || row.status === "sent") return;
    const effect = row.effect;
    const digest = await crypto.subtle.digest(
      "SHA-256",
      new TextEncoder().encode(effect.email.text),
    );
    const hash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
    await this.serial(async () => {
      const n = this.mustLoad();
      const current = this.readOutbox(input.key);
      if (current === "unreadable") return this.flushAside();
      if (!current || current.status === "sent") return;
      // Every id a provider gave a copy of this email: a reply threads on any of them.
      const providerIds = [
        ...new Set(
          [
            input.providerMessageId,
            ...(current.delivery?.delivered ?? []).map((d) => d.providerMessageId),
          ].filter((id): id is string => id !== null),
        ),
      ];
      this.store.transaction(() => {
        this.store.setOutboxStatus(input.key, "sent", Date.now());
        const thread = this.store.thread();
        if (providerIds.length)
          this.store.saveThread({ ...thread, messageIds: [...thread.messageIds, ...providerIds] });
        recordCommit(
          this.store,
          this.services.config,
          n,
          [],
          { requestId: input.requestId, at: Date.now() },
          { key: input.key, effect, hash, providerMessageId: providerIds[0] ?? null },
        );
      });
      await this.afterCommit();
    });
  }

  private view(n: Negotiation): NegotiationView {
    return toView(n, this.store.sentEmailCount(), this.mailbox());
  }

  /** The mailbox this thread sends from. */
  private mailbox(): string {
    return this.store.thread().mailbox ?? this.services.config.MAIL_FROM;
  }

  private mustLoad(): Negotiation {
    const n = this.store.negotiation();
    if (!n) throw new Error("negotiation not started");
    return n;
  }

  private async budgetAvailable(
    id: string,
    campaignId: string,
    terms: CampaignTerms,
  ): Promise<number | null> {
    if (terms.budgetCents === null) return null;
    return budgetStub(this.env, campaignId).available({
      negotiationId: id,
      budgetCents: terms.budgetCents,
    });
  }
}
