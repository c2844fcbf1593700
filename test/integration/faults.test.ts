import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { api, deliverEmail, eventually, rawReply, type SentMail, sink } from "./helpers";

const testEnv = env as unknown as { NEGOTIATIONS: DurableObjectNamespace };

const header = (raw: string, name: string) =>
  new RegExp(`^${name}:\\s*(.+)$`, "im").exec(raw)?.[1]?.trim() ?? "";

async function sentTo(address: string): Promise<SentMail[]> {
  return (await sink.sent()).filter((m) => m.to === address);
}

async function startNegotiation(email: string, campaign: Record<string, unknown> = {}) {
  const c = await api("POST", "/api/campaigns", {
    name: `Faults ${email}`,
    cpmTargetCents: 2500,
    leniencyPct: 20,
    autonomy: "autonomous",
    sendWindow: null,
    ...campaign,
  });
  expect(c.status).toBe(201);
  const n = await api("POST", `/api/campaigns/${c.json.id}/negotiations`, {
    creator: {
      name: "Sam Rivera",
      email,
      platform: "youtube",
      averageViews: 50000,
      timezone: "Europe/London",
    },
  });
  expect(n.status).toBe(201);
  return { campaignId: c.json.id as string, id: n.json.id as string };
}

const stubFor = (id: string) => testEnv.NEGOTIATIONS.get(testEnv.NEGOTIATIONS.idFromString(id));

async function auditCount(id: string, type: string): Promise<number> {
  const { json } = await api("GET", `/api/audit?negotiationId=${id}&type=${type}&limit=1000`);
  return json.events.length;
}

/** Lets queued work settle, then checks a count stays put (no late duplicate). */
async function settled<T>(read: () => Promise<T>): Promise<T> {
  await new Promise((r) => setTimeout(r, 1500));
  return read();
}

/** Waits for a count to reach `expected` (queues are asynchronous), then checks it stays there. */
async function expectCount(read: () => Promise<number>, expected: number): Promise<void> {
  if (expected > 0)
    await eventually(async () => ((await read()) >= expected ? true : null), 15_000);
  expect(await settled(read)).toBe(expected);
}

beforeEach(async () => {
  await sink.reset();
});

describe("exactly-once effects under at-least-once delivery", () => {
  it("processes the same inbound email delivered three times once", async () => {
    const { id } = await startNegotiation("triple@gmail.com");
    const [opening] = await eventually(async () =>
      (await sentTo("triple@gmail.com")).length === 1 ? sentTo("triple@gmail.com") : null,
    );
    const reply = rawReply({
      from: "Sam Rivera <triple@gmail.com>",
      to: header(opening?.raw ?? "", "Reply-To"),
      subject: `Re: ${header(opening?.raw ?? "", "Subject")}`,
      inReplyTo: header(opening?.raw ?? "", "Message-ID"),
      messageId: "<same-reply-1@gmail.com>",
      text: "Thanks for reaching out! My rate would be $1,400.",
    });
    await Promise.all(
      [1, 2, 3].map(() => deliverEmail(reply, "triple@gmail.com", "deals@parley.example")),
    );
    await eventually(async () => ((await sentTo("triple@gmail.com")).length === 2 ? true : null));
    expect(await settled(async () => (await sentTo("triple@gmail.com")).length)).toBe(2);
    const timeline = (await api("GET", `/api/negotiations/${id}/timeline`)).json.events as {
      type: string;
    }[];
    expect(timeline.filter((e) => e.type === "email_received")).toHaveLength(1);
    await expectCount(() => auditCount(id, "reply_read"), 1);
    await expectCount(() => auditCount(id, "email_sent"), 2);
  });

  it("delivers an outbox row written before an eviction, once, even when the alarm fires twice", async () => {
    // A send window that is never open now keeps the opening email in the outbox, due later.
    const closedToday = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
      .filter((_, i) => i !== (new Date().getUTCDay() + 6) % 7)
      .slice(0, 1);
    const { id } = await startNegotiation("evicted@gmail.com", {
      sendWindow: { days: closedToday, start: "09:00", end: "10:00" },
    });
    await settled(async () => null);
    expect(await sentTo("evicted@gmail.com")).toHaveLength(0);

    const stub = stubFor(id);
    await evictDurableObject(stub);
    // The same alarm delivered twice: both firings see what they were armed for; the second finds it done.
    await runInDurableObject(stub, async (instance: DurableObject) => {
      const object = instance as unknown as { alarm(): Promise<void> };
      await Promise.all([object.alarm(), object.alarm()]);
    });
    await eventually(async () => ((await sentTo("evicted@gmail.com")).length === 1 ? true : null));
    expect(await settled(async () => (await sentTo("evicted@gmail.com")).length)).toBe(1);
    await expectCount(() => auditCount(id, "email_sent"), 1);
    const timeline = (await api("GET", `/api/negotiations/${id}/timeline`)).json.events as {
      type: string;
    }[];
    expect(timeline.filter((e) => e.type === "email_sent")).toHaveLength(1);

    // The next firing is the first follow-up, and it too happens once.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await eventually(async () => ((await sentTo("evicted@gmail.com")).length === 2 ? true : null));
    expect(await settled(async () => (await sentTo("evicted@gmail.com")).length)).toBe(2);
    const followUp = (await sentTo("evicted@gmail.com"))[1]?.raw ?? "";
    expect(header(followUp, "In-Reply-To")).toBe(
      header((await sentTo("evicted@gmail.com"))[0]?.raw ?? "", "Message-ID"),
    );
  });

  it("retries a transport that fails twice, then sends exactly one email", async () => {
    await sink.configure({ failNext: 2 });
    const { id } = await startNegotiation("flaky@gmail.com");
    await eventually(
      async () => ((await sentTo("flaky@gmail.com")).length === 1 ? true : null),
      20_000,
    );
    expect(await sink.attempts()).toBe(3);
    expect(await settled(async () => (await sentTo("flaky@gmail.com")).length)).toBe(1);
    await expectCount(() => auditCount(id, "email_sent"), 1);
    const failed = (await api("GET", "/api/failed-jobs")).json.failedJobs as {
      negotiationId: string;
    }[];
    expect(failed.filter((f) => f.negotiationId === id)).toHaveLength(0);
  });

  it("dead-letters a transport that always fails, records it and tells a person", async () => {
    await sink.configure({ failAlways: true });
    const { id } = await startNegotiation("down@gmail.com");
    const failed = await eventually(async () => {
      const rows = (await api("GET", "/api/failed-jobs")).json.failedJobs as {
        negotiationId: string;
        kind: string;
      }[];
      const mine = rows.filter((f) => f.negotiationId === id);
      return mine.length ? mine : null;
    }, 25_000);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.kind).toBe("email");
    expect(await sentTo("down@gmail.com")).toHaveLength(0);
    await expectCount(() => auditCount(id, "dead_letter"), 1);
    const notes = (await api("GET", "/api/notifications")).json.notifications as {
      kind: string;
      negotiationId: string;
    }[];
    expect(notes.filter((n) => n.kind === "failure" && n.negotiationId === id)).toHaveLength(1);
    await expectCount(() => auditCount(id, "email_sent"), 0);
  });

  it("replays a dead letter once the transport is back: sent once, audited, the failure settled", async () => {
    await sink.configure({ failAlways: true });
    const { id } = await startNegotiation("replay@gmail.com");
    const [job] = await eventually(async () => {
      const rows = (await api("GET", "/api/failed-jobs")).json.failedJobs as {
        id: string;
        negotiationId: string;
      }[];
      const mine = rows.filter((f) => f.negotiationId === id);
      return mine.length ? mine : null;
    }, 25_000);
    await sink.configure({ failAlways: false });
    const path = `/api/failed-jobs/${encodeURIComponent(String(job?.id))}/replay`;
    const first = await api("POST", path);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      replayed: true,
      failedJob: { replayedBy: "token:bootstrap" },
    });
    // Idempotent: a second replay (a double click, a retried request) sends nothing more.
    const second = await api("POST", path);
    expect(second.json.replayed).toBe(false);
    // A bulk replay after the outage skips what was already replayed.
    const bulk = await api("POST", "/api/failed-jobs/replay", {});
    expect(bulk.status).toBe(200);
    await expectCount(async () => (await sentTo("replay@gmail.com")).length, 1);
    await expectCount(() => auditCount(id, "email_sent"), 1);
    await expectCount(() => auditCount(id, "failed_job_replayed"), 1);
    const failure = (await api("GET", `/api/notifications?negotiationId=${id}&kind=failure`)).json
      .notifications[0];
    expect(failure).toMatchObject({ resolution: "Replayed", resolvedBy: "token:bootstrap" });
    expect((await api("POST", "/api/failed-jobs/nope/replay")).status).toBe(404);
  });
});

describe("the global pause", () => {
  it("holds every send, queued ones included, and lets them go exactly once on resume", async () => {
    const paused = await api("POST", "/api/settings/pause", { reason: "incident drill" });
    expect(paused.status).toBe(200);
    expect(paused.json.globalPause).toMatchObject({ paused: true, by: "token:bootstrap" });
    try {
      const ready = await api("GET", "/ready");
      expect(ready.json.checks.globalPause.detail).toContain("incident drill");
      // The opening is decided and queued, but held when the consumer asks before sending.
      const { id } = await startNegotiation("held@gmail.com");
      await eventually(async () => {
        const { json } = await api("GET", `/api/negotiations/${id}/timeline`);
        return (json.events as { type: string }[]).some((e) => e.type === "email_queued");
      });
      expect(await settled(async () => (await sentTo("held@gmail.com")).length)).toBe(0);
      await eventually(async () => (await api("GET", "/api/settings")).json.heldSends === 1);
      expect((await api("GET", "/api/settings")).json).toMatchObject({
        globalPause: { paused: true, by: "token:bootstrap", reason: "incident drill" },
        heldSends: 1,
      });
      // Pausing again changes nothing.
      expect((await api("POST", "/api/settings/pause", {})).json.changed).toBe(false);

      const resumed = await api("POST", "/api/settings/resume");
      expect(resumed.json).toMatchObject({ globalPause: { paused: false }, changed: true });
      await expectCount(async () => (await sentTo("held@gmail.com")).length, 1);
      await expectCount(() => auditCount(id, "email_sent"), 1);
      await eventually(async () => (await api("GET", "/api/settings")).json.heldSends === 0);
      const audit = (await api("GET", "/api/audit?type=global_pause")).json.events;
      expect(audit[0]).toMatchObject({
        actor: "token:bootstrap",
        data: { reason: "incident drill" },
      });
      expect((await api("GET", "/api/audit?type=global_resume")).json.events).toHaveLength(1);
    } finally {
      await api("POST", "/api/settings/resume");
    }
  });
});

describe("stored state that cannot be read", () => {
  const meta = (id: string) =>
    runInDurableObject(stubFor(id), async (_instance, state: DurableObjectState) => {
      const row = state.storage.sql
        .exec<{ value: string }>("SELECT value FROM meta WHERE key = 'negotiation'")
        .one();
      return JSON.parse(row.value) as { v: number; data: Record<string, unknown> };
    });
  const writeMeta = (id: string, value: string) =>
    runInDurableObject(stubFor(id), async (_instance, state: DurableObjectState) => {
      state.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'negotiation'", value);
    });
  const unreadableNotes = async (id: string) =>
    (await api("GET", `/api/notifications?status=all&kind=unreadable_state&negotiationId=${id}`))
      .json.notifications as { id: string; detail: string; data: string | object }[];

  it("reads an aggregate an older version wrote, with the newer fields' defaults", async () => {
    const { id } = await startNegotiation("old-shape@gmail.com");
    const stored = await meta(id);
    const data = stored.data as Record<string, Record<string, unknown>> & Record<string, unknown>;
    delete data.openQuestions;
    delete data.counterparty?.name;
    for (const field of ["tierShares", "autoSend", "brief"]) delete data.terms?.[field];
    for (const field of ["packageValueCents", "richerOfferCents"]) delete data.lastOffer?.[field];
    await writeMeta(id, JSON.stringify(stored));

    const view = (await api("GET", `/api/negotiations/${id}`)).json;
    expect(view.openQuestions).toEqual([]);
    const { amountCents, product } = view.lastOffer;
    expect(view.lastOffer.packageValueCents).toBe(amountCents + (product?.valueCents ?? 0));
    // The next change writes the current shape.
    expect((await api("POST", `/api/negotiations/${id}/pause`, {})).status).toBe(200);
    const saved = (await meta(id)).data as Record<string, Record<string, unknown>>;
    expect(saved.openQuestions).toEqual([]);
    expect(saved.terms).toMatchObject({ tierShares: [100, 70, 50], brief: null });
    expect(saved.counterparty).toMatchObject({ name: null });
  });

  it("reports an unreadable aggregate instead of looping the alarm, and answers a clean 500", async () => {
    const { id } = await startNegotiation("corrupt-meta@gmail.com");
    await writeMeta(id, JSON.stringify({ v: 1, data: { id, state: "haggling" } }));
    const res = await api("GET", `/api/negotiations/${id}`);
    expect(res.status).toBe(500);
    expect(res.json.error.code).toBe("internal_error");
    // The armed follow-up alarm fires, reports, and stops without throwing.
    expect(await runDurableObjectAlarm(stubFor(id))).toBe(true);
    const notes = await eventually(async () => {
      const found = await unreadableNotes(id);
      return found.length ? found : null;
    });
    expect(notes).toHaveLength(1);
    expect(notes[0]?.detail).toContain("on hold");
    expect(JSON.stringify(notes[0])).not.toContain("corrupt-meta@gmail.com");
    expect(await runDurableObjectAlarm(stubFor(id))).toBe(false);
  });

  it("sets an unreadable outbox email aside, reports it and sends nothing from it", async () => {
    // A send window that is never open now keeps the opening email in the outbox, due later.
    const closedToday = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
      .filter((_, i) => i !== (new Date().getUTCDay() + 6) % 7)
      .slice(0, 1);
    const { id } = await startNegotiation("corrupt-outbox@gmail.com", {
      sendWindow: { days: closedToday, start: "09:00", end: "10:00" },
    });
    await runInDurableObject(stubFor(id), async (_instance, state: DurableObjectState) => {
      state.storage.sql.exec(
        `UPDATE outbox SET payload = '{"email":{"to":"nobody"}}' WHERE kind = 'email'`,
      );
    });
    await runDurableObjectAlarm(stubFor(id));
    const rows = await runInDurableObject(stubFor(id), async (_i, state: DurableObjectState) =>
      state.storage.sql
        .exec<{ status: string }>("SELECT status FROM outbox WHERE kind = 'email'")
        .toArray(),
    );
    expect(rows).toEqual([{ status: "unreadable" }]);
    const notes = await eventually(async () => {
      const found = await unreadableNotes(id);
      return found.length ? found : null;
    });
    expect(notes[0]?.detail).toContain("set aside an unreadable outbox row");
    expect(await settled(async () => (await sentTo("corrupt-outbox@gmail.com")).length)).toBe(0);
    // The negotiation itself still answers.
    expect((await api("GET", `/api/negotiations/${id}`)).status).toBe(200);
  });
});
