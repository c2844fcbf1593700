import { describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app";
import { api, asPerson, deliverEmail, eventually, rawReply } from "./helpers";

const campaignBody = {
  name: "Import launch",
  cpmTargetCents: 2500,
  leniencyPct: 20,
  maxCostWithoutApprovalCents: 500000,
  autonomy: "autonomous",
  sendWindow: null,
};

async function newCampaign(name = campaignBody.name): Promise<string> {
  const created = await api("POST", "/api/campaigns", { ...campaignBody, name });
  expect(created.status).toBe(201);
  return created.json.id;
}

const CSV = { "content-type": "text/csv; charset=utf-8" };
const importPath = (id: string) => `/api/campaigns/${id}/creators:import`;

const MESSY_CSV = [
  "\uFEFFCreator Name,E-Mail,PLATFORM,Username,Avg Views,Engagement,TZ",
  '"Lopez, Maya",maya@import.test,YouTube,@mayalopez,50k,4.5%,America/Los_Angeles',
  'Sam Lee,not-an-email,instagram,samlee,"50,000",,',
  "",
  "Kim Park,kim@import.test,IG,kimpark,,0.045,",
  '"Jo ""The Chef"" Ruiz",JO@Import.test,TT,jochef,1.2M,0,0',
  "",
].join("\r\n");

describe("POST /api/campaigns/:id/creators:import", () => {
  it("reads messy CSV, starts the valid rows and reports the bad ones", async () => {
    const campaignId = await newCampaign();
    const res = await api("POST", importPath(campaignId), MESSY_CSV, CSV);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ started: 2, duplicates: 0, invalid: 2 });
    const [maya, sam, kim, jo] = res.json.results;
    expect(maya).toMatchObject({ row: 1, line: 2, status: "started", email: "maya@import.test" });
    expect(sam).toMatchObject({ row: 2, status: "invalid" });
    expect(sam.reason).toContain("not-an-email");
    expect(kim).toMatchObject({ row: 3, line: 5, status: "invalid", email: "kim@import.test" });
    expect(kim.reason).toContain("average views is missing");
    expect(jo).toMatchObject({ row: 4, status: "started", email: "jo@import.test" });

    const started = await api("GET", `/api/negotiations/${maya.negotiationId}`);
    expect(started.status).toBe(200);
    expect(started.json.creator).toMatchObject({
      name: "Lopez, Maya",
      platform: "youtube",
      handle: "mayalopez",
      averageViews: 50000,
      engagementRate: 4.5,
      timezone: "America/Los_Angeles",
    });
    expect(["opening", "awaiting_reply"]).toContain(started.json.state);
    expect(started.json.lastOffer.amountCents).toBe(125000);

    const chef = (await api("GET", `/api/negotiations/${jo.negotiationId}`)).json;
    expect(chef.creator).toMatchObject({
      name: 'Jo "The Chef" Ruiz',
      platform: "tiktok",
      averageViews: 1_200_000,
      engagementRate: null,
      timezone: "America/New_York",
    });
    expect(chef.lastOffer.amountCents).toBeGreaterThan(0);

    const again = await api("POST", importPath(campaignId), MESSY_CSV, CSV);
    expect(again.json).toMatchObject({ started: 0, duplicates: 2, invalid: 2 });
    expect(again.json.results[0].negotiationId).toBe(maya.negotiationId);
    expect(again.json.results[3].negotiationId).toBe(jo.negotiationId);
  });

  it("takes JSON rows, wrapped or bare, with duplicates inside one request", async () => {
    const campaignId = await newCampaign();
    const rows = [
      { name: "Ana", email: "ana@json.test", platform: "YouTube", averageViews: "12k" },
      { "Creator Name": "Ben", "e-mail": "ben@json.test", platform: "tiktok", views: 30000 },
      { name: "Ana again", email: "ANA@json.test", platform: "ig", averageViews: 9000 },
      { name: "Cy", email: "cy@json.test", platform: "snapchat", averageViews: 0 },
    ];
    const res = await api("POST", importPath(campaignId), { creators: rows });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ started: 2, duplicates: 1, invalid: 1 });
    const [ana, ben, anaAgain, cy] = res.json.results;
    expect(anaAgain).toMatchObject({ status: "duplicate", negotiationId: ana.negotiationId });
    expect(cy.reason).toMatch(/snapchat.*average views is missing/);
    const benView = (await api("GET", `/api/negotiations/${ben.negotiationId}`)).json;
    expect(benView.creator).toMatchObject({ name: "Ben", platform: "tiktok", averageViews: 30000 });

    const bare = await api("POST", importPath(campaignId), rows.slice(0, 2));
    expect(bare.json).toMatchObject({ started: 0, duplicates: 2, invalid: 0 });
    // A client that percent-encodes the colon reaches the same route.
    const encoded = await api("POST", `/api/campaigns/${campaignId}/creators%3Aimport`, []);
    expect(encoded.json).toMatchObject({ results: [], started: 0 });
    // The colon is part of a literal segment, not a parameter.
    expect((await api("POST", `/api/campaigns/${campaignId}/creatorsXimport`, [])).status).toBe(
      404,
    );
    expect((await api("POST", `/api/campaigns/${campaignId}/creators`, [])).status).toBe(404);
  });

  it("refuses wrong media types, oversized imports, bad files and unknown campaigns", async () => {
    const campaignId = await newCampaign();
    const plain = await api("POST", importPath(campaignId), "a,b", {
      "content-type": "text/plain",
    });
    expect(plain.status).toBe(415);
    expect(plain.json.error.code).toBe("unsupported_media_type");

    const header = "name,email,platform,views";
    const lines = Array.from({ length: 1001 }, (_, i) => `C${i},c${i}@big.test,ig,1000`);
    const big = [header, ...lines].join("\n");
    const tooMany = await api("POST", importPath(campaignId), big, CSV);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.code).toBe("too_many_rows");
    const bigJson = lines.map((_, i) => ({ name: "x", email: `j${i}@big.test` }));
    expect((await api("POST", importPath(campaignId), bigJson)).status).toBe(400);

    const noEmail = "name,platform,views\nAna,ig,100";
    const missing = await api("POST", importPath(campaignId), noEmail, CSV);
    expect(missing.status).toBe(400);
    expect(missing.json.error.details).toEqual([
      { field: "email", message: "column missing from the header row" },
    ]);
    const open = 'name,email,platform,views\n"Ana,ana@x.test,ig,100';
    expect((await api("POST", importPath(campaignId), open, CSV)).json.error.code).toBe(
      "invalid_csv",
    );
    expect((await api("POST", importPath(campaignId), "{oops")).json.error.code).toBe(
      "invalid_json",
    );
    expect((await api("POST", importPath(campaignId), { creators: [5] })).status).toBe(400);

    const unknown = await api("POST", importPath("no-such-campaign"), MESSY_CSV, CSV);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe("not_found");
  });
});

describe("POST /api/campaigns/:id/stop-agency", () => {
  it("stops the agency's open negotiations and leaves the others", async () => {
    const campaignId = await newCampaign("Agency campaign");
    const creators = ["a@talentco.com", "b@talentco.com", "c@gmail.com", "d@talentco.com"].map(
      (email) => ({ name: email[0], email, platform: "instagram", averageViews: 20000 }),
    );
    creators.push({ name: "e", email: "e@gmail.com", platform: "tiktok", averageViews: 20000 });
    const imported = await api("POST", importPath(campaignId), creators);
    const [a, b, c, d, e] = (imported.json.results as { negotiationId: string }[]).map(
      (r) => r.negotiationId,
    );
    expect((await api("POST", `/api/negotiations/${d}/stop`, {})).status).toBe(200);

    // e copies a manager at the agency into the thread: the agency becomes one of e's contacts.
    const opening = await eventually(async () => {
      const t = await api("GET", `/api/negotiations/${e}/timeline`);
      const events = t.json.events as { type: string; subject: string; messageId: string }[];
      return events.find((ev) => ev.type === "email_sent");
    });
    await deliverEmail(
      rawReply({
        from: "e <e@gmail.com>",
        to: "deals@parley.example",
        cc: "Alex Manager <alex@talentco.com>",
        subject: `Re: ${opening.subject}`,
        inReplyTo: opening.messageId,
        messageId: "<e-1@gmail.com>",
        text: "Hi, copying Alex, who manages my partnerships at TalentCo. What deliverables do you need?",
      }),
      "e@gmail.com",
      "deals@parley.example",
    );
    await eventually(async () => {
      const rows = (await api("GET", `/api/campaigns/${campaignId}`)).json.negotiations as {
        id: string;
        contacts: string[];
      }[];
      const eRow = rows.find((r) => r.id === e);
      return rows.length === 5 && eRow?.contacts.includes("alex@talentco.com");
    });

    // An operator signed in through Access; the body's `actor` is ignored.
    const res = await api(
      "POST",
      `/api/campaigns/${campaignId}/stop-agency`,
      { domain: " TalentCo.COM ", actor: "someone@brand.test" },
      await asPerson("ops@brand.example"),
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ stopped: [a, b, e].sort(), alreadyClosed: [d] });
    for (const id of [a, b, e])
      expect((await api("GET", `/api/negotiations/${id}`)).json.state).toBe("stopped");
    expect((await api("GET", `/api/negotiations/${c}`)).json.state).not.toBe("stopped");

    const audited = await eventually(async () => {
      const q = `/api/audit?campaignId=${campaignId}&actor=${encodeURIComponent("user:ops@brand.example")}`;
      const events = (await api("GET", q)).json.events as { negotiationId: string }[];
      return new Set(events.map((ev) => ev.negotiationId)).size === 3 ? events : null;
    });
    expect(audited.length).toBeGreaterThanOrEqual(3);

    const again = await api("POST", `/api/campaigns/${campaignId}/stop-agency`, {
      domain: "talentco.com",
    });
    expect(again.json.stopped).toEqual([]);
    expect(again.json.alreadyClosed.sort()).toEqual([a, b, d, e].sort());
  });

  it("validates the domain and the campaign", async () => {
    const campaignId = await newCampaign();
    const bad = await api("POST", `/api/campaigns/${campaignId}/stop-agency`, { domain: "x y" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].field).toBe("domain");
    const unknown = await api("POST", "/api/campaigns/nope/stop-agency", { domain: "a.com" });
    expect(unknown.status).toBe(404);
  });
});

describe("GET /api/openapi.json", () => {
  it("documents every mounted route and only those, behind auth", async () => {
    expect((await api("GET", "/api/openapi.json", undefined, { authorization: "" })).status).toBe(
      401,
    );
    const res = await api("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe("3.1.0");
    const documented = Object.entries(res.json.paths as Record<string, object>).flatMap(
      ([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const sample = (doc: string) => doc.replace(/\{\w+\}/g, "sample");
    const pattern = (route: string) =>
      new RegExp(
        `^${route
          .split("/")
          .map((s) =>
            s.startsWith(":")
              ? `(?:${/^:\w+\{(.+)\}$/.exec(s)?.[1] ?? "[^/]+"})`
              : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
          )
          .join("/")}$`,
      );
    const mounted = createApp()
      .routes.filter((r) => r.method !== "ALL")
      .map((r) => ({ method: r.method, re: pattern(r.path), path: r.path }));
    for (const route of mounted)
      expect(
        documented.some(
          (d) =>
            d.startsWith(`${route.method} `) && route.re.test(sample(d.slice(d.indexOf(" ") + 1))),
        ),
        `${route.method} ${route.path} is documented`,
      ).toBe(true);
    for (const doc of documented) {
      const [method, path] = doc.split(" ") as [string, string];
      expect(
        mounted.some((r) => r.method === method && r.re.test(sample(path))),
        `${doc} is mounted`,
      ).toBe(true);
    }
    const importOp = res.json.paths["/api/campaigns/{id}/creators:import"].post;
    expect(Object.keys(importOp.requestBody.content)).toEqual(["application/json", "text/csv"]);
    const stopAgency = res.json.paths["/api/campaigns/{id}/stop-agency"].post;
    expect(stopAgency.requestBody.content["application/json"].schema.required).toEqual(["domain"]);
    expect(
      res.json.paths["/api/audit"].get.parameters.map((p: { name: string }) => p.name),
    ).toContain("cursor");
  });
});
