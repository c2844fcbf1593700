import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isAllowedResponseUrl } from "../../src/adapters/slack/response-url";
import { SlackApiError, slackApi } from "../../src/adapters/slack/web-api";
import { type Config, type Env, requireConfig } from "../../src/env";
import { FakeSlack } from "../fakes/slack-server";

let fake: FakeSlack;
let base: string;

beforeAll(async () => {
  fake = new FakeSlack();
  base = await fake.start();
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset({ messages: true }));

function config(vars: Record<string, string> = {}): Config {
  return requireConfig({
    PARLEY_API_TOKEN: "t".repeat(20),
    MAIL_FROM: "deals@brand.example",
    BRAND_NAME: "Brand",
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: "test-signing-secret-0123456789",
    SLACK_TEAM_ID: "T0PARLEY",
    SLACK_CHANNEL_ESCALATIONS: "C0ESCALATE",
    SLACK_CHANNEL_APPROVALS: "C0APPROVE",
    SLACK_CHANNEL_AGREEMENTS: "C0DEALS",
    SLACK_API_BASE_URL: `${base}/api`,
    SLACK_RESPONSE_URL_ORIGIN: base,
    ...vars,
  } as unknown as Env);
}

const api = (vars: Record<string, string> = {}, timeoutMs = 2000) =>
  slackApi(config(vars), undefined, { timeoutMs, backoffMs: 1 });

const blocks = [{ type: "section", text: { type: "mrkdwn", text: "Hello" } }];
const metadata = { event_type: "parley_notification", event_payload: { key: "ntf_1" } };
const calls = (method: string) => fake.calls.filter((c) => c.method === method);

async function failure(p: Promise<unknown>): Promise<SlackApiError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SlackApiError);
  return error as SlackApiError;
}

describe("Slack Web API adapter", () => {
  it("posts JSON with the bot token and the metadata, and returns the message's ts", async () => {
    const posted = await api().postMessage({ channel: "C0ESCALATE", text: "Hi", blocks, metadata });
    expect(fake.messages).toEqual([
      expect.objectContaining({ channel: "C0ESCALATE", ts: posted.ts, text: "Hi", metadata }),
    ]);
    expect(posted.channel).toBe("C0ESCALATE");
    expect(calls("chat.postMessage")[0]?.body).toMatchObject({ blocks, metadata });
  });

  it("edits a message and opens a view", async () => {
    const { ts } = await api().postMessage({ channel: "C0APPROVE", text: "v1", blocks });
    await api().update({ channel: "C0APPROVE", ts, text: "v2", blocks });
    await api().openView({ triggerId: "123.456.abc", view: { type: "modal", blocks: [] } });
    expect(fake.messages[0]?.text).toBe("v2");
    expect(calls("views.open")).toHaveLength(1);
    expect(calls("views.open")[0]?.ok).toBe(true);
  });

  it("waits out a 429 and posts once", async () => {
    fake.fault({ method: "chat.postMessage", status: 429, retryAfter: 1 });
    await api().postMessage({ channel: "C0ESCALATE", text: "Hi", blocks });
    expect(calls("chat.postMessage").map((c) => c.status)).toEqual([429, 200]);
    expect(fake.messages).toHaveLength(1);
  });

  it("gives the message back to the queue when Retry-After is longer than it should block", async () => {
    fake.fault({ method: "chat.postMessage", status: 429, retryAfter: 30 });
    const error = await failure(api().postMessage({ channel: "C0ESCALATE", text: "Hi", blocks }));
    expect(error.retryable).toBe(true);
    expect(error.code).toBe("ratelimited");
    expect(calls("chat.postMessage")).toHaveLength(1);
  });

  it("retries 5xx with backoff, then gives up retryable after three attempts", async () => {
    fake.fault({ method: "chat.update", status: 503, times: 5 });
    const error = await failure(
      api().update({ channel: "C0X", ts: "1.000001", text: "x", blocks }),
    );
    expect(error.retryable).toBe(true);
    expect(calls("chat.update")).toHaveLength(3);
  });

  it("surfaces permanent errors at once, not retryable", async () => {
    fake.fault({ method: "chat.postMessage", okFalseError: "channel_not_found" });
    const error = await failure(api().postMessage({ channel: "C0GONE", text: "Hi", blocks }));
    expect(error).toMatchObject({ retryable: false, code: "channel_not_found" });
    const auth = await failure(
      api({ SLACK_BOT_TOKEN: "xoxb-wrong" }).postMessage({ channel: "C0X", text: "Hi", blocks }),
    );
    expect(auth).toMatchObject({ retryable: false, code: "invalid_auth" });
    expect(calls("chat.postMessage")).toHaveLength(2);
    expect(fake.messages).toHaveLength(0);
  });

  it("treats ok:false ratelimited as retryable", async () => {
    fake.fault({ method: "users.info", okFalseError: "ratelimited", times: 3 });
    const error = await failure(api().userEmail("U0BOB"));
    expect(error).toMatchObject({ retryable: true, code: "ratelimited" });
    expect(calls("users.info")).toHaveLength(3);
  });

  it("after a post that timed out, finds the post that landed instead of posting again", async () => {
    // The post lands but its answer is too late for the client: the retry must not post again.
    fake.fault({ method: "chat.postMessage", hangMs: 800 });
    const posted = await api({}, 200).postMessage({
      channel: "C0ESCALATE",
      text: "Hi",
      blocks,
      metadata,
    });
    expect(fake.messages).toHaveLength(1);
    expect(posted.ts).toBe(fake.messages[0]?.ts);
    expect(calls("conversations.history")).toHaveLength(1);
  });

  it("after a 5xx that did not post, looks once and posts", async () => {
    fake.fault({ method: "chat.postMessage", status: 500 });
    await api().postMessage({ channel: "C0ESCALATE", text: "Hi", blocks, metadata });
    expect(fake.messages).toHaveLength(1);
    expect(calls("chat.postMessage").map((c) => c.status)).toEqual([500, 200]);
  });

  it("finds a message by its metadata key across history pages, within `oldest`", async () => {
    for (let i = 0; i < 450; i++)
      await fetch(`${base}/_seed`, {
        method: "POST",
        body: JSON.stringify({
          channel: "C0ESCALATE",
          text: `m${i}`,
          metadata: { event_type: "parley_notification", event_payload: { key: `ntf_${i}` } },
        }),
      });
    const slack = api();
    const oldestMessage = fake.messages[0];
    const found = await slack.findByMetadata({
      channel: "C0ESCALATE",
      eventType: "parley_notification",
      key: "ntf_0",
    });
    expect(found?.ts).toBe(oldestMessage?.ts);
    expect(calls("conversations.history")).toHaveLength(3);
    expect(calls("conversations.history")[0]?.body).toMatchObject({ include_all_metadata: "true" });
    const other = { channel: "C0ESCALATE", eventType: "other_event", key: "ntf_3" };
    expect(await slack.findByMetadata(other)).toBeNull();
    const after = { channel: "C0ESCALATE", eventType: "parley_notification", key: "ntf_0" };
    expect(await slack.findByMetadata({ ...after, oldest: oldestMessage?.ts })).toBeNull();
    expect(await slack.findByMetadata({ ...after, channel: "C0APPROVE" })).toBeNull();
  });

  it("looks up a user's email once per isolate, and answers null for unknown users", async () => {
    const slack = api();
    expect(await slack.userEmail("U0ALICE")).toBe("alice@brand.example");
    expect(await slack.userEmail("U0ALICE")).toBe("alice@brand.example");
    expect(await api().userEmail("U0ALICE")).toBe("alice@brand.example");
    expect(await slack.userEmail("U0NOBODY")).toBeNull();
    expect(calls("users.info").map((c) => c.body.user)).toEqual(["U0ALICE", "U0NOBODY"]);
  });

  it("answers response_urls on the allowed origin only", async () => {
    await api().respond(`${base}/hooks/T0PARLEY/1/abc`, { text: "Done", replace_original: false });
    expect(calls("response_url")).toEqual([
      expect.objectContaining({ body: { text: "Done", replace_original: false } }),
    ]);
    const port = new URL(base).port;
    for (const evil of [
      `http://127.0.0.1.evil.test:${port}/hooks/x`,
      `http://localhost:${port}/hooks/x`,
      "https://hooks.slack.com/actions/x",
      "not a url",
    ]) {
      const error = await failure(api().respond(evil, { text: "x" }));
      expect(error.retryable).toBe(false);
    }
    expect(calls("response_url")).toHaveLength(1);
  });
});

describe("response_url origin check", () => {
  it("needs the same origin and, when the allowed value has a path, a path under it", () => {
    const allowed = "https://hooks.slack.com";
    expect(isAllowedResponseUrl("https://hooks.slack.com/commands/T1/2/x", allowed)).toBe(true);
    expect(isAllowedResponseUrl("https://hooks.slack.com.evil.test/x", allowed)).toBe(false);
    expect(isAllowedResponseUrl("http://hooks.slack.com/x", allowed)).toBe(false);
    expect(isAllowedResponseUrl("https://user:pw@hooks.slack.com/x", allowed)).toBe(false);
    expect(isAllowedResponseUrl("https://h.test/hooks/x", "https://h.test/hooks")).toBe(true);
    expect(isAllowedResponseUrl("https://h.test/hooksevil/x", "https://h.test/hooks")).toBe(false);
  });
});
