import { describe, expect, it } from "vitest";
import { api, asPerson, eventually, replyTo } from "./helpers";

const campaignBody = {
  name: "Spring launch",
  cpmTargetCents: 2500,
  leniencyPct: 20,
  maxCostWithoutApprovalCents: 500000,
  deliverableTiers: ["1 Reel + 2 Stories", "1 Reel", "2 Stories"],
  usageRights: { targetDays: 90, minimumDays: 30 },
  autonomy: "autonomous",
  sendWindow: null,
};

const creator = {
  name: "Maya Lopez",
  email: "maya@gmail.com",
  platform: "instagram",
  handle: "mayalopez",
  averageViews: 50000,
  timezone: "America/New_York",
};

async function sentEmails(id: string) {
  const { json } = await api("GET", `/api/negotiations/${id}/timeline`);
  return (json.events as any[]).filter((e) => e.type === "email_sent");
}

describe("a negotiation from opening email to agreement", () => {
  it("opens, counters within limits and agrees exactly once through the real email path", async () => {
    const created = await api("POST", "/api/campaigns", campaignBody);
    expect(created.status).toBe(201);
    const campaignId = created.json.id;

    const started = await api("POST", `/api/campaigns/${campaignId}/negotiations`, { creator });
    expect(started.status).toBe(201);
    const id = started.json.id;
    expect(started.json.lastOffer.amountCents).toBe(125000);

    const again = await api("POST", `/api/campaigns/${campaignId}/negotiations`, { creator });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(id);

    const [opening] = await eventually(async () => {
      const sent = await sentEmails(id);
      return sent.length === 1 ? sent : null;
    });
    expect(opening.text).toContain("$1,250");

    // A counter far above the ceiling: the engine uses a lever, never exceeds the ceiling.
    await replyTo(opening, {
      from: "Maya Lopez <maya@gmail.com>",
      messageId: "<r1@gmail.com>",
      text: "Thanks! My rate for this would be $2,400.",
    });
    const second = await eventually(async () => {
      const sent = await sentEmails(id);
      return sent.length === 2 ? sent[1] : null;
    });
    const afterFirst = await api("GET", `/api/negotiations/${id}`);
    // The next step of the curve (50%: $1,375), traded down to the smaller tier at its 70% share:
    // $962.50, written $960. Never the ceiling.
    expect(afterFirst.json.lastOffer).toMatchObject({ amountCents: 96000, tier: 2 });
    expect(second.text).toContain("$960");
    expect(afterFirst.json.theirAsk.amountCents).toBe(240000);

    // Their price for the smaller scope is within our next step, and halfway to it rounds back to
    // our $960: accepted at their ask.
    await replyTo(second, {
      from: "maya@gmail.com",
      messageId: "<r2@gmail.com>",
      text: "I could do $965 for that.",
    });
    const done = await eventually(async () => {
      const n = await api("GET", `/api/negotiations/${id}`);
      return n.json.state === "agreed" ? n.json : null;
    });
    expect(done.agreedCents).toBe(96500);

    // Redelivering the same email changes nothing.
    await replyTo(second, {
      from: "maya@gmail.com",
      messageId: "<r2@gmail.com>",
      text: "I could do $965 for that.",
    });

    const confirmations = await eventually(async () => {
      const sent = (await sentEmails(id)).filter((e) => e.purpose === "agreement");
      return sent.length === 1 ? sent : null;
    });
    expect(confirmations[0].text).toContain("$965");

    const audit = await eventually(async () => {
      const a = await api("GET", `/api/audit?negotiationId=${id}&type=agreement`);
      return a.json.events.length === 1 ? a.json.events : null;
    });
    expect(audit[0].amountCents).toBe(96500);

    const stats = await eventually(async () => {
      const c = await api("GET", `/api/campaigns/${campaignId}`);
      return c.json.stats.agreed === 1 ? c.json.stats : null;
    });
    expect(stats.budgetUsedCents).toBe(96500);

    const notifications = await eventually(async () => {
      const all = (await api("GET", "/api/notifications")).json.notifications as {
        kind: string;
        negotiationId: string;
        detail: string;
      }[];
      const mine = all.filter((x) => x.negotiationId === id && x.kind === "agreement");
      return mine.length ? mine : null;
    });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.detail).toContain("$965");
  });
});

describe("more asked for without a number", () => {
  it("keeps our offer and asks their rate, then answers the rate they name, through the real email path", async () => {
    const created = await api("POST", "/api/campaigns", { ...campaignBody, name: "No number" });
    const started = await api("POST", `/api/campaigns/${created.json.id}/negotiations`, {
      creator: { ...creator, email: "leo@gmail.com", name: "Leo Park", handle: "leopark" },
    });
    const id = started.json.id;
    const [opening] = await eventually(async () => {
      const sent = await sentEmails(id);
      return sent.length === 1 ? sent : null;
    });

    await replyTo(opening, {
      from: "Leo Park <leo@gmail.com>",
      messageId: "<more1@gmail.com>",
      text: "Thanks for reaching out! Appreciate it, but is that the best you can do?",
    });
    const asked = await eventually(async () => {
      const sent = await sentEmails(id);
      return sent.length === 2 ? sent[1] : null;
    });
    expect(asked.purpose).toBe("answer");
    expect(asked.text).toContain("Our offer is $1,250 for the scope below.");
    expect(asked.text).toContain("what rate did you have in mind?");
    const waiting = (await api("GET", `/api/negotiations/${id}`)).json;
    expect(waiting).toMatchObject({ state: "awaiting_reply", round: 0, theirAsk: null });
    expect(waiting.lastOffer.amountCents).toBe(125000);

    await replyTo(asked, {
      from: "leo@gmail.com",
      messageId: "<more2@gmail.com>",
      text: "Sure! My rate for this package would be $1,450.",
    });
    const countered = await eventually(async () => {
      const n = (await api("GET", `/api/negotiations/${id}`)).json;
      return n.round === 1 ? n : null;
    });
    // Their first ask: the first step of the curve (50% of the band), never the ceiling.
    expect(countered.lastOffer.amountCents).toBe(137500);
    expect(countered.theirAsk.amountCents).toBe(145000);
    const escalations = await api("GET", `/api/audit?negotiationId=${id}&type=escalated`);
    expect(escalations.json.events).toEqual([]);
  });
});

describe("tier shares", () => {
  it("price the smaller tiers: validated, defaulted, stored and used by the engine", async () => {
    const bad = [
      { tierShares: [90, 70, 50] }, // the first tier is the full package: 100
      { tierShares: [100, 70, 80] }, // a smaller tier never costs more
      { tierShares: [100, 70] }, // one per tier
      { tierShares: [100, 70.5, 50] },
      { tierShares: [100, 0, 0] },
    ];
    for (const body of bad) {
      const res = await api("POST", "/api/campaigns", {
        ...campaignBody,
        name: "Bad shares",
        ...body,
      });
      expect(res.status).toBe(400);
      expect(res.json.error.details[0].field).toMatch(/^tierShares/);
    }
    const defaulted = await api("POST", "/api/campaigns", {
      ...campaignBody,
      name: "Default shares",
    });
    expect(defaulted.json.tierShares).toEqual([100, 70, 50]);
    const two = await api("POST", "/api/campaigns", {
      ...campaignBody,
      name: "Two tiers",
      deliverableTiers: ["1 Reel + 2 Stories", "1 Reel"],
    });
    expect(two.json.tierShares).toEqual([100, 70]);

    const custom = await api("POST", "/api/campaigns", {
      ...campaignBody,
      name: "Custom shares",
      tierShares: [100, 80, 45],
    });
    expect(custom.status).toBe(201);
    expect((await api("GET", `/api/campaigns/${custom.json.id}`)).json.tierShares).toEqual([
      100, 80, 45,
    ]);
    const started = await api("POST", `/api/campaigns/${custom.json.id}/negotiations`, {
      creator: { ...creator, email: "shares@gmail.com" },
    });
    const [opening] = await eventually(async () => {
      const sent = await sentEmails(started.json.id);
      return sent.length === 1 ? sent : null;
    });
    await replyTo(opening, {
      from: "shares@gmail.com",
      messageId: "<shares-1@gmail.com>",
      text: "Thanks! My rate for this would be $2,400.",
    });
    // The 50% step ($1,375) for tier 2 at 80%: $1,100.
    const countered = await eventually(async () => {
      const n = await api("GET", `/api/negotiations/${started.json.id}`);
      return n.json.round === 1 ? n.json : null;
    });
    expect(countered.lastOffer).toMatchObject({ amountCents: 110000, tier: 2 });
    expect(countered.lastOffer.rationale.reason).toContain("80% of the full package");
  });
});

describe("bad input", () => {
  it("answers with the error envelope, never a 500", async () => {
    expect((await api("POST", "/api/campaigns", "{not json")).json.error.code).toBe("invalid_json");
    const before = (await api("GET", "/api/campaigns")).json.campaigns.length;
    const wrong = await api("POST", "/api/campaigns", { name: 5 });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.details[0].field).toBe("name");
    expect((await api("POST", "/api/campaigns", "x".repeat(1_100_000))).status).toBe(413);
    const invalidWindow = await api("POST", "/api/campaigns", {
      name: "Bad window",
      sendWindow: { days: ["mon"], start: "18:00", end: "09:00" },
    });
    expect(invalidWindow.status).toBe(400);
    expect(invalidWindow.json.error.details[0].field).toBe("sendWindow");
    expect((await api("GET", "/api/campaigns")).json.campaigns.length).toBe(before);
    expect(
      (await api("POST", "/api/campaigns", { name: "x" }, { "content-type": "text/plain" })).status,
    ).toBe(415);
    expect((await api("GET", "/api/negotiations/nope")).status).toBe(404);
    expect((await api("GET", `/api/negotiations/${"a".repeat(64)}`)).status).toBe(404);
    expect(
      (
        await api("POST", "/api/campaigns/nope/negotiations", {
          creator: { name: "A", email: "a@b.co", platform: "instagram", averageViews: 1 },
        })
      ).status,
    ).toBe(404);
    const badCreator = await api("POST", "/api/campaigns/nope/negotiations", {
      creator: {
        name: "A",
        email: "not-an-email",
        platform: "myspace",
        averageViews: -3,
        timezone: "Mars/Base",
      },
    });
    expect(badCreator.status).toBe(400);
    expect(badCreator.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      "creator.averageViews",
      "creator.email",
      "creator.platform",
      "creator.timezone",
    ]);
    expect((await api("GET", "/api/audit?limit=0")).status).toBe(400);
    expect((await api("GET", "/api/audit?cursor=%%%")).status).toBe(400);
    const noAuth = await api("GET", "/api/campaigns", undefined, { authorization: "" });
    expect(noAuth.status).toBe(401);
    expect(noAuth.json.error.requestId).toBeTruthy();
  });
});

describe("people in charge: commands and approvals", () => {
  async function startIn(autonomy: string, email: string) {
    const c = await api("POST", "/api/campaigns", {
      name: `Commands ${email}`,
      cpmTargetCents: 2000,
      leniencyPct: 50,
      autonomy,
      sendWindow: null,
    });
    const n = await api("POST", `/api/campaigns/${c.json.id}/negotiations`, {
      creator: {
        name: "Kai",
        email,
        platform: "tiktok",
        averageViews: 100000,
        timezone: "Asia/Tokyo",
      },
    });
    return n.json;
  }

  it("holds a draft for approval, refuses an edit with an amount the engine did not decide, sends the approved one", async () => {
    const n = await startIn("review", "kai.review@gmail.com");
    expect(n.state).toBe("awaiting_approval");
    expect(n.pendingApproval.text).toContain("$2,000");
    expect(await sentEmails(n.id)).toHaveLength(0);

    const edited = await api("POST", `/api/negotiations/${n.id}/approve`, {
      text: `${n.pendingApproval.text}\nP.S. We could stretch to $9,000.`,
    });
    expect(edited.status).toBe(400);
    expect(edited.json.error.code).toBe("validation_failed");
    expect((await api("GET", `/api/negotiations/${n.id}`)).json.state).toBe("awaiting_approval");

    const approved = await api(
      "POST",
      `/api/negotiations/${n.id}/approve`,
      {},
      await asPerson("ana@brand.example"),
    );
    expect(approved.status).toBe(200);
    expect(approved.json.state).toBe("awaiting_reply");
    await eventually(async () => ((await sentEmails(n.id)).length === 1 ? true : null));
    const audit = await eventually(async () => {
      const a = await api("GET", `/api/audit?negotiationId=${n.id}&actor=user:ana@brand.example`);
      return a.json.events.length ? a.json.events : null;
    });
    expect(audit.some((e: { type: string }) => e.type === "human_action")).toBe(true);
  });

  it("rejects a draft into escalation", async () => {
    const n = await startIn("review", "kai.reject@gmail.com");
    expect((await api("POST", `/api/negotiations/${n.id}/reject-draft`, {})).status).toBe(400);
    const rejected = await api("POST", `/api/negotiations/${n.id}/reject-draft`, {
      reason: "Too formal",
    });
    expect(rejected.json.state).toBe("escalated");
    expect((await api("POST", `/api/negotiations/${n.id}/approve`)).status).toBe(409);
  });

  it("pauses, remembers, resumes, stops; terminal states refuse every command with 409", async () => {
    const n = await startIn("autonomous", "kai.pause@gmail.com");
    const paused = await api("POST", `/api/negotiations/${n.id}/pause`, { actor: "ana@brand.com" });
    expect(paused.json.state).toBe("paused");
    expect(paused.json.previousState).toBe("awaiting_reply");
    const again = await api("POST", `/api/negotiations/${n.id}/pause`);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("illegal_command");
    const resumed = await api("POST", `/api/negotiations/${n.id}/resume`);
    expect(resumed.json.state).toBe("awaiting_reply");
    expect((await api("POST", `/api/negotiations/${n.id}/stop`)).json.state).toBe("stopped");
    for (const command of ["pause", "resume", "stop", "takeover", "release", "approve"]) {
      const r = await api("POST", `/api/negotiations/${n.id}/${command}`);
      expect(r.status).toBe(409);
      expect(r.json.error.message).toContain("stopped");
    }
    expect((await api("POST", `/api/negotiations/${n.id}/dance`)).status).toBe(404);
  });

  it("treats an authenticated reply from the team's own domain as a takeover", async () => {
    const n = await startIn("autonomous", "kai.takeover@gmail.com");
    const [opening] = await eventually(async () => {
      const sent = await sentEmails(n.id);
      return sent.length === 1 ? sent : null;
    });
    await replyTo(opening, {
      from: "Ana <ana@parley.example>",
      messageId: "<team-1@parley.example.internal>",
      text: "I'll take it from here, Kai!",
      subject: "Re: hi",
      // Our receiving side's results: without them a team address could be anyone.
      headers: ["Authentication-Results: mx.cloudflare.net; dmarc=pass header.from=parley.example"],
    });
    const after = await eventually(async () => {
      const v = await api("GET", `/api/negotiations/${n.id}`);
      return v.json.state === "human" ? v.json : null;
    });
    expect(after.state).toBe("human");
    expect((await api("POST", `/api/negotiations/${n.id}/release`)).json.state).toBe(
      "awaiting_reply",
    );
  });
});
