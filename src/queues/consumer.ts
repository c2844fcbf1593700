import { lt, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { auditEvents, failedJobs, negotiations, notifications } from "../db/schema";
import { type Env, requireConfig } from "../env";
import { describeError, isDeterministic } from "../failures";
import { syncMailbox } from "../gmail/sync";
import { pollCampaignSheet } from "../jobs/sheet-poll";
import { budgetStub, negotiationStub } from "../negotiation/client";
import { releaseHeldPage } from "../operations/global-pause";
import { MailerError } from "../ports/mailer";
import { createServices } from "../services";
import { runSlackAction } from "../slack/actions";
import { runSlackCommand } from "../slack/run-command";
import { syncClickUpTask } from "../sources/campaign-sync";
import {
  type AuditEvent,
  type EffectMessage,
  EffectMessageSchema,
  systemAuditEvent,
} from "./messages";
import { resolveNotifications, storeAndPost } from "./notifications";
import { writeAudit } from "./write-audit";

/** Exponential backoff with jitter for queue retries, capped at 10 minutes. */
export function retryDelaySeconds(
  attempts: number,
  baseSeconds: number,
  random = Math.random(),
): number {
  const delay = Math.min(600, baseSeconds * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay / 2 + random * (delay / 2));
}

/** Per-message ack/retry: one failure never acks or retries its neighbours. */
export async function consumeEffects(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    // A message that cannot succeed on retry is recorded as failed at once and acknowledged.
    const giveUp = async (reason: string) => {
      await recordFailure(env, batch.queue, message.id, message.body, message.attempts, reason);
      message.ack();
    };
    const parsed = EffectMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      await giveUp(`invalid message: ${parsed.error.issues[0]?.message}`);
      continue;
    }
    try {
      await handle(parsed.data, env);
      message.ack();
    } catch (error) {
      // Adapters mark errors that cannot succeed on retry (MailerError, SlackApiError…); bugs and
      // SQL the database refuses fail the same way every time, so they are not retried either.
      const retryable = !isDeterministic(error);
      console.error(
        JSON.stringify({
          msg: "effect failed",
          type: parsed.data.type,
          key: parsed.data.key,
          attempts: message.attempts,
          retryable,
          error: describeError(error),
        }),
      );
      if (!retryable) await giveUp(describeError(error));
      else
        message.retry({
          delaySeconds: retryDelaySeconds(
            message.attempts,
            requireConfig(env).EFFECT_RETRY_BASE_SECONDS,
          ),
        });
    }
  }
}

async function handle(m: EffectMessage, env: Env): Promise<void> {
  const db = drizzle(env.DB);
  switch (m.type) {
    case "audit":
      return writeAudit(env, m.event);
    case "notify":
      return storeAndPost(env, requireConfig(env), m.notification);
    case "notifications_resolved":
      return resolveNotifications(env, requireConfig(env), m);
    case "slack_action":
      return runSlackAction(env, m);
    case "slack_command":
      return runSlackCommand(env, m);
    case "projection":
      await db
        .insert(negotiations)
        .values(m.row)
        .onConflictDoUpdate({
          target: negotiations.id,
          set: excludedColumns(),
          setWhere: lt(negotiations.seq, sql`excluded.seq`),
        });
      return;
    case "budget":
      await budgetStub(env, m.campaignId).set({
        negotiationId: m.negotiationId,
        amountCents: m.amountCents,
      });
      return;
    case "release_held":
      // One page per message: thousands of held negotiations never make one long-running batch.
      if (await releaseHeldPage(env))
        await env.EFFECTS.send({ ...m, key: `${m.key}:next:${Date.now()}` });
      return;
    case "email":
      return deliverEmail(env, m.negotiationId, m.key, m.requestId);
    case "gmail_push":
      return syncMailbox(env, {
        emailAddress: m.emailAddress,
        historyId: m.historyId,
        requestId: m.requestId ?? null,
      });
    case "clickup_task":
      return syncClickUpTask(env, m);
    case "sheet_poll":
      return pollCampaignSheet(env, m);
  }
}

/** Projection columns a newer version overwrites (identity and creation time never change). */
const PROJECTED = [
  "state",
  "round",
  "lastOfferCents",
  "lastOfferCpmCents",
  "theirAskCents",
  "agreedCents",
  "agreedCpmCents",
  "counterpartyType",
  "agency",
  "contacts",
  "nextTimerAt",
  "pendingApproval",
  "seq",
  "updatedAt",
  "creatorName",
] as const;

const excludedColumns = () =>
  Object.fromEntries(PROJECTED.map((k) => [k, sql.raw(`excluded.${negotiations[k].name}`)]));

async function deliverEmail(
  env: Env,
  negotiationId: string,
  key: string,
  requestId: string | null,
): Promise<void> {
  const stub = negotiationStub(env, negotiationId);
  if (!stub) throw new MailerError(`bad negotiation id ${negotiationId}`, false);
  const ticket = await stub.beginDelivery({ key });
  if (ticket.action === "skip") return;
  const { mailer } = createServices(env);
  if (mailer.delivers === "message") {
    const receipt = await mailer.send(ticket.email);
    await stub.completeDelivery({ key, providerMessageId: receipt.providerMessageId, requestId });
    return;
  }
  // One envelope per recipient, each remembered as soon as it is out: a failure after the first
  // retries only those still missing, and `email_sent` is recorded once, after the last.
  const date = new Date(ticket.firstSendAt);
  for (const recipient of ticket.recipients) {
    const receipt = await mailer.sendTo(ticket.email, { recipient, date });
    await stub.deliveredTo({ key, recipient, providerMessageId: receipt.providerMessageId });
  }
  await stub.completeDelivery({ key, providerMessageId: null, requestId });
}

/** Dead letters: recorded in D1, audited and put in front of a person. Never silently dropped. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    await recordFailure(
      env,
      batch.queue,
      message.id,
      message.body,
      message.attempts,
      "retries exhausted",
    );
    message.ack();
  }
}

async function recordFailure(
  env: Env,
  queue: string,
  id: string,
  body: unknown,
  attempts: number,
  reason: string,
): Promise<void> {
  const parsed = EffectMessageSchema.safeParse(body);
  const kind = parsed.success ? parsed.data.type : "invalid";
  const key = parsed.success ? parsed.data.key : null;
  const negotiationId =
    parsed.success && "negotiationId" in parsed.data ? parsed.data.negotiationId : null;
  const at = new Date().toISOString();
  const db = drizzle(env.DB);
  const failure = {
    id: `failed:${key ?? id}`,
    queue,
    kind,
    effectKey: key,
    negotiationId,
    body: body ?? null,
    attempts,
    failedAt: at,
  };
  await db.insert(failedJobs).values(failure).onConflictDoNothing();
  await writeAudit(
    env,
    systemAuditEvent({
      id: `dead_letter:${key ?? id}`,
      at,
      type: "dead_letter",
      negotiationId,
      requestId: null,
      data: { queue, kind, key, attempts, reason },
    }),
  );
  const notification = {
    id: `failure:${key ?? id}`,
    at,
    kind: "failure",
    campaignId: null,
    negotiationId,
    title: `A ${kind} effect failed after ${attempts} attempts`,
    detail: reason,
    data: { failure: { queue, kind, key, attempts, reason } },
  };
  try {
    await storeAndPost(env, requireConfig(env), notification);
  } catch (error) {
    // Slack itself may be what failed: the failure is in the team's inbox either way.
    await db.insert(notifications).values(notification).onConflictDoNothing();
    console.error(JSON.stringify({ msg: "failure notification not posted", error: String(error) }));
  }
}
