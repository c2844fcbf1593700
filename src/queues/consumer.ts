import { drizzle } from "drizzle-orm/d1";
import { failedJobs, notifications } from "../db/schema";
import { type Env, requireConfig } from "../env";
import { describeError, isDeterministic } from "../failures";
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
 * the handler of its type (`registry.ts`).
 */
export async function consumeEffects(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const ctx = handlerContext(env);
  for (const message of batch.messages) {
    // A message that cannot succeed on retry is recorded as failed at once and acknowledged.
    // When even the record fails (D1 down), the message is retried: it is recorded later, and
    // its neighbours in the batch go on.
    const giveUp = async (reason: string) => {
      try {
        await recordFailure(env, batch.queue, message.id, message.body, message.attempts, reason);
        message.ack();
      } catch (error) {
        console.error(
          JSON.stringify({ msg: "failure not recorded; retrying", error: describeError(error) }),
        );
        message.retry({ delaySeconds: retryDelay(env, message.attempts) });
      }
    };
    const parsed = EffectMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      await giveUp(`invalid message: ${parsed.error.issues[0]?.message}`);
      continue;
    }
    try {
      await handle(parsed.data, ctx);
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
      else message.retry({ delaySeconds: retryDelay(env, message.attempts) });
    }
  }
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
  // In the team's inbox at once; posted (Slack) from the notifications queue with its own retries,
  // so recording a failed email never waits on Slack. A failure notification that itself failed
  // to post stays in the inbox only: Slack is what failed, and asking again would loop.
  await db.insert(notifications).values(notification).onConflictDoNothing();
  const failed = parsed.success ? parsed.data : null;
  if (failed?.type === "notify" && failed.notification.kind === "failure") return;
  await enqueue(env, {
    type: "notify",
    version: 1,
    key: `notify:${notification.id}`,
    notification,
  });
}
