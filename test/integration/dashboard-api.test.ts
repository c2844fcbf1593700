import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { failedJobs, negotiations, notifications } from "../../src/db/schema";
import { api, eventually } from "./helpers";

const db = () => drizzle((env as unknown as { DB: D1Database }).DB);

async function newCampaign(body: Record<string, unknown> = {}): Promise<string> {
  const created = await api("POST", "/api/campaigns", {
    name: "Dashboard",
    cpmTargetCents: 2500,
    leniencyPct: 20,
    autonomy: "review",
    sendWindow: null,
    ...body,
  });
  expect(created.status).toBe(201);
  return created.json.id;
}

/** Projection rows written straight to D1: a campaign of any size without running objects. */
async function seed(
  campaignId: string,
  rows: Partial<typeof negotiations.$inferInsert>[],
  start = 0,
) {
  const now = Date.parse("2026-11-01T00:00:00Z");
  const values = rows.map((r, j) => {
    const i = start + j;
    return {
      id: `${campaignId}-n${i}`,
      campaignId,
      creatorName: `Creator ${String(i).padStart(4, "0")}`,
      creatorEmail: `c${i}@seed.test`,
      platform: "instagram",
      state: "awaiting_reply",
      round: 1,
      counterpartyType: "creator",
      contacts: [],
      seq: 1,
      createdAt: new Date(now + i * 1000).toISOString(),
      updatedAt: new Date(now + i * 1000).toISOString(),
      ...r,
    };
  });
  // D1 binds at most 100 variables a statement: a few rows per insert, one batch.
  const d = db();
  const inserts = [];
  for (let i = 0; i < values.length; i += 4)
    inserts.push(d.insert(negotiations).values(values.slice(i, i + 4)));
  const [first, ...rest] = inserts;
  if (first) await d.batch([first, ...rest]);
}

const list = (id: string, query = "") => api("GET", `/api/campaigns/${id}/negotiations?${query}`);

describe("GET /api/campaigns/:id/negotiations", () => {
  it("pages, filters and sorts on the server, with the total", async () => {
    const id = await newCampaign();
    await seed(id, [
      { creatorName: "Maya", state: "escalated", lastOfferCents: 90000, theirAskCents: 150000 },
      { creatorName: "Sam", state: "awaiting_approval", lastOfferCents: 50000 },
      { creatorName: "Kim", counterpartyType: "manager", agency: "talent.test" },
      { creatorName: "Jo", state: "agreed", round: 3, agreedCents: 60000, agreedCpmCents: 2400 },
      { creatorName: "Lee", state: "agreed", round: 5, agreedCents: 70000, agreedCpmCents: 2800 },
    ]);

    const first = await list(id, "limit=2");
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect(first.json.negotiations.map((n: { creatorName: string }) => n.creatorName)).toEqual([
      "Lee",
      "Jo",
    ]);
    const last = await list(id, "limit=2&offset=4");
    expect(last.json.negotiations).toHaveLength(1);
    expect(last.json.negotiations[0]).not.toHaveProperty("seq");

    const byName = await list(id, "sort=name&order=asc");
    expect(byName.json.negotiations.map((n: { creatorName: string }) => n.creatorName)).toEqual([
      "Jo",
      "Kim",
      "Lee",
      "Maya",
      "Sam",
    ]);
    // Missing offers sort last in both directions.
    const byOffer = await list(id, "sort=lastOffer&order=asc");
    expect(
      byOffer.json.negotiations.slice(0, 2).map((n: { creatorName: string }) => n.creatorName),
    ).toEqual(["Sam", "Maya"]);
    const states = await list(id, "state=escalated,awaiting_approval");
    expect(states.json.total).toBe(2);
    expect((await list(id, "counterparty=agency")).json.negotiations[0].creatorName).toBe("Kim");
    expect((await list(id, "counterparty=manager")).json.total).toBe(1);
    expect((await list(id, "agency=TALENT.test")).json.total).toBe(1);
    const found = await list(id, "q=MAY");
    expect(found.json.negotiations.map((n: { theirAskCents: number }) => n.theirAskCents)).toEqual([
      150000,
    ]);
    expect((await list(id, "q=c3%40seed")).json.total).toBe(1);

    for (const bad of ["sort=nope", "state=open", "limit=500", "offset=-1", "order=up"]) {
      const res = await list(id, bad);
      expect(res.status, bad).toBe(400);
      expect(res.json.error.code).toBe("validation_failed");
    }
    expect((await list("no-such-campaign")).status).toBe(404);
  });

  it("answers a page of a 5,000-negotiation campaign without loading the rest", async () => {
    const id = await newCampaign({ name: "Big" });
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      state: i % 10 === 0 ? "agreed" : "awaiting_reply",
      round: (i % 5) + 1,
      lastOfferCents: 1000 + i,
    }));
    for (let i = 0; i < rows.length; i += 500) await seed(id, rows.slice(i, i + 500), i);
    const started = Date.now();
    const page = await list(id, "sort=lastOffer&order=desc&limit=50&offset=100&state=agreed");
    expect(page.status).toBe(200);
    expect(page.json.negotiations).toHaveLength(50);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("campaign metrics", () => {
  it("gives deal rate, median rounds, the band and the agreed deals", async () => {
    const id = await newCampaign({ name: "Metrics", budgetCents: 1_000_000 });
    await seed(id, [
      { state: "agreed", round: 1, agreedCents: 50000, agreedCpmCents: 2500 },
      { state: "agreed", round: 4, agreedCents: 60000, agreedCpmCents: 2900 },
      { state: "agreed", round: 3, agreedCents: 40000, agreedCpmCents: 2000 },
      { state: "agreed", round: 2, agreedCents: 40000, agreedCpmCents: 2000 },
      { state: "declined" },
      { state: "escalated", agency: "talent.test" },
      { state: "stopped", agency: "talent.test" },
    ]);
    const res = await api("GET", `/api/campaigns/${id}/metrics`);
    expect(res.status).toBe(200);
    expect(res.json.stats).toMatchObject({
      negotiations: 7,
      agreed: 4,
      active: 1,
      escalated: 1,
      closed: 6,
      dealRate: 4 / 6,
      medianRounds: 2.5,
      budgetUsedCents: 190000,
      band: { floorCpmCents: 2500, ceilingCpmCents: 3000 },
    });
    expect(res.json.budgetCents).toBe(1_000_000);
    expect(res.json.deals).toHaveLength(4);
    expect(res.json.agencies).toEqual([{ agency: "talent.test", total: 2, open: 1 }]);

    const listed = await api("GET", "/api/campaigns");
    const mine = listed.json.campaigns.find((c: { id: string }) => c.id === id);
    expect(mine.stats).toMatchObject({ medianRounds: 2.5, dealRate: 4 / 6, escalated: 1 });
    const empty = await newCampaign({ name: "Empty" });
    const none = (await api("GET", `/api/campaigns/${empty}/metrics`)).json.stats;
    expect(none).toMatchObject({ negotiations: 0, dealRate: null, medianRounds: null });

    const bare = await api("GET", `/api/campaigns/${id}?negotiationsLimit=0`);
    expect(bare.json.negotiations).toEqual([]);
    expect(
      (await api("GET", `/api/campaigns/${id}?negotiationsLimit=2`)).json.negotiations,
    ).toHaveLength(2);
  });
});

describe("PUT /api/campaigns/:id", () => {
  it("replaces name and terms, audits the change and refuses bad fields", async () => {
    const id = await newCampaign({ name: "Before" });
    const res = await api("PUT", `/api/campaigns/${id}`, {
      name: "After",
      cpmTargetCents: 3000,
      leniencyPct: 10,
      autonomy: "delayed",
      approvalWindowMinutes: 30,
      sendWindow: { days: ["mon", "tue"], start: "10:00", end: "16:00" },
      followUps: { afterBusinessDays: [3] },
      externalId: "CU-123",
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id,
      name: "After",
      cpmTargetCents: 3000,
      autonomy: "delayed",
      externalId: "CU-123",
      followUps: { afterBusinessDays: [3] },
      stats: { band: { floorCpmCents: 3000, ceilingCpmCents: 3300 } },
    });
    expect((await api("GET", `/api/campaigns/${id}`)).json.name).toBe("After");
    await eventually(async () => {
      const audit = await api("GET", `/api/audit?campaignId=${id}&type=campaign_updated`);
      return audit.json.events[0]?.data.previous.name === "Before";
    });

    const bad = await api("PUT", `/api/campaigns/${id}`, { name: "", maxRounds: 0 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      "maxRounds",
      "name",
    ]);
    const other = await newCampaign({ name: "Other" });
    const clash = await api("PUT", `/api/campaigns/${other}`, { name: "x", externalId: "CU-123" });
    expect(clash.status).toBe(409);
    expect(clash.json.error.code).toBe("external_id_taken");
    expect((await api("PUT", "/api/campaigns/nope", { name: "x" })).status).toBe(404);
  });
});

describe("mailboxes and notifications", () => {
  it("lists the sending mailbox", async () => {
    const res = await api("GET", "/api/mailboxes");
    expect(res.status).toBe(200);
    expect(res.json.mailboxes).toEqual([
      expect.objectContaining({
        address: "deals@parley.example",
        paused: false,
        gmailAccount: null,
      }),
    ]);
  });

  it("dismisses informational notifications, never ones waiting for a decision", async () => {
    const at = new Date().toISOString();
    const base = { at, campaignId: null, negotiationId: null, detail: "d", data: {} };
    await db()
      .insert(notifications)
      .values([
        { ...base, id: "dash-agreement", kind: "agreement", title: "Deal" },
        { ...base, id: "dash-escalation", kind: "escalation", title: "Look" },
      ]);
    const done = await api("POST", "/api/notifications/dash-agreement/dismiss");
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ resolution: "Dismissed", resolvedBy: "token:bootstrap" });
    const again = await api("POST", "/api/notifications/dash-agreement/dismiss");
    expect(again.json.resolvedAt).toBe(done.json.resolvedAt);
    const refused = await api("POST", "/api/notifications/dash-escalation/dismiss");
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("not_dismissible");
    expect((await api("POST", "/api/notifications/nope/dismiss")).status).toBe(404);
    const open = await api("GET", "/api/notifications?status=open");
    const ids = open.json.notifications.map((n: { id: string }) => n.id);
    expect(ids).toContain("dash-escalation");
    expect(ids).not.toContain("dash-agreement");
    await eventually(async () => {
      const audit = await api("GET", "/api/audit?type=notification_dismissed");
      return audit.json.events.some(
        (e: { data: { notificationId: string } }) => e.data.notificationId === "dash-agreement",
      );
    });
  });
});

describe("static assets", () => {
  it("serves the dashboard's index for app routes, and /api stays the Worker's", async () => {
    const assets = (env as unknown as { ASSETS: Fetcher }).ASSETS;
    const page = await assets.fetch("http://parley.test/campaigns/abc", {
      headers: { "sec-fetch-mode": "navigate", accept: "text/html" },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });
});

describe("import preview", () => {
  it("reports what an import would do and starts nothing", async () => {
    const id = await newCampaign({ name: "Preview" });
    const started = await api("POST", `/api/campaigns/${id}/negotiations`, {
      creator: { name: "Old", email: "old@preview.test", platform: "tiktok", averageViews: 9000 },
    });
    expect(started.status).toBe(201);
    // The projection reaches D1 through the queue.
    await eventually(async () => (await list(id)).json.total === 1);
    const csv = [
      "name,email,platform,averageViews",
      "New,new@preview.test,instagram,50000",
      "Again,NEW@preview.test,instagram,50000",
      "Old,old@preview.test,tiktok,9000",
      "Bad,bad,instagram,1",
    ].join("\n");
    const path = `/api/campaigns/${id}/creators:import?dryRun=true`;
    const res = await api("POST", path, csv, { "content-type": "text/csv" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ dryRun: true, new: 1, duplicates: 2, invalid: 1 });
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual([
      "new",
      "duplicate",
      "duplicate",
      "invalid",
    ]);
    expect(res.json.results[2].negotiationId).toBe(started.json.id);
    const after = await api("GET", `/api/campaigns/${id}/metrics`);
    expect(after.json.stats.negotiations).toBeLessThanOrEqual(1);
  });
});

describe("the inbox pages through every notification", () => {
  it("pages newest first with an opaque cursor: no row twice, none skipped, ties on time kept", async () => {
    const campaignId = crypto.randomUUID();
    // Seven notifications, two of them at the same instant (the cursor orders ties by id).
    const at = (i: number) =>
      new Date(Date.parse("2026-10-01T00:00:00Z") + i * 60_000).toISOString();
    const rows = Array.from({ length: 7 }, (_, i) => ({
      id: `page-${i}`,
      at: at(i === 6 ? 5 : i),
      kind: "agreement",
      campaignId,
      negotiationId: null,
      title: `Deal ${i}`,
      detail: "",
    }));
    await db().insert(notifications).values(rows);

    const seen: string[] = [];
    let before: string | null = null;
    for (let page = 0; page < 5; page++) {
      const query = new URLSearchParams({ campaignId, limit: "3", ...(before ? { before } : {}) });
      const res = await api("GET", `/api/notifications?${query}`);
      expect(res.status).toBe(200);
      seen.push(...res.json.notifications.map((n: { id: string }) => n.id));
      before = res.json.nextBefore;
      if (before === null) break;
    }
    expect(seen).toEqual(["page-6", "page-5", "page-4", "page-3", "page-2", "page-1", "page-0"]);
    expect(before).toBeNull();

    const bad = await api("GET", `/api/notifications?before=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("validation_failed");
  });
});

describe("failed jobs page like the inbox", () => {
  it("pages newest first, filters by status and kind, and counts every dead letter waiting", async () => {
    const negotiationId = crypto.randomUUID();
    const waitingBefore = (await api("GET", "/api/failed-jobs?limit=1")).json.waiting as number;
    const at = (i: number) =>
      new Date(Date.parse("2026-10-02T00:00:00Z") + i * 60_000).toISOString();
    // Five dead letters, two at the same instant; the oldest two were replayed already.
    const rows = Array.from({ length: 5 }, (_, i) => ({
      id: `job-${i}`,
      queue: i === 4 ? "parley-notifications" : "parley-emails",
      kind: i === 4 ? "notify" : "email",
      effectKey: `effect-${i}`,
      negotiationId,
      body: { kind: "email", negotiationId },
      attempts: 5,
      failedAt: at(i === 4 ? 3 : i),
      replayedAt: i < 2 ? at(10) : null,
      replayedBy: i < 2 ? "token:bootstrap" : null,
    }));
    await db().insert(failedJobs).values(rows);

    const seen: string[] = [];
    let before: string | null = null;
    for (let page = 0; page < 5; page++) {
      const query = new URLSearchParams({
        negotiationId,
        limit: "2",
        ...(before ? { before } : {}),
      });
      const res = await api("GET", `/api/failed-jobs?${query}`);
      expect(res.status).toBe(200);
      expect(res.json.failedJobs.length).toBeLessThanOrEqual(2);
      seen.push(...res.json.failedJobs.map((j: { id: string }) => j.id));
      before = res.json.nextBefore;
      if (before === null) break;
    }
    expect(seen).toEqual(["job-4", "job-3", "job-2", "job-1", "job-0"]);

    const ids = async (query: string) =>
      (
        await api("GET", `/api/failed-jobs?negotiationId=${negotiationId}&${query}`)
      ).json.failedJobs.map((j: { id: string }) => j.id);
    expect(await ids("status=waiting")).toEqual(["job-4", "job-3", "job-2"]);
    expect(await ids("status=replayed")).toEqual(["job-1", "job-0"]);
    expect(await ids("status=waiting&kind=email")).toEqual(["job-3", "job-2"]);
    const all = await api("GET", "/api/failed-jobs?limit=1");
    expect(all.json.waiting).toBe(waitingBefore + 3);

    for (const bad of ["before=not-a-cursor", "status=stuck", "limit=0"]) {
      const res = await api("GET", `/api/failed-jobs?${bad}`);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("validation_failed");
    }
  });
});
