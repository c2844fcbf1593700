import { describe, expect, it } from "vitest";
import { api, eventually, runCron } from "../integration/helpers";
import {
  expireGoogleTokens,
  polledAt,
  putSheet,
  query,
  sheetFaults,
  sheetUrl,
  state,
} from "./helpers";

interface SheetRow {
  row_key: string;
  status: string;
  email: string | null;
  negotiation_id: string | null;
  problem: string | null;
  row_number: number;
  deleted_at: string | null;
}

const rowsOf = (campaignId: string) =>
  query<SheetRow>("select * from sheet_rows where campaign_id = ? order by row_number", campaignId);

async function createCampaign(name: string, sheetId: string, sheetTab: string | null = null) {
  const created = await api("POST", "/api/campaigns", {
    name,
    cpmTargetCents: 2500,
    leniencyPct: 20,
    sheetUrl: sheetUrl(sheetId),
    sheetTab,
  });
  expect(created.status).toBe(201);
  return created.json.id as string;
}

/** Runs the cron and waits until this campaign's sheet was polled after it. */
async function pollOnce(campaignId: string, timeoutMs = 30_000) {
  const before = await polledAt(campaignId);
  await runCron();
  await eventually(async () => {
    const at = await polledAt(campaignId);
    return at !== null && at !== before;
  }, timeoutMs);
}

const tab = async (sheetId: string, title: string) =>
  (await state()).sheets[sheetId]?.tabs[title] ?? [];

describe("Google Sheets: a campaign's creators, polled by the cron", () => {
  it("500 rows with duplicates, bad emails and '50k' views: the right negotiations and a status per row", async () => {
    const header = ["EMAIL ADDRESS", "Influencer", "Avg. Views", "Network", "Engagement", "Notes"];
    const platforms = ["Instagram", "tiktok", "YouTube"];
    const views = ["50k", "12,500", "30000", "1.2M"];
    const rows: string[][] = [];
    for (let i = 0; i < 470; i++)
      rows.push([
        `c${i}@creators.test`,
        `Creator ${i}`,
        views[i % views.length] as string,
        platforms[i % platforms.length] as string,
        i % 2 ? "4.5%" : "",
        "",
      ]);
    for (let i = 0; i < 15; i++)
      rows.splice(100 + i * 20, 0, [`C${i}@Creators.test`, `Again ${i}`, "40k", "IG", "", "dupe"]);
    for (let i = 0; i < 15; i++)
      rows.splice(50 + i * 25, 0, [`not-an-email-${i}`, `Bad ${i}`, "10k", "Instagram", "", ""]);
    expect(rows).toHaveLength(500);
    await putSheet("SHEET_BIG_0123456789", {
      tabs: { Other: [["x"]], "Test Client": [header, ...rows] },
    });
    // The tab is named "Test Client"; the campaign says "test client".
    const campaignId = await createCampaign("Big sheet", "SHEET_BIG_0123456789", "test client");
    const writesBefore = (await state()).batchUpdates;

    await pollOnce(campaignId, 90_000);
    const tracked = await rowsOf(campaignId);
    const count = (status: string) => tracked.filter((r) => r.status === status).length;
    expect([count("started"), count("duplicate"), count("invalid")]).toEqual([470, 15, 15]);
    expect(new Set(tracked.map((r) => r.negotiation_id).filter(Boolean)).size).toBe(470);
    // One write request for the whole sheet: Parley's four columns, header included.
    expect((await state()).batchUpdates).toBe(writesBefore + 1);

    const sheet = await tab("SHEET_BIG_0123456789", "Test Client");
    expect(sheet[0]?.slice(6)).toEqual([
      "Parley key",
      "Parley status",
      "Parley state",
      "Parley last offer",
    ]);
    const byEmail = (email: string) => sheet.find((r) => r[0] === email) ?? [];
    expect(byEmail("c0@creators.test")[7]).toBe("started");
    const firstRowOfC0 = sheet.indexOf(byEmail("c0@creators.test")) + 1;
    expect(byEmail("C0@Creators.test")[7]).toBe(`duplicate of row ${firstRowOfC0}`);
    expect(byEmail("not-an-email-0")[7]).toMatch(
      /^invalid: "not-an-email-0" is not an email address/,
    );
    expect(sheet.slice(1).every((r) => /^p-[0-9a-z]{14}/.test(r[6] ?? ""))).toBe(true);

    // "50k" views became 50,000.
    const c0 = tracked.find((r) => r.email === "c0@creators.test");
    const negotiation = (await api("GET", `/api/negotiations/${c0?.negotiation_id}`)).json;
    expect(negotiation.creator).toMatchObject({ averageViews: 50_000, platform: "instagram" });

    // Per-row problems are in Parley too: an audit row each, as the integration.
    const audit = (
      await api("GET", `/api/audit?campaignId=${campaignId}&type=sheet_row_invalid&limit=100`)
    ).json.events;
    expect(audit).toHaveLength(15);
    expect(audit[0].actor).toBe("integration:google-sheets");

    // A second poll starts nobody and reports nothing new; it fills in the negotiations' state.
    await eventually(async () => {
      const [row] = await query<{ n: number }>(
        "select count(*) as n from negotiations where campaign_id = ?",
        campaignId,
      );
      return row?.n === 470;
    }, 60_000);
    await pollOnce(campaignId, 60_000);
    const again = await rowsOf(campaignId);
    expect(again.filter((r) => r.status === "started")).toHaveLength(470);
    const auditAgain = (
      await api("GET", `/api/audit?campaignId=${campaignId}&type=sheet_row_invalid&limit=100`)
    ).json.events;
    expect(auditAgain).toHaveLength(15);
    const refreshed = await tab("SHEET_BIG_0123456789", "Test Client");
    expect(refreshed.find((r) => r[0] === "c0@creators.test")?.[8]).toMatch(/^[a-z_]+$/);
    // Not polled again by later ticks in this file: the campaign is paused through the API.
    await query("update campaigns set status = 'paused' where id = ?", campaignId);
  }, 180_000);

  it("a row added between polls starts one negotiation; an edited row notifies; a deleted row is reported, never acted on", async () => {
    const header = ["Name", "Email", "Platform", "Views"];
    await putSheet("SHEET_SMALL_0123456789", {
      tabs: {
        Creators: [
          header,
          ["Maya", "maya@small.test", "Instagram", "50k"],
          ["Theo", "theo@small.test", "TikTok", "20k"],
        ],
      },
    });
    const campaignId = await createCampaign("Small sheet", "SHEET_SMALL_0123456789");
    await pollOnce(campaignId);
    const first = await rowsOf(campaignId);
    expect(first.map((r) => r.status)).toEqual(["started", "started"]);
    const keys = new Map(first.map((r) => [r.email, r.row_key]));

    // A person inserts a row at the top (every other row moves down) between two polls.
    const sheet = await tab("SHEET_SMALL_0123456789", "Creators");
    await putSheet("SHEET_SMALL_0123456789", {
      tabs: {
        Creators: [
          sheet[0] ?? [],
          ["Ines", "ines@small.test", "YouTube", "80k"],
          ...sheet.slice(1),
        ],
      },
    });
    await pollOnce(campaignId);
    const second = await rowsOf(campaignId);
    expect(second.map((r) => [r.email, r.status, r.row_number])).toEqual([
      ["ines@small.test", "started", 2],
      ["maya@small.test", "started", 3],
      ["theo@small.test", "started", 4],
    ]);
    for (const r of second.filter((r) => r.email !== "ines@small.test"))
      expect(r.row_key).toBe(keys.get(r.email));
    const detail = await eventually(async () => {
      const d = (await api("GET", `/api/campaigns/${campaignId}`)).json;
      return d.negotiations.length === 3 ? d : null;
    });
    expect(detail.negotiations).toHaveLength(3);

    // Maya's views are edited mid-negotiation: the team hears of it; nothing restarts.
    const maya = second.find((r) => r.email === "maya@small.test");
    const before = (await api("GET", `/api/negotiations/${maya?.negotiation_id}/timeline`)).json
      .events.length;
    const edited = await tab("SHEET_SMALL_0123456789", "Creators");
    const mayaRow = edited.find((r) => r[1] === "maya@small.test") as string[];
    mayaRow[3] = "90k";
    await putSheet("SHEET_SMALL_0123456789", { tabs: { Creators: edited } });
    await pollOnce(campaignId);
    const changed = await eventually(async () => {
      const list = (
        await api("GET", `/api/notifications?campaignId=${campaignId}&kind=sheet_row_changed`)
      ).json.notifications;
      return list?.length ? list : null;
    });
    expect(changed).toHaveLength(1);
    expect(changed[0].detail).toContain("average views 50000 → 90000");
    const after = await rowsOf(campaignId);
    expect(after.find((r) => r.email === "maya@small.test")?.negotiation_id).toBe(
      maya?.negotiation_id,
    );
    const negotiation = (await api("GET", `/api/negotiations/${maya?.negotiation_id}`)).json;
    expect(negotiation.creator.averageViews).toBe(50_000);
    const timeline = (await api("GET", `/api/negotiations/${maya?.negotiation_id}/timeline`)).json
      .events;
    expect(
      timeline.filter((e: { type: string }) => e.type === "email_sent").length,
    ).toBeLessThanOrEqual(1);
    expect(timeline.length).toBeGreaterThanOrEqual(before);
    expect(
      (await tab("SHEET_SMALL_0123456789", "Creators")).find(
        (r) => r[1] === "maya@small.test",
      )?.[5],
    ).toMatch(/edited since/);
    // Polled again with the same edit: no second notification.
    await pollOnce(campaignId);
    expect(
      (await api("GET", `/api/notifications?campaignId=${campaignId}&kind=sheet_row_changed`)).json
        .notifications,
    ).toHaveLength(1);

    // Theo's row is deleted: reported; his negotiation goes on.
    const current = await tab("SHEET_SMALL_0123456789", "Creators");
    await putSheet("SHEET_SMALL_0123456789", {
      tabs: { Creators: current.filter((r) => r[1] !== "theo@small.test") },
    });
    await pollOnce(campaignId);
    const deleted = await eventually(async () => {
      const list = (
        await api("GET", `/api/notifications?campaignId=${campaignId}&kind=sheet_row_deleted`)
      ).json.notifications;
      return list?.length ? list : null;
    });
    expect(deleted[0].detail).toContain("theo@small.test");
    const theo = (await rowsOf(campaignId)).find((r) => r.email === "theo@small.test");
    expect(theo?.deleted_at).not.toBeNull();
    const theoNow = (await api("GET", `/api/negotiations/${theo?.negotiation_id}`)).json;
    expect(theoNow.state).not.toBe("stopped");
    expect(
      (await api("GET", `/api/audit?campaignId=${campaignId}&type=sheet_row_deleted`)).json
        .events[0].actor,
    ).toBe("integration:google-sheets");
  }, 120_000);

  it("a sheet Parley cannot read (no such tab) is reported to the team, not retried", async () => {
    await putSheet("SHEET_NOTAB_0123456789", {
      tabs: { Creators: [["Name", "Email", "Platform", "Views"]] },
    });
    const campaignId = await createCampaign("No tab", "SHEET_NOTAB_0123456789", "Talent");
    await runCron();
    const problem = await eventually(async () => {
      const list = (
        await api("GET", `/api/notifications?campaignId=${campaignId}&kind=sheet_problem`)
      ).json.notifications;
      return list?.length ? list[0] : null;
    });
    expect(problem.detail).toBe('the spreadsheet has no tab named "Talent" (tabs: Creators)');
    await query("update campaigns set status = 'paused' where id = ?", campaignId);

    // A link no configured source reads.
    const other = await api("POST", "/api/campaigns", {
      name: "Not a sheet",
      sheetUrl: "https://example.com/creators.csv",
    });
    await runCron();
    const unread = await eventually(async () => {
      const list = (
        await api("GET", `/api/notifications?campaignId=${other.json.id}&kind=sheet_problem`)
      ).json.notifications;
      return list?.length ? list[0] : null;
    });
    expect(unread.detail).toMatch(/no configured creator source reads this link/);
    await query("update campaigns set status = 'paused' where id = ?", other.json.id);
  });

  it("an access token that expires during a poll is replaced, and the poll completes", async () => {
    await putSheet("SHEET_TOKEN_0123456789", {
      tabs: {
        Creators: [
          ["Name", "Email", "Platform", "Views"],
          ["Ana", "ana@token.test", "IG", "10k"],
        ],
      },
    });
    const campaignId = await createCampaign("Token sheet", "SHEET_TOKEN_0123456789");
    const issued = (await state()).tokensIssued;
    await expireGoogleTokens();
    await pollOnce(campaignId);
    expect((await state()).tokensIssued).toBeGreaterThan(issued);
    expect((await rowsOf(campaignId)).map((r) => r.status)).toEqual(["started"]);
  });

  it("Sheets 429 (Retry-After honoured) and 5xx are retried with backoff, and the poll completes", async () => {
    await putSheet("SHEET_FAULTS_0123456789", {
      tabs: {
        Creators: [
          ["Name", "Email", "Platform", "Views"],
          ["Bo", "bo@faults.test", "TikTok", "15k"],
        ],
      },
    });
    const campaignId = await createCampaign("Faulty sheet", "SHEET_FAULTS_0123456789");
    // Only this campaign is active with a sheet from here on, so the faults hit its poll.
    await query(
      "update campaigns set status = 'paused' where id != ? and sheet_url is not null",
      campaignId,
    );
    const calls = (await state()).sheetCalls;
    await sheetFaults([429, 503, 500]);
    await pollOnce(campaignId);
    expect((await state()).sheetCalls).toBeGreaterThanOrEqual(calls + 5);
    expect((await rowsOf(campaignId)).map((r) => r.status)).toEqual(["started"]);
    expect((await tab("SHEET_FAULTS_0123456789", "Creators"))[1]?.[5]).toBe("started");
  });
});
