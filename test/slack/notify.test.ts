import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { SlackNotifier } from "../../src/adapters/slack/notifier";
import { SlackApiError } from "../../src/adapters/slack/web-api";
import { slackMessages } from "../../src/db/schema";
import { type Env, requireConfig } from "../../src/env";
import type { Notification } from "../../src/ports/notifier";
import { createNotifier } from "../../src/services";
import { ACTION_IDS } from "../../src/slack/blocks";
import { api } from "../integration/helpers";

/*
 * The fake Slack server is shared by every file of the project, and files run side by side: these
 * tests never reset it. Each notification has a fresh id, calls are picked out by that id (or the
 * ts it got), and faults carry `match` so only this test's calls fail.
 */
const testEnv = env as unknown as Env & { SLACK_BASE_URL: string };
const SLACK = testEnv.SLACK_BASE_URL;
const config = requireConfig(testEnv);
const db = drizzle(testEnv.DB);
const slack = new SlackNotifier(testEnv.DB, config);

type BlockJson = { type: string; elements?: { action_id?: string }[] };
interface Call {
  method: string;
  body: {
    channel?: string;
    ts?: string;
    text?: string;
    blocks?: BlockJson[];
    metadata?: { event_type: string; event_payload: { key?: string } };
  };
  status: number;
  ok: boolean;
}

const control = (path: string, body?: unknown) =>
  fetch(`${SLACK}${path}`, { method: "POST", body: JSON.stringify(body ?? {}) });
const allCalls = async () =>
  ((await (await fetch(`${SLACK}/_calls`)).json()) as { calls: Call[] }).calls;
/** This notification's posts (by metadata key) and the edits of its message (by ts). */
async function callsFor(id: string) {
  const calls = await allCalls();
  const posts = calls.filter(
    (c) => c.method === "chat.postMessage" && c.body.metadata?.event_payload?.key === id,
  );
  const ts = (await row(id))?.ts;
  const updates = calls.filter((c) => c.method === "chat.update" && ts && c.body.ts === ts);
  return { posts, updates, landed: posts.filter((c) => c.ok) };
}
const row = (id: string) =>
  db.select().from(slackMessages).where(eq(slackMessages.notificationId, id)).get();
const actionIdsOf = (blocks: BlockJson[] = []) =>
  blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements?.map((e) => e.action_id));

function notification(kind: string, data: Notification["data"] = {}): Notification {
  const negotiationId = `neg_${crypto.randomUUID().slice(0, 8)}`;
  return {
    id: `${negotiationId}:7:0`,
    at: "2026-11-23T14:05:00.000Z",
    kind,
    campaignId: "cmp_spring",
    negotiationId,
    title: `A ${kind} notification`,
    detail: "Maya Lopez asked for $4,800; the ceiling is $3,600.",
    data: {
      creator: {
        name: "Maya Lopez",
        email: "maya@lopez.example",
        platform: "youtube",
        handle: null,
      },
      campaignName: "Spring Launch",
      state: kind === "approval_needed" ? "awaiting_approval" : "escalated",
      round: 2,
      excerpt: "My rate is $4,800 & that's firm.",
      reason: "exceeds_ceiling",
      evidence: ["their ask: $4,800"],
      rationale: "Meet halfway to the ceiling.",
      draft: {
        subject: "Re: Spring Launch",
        body: "Hi Maya,\n\nHow about $3,400?",
        autoSendAt: null,
      },
      deal: null,
      ...data,
    },
  };
}

describe("posting notifications to Slack", () => {
  it("posts each kind to its channel, with blocks and the notification's metadata", async () => {
    const expected: [string, string][] = [
      ["approval_needed", "C0APPROVE"],
      ["agreement", "C0DEALS"],
      ["escalation", "C0ESCALATE"],
      ["unresponsive", "C0ESCALATE"],
      ["failure", "C0ESCALATE"],
      ["mailbox_paused", "C0ESCALATE"],
      ["unverified_sender", "C0ESCALATE"],
    ];
    for (const [kind, channel] of expected) {
      const n = notification(kind);
      await slack.post(n);
      const { posts } = await callsFor(n.id);
      expect(posts, kind).toHaveLength(1);
      const body = posts[0]?.body ?? {};
      expect(body.channel).toBe(channel);
      expect(body.text).toContain(n.title);
      expect(body.blocks?.length).toBeGreaterThan(2);
      expect(body.metadata).toEqual({
        event_type: "parley_notification",
        event_payload: { key: n.id },
      });
      expect((await row(n.id))?.ts).toMatch(/^\d+\.\d{6}$/);
    }
  });

  it("edits the message on redelivery instead of posting it again", async () => {
    const n = notification("approval_needed");
    await slack.post(n);
    await slack.post(n);
    const { posts, updates } = await callsFor(n.id);
    expect(posts).toHaveLength(1);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.body.channel).toBe("C0APPROVE");
    expect(actionIdsOf(updates[0]?.body.blocks)).toEqual([
      ACTION_IDS.approve,
      ACTION_IDS.edit,
      ACTION_IDS.reject,
    ]);
  });

  it("waits out Slack's rate limit and posts exactly one message", async () => {
    const n = notification("escalation");
    await control("/_fault", {
      method: "chat.postMessage",
      status: 429,
      retryAfter: 1,
      match: n.id,
    });
    await slack.post(n);
    const { posts, landed } = await callsFor(n.id);
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(landed).toHaveLength(1);
    expect((await row(n.id))?.ts).toBeTruthy();
  });

  it("adopts a message an earlier attempt posted before it could save the ts", async () => {
    const n = notification("escalation");
    const seeded = (await (
      await control("/_seed", {
        channel: "C0ESCALATE",
        text: "posted by an attempt that died",
        metadata: { event_type: "parley_notification", event_payload: { key: n.id } },
      })
    ).json()) as { ts: string };
    await db.insert(slackMessages).values({
      notificationId: n.id,
      channel: "C0ESCALATE",
      ts: null,
      postedAt: new Date().toISOString(),
    });
    await slack.post(n);
    expect((await callsFor(n.id)).posts).toHaveLength(0);
    expect((await row(n.id))?.ts).toBe(seeded.ts);
  });

  it("posts when an earlier attempt left a row but no message", async () => {
    const n = notification("escalation");
    await db.insert(slackMessages).values({
      notificationId: n.id,
      channel: "C0ESCALATE",
      ts: null,
      postedAt: new Date().toISOString(),
    });
    await slack.post(n);
    const { landed } = await callsFor(n.id);
    expect(landed).toHaveLength(1);
    const history = (await allCalls()).filter((c) => c.method === "conversations.history");
    expect(history.some((c) => c.body.channel === "C0ESCALATE")).toBe(true);
  });

  it("surfaces a permanent Slack error as not retryable, leaving nothing half-done", async () => {
    const n = notification("escalation");
    await control("/_fault", {
      method: "chat.postMessage",
      okFalseError: "not_in_channel",
      match: n.id,
    });
    const error = await slack.post(n).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackApiError);
    expect(error).toMatchObject({ retryable: false, code: "not_in_channel" });
    expect((await row(n.id))?.ts).toBeNull();
  });

  it("without a bot token the notifier posts nothing (the inbox alone)", async () => {
    const n = notification("escalation");
    await createNotifier(testEnv, { ...config, SLACK_BOT_TOKEN: undefined }).post(n);
    expect((await callsFor(n.id)).posts).toHaveLength(0);
    expect(await row(n.id)).toBeUndefined();
  });
});

describe("marking notifications resolved in Slack", () => {
  const resolution = {
    label: "Approved and sent",
    actor: "U0ALICE",
    at: "2026-11-23T15:12:00.000Z",
  };

  it("edits the same message: buttons gone, who did what shown; a late redelivery keeps it so", async () => {
    const n = notification("approval_needed");
    await slack.post(n);
    const ts = (await row(n.id))?.ts;
    await slack.markResolved(n, resolution);
    const { posts, updates } = await callsFor(n.id);
    expect(posts).toHaveLength(1);
    expect(updates).toHaveLength(1);
    const edit = updates[0]?.body ?? {};
    expect(edit).toMatchObject({ channel: "C0APPROVE", ts });
    expect(actionIdsOf(edit.blocks)).toEqual([]);
    expect(JSON.stringify(edit.blocks)).toContain("✅ Approved and sent by <@U0ALICE>");
    expect((await row(n.id))?.updatedAt).toBeTruthy();

    await slack.post(n);
    const after = await callsFor(n.id);
    expect(after.posts).toHaveLength(1);
    expect(after.updates).toHaveLength(1);
  });

  it("finds the message by its metadata when the ts was never saved", async () => {
    const n = notification("escalation");
    const seeded = (await (
      await control("/_seed", {
        channel: "C0ESCALATE",
        text: "posted",
        metadata: { event_type: "parley_notification", event_payload: { key: n.id } },
      })
    ).json()) as { ts: string };
    await db.insert(slackMessages).values({
      notificationId: n.id,
      channel: "C0ESCALATE",
      ts: null,
      postedAt: new Date().toISOString(),
    });
    await slack.markResolved(n, resolution);
    const { updates } = await callsFor(n.id);
    expect(updates.map((c) => c.body.ts)).toEqual([seeded.ts]);
  });

  it("leaves Slack alone for a notification that was never posted", async () => {
    const n = notification("escalation");
    await slack.markResolved(n, resolution);
    const mentions = (await allCalls()).filter((c) =>
      JSON.stringify(c.body).includes(n.negotiationId ?? "-"),
    );
    expect(mentions).toEqual([]);
  });
});

describe("/ready with Slack configured", () => {
  it("checks the bot token against the configured workspace", async () => {
    const ready = await api("GET", "/ready");
    expect(ready.status).toBe(200);
    expect(ready.json.checks.slack).toEqual({
      ok: true,
      detail: "workspace T0PARLEY, bot user U0PARLEYBOT",
    });
  });
});
