import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { api, eventually, replyTo } from "../integration/helpers";

const testEnv = env as unknown as {
  ANTHROPIC_BASE_URL: string;
  NEGOTIATIONS: DurableObjectNamespace;
};
const fake = (path: string, body?: unknown) =>
  fetch(`${testEnv.ANTHROPIC_BASE_URL}${path}`, {
    method: body === undefined ? "GET" : "POST",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const script = (...replies: unknown[]) => fake("/__script", replies);
const requests = async () =>
  (await (await fake("/__requests")).json()) as { body: Record<string, any> }[];

type TimelineEvent = { type: string; [k: string]: any };
const timeline = async (id: string) =>
  (await api("GET", `/api/negotiations/${id}/timeline`)).json.events as TimelineEvent[];

async function start(email: string) {
  const c = await api("POST", "/api/campaigns", {
    name: `Claude ${email}`,
    cpmTargetCents: 2500,
    leniencyPct: 20,
    autonomy: "autonomous",
    sendWindow: null,
  });
  const n = await api("POST", `/api/campaigns/${c.json.id}/negotiations`, {
    creator: {
      name: "Noor Haddad",
      email,
      platform: "youtube",
      handle: "noorcooks",
      averageViews: 50000,
    },
  });
  expect(n.status).toBe(201);
  const opening = await eventually(async () =>
    (await timeline(n.json.id)).find((e) => e.type === "email_sent"),
  );
  return { id: n.json.id as string, opening };
}

const reply = (email: string, answered: TimelineEvent, text: string, messageId: string) =>
  replyTo(answered, { from: email, text, messageId });

const stateOf = async (id: string) => (await api("GET", `/api/negotiations/${id}`)).json;

beforeEach(async () => {
  await fake("/__reset", {});
});

describe("Claude reads and writes; the engine keeps the money", () => {
  it("negotiates to agreement with cached prompts, forced tools and delimited email, recording usage", async () => {
    const { id, opening } = await start("noor@gmail.com");
    expect(opening.text).toContain("$1,250");
    expect(opening.text).toContain("--- Scope of work ---");
    await reply(
      "noor@gmail.com",
      opening,
      "Love this! My rate would be $1,400 for the package.",
      "<c1@gmail.com>",
    );
    const counter = await eventually(
      async () => (await timeline(id)).filter((e) => e.type === "email_sent")[1],
    );
    expect(counter.text).not.toContain("$1,400.00 is fine");
    await reply("noor@gmail.com", counter, "Sounds good, deal!", "<c2@gmail.com>");
    const agreed = await eventually(async () => {
      const n = await stateOf(id);
      return n.state === "agreed" ? n : null;
    });
    expect(agreed.agreedCents).toBe(agreed.lastOffer.amountCents);

    const calls = await requests();
    const reads = calls.filter((c) => c.body.tool_choice?.name === "record_reading");
    const writes = calls.filter((c) => c.body.tool_choice?.name === "write_email");
    expect(reads).toHaveLength(2);
    expect(writes.length).toBeGreaterThanOrEqual(3);
    for (const call of calls) {
      expect(call.body.system[0].cache_control).toEqual({ type: "ephemeral" });
      expect(call.body.tool_choice.type).toBe("tool");
    }
    expect(reads[0]?.body.model).toBe("claude-haiku-5-5");
    expect(writes[0]?.body.model).toBe("claude-sonnet-5-5");
    expect(reads[0]?.body.messages[0].content).toContain("<creator_email>\nLove this!");
    // The read call can only record: its single tool has no effect outside the reading.
    expect(reads[0]?.body.tools).toHaveLength(1);

    const usage = await eventually(async () => {
      const rows = (await api("GET", `/api/audit?negotiationId=${id}&type=model_usage&limit=100`))
        .json.events as {
        data: { inputTokens: number; outputTokens: number; cacheReadTokens: number };
      }[];
      return rows.length >= 5 ? rows : null;
    });
    expect(usage.some((u) => u.data.cacheReadTokens > 0)).toBe(true);
    expect(usage.every((u) => u.data.inputTokens > 0 && u.data.outputTokens > 0)).toBe(true);
  });

  it("asked for more without a number, the writer is told to keep our offer and ask for their rate", async () => {
    const { id, opening } = await start("rui@gmail.com");
    await fake("/__reset", {});
    await reply(
      "rui@gmail.com",
      opening,
      "Appreciate it, but is that the best you can do?",
      "<m1@gmail.com>",
    );
    const answer = await eventually(
      async () => (await timeline(id)).filter((e) => e.type === "email_sent")[1],
    );
    expect(answer.purpose).toBe("answer");
    expect(answer.text).toContain("$1,250");
    const n = await stateOf(id);
    expect(n).toMatchObject({ state: "awaiting_reply", round: 0 });
    const writes = (await requests()).filter((c) => c.body.tool_choice?.name === "write_email");
    expect(JSON.stringify(writes[0]?.body.messages)).toContain(
      "they asked for more money without naming a number",
    );
  });

  it("honours Retry-After on 429 and retries a timeout, then reads the reply", async () => {
    const { id, opening } = await start("noor.retry@gmail.com");
    await script({ status: 429, headers: { "retry-after": "1" } }, { delayMs: 2500 });
    await reply("noor.retry@gmail.com", opening, "Could you do $1,350?", "<r429@gmail.com>");
    const received = await eventually(
      async () => (await timeline(id)).find((e) => e.type === "email_received"),
      20_000,
    );
    expect(received.intent).toBe("counter");
  });

  it("retries output that breaks the schema once, and escalates when it breaks it twice", async () => {
    const first = await start("noor.schema@gmail.com");
    // A garbled HTTP body is retried; tool input that breaks the schema is asked for once more.
    await script({ raw: "{not json" }, { toolInput: { intent: "counter", confidence: "very" } });
    await reply("noor.schema@gmail.com", first.opening, "My rate is $1,300.", "<s1@gmail.com>");
    await eventually(async () =>
      (await stateOf(first.id)).theirAsk?.amountCents === 130000 ? true : null,
    );

    const second = await start("noor.schema2@gmail.com");
    await script(
      { toolInput: { nonsense: true } },
      { toolInput: { intent: "maybe", confidence: 2 } },
    );
    await reply("noor.schema2@gmail.com", second.opening, "My rate is $1,300.", "<s2@gmail.com>");
    const escalated = await eventually(async () => {
      const n = await stateOf(second.id);
      return n.state === "escalated" ? n : null;
    });
    expect(escalated.escalation.reason).toBe("ambiguous_intent");
    expect(escalated.theirAsk).toBeNull();
  });

  it("escalates the opening, never sends a guess, when the writer cannot be reached", async () => {
    await script({ status: 401 });
    const c = await api("POST", "/api/campaigns", {
      name: "Claude writer down",
      autonomy: "autonomous",
      sendWindow: null,
    });
    const n = await api("POST", `/api/campaigns/${c.json.id}/negotiations`, {
      creator: { name: "Ivo", email: "ivo@gmail.com", platform: "tiktok", averageViews: 20000 },
    });
    expect(n.status).toBe(201);
    expect(n.json.state).toBe("escalated");
    expect(n.json.escalation.reason).toBe("model_unavailable");
    expect((await timeline(n.json.id)).some((e) => e.type === "email_queued")).toBe(false);
  });

  it("escalates a refusal instead of guessing", async () => {
    const { id, opening } = await start("noor.refuse@gmail.com");
    await script({ stopReason: "refusal" }, { stopReason: "refusal" });
    await reply("noor.refuse@gmail.com", opening, "Here is my counter: $1,300.", "<rf@gmail.com>");
    const n = await eventually(async () => {
      const v = await stateOf(id);
      return v.state === "escalated" ? v : null;
    });
    expect(n.escalation.reason).toBe("ambiguous_intent");
  });

  it("keeps a reply waiting while the API is overloaded, then reads it on the next alarm", async () => {
    const { id, opening } = await start("noor.overload@gmail.com");
    await script({ status: 529 }, { status: 529 }, { status: 529 });
    await reply("noor.overload@gmail.com", opening, "I'd do it for $1,300.", "<ov@gmail.com>");
    expect((await timeline(id)).some((e) => e.type === "email_received")).toBe(false);
    expect((await stateOf(id)).state).toBe("awaiting_reply");
    const stub = testEnv.NEGOTIATIONS.get(testEnv.NEGOTIATIONS.idFromString(id));
    await runDurableObjectAlarm(stub);
    const received = await eventually(async () =>
      (await timeline(id)).find((e) => e.type === "email_received"),
    );
    expect(received.intent).toBe("counter");
  });

  it("asks a person once the model stays unavailable past the limit, or refuses the request outright", async () => {
    const late = await start("noor.late@gmail.com");
    await script({ status: 529 }, { status: 529 }, { status: 529 });
    await reply("noor.late@gmail.com", late.opening, "I'd do it for $1,300.", "<late@gmail.com>");
    const stub = testEnv.NEGOTIATIONS.get(testEnv.NEGOTIATIONS.idFromString(late.id));
    // The reply has been failing for two hours.
    await runInDurableObject(stub, async (_instance: DurableObject, state: DurableObjectState) => {
      state.storage.sql.exec("UPDATE inbox SET failed_since = ?", Date.now() - 2 * 3600_000);
    });
    await script({ status: 529 }, { status: 529 }, { status: 529 });
    await runDurableObjectAlarm(stub);
    const n = await eventually(async () => {
      const v = await stateOf(late.id);
      return v.state === "escalated" ? v : null;
    });
    expect(n.escalation.reason).toBe("model_unavailable");
    expect((await timeline(late.id)).filter((e) => e.type === "email_received")).toHaveLength(1);

    const refused = await start("noor.401@gmail.com");
    await script({ status: 401 });
    await reply("noor.401@gmail.com", refused.opening, "I'd do it for $1,300.", "<r401@gmail.com>");
    const m = await eventually(async () => {
      const v = await stateOf(refused.id);
      return v.state === "escalated" ? v : null;
    });
    expect(m.escalation.reason).toBe("model_unavailable");
  });

  it("reports the language layer and the model ids in /ready", async () => {
    const ready = await api("GET", "/ready");
    expect(ready.status).toBe(200);
    expect(ready.json.checks.models).toEqual({ ok: true });
    expect(ready.json.checks.language.detail).toBe("claude");
  });
});
