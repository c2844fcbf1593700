import { drizzle } from "drizzle-orm/d1";
import { failedJobs, notifications } from "../db/schema";
import { type Env, requireConfig } from "../env";
import { describeError, isDeterministic } from "../failures";
import { writeMetric } from "../observability/metrics";
import { type QueueReport, reportDeadLetter, reportQueueFailure } from "../observability/report";
import { newRequestId } from "../observability/request-id";
import { systemAuditEvent } from "../ports/audit-sink";
import { handlerContext } from "./handler";
import { EffectMessageSchema } from "./messages";
import { handle } from "./registry";
import { enqueue } from "./routes";
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

const retryDelay = (env: Env, attempts: number) =>
  retryDelaySeconds(attempts, requireConfig(env).EFFECT_RETRY_BASE_SECONDS);

/**
 * Every queue's consumer: each dead-letter queue (`*-dlq`) records its jobs as failed; the effect
 * queues run each message by its type, whichever queue it came on.
 */
export async function consumeQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  if (batch.queue.endsWith("-dlq")) await consumeDeadLetters(batch, env);
  else await consumeEffects(batch, env);
}

/**
 * Per-message ack/retry: one failure never acks or retries its neighbours. Each message runs with
 * the handler of its type (`registry.ts`), under its request id (a new one for messages queued
 * without). Every failure handled here is reported to Sentry; every message's time on the queue
 * is a metric.
 */
export async function consumeEffects(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const ctx = handlerContext(env);
  for (const message of batch.messages) {
    const parsed = EffectMessageSchema.safeParse(message.body);
    const effect = parsed.success
      ? { ...parsed.data, requestId: parsed.data.requestId ?? newRequestId() }
      : null;
    const report = {
      requestId: effect?.requestId ?? newRequestId(),
      queue: batch.queue,
      type: effect?.type ?? "invalid",
      key: effect?.key ?? null,
      attempts: message.attempts,
    };
    const measure = (outcome: "ack" | "retry" | "give_up") =>
      writeMetric(env.METRICS, {
        name: "queue_message",
        requestId: report.requestId,
        queue: batch.queue,
        messageType: report.type,
        outcome,
        latencyMs: Math.max(0, Date.now() - message.timestamp.getTime()),
        attempts: message.attempts,
      });
    const retry = () => {
      message.retry({ delaySeconds: retryDelay(env, message.attempts) });
      measure("retry");
    };
    // A message that cannot succeed on retry is recorded as failed at once and acknowledged.
    // When even the record fails (D1 down), the message is retried: it is recorded later, and
    // its neighbours in the batch go on.
    const giveUp = async (reason: string) => {
      try {
        await recordFailure(env, { ...report, id: message.id, body: message.body, reason });
        message.ack();
        measure("give_up");
      } catch (error) {
        console.error(
          JSON.stringify({
            msg: "failure not recorded; retrying",
            requestId: report.requestId,
            error: describeError(error),
          }),
        );
        retry();
      }
    };
    if (!effect) {
      const reason = `invalid message: ${parsed.error?.issues[0]?.message}`;
      reportQueueFailure(new Error(reason), { ...report, outcome: "give_up" });
      await giveUp(reason);
      continue;
    }
    try {
      await handle(effect, ctx);
      message.ack();
      measure("ack");
    } catch (error) {
      // Adapters mark errors that cannot succeed on retry (MailerError, SlackApiError…); bugs and
      // SQL the database refuses fail the same way every time, so they are not retried either.
      const retryable = !isDeterministic(error);
      console.error(
        JSON.stringify({
          msg: "effect failed",
          requestId: report.requestId,
          type: effect.type,
          key: effect.key,
          attempts: message.attempts,
          retryable,
          error: describeError(error),
        }),
      );
      reportQueueFailure(error, { ...report, outcome: retryable ? "retry" : "give_up" });
      if (!retryable) await giveUp(describeError(error));
      else retry();
    }
  }
}

/** Dead letters: recorded in D1, audited and put in front of a person. Never silently dropped. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const parsed = EffectMessageSchema.safeParse(message.body);
    const report = {
      requestId: (parsed.success ? parsed.data.requestId : null) ?? newRequestId(),
      queue: batch.queue,
      type: parsed.success ? parsed.data.type : "invalid",
      key: parsed.success ? parsed.data.key : null,
      attempts: message.attempts,
    };
    await recordFailure(env, {
      ...report,
      id: message.id,
      body: message.body,
      reason: "retries exhausted",
    });
    message.ack();
  }
}

/**
 * Records a message given up on: a `failed_jobs` row, a `dead_letter` audit row under the
 * message's request id, a team notification, a Sentry report and a metric.
 */
async function recordFailure(
  env: Env,
  job: QueueReport & { id: string; body: unknown; reason: string },
): Promise<void> {
  const { queue, id, body, attempts, reason, requestId } = job;
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
      requestId,
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
  // In the team's inbox at once; posted (Slack) from the notifications queue with its own retries,
  // so recording a failed email never waits on Slack. A failure notification that itself failed
  // to post stays in the inbox only: Slack is what failed, and asking again would loop.
  await db.insert(notifications).values(notification).onConflictDoNothing();
  // Reported once everything above is recorded: a retry after a failed record reports once.
  reportDeadLetter(job);
  writeMetric(env.METRICS, {
    name: "dead_letter",
    requestId,
    negotiationId,
    queue,
    messageType: kind,
    attempts,
  });
  const failed = parsed.success ? parsed.data : null;
  if (failed?.type === "notify" && failed.notification.kind === "failure") return;
  await enqueue(env, {
    type: "notify",
    version: 1,
    key: `notify:${notification.id}`,
    requestId,
    notification,
  });
}
