import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { FakeTask } from "../fakes/sources-server";
import { api, eventually, sink } from "../integration/helpers";
import { deleteTask, deliver, putSheet, putTask, sheetUrl, state, taskEvent } from "./helpers";

const dropDown = (name: string, options: string[], chosen: number) => ({
  id: `cf-${name}`,
  name,
  type: "drop_down",
  type_config: {
    default: 0,
    options: options.map((option, i) => ({
      id: `opt-${name}-${i}`,
      name: option,
      color: null,
      orderindex: i,
    })),
  },
  value: chosen,
});
const text = (name: string, value: string, type = "short_text") => ({
  id: `cf-${name}`,
  name,
  type,
  value,
});

const task = (id: string, fields: FakeTask["custom_fields"], status = "to do"): FakeTask => ({
  id,
  name: `Spring glow ${id}`,
  status: { status, type: "open" },
  list: { id: "901" },
  custom_fields: fields,
});

const cleanFields = () => [
  text("CPM Target", "25", "currency"),
  text("Leniency", "20%"),
  text("Budget", "10000", "currency"),
  text(
    "Deliverable Tiers",
    "1 Instagram Reel + 2 Stories\n1 Instagram Reel\n3 Instagram Stories",
    "text",
  ),
  text("Usage Rights", "90 days, at least 30"),
  text("Product", "Glow serum ($45)"),
  dropDown("Autonomy", ["Review", "Autonomus"], 1),
  dropDown("Send Window", ["Business hours", "Any time"], 1),
  text("Creators Sheet", sheetUrl("SHEET_ONE_0123456789"), "url"),
  text("Unmapped field", "ignored"),
];

async function campaignFor(externalId: string) {
  const list = (await api("GET", "/api/campaigns")).json.campaigns as {
    id: string;
    externalId: string | null;
    [k: string]: unknown;
  }[];
  return list.filter((c) => c.externalId === externalId);
}

describe("ClickUp: tasks become campaigns", () => {
  it("refuses a delivery without a valid signature, before reading it", async () => {
    const wrong = await deliver(taskEvent("taskCreated", "t-any", "h0"), "00".repeat(32));
    expect(wrong.status).toBe(401);
    const missing = await deliver(taskEvent("taskCreated", "t-any", "h0"), "");
    expect(missing.status).toBe(401);
    expect((await state()).taskReads).toBe(0);
  });

  it("a created task is a campaign; the same delivery three times is one campaign and one outreach per creator", async () => {
    await putSheet("SHEET_ONE_0123456789", {
      tabs: {
        Creators: [
          ["Creator Name", "Email", "Platform", "Avg Views", "Notes"],
          ["Maya", "maya@creators.test", "Instagram", "50k", "met at summit"],
          ["Theo", "theo@creators.test", "TikTok", "120,000", ""],
          ["Ines", "ines@creators.test", "YouTube", "80000", ""],
        ],
      },
    });
    await putTask(task("t-clean", cleanFields()));
    const event = taskEvent("taskCreated", "t-clean", "2800763136717140857");
    for (let i = 0; i < 3; i++) expect((await deliver(event)).status).toBe(200);

    const [campaign] = await eventually(async () => {
      const found = await campaignFor("t-clean");
      return found.length ? found : null;
    });
    expect(campaign).toMatchObject({
      name: "Spring glow t-clean",
      cpmTargetCents: 2500,
      leniencyPct: 20,
      budgetCents: 1_000_000,
      usageRights: { targetDays: 90, minimumDays: 30 },
      product: { description: "Glow serum", valueCents: 4500 },
      autonomy: "autonomous",
      sendWindow: null,
      sheetUrl: sheetUrl("SHEET_ONE_0123456789"),
      status: "active",
    });

    const creators = ["maya@creators.test", "theo@creators.test", "ines@creators.test"];
    const sentTo = async (email: string) => (await sink.sent()).filter((m) => m.to === email);
    await eventually(async () => {
      for (const email of creators) if ((await sentTo(email)).length === 0) return false;
      return true;
    }, 20_000);
    // Let any late duplicate work land before counting.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await campaignFor("t-clean")).toHaveLength(1);
    for (const email of creators) expect(await sentTo(email)).toHaveLength(1);
    expect((await state()).comments.filter((c) => c.taskId === "t-clean")).toEqual([]);

    const audit = (await api("GET", `/api/audit?campaignId=${campaign?.id}&type=campaign_created`))
      .json.events;
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toBe("integration:clickup");

    // The sheet shows each creator's state in Parley's columns.
    const sheet = (await state()).sheets.SHEET_ONE_0123456789?.tabs.Creators ?? [];
    expect(sheet[0]?.slice(5)).toEqual([
      "Parley key",
      "Parley status",
      "Parley state",
      "Parley last offer",
    ]);
    expect(sheet.slice(1).map((r) => r[6])).toEqual(["started", "started", "started"]);
  });

  it("a task moved to a paused status pauses the campaign and its negotiations", async () => {
    const [campaign] = await campaignFor("t-clean");
    await eventually(async () => {
      const detail = (await api("GET", `/api/campaigns/${campaign?.id}`)).json;
      return detail.negotiations.length === 3 ? detail : null;
    });
    const current = (await state()).taskReads;
    await putTask(task("t-clean", cleanFields(), "On Hold"));
    expect((await deliver(taskEvent("taskStatusUpdated", "t-clean", "h-status-1"))).status).toBe(
      200,
    );
    await eventually(async () => (await state()).taskReads > current);
    const paused = await eventually(async () => {
      const detail = (await api("GET", `/api/campaigns/${campaign?.id}`)).json;
      return detail.status === "paused" &&
        detail.negotiations.every((n: { state: string }) => n.state === "paused")
        ? detail
        : null;
    });
    expect(paused.negotiations).toHaveLength(3);
    const audit = (await api("GET", `/api/audit?campaignId=${campaign?.id}&type=campaign_paused`))
      .json.events;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: "integration:clickup", stateTo: "paused" });
  });

  it("a task moved on resumes the campaign, and a cancelled one stops it for good", async () => {
    const [campaign] = await campaignFor("t-clean");
    const negotiationsOf = async () =>
      (await api("GET", `/api/campaigns/${campaign?.id}`)).json as {
        status: string;
        negotiations: { state: string }[];
      };
    await putTask(task("t-clean", cleanFields(), "In Progress"));
    await deliver(taskEvent("taskStatusUpdated", "t-clean", "h-status-2"));
    await eventually(async () => {
      const d = await negotiationsOf();
      return d.status === "active" && d.negotiations.every((n) => n.state !== "paused");
    });
    await putTask(task("t-clean", cleanFields(), "Cancelled"));
    await deliver(taskEvent("taskStatusUpdated", "t-clean", "h-status-3"));
    await eventually(async () => {
      const d = await negotiationsOf();
      return d.status === "stopped" && d.negotiations.every((n) => n.state === "stopped");
    });
    // A stopped campaign stays stopped, whatever its task says next.
    await putTask(task("t-clean", cleanFields(), "In Progress"));
    const reads = (await state()).taskReads;
    await deliver(taskEvent("taskStatusUpdated", "t-clean", "h-status-4"));
    await eventually(async () => (await state()).taskReads > reads);
    await new Promise((r) => setTimeout(r, 500));
    expect((await negotiationsOf()).status).toBe("stopped");
    const types = (
      await api("GET", `/api/audit?campaignId=${campaign?.id}&actor=integration:clickup`)
    ).json.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(["campaign_paused", "campaign_resumed", "campaign_stopped"]),
    );
  });

  it("a messy task: readable values coerced, each problem reported on the task once and in Parley", async () => {
    await putTask(
      task("t-messy", [
        text("CPM Target", "25 USD"),
        text("Leniency", "0.2"),
        text("Budget", "10k-12k"),
        text("Deliverable Tiers", "Reel\nStory\nPost\nLive", "text"),
        text("Usage Rights", "forever-ish"),
        text("Product", "Glow serum"),
        dropDown("Autonomy", ["Review", "Delayed"], 7),
        text("Creators Sheet", ""),
      ]),
    );
    expect((await deliver(taskEvent("taskCreated", "t-messy", "h-m1"))).status).toBe(200);
    const comment = await eventually(async () =>
      (await state()).comments.find((c) => c.taskId === "t-messy"),
    );
    for (const field of ["Budget", "Usage Rights", "Product", "Autonomy", "Deliverable Tiers"])
      expect(comment.text).toContain(`• ${field}:`);
    expect(comment.text).not.toContain("CPM Target");

    const [campaign] = await campaignFor("t-messy");
    expect(campaign).toMatchObject({
      cpmTargetCents: 2500,
      leniencyPct: 20,
      budgetCents: null,
      usageRights: null,
      product: null,
      autonomy: "review",
      deliverableTiers: ["Reel", "Story", "Post"],
    });
    const problems = await eventually(async () => {
      const events = (
        await api("GET", `/api/audit?campaignId=${campaign?.id}&type=campaign_source_problems`)
      ).json.events;
      return events.length ? events : null;
    });
    expect(problems[0].actor).toBe("integration:clickup");
    expect(problems[0].data.problems.map((p: { field: string }) => p.field).sort()).toEqual([
      "Autonomy",
      "Budget",
      "Deliverable Tiers",
      "Product",
      "Usage Rights",
    ]);
    const inbox = await eventually(async () => {
      const list = (await api("GET", `/api/notifications?campaignId=${campaign?.id}`)).json
        .notifications;
      return list?.length ? list : null;
    });
    expect(inbox[0]).toMatchObject({ kind: "source_problem" });

    // Redelivered, and an unrelated edit: the same problems are not commented again.
    const reads = (await state()).taskReads;
    await deliver(taskEvent("taskCreated", "t-messy", "h-m1"));
    await deliver(taskEvent("taskUpdated", "t-messy", "h-m2"));
    await eventually(async () => (await state()).taskReads >= reads + 2);
    await new Promise((r) => setTimeout(r, 500));
    expect((await state()).comments.filter((c) => c.taskId === "t-messy")).toHaveLength(1);
    expect(await campaignFor("t-messy")).toHaveLength(1);
  });

  it("a task update changes what the task carries and keeps the rest; a typo keeps the current value", async () => {
    const fields = () => cleanFields().filter((f) => f.name !== "Creators Sheet");
    await putTask(task("t-keep", fields()));
    await deliver(taskEvent("taskCreated", "t-keep", "h-k1"));
    const [created] = await eventually(async () => {
      const found = await campaignFor("t-keep");
      return found.length ? found : null;
    });
    // The team sets in Parley what the task has no field for, and a field it has none for today.
    const {
      id,
      stats: _stats,
      status: _status,
      createdAt: _c,
      updatedAt: _u,
      ...input
    } = created as Record<string, unknown>;
    const brief = {
      postingWindow: null,
      revisionRounds: 2,
      contentApproval: true,
      exclusivity: null,
      productDetails: null,
      faq: [],
    };
    const edited = await api("PUT", `/api/campaigns/${id}`, {
      ...input,
      mailboxes: ["deals@parley.example"],
      syndication: true,
      maxRounds: 7,
      brief,
    });
    expect(edited.status).toBe(200);
    // Terms an older version saved with a key the input no longer has.
    await (env as unknown as { DB: D1Database }).DB.prepare(
      "UPDATE campaigns SET terms = json_set(terms, '$.retiredKnob', 1) WHERE id = ?",
    )
      .bind(id)
      .run();

    // The task is edited: a typo in the CPM target, the budget cleared, a new leniency.
    await putTask(
      task("t-keep", [
        ...fields().filter((f) => !["CPM Target", "Budget", "Leniency"].includes(f.name)),
        text("CPM Target", "twenty-ish"),
        text("Budget", "", "currency"),
        text("Leniency", "30%"),
      ]),
    );
    await deliver(taskEvent("taskUpdated", "t-keep", "h-k2"));
    const [updated] = await eventually(async () => {
      const found = await campaignFor("t-keep");
      return found[0]?.leniencyPct === 30 ? found : null;
    });
    expect(updated).toMatchObject({
      // From the task: the new leniency, the cleared budget, the rest as before.
      leniencyPct: 30,
      budgetCents: null,
      autonomy: "autonomous",
      product: { description: "Glow serum", valueCents: 4500 },
      // The typo is reported and the campaign keeps its CPM target.
      cpmTargetCents: 2500,
      // What the task does not carry stays as the team set it.
      mailboxes: ["deals@parley.example"],
      syndication: true,
      maxRounds: 7,
      brief,
    });
    const comment = await eventually(async () =>
      (await state()).comments.find((c) => c.taskId === "t-keep"),
    );
    expect(comment.text).toContain("• CPM Target:");
    expect(comment.text).not.toContain("Budget");
  });

  it("a deleted task is told to the team once; its campaign goes on unchanged", async () => {
    await putTask(task("t-gone", [text("CPM Target", "25", "currency")]));
    await deliver(taskEvent("taskCreated", "t-gone", "h-g1"));
    const [campaign] = await eventually(async () => {
      const found = await campaignFor("t-gone");
      return found.length ? found : null;
    });
    await deleteTask("t-gone");
    await deliver(taskEvent("taskDeleted", "t-gone", "h-g2"));
    await deliver(taskEvent("taskDeleted", "t-gone", "h-g3"));
    const gone = await eventually(async () => {
      const q = `/api/notifications?campaignId=${campaign?.id}&kind=source_problem`;
      const found = (await api("GET", q)).json.notifications as { title: string }[];
      return found.length ? found : null;
    });
    // Both deliveries are worked through (the second report lands on the first).
    await new Promise((r) => setTimeout(r, 1000));
    const again = await api(
      "GET",
      `/api/notifications?campaignId=${campaign?.id}&kind=source_problem`,
    );
    expect(again.json.notifications).toHaveLength(1);
    expect(gone[0]?.title).toContain("is gone");
    const audit = await api(
      "GET",
      `/api/audit?campaignId=${campaign?.id}&type=campaign_source_gone`,
    );
    expect(audit.json.events).toHaveLength(1);
    expect(audit.json.events[0].actor).toBe("integration:clickup");
    expect((await campaignFor("t-gone"))[0]?.status).toBe("active");
  });

  it("ignores tasks of other lists", async () => {
    await putTask({
      ...task("t-other", [text("CPM Target", "25", "currency")]),
      list: { id: "77" },
    });
    const reads = (await state()).taskReads;
    await deliver(taskEvent("taskCreated", "t-other", "h-o1"));
    await eventually(async () => (await state()).taskReads > reads);
    await new Promise((r) => setTimeout(r, 300));
    expect(await campaignFor("t-other")).toHaveLength(0);
  });
});
