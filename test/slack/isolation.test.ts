import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  runInDurableObject,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../src/env";
import { replayFailedJob } from "../../src/operations/replay";
import { systemAuditEvent } from "../../src/ports/audit-sink";
import { consumeQueue } from "../../src/queues/consumer";
import type { EffectMessage } from "../../src/queues/messages";
import { byLane, type Lane } from "../../src/queues/routes";
import { api, sink } from "../integration/helpers";
import { SLACK } from "./helpers";

/*
 * The Worker's queue consumer is called directly with the batch the queue would hand it, so what a pass
 * did (acked, retried) is read from the batch itself, with no waiting. Slack is the local fake,
 * faulted for this file's notifications only (other files share it).
 */
const testEnv = env as unknown as Env & { NEGOTIATIONS: DurableObjectNamespace };

const QUEUE_NAME: Record<Lane, string> = {
  emails: "parley-emails",
  notifications: "parley-notifications",
  projections: "parley-projections",
  sources: "parley-sources",
};

/** Runs one pass of a queue's consumer over `messages`; what it acked and retried. */
async function pass(queue: string, messages: { id: string; body: unknown; attempts?: number }[]) {
  const batch = createMessageBatch(
    queue,
    messages.map((m) => ({
      id: m.id,
      timestamp: new Date(),
      attempts: m.attempts ?? 1,
      body: m.body,
    })),
  );
  const ctx = createExecutionContext();
  await consumeQueue(batch, testEnv);
  const result = await getQueueResult(batch, ctx);
  return { acked: result.explicitAcks, retried: result.retryMessages.map((r) => r.msgId) };
}

/**
 * A negotiation whose opening email waits in its outbox (the campaign's send window is closed
 * today), and the queue message that delivers it.
 */
async function waitingEmail(creator: string) {
  const closedToday = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    .filter((_, i) => i !== (new Date().getUTCDay() + 6) % 7)
    .slice(0, 1);
  const campaign = await api("POST", "/api/campaigns", {
    name: `Isolation ${creator}`,
    cpmTargetCents: 2500,
    leniencyPct: 20,
    autonomy: "autonomous",
    sendWindow: { days: closedToday, start: "09:00", end: "10:00" },
  });
  expect(campaign.status).toBe(201);
  const started = await api("POST", `/api/campaigns/${campaign.json.id}/negotiations`, {
    creator: { name: "Sam Rivera", email: creator, platform: "youtube", averageViews: 50000 },
  });
  expect(started.status).toBe(201);
  const id = started.json.id as string;
  const stub = testEnv.NEGOTIATIONS.get(testEnv.NEGOTIATIONS.idFromString(id));
  const key = await runInDurableObject(stub, async (_i, state: DurableObjectState) =>
    state.storage.sql
      .exec<{ key: string }>("SELECT key FROM outbox WHERE kind = 'email' AND status = 'pending'")
      .one(),
  );
  const email: EffectMessage = {
    type: "email",
    version: 1,
    key: key.key,
    negotiationId: id,
    requestId: null,
  };
  return { id, email };
}

const sentTo = async (address: string) => (await sink.sent()).filter((m) => m.to === address);

function notifyMessage(negotiationId: string): EffectMessage & { type: "notify" } {
  const id = `${negotiationId}:isolation:${crypto.randomUUID().slice(0, 8)}`;
  return {
    type: "notify",
    version: 1,
    key: `notify:${id}`,
    requestId: null,
    notification: {
      id,
      at: new Date().toISOString(),
      kind: "escalation",
      campaignId: null,
      negotiationId,
      title: "Sam Rivera asked for more than the ceiling",
      detail: "A person decides.",
      data: {},
    },
  };
}

function auditMessage(negotiationId: string): EffectMessage {
  const id = `isolation:${crypto.randomUUID()}`;
  return {
    type: "audit",
    version: 1,
    key: `audit:${id}`,
    requestId: null,
    event: systemAuditEvent({
      id,
      at: new Date().toISOString(),
      type: "test_event",
      negotiationId,
      requestId: null,
      data: {},
    }),
  };
}

/** The batches the queues would deliver for messages written by one commit, by lane. */
function lanesOf(messages: EffectMessage[]): Partial<Record<Lane, EffectMessage[]>> {
  return Object.fromEntries(byLane(messages, (m) => m).map((g) => [g.lane, g.items]));
}

const slackFault = (fault: Record<string, unknown>) =>
  fetch(`${SLACK}/_fault`, { method: "POST", body: JSON.stringify(fault) });

const failedJob = (id: string) =>
  testEnv.DB.prepare("SELECT queue, kind, attempts FROM failed_jobs WHERE id = ?")
    .bind(id)
    .first<{ queue: string; kind: string; attempts: number }>();

describe("a down Slack never delays a creator's email", () => {
  it("sends the email in its own pass while the notification retries, dead-letters and replays on its own queue", async () => {
    const creator = "isolated-from-slack@gmail.com";
    const { id, email } = await waitingEmail(creator);
    const notify = notifyMessage(id);
    // Slack answers 503 to every attempt of the notification's next consumer pass.
    await slackFault({
      method: "chat.postMessage",
      status: 503,
      times: 3,
      match: notify.notification.id,
    });

    // Written together (a commit's notification first), delivered on different queues.
    const lanes = lanesOf([notify, email]);
    expect(lanes).toEqual({ emails: [email], notifications: [notify] });

    const emails = await pass(QUEUE_NAME.emails, [{ id: "m-email", body: email }]);
    expect(emails).toEqual({ acked: ["m-email"], retried: [] });
    expect(await sentTo(creator)).toHaveLength(1);
    expect(await sink.attempts(creator)).toBe(1);

    const notifications = await pass(QUEUE_NAME.notifications, [{ id: "m-notify", body: notify }]);
    expect(notifications).toEqual({ acked: [], retried: ["m-notify"] });
    // The team's inbox has it even though Slack does not.
    const inbox = await api("GET", `/api/notifications?negotiationId=${id}&kind=escalation`);
    expect(inbox.json.notifications.map((n: { id: string }) => n.id)).toEqual([
      notify.notification.id,
    ]);

    // Its retries exhausted, the notifications queue dead-letters it into its own DLQ.
    const dead = await pass(`${QUEUE_NAME.notifications}-dlq`, [
      { id: "m-notify", body: notify, attempts: 7 },
    ]);
    expect(dead).toEqual({ acked: ["m-notify"], retried: [] });
    const jobId = `failed:${notify.key}`;
    expect(await failedJob(jobId)).toEqual({
      queue: "parley-notifications-dlq",
      kind: "notify",
      attempts: 7,
    });
    // Still one email, sent once: nothing about the notification touched it.
    expect(await sink.attempts(creator)).toBe(1);

    // A replay sends the job back to the notifications queue, whatever queue it died on.
    const sent: Record<string, unknown[]> = {};
    const recording = (name: string) => ({
      sendBatch: async (batch: { body: unknown }[]) => {
        sent[name] = [...(sent[name] ?? []), ...batch.map((m) => m.body)];
      },
    });
    const outcome = await replayFailedJob(
      {
        ...testEnv,
        QUEUE_EMAILS: recording("emails"),
        QUEUE_NOTIFICATIONS: recording("notifications"),
        QUEUE_PROJECTIONS: recording("projections"),
      } as unknown as Env,
      { id: jobId, actor: "token:bootstrap", requestId: null },
    );
    expect(outcome.status).toBe("replayed");
    expect(sent).toEqual({ notifications: [notify] });
  });
});

describe("a slow or failing D1 never delays a creator's email", () => {
  /** D1 whose every query waits for `gate`, then fails the way a D1 outage does. */
  function stalledDb(db: D1Database, gate: Promise<void>): D1Database {
    const fail = async () => {
      await gate;
      throw new Error("D1_ERROR: Network connection lost.");
    };
    const statement = (): unknown =>
      new Proxy({} as D1PreparedStatement, {
        get: (_t, p) => (p === "bind" ? statement : fail),
      });
    return new Proxy(db, {
      get: (target, p) => (p === "prepare" ? statement : Reflect.get(target, p)),
    });
  }

  it("sends the email while the projections consumer is stuck on D1, which then retries", async () => {
    const creator = "isolated-from-d1@gmail.com";
    const { id, email } = await waitingEmail(creator);
    const audit = auditMessage(id);
    const lanes = lanesOf([audit, email]);
    expect(lanes).toEqual({ emails: [email], projections: [audit] });

    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const batch = createMessageBatch(QUEUE_NAME.projections, [
      { id: "m-audit", timestamp: new Date(), attempts: 1, body: audit },
    ]);
    const ctx = createExecutionContext();
    let projected = false;
    const projecting = consumeQueue(batch, { ...testEnv, DB: stalledDb(testEnv.DB, gate) }).then(
      () => {
        projected = true;
      },
    );

    const emails = await pass(QUEUE_NAME.emails, [{ id: "m-email", body: email }]);
    expect(emails).toEqual({ acked: ["m-email"], retried: [] });
    expect(await sentTo(creator)).toHaveLength(1);
    expect(projected).toBe(false);

    release();
    await projecting;
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((r) => r.msgId)).toEqual(["m-audit"]);
  });

  it("retries a hopeless message whose failure D1 cannot record, and sends the email beside it", async () => {
    const creator = "beside-a-hopeless-one@gmail.com";
    const { email } = await waitingEmail(creator);
    // No such negotiation: it can never be sent, so it is recorded as failed at once, in D1.
    const hopeless: EffectMessage = { ...email, key: "email:nope:1:0", negotiationId: "nope" };
    const batch = createMessageBatch(QUEUE_NAME.emails, [
      { id: "m-hopeless", timestamp: new Date(), attempts: 1, body: hopeless },
      { id: "m-email", timestamp: new Date(), attempts: 1, body: email },
    ]);
    const ctx = createExecutionContext();
    const d1Down = stalledDb(testEnv.DB, Promise.resolve());
    await consumeQueue(batch, { ...testEnv, DB: d1Down });
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["m-email"]);
    expect(result.retryMessages.map((r) => r.msgId)).toEqual(["m-hopeless"]);
    expect(await sentTo(creator)).toHaveLength(1);
  });
});
