import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Env } from "../../src/env";
import worker from "../../src/index";
import type { SentryEvent } from "../fakes/sentry-server";
import { eventually } from "../integration/helpers";

/**
 * With SENTRY_DSN set, failures the queue consumer handles reach Sentry: the Worker's own queue
 * handler (Sentry-wrapped, as deployed) runs a batch, and a local fake of Sentry's ingestion
 * endpoint (test/fakes/sentry-server.ts) records the envelopes it is sent.
 */

const testEnv = env as unknown as Env & { SENTRY_FAKE_URL: string };
const fake = testEnv.SENTRY_FAKE_URL;
/** The Worker's queue handler as deployed: wrapped by Sentry, which needs the context to flush. */
const runQueue = worker.queue as unknown as (
  batch: MessageBatch<unknown>,
  env: Env,
  ctx: ExecutionContext,
) => Promise<void>;
const events = async () => (await (await fetch(`${fake}/_events`)).json()) as SentryEvent[];

beforeEach(async () => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  await fetch(`${fake}/_reset`, { method: "POST" });
});

async function consume(queue: string, body: unknown, attempts = 1) {
  const batch = createMessageBatch(queue, [
    { id: `m-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body },
  ]);
  const ctx = createExecutionContext();
  await runQueue(batch, testEnv, ctx);
  // Waits for the Sentry flush the handler left running.
  return getQueueResult(batch, ctx);
}

const emailTo = (negotiationId: string, requestId: string) => ({
  type: "email",
  version: 1,
  key: `email:${crypto.randomUUID()}`,
  negotiationId,
  requestId,
});

describe("Sentry on the queue consumers", () => {
  it("reports a failure the consumer gives up on, tagged with the request id, and its dead letter", async () => {
    const requestId = `req-${crypto.randomUUID()}`;
    // No negotiation has this id: the send can never succeed, so it is recorded as failed at once.
    const result = await consume("parley-emails", emailTo("not-a-negotiation", requestId));
    expect(result.explicitAcks).toHaveLength(1);

    const reported = await eventually(async () => {
      const mine = (await events()).filter((e) => e.tags?.request_id === requestId);
      return mine.length === 2 ? mine : null;
    });
    const failure = reported.find((e) => e.tags?.outcome === "give_up");
    expect(failure?.exception?.values[0]?.value).toContain("bad negotiation id");
    expect(failure?.tags).toMatchObject({
      request_id: requestId,
      queue: "parley-emails",
      message_type: "email",
      outcome: "give_up",
    });
    const deadLetter = reported.find((e) => e.tags?.outcome === "dead_letter");
    expect(deadLetter?.tags).toMatchObject({ queue: "parley-emails", message_type: "email" });
    expect(deadLetter?.message).toBe("Dead letter: email message on parley-emails");
    expect(deadLetter?.level).toBe("error");
  });

  it("reports a failure it retries", async () => {
    const requestId = `req-${crypto.randomUUID()}`;
    // D1 unavailable for this pass: transient, so the message is retried (and reported).
    const unavailable = () => {
      throw new Error("D1_ERROR: Network connection lost.");
    };
    const down: Env = {
      ...testEnv,
      DB: { prepare: unavailable, batch: unavailable, exec: unavailable } as unknown as D1Database,
    };
    const batch = createMessageBatch("parley-projections", [
      {
        id: "m-retry",
        timestamp: new Date(),
        attempts: 1,
        body: {
          type: "notifications_resolved",
          version: 1,
          key: `resolved:${crypto.randomUUID()}`,
          requestId,
          negotiationId: null,
          notificationIds: ["n-1"],
          label: "Settled",
          actor: "system",
          at: new Date().toISOString(),
        },
      },
    ]);
    const ctx = createExecutionContext();
    await runQueue(batch, down, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m-retry"]);
    const [reported] = await eventually(async () => {
      const mine = (await events()).filter((e) => e.tags?.request_id === requestId);
      return mine.length ? mine : null;
    });
    expect(reported?.tags).toMatchObject({
      outcome: "retry",
      message_type: "notifications_resolved",
    });
  });

  it("reports each dead letter with the request id of the work that failed", async () => {
    const requestId = `req-${crypto.randomUUID()}`;
    const result = await consume("parley-emails-dlq", emailTo("not-a-negotiation", requestId), 4);
    expect(result.explicitAcks).toHaveLength(1);
    const [reported] = await eventually(async () => {
      const mine = (await events()).filter((e) => e.tags?.request_id === requestId);
      return mine.length ? mine : null;
    });
    expect(reported?.tags).toMatchObject({
      outcome: "dead_letter",
      queue: "parley-emails-dlq",
      message_type: "email",
    });
    // The dead letter is audited under the same request id.
    const row = await testEnv.DB.prepare(
      "select request_id from audit_events where type = 'dead_letter' and request_id = ?",
    )
      .bind(requestId)
      .first<{ request_id: string }>();
    expect(row?.request_id).toBe(requestId);
  });
});
