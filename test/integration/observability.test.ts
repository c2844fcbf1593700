import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EffectMessage } from "../../src/queues/messages";
import { api, eventually, replyTo } from "./helpers";

/**
 * One request id from the first request, email or alarm through the Durable Object, the queues
 * and the audit trail; and the business metrics a negotiation writes. The test watches the real
 * bindings the Worker uses: every queue producer's sends and the Analytics Engine dataset's
 * writes (the Worker, its objects and the consumers share the test's bindings).
 */

const bindings = env as unknown as Record<string, unknown> & {
  METRICS: AnalyticsEngineDataset;
  NEGOTIATIONS: DurableObjectNamespace;
};
const QUEUES = ["QUEUE_EMAILS", "QUEUE_NOTIFICATIONS", "QUEUE_PROJECTIONS"] as const;

type Message = EffectMessage;
const queued: Message[] = [];
const points: AnalyticsEngineDataPoint[] = [];
const restore: (() => void)[] = [];

beforeAll(() => {
  for (const name of QUEUES) {
    const queue = bindings[name] as Queue<unknown>;
    const sendBatch = queue.sendBatch.bind(queue);
    queue.sendBatch = (messages, options) => {
      for (const m of messages) queued.push(m.body as Message);
      return sendBatch(messages, options);
    };
    restore.push(() => {
      queue.sendBatch = sendBatch;
    });
  }
  const dataset = bindings.METRICS;
  const write = dataset.writeDataPoint.bind(dataset);
  dataset.writeDataPoint = (point) => {
    if (point) points.push(point);
    write(point);
  };
  restore.push(() => {
    dataset.writeDataPoint = write;
  });
});
afterAll(() => {
  for (const undo of restore) undo();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const rayId = () =>
  `${[...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, "0")).join("")}-SJC`;

async function campaign(overrides: Record<string, unknown> = {}) {
  const created = await api("POST", "/api/campaigns", {
    name: "Observed launch",
    cpmTargetCents: 2500,
    leniencyPct: 20,
    maxCostWithoutApprovalCents: 500000,
    deliverableTiers: ["1 Reel + 2 Stories", "1 Reel", "2 Stories"],
    usageRights: { targetDays: 90, minimumDays: 30 },
    autonomy: "autonomous",
    sendWindow: null,
    ...overrides,
  });
  expect(created.status).toBe(201);
  return created.json.id as string;
}

const creator = (email: string) => ({
  name: "Maya Lopez",
  email,
  platform: "instagram",
  handle: "mayalopez",
  averageViews: 50000,
  timezone: "America/New_York",
});

async function auditOf(query: string) {
  const { status, json } = await api("GET", `/api/audit?limit=1000&${query}`);
  expect(status).toBe(200);
  return json.events as { type: string; requestId: string | null; negotiationId: string | null }[];
}

async function sentEmails(id: string) {
  const { json } = await api("GET", `/api/negotiations/${id}/timeline`);
  return (json.events as any[]).filter((e) => e.type === "email_sent");
}

/** The negotiation a queue message is about, when it is about one. */
function negotiationOf(m: Message): string | null {
  switch (m.type) {
    case "audit":
      return m.event.negotiationId;
    case "projection":
      return m.row.id;
    case "notify":
      return m.notification.negotiationId;
    default:
      return "negotiationId" in m ? m.negotiationId : null;
  }
}

describe("request ids end to end", () => {
  it("one request's id is on its response, every queue message and every audit row it caused", async () => {
    const campaignId = await campaign();
    const ray = rayId();
    const started = await api(
      "POST",
      `/api/campaigns/${campaignId}/negotiations`,
      { creator: creator("maya.trace@gmail.com") },
      { "cf-ray": ray },
    );
    expect(started.status).toBe(201);
    expect(started.headers.get("x-request-id")).toBe(ray);
    const id = started.json.id as string;

    // The opening email goes out; its send is recorded under the request that started it.
    const rows = await eventually(async () => {
      const found = await auditOf(`requestId=${ray}`);
      return found.some((r) => r.type === "email_sent") ? found : null;
    });
    expect(new Set(rows.map((r) => r.type))).toEqual(
      new Set(["negotiation_started", "state_changed", "offer", "email_queued", "email_sent"]),
    );
    expect(rows.every((r) => r.requestId === ray && r.negotiationId === id)).toBe(true);
    // …and the negotiation has no audit row from anyone else yet.
    expect((await auditOf(`negotiationId=${id}`)).length).toBe(rows.length);

    const mine = queued.filter((m) => negotiationOf(m) === id);
    expect(mine.map((m) => m.type)).toEqual(
      expect.arrayContaining(["email", "audit", "projection"]),
    );
    expect(mine.every((m) => m.requestId === ray)).toBe(true);
  });

  it("echoes a caller's well-formed X-Request-Id, names the request itself otherwise", async () => {
    const echoed = await api("GET", "/api/campaigns", undefined, {
      "x-request-id": "client-request-0001",
      "cf-ray": rayId(),
    });
    expect(echoed.headers.get("x-request-id")).toBe("client-request-0001");
    const junk = await api("GET", "/api/campaigns", undefined, { "x-request-id": "a b" });
    expect(junk.headers.get("x-request-id")).toMatch(UUID);
    const refused = await api("GET", "/api/audit?limit=0");
    expect(refused.status).toBe(400);
    expect(refused.headers.get("x-request-id")).toBe(refused.json.error.requestId);
  });

  it("an inbound email starts its own id, carried to the reply's effects", async () => {
    const campaignId = await campaign();
    const started = await api("POST", `/api/campaigns/${campaignId}/negotiations`, {
      creator: creator("maya.inbound@gmail.com"),
    });
    const id = started.json.id as string;
    const httpId = started.headers.get("x-request-id");
    const [opening] = await eventually(async () => {
      const sent = await sentEmails(id);
      return sent.length === 1 ? sent : null;
    });
    await replyTo(opening, {
      from: "Maya Lopez <maya.inbound@gmail.com>",
      messageId: "<trace-r1@gmail.com>",
      text: "Thanks! My rate for this would be $2,400.",
    });
    const read = await eventually(async () => {
      const rows = await auditOf(`negotiationId=${id}&type=reply_read`);
      return rows[0];
    });
    const mailId = read.requestId;
    expect(mailId).toMatch(UUID);
    expect(mailId).not.toBe(httpId);
    // The counter it caused, sent and audited under the email's id.
    const caused = await eventually(async () => {
      const rows = await auditOf(`requestId=${mailId}`);
      return rows.some((r) => r.type === "email_sent") ? rows : null;
    });
    expect(caused.map((r) => r.type)).toEqual(
      expect.arrayContaining(["reply_read", "offer", "email_queued", "email_sent"]),
    );
    expect(caused.every((r) => r.negotiationId === id)).toBe(true);
    const messages = queued.filter((m) => m.requestId === mailId);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => negotiationOf(m) === id)).toBe(true);
  });

  it("an alarm starts its own id for the timers it runs", async () => {
    const campaignId = await campaign({ autonomy: "delayed", approvalWindowMinutes: 30 });
    const started = await api("POST", `/api/campaigns/${campaignId}/negotiations`, {
      creator: creator("maya.alarm@gmail.com"),
    });
    expect(started.json.state).toBe("awaiting_approval");
    const id = started.json.id as string;
    const httpId = started.headers.get("x-request-id");
    const stub = bindings.NEGOTIATIONS.get(bindings.NEGOTIATIONS.idFromString(id));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const sent = await eventually(async () => {
      const rows = await auditOf(`negotiationId=${id}&type=email_sent`);
      return rows[0];
    });
    const alarmId = sent.requestId;
    expect(alarmId).toMatch(UUID);
    expect(alarmId).not.toBe(httpId);
    const rows = await auditOf(`requestId=${alarmId}`);
    expect(rows.map((r) => r.type)).toEqual(expect.arrayContaining(["email_queued", "email_sent"]));
    expect(rows.every((r) => r.negotiationId === id)).toBe(true);
  });
});

describe("business metrics", () => {
  it("a negotiation to agreement writes its emails, reply, offer, agreement and queue latency", async () => {
    const campaignId = await campaign();
    const started = await api("POST", `/api/campaigns/${campaignId}/negotiations`, {
      creator: creator("maya.metrics@gmail.com"),
    });
    const id = started.json.id as string;
    const [opening] = await eventually(async () => {
      const sent = await sentEmails(id);
      return sent.length === 1 ? sent : null;
    });
    expect(opening.text).toContain("$1,250");
    await replyTo(opening, {
      from: "Maya Lopez <maya.metrics@gmail.com>",
      messageId: "<metrics-r1@gmail.com>",
      text: "Sounds good, $1,250 works for me. Let's do it!",
    });
    const done = await eventually(async () => {
      const n = await api("GET", `/api/negotiations/${id}`);
      return n.json.state === "agreed" ? n.json : null;
    });
    // The confirmation is sent, and every audit row recorded (each measured once, when recorded).
    await eventually(async () => {
      const sent = await sentEmails(id);
      const measured = points.filter((p) => p.blobs?.[0] === "email_sent" && p.blobs[2] === id);
      const agreed = points.some((p) => p.blobs?.[0] === "agreement" && p.blobs[2] === id);
      return sent.length === 2 && measured.length === 2 && agreed ? true : null;
    });
    const ofThis = points.filter((p) => p.blobs?.[2] === id);
    const named = (name: string) => ofThis.filter((p) => p.blobs?.[0] === name);

    // $1,250 for 50,000 average views: a $25 CPM.
    expect(done.agreedCents).toBe(125_000);
    expect(named("agreement")).toEqual([
      {
        indexes: [campaignId],
        blobs: ["agreement", campaignId, id, expect.stringMatching(UUID), ""],
        doubles: [125_000, 2500],
      },
    ]);
    // Ours, under the request that started it; theirs accepted, under the email's id.
    const agreementId = named("agreement")[0]?.blobs?.[3];
    expect(named("offer").map((p) => [p.blobs?.[4], p.blobs?.[3], p.doubles])).toEqual([
      ["opening", started.headers.get("x-request-id"), [125_000, 2500]],
      ["accepted", agreementId, [125_000, 2500]],
    ]);
    expect(named("email_sent").map((p) => [p.blobs?.[4], p.doubles?.[0]])).toEqual([
      ["opening", 125_000],
      ["agreement", expect.any(Number)],
    ]);
    // Their reply accepted without naming an amount: 0.
    expect(named("reply_read").map((p) => [p.blobs?.[4], p.doubles?.[0]])).toEqual([["accept", 0]]);
    expect(named("escalation")).toEqual([]);

    // Each message consumed is measured: its queue, type, outcome and time on the queue.
    const consumed = points.filter(
      (p) => p.blobs?.[0] === "queue_message" && p.blobs[4] === "email" && p.blobs[6] === "ack",
    );
    expect(consumed.length).toBeGreaterThanOrEqual(2);
    for (const p of consumed) {
      expect(p.indexes).toEqual(["parley-emails"]);
      expect(p.blobs?.[5]).toBe("parley-emails");
      expect(p.doubles?.[0]).toBeGreaterThanOrEqual(0);
      expect(p.doubles?.[1]).toBeGreaterThanOrEqual(1);
    }
  });
});
