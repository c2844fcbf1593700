import { describe, expect, it } from "vitest";
import { api, deliverEmail, eventually, rawReply } from "./helpers";

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
    await deliverEmail(
      rawReply({
        from: "Maya Lopez <maya@gmail.com>",
        to: "deals@parley.example",
        subject: `Re: ${opening.subject}`,
        inReplyTo: opening.messageId,
        messageId: "<r1@gmail.com>",
        text: "Thanks! My rate for this would be $2,400.",
      }),
      "maya@gmail.com",
      "deals@parley.example",
    );
    const second = await eventually(async () => {
      const sent = await sentEmails(id);
      return sent.length === 2 ? sent[1] : null;
    });
    const afterFirst = await api("GET", `/api/negotiations/${id}`);
    expect(afterFirst.json.lastOffer.amountCents).toBeLessThanOrEqual(150000);
    expect(afterFirst.json.theirAsk.amountCents).toBe(240000);

    // A counter within the band, then an acceptance.
    await deliverEmail(
      rawReply({
        from: "maya@gmail.com",
        to: "deals@parley.example",
        subject: `Re: ${opening.subject}`,
        inReplyTo: second.messageId,
        messageId: "<r2@gmail.com>",
        text: "I could do $1,400 for that.",
      }),
      "maya@gmail.com",
      "deals@parley.example",
    );
    const done = await eventually(async () => {
      const n = await api("GET", `/api/negotiations/${id}`);
      return n.json.state === "agreed" ? n.json : null;
    });
    expect(done.agreedCents).toBe(140000);

    // Redelivering the same email changes nothing.
    await deliverEmail(
      rawReply({
        from: "maya@gmail.com",
        to: "deals@parley.example",
        subject: `Re: ${opening.subject}`,
        inReplyTo: second.messageId,
        messageId: "<r2@gmail.com>",
        text: "I could do $1,400 for that.",
      }),
      "maya@gmail.com",
      "deals@parley.example",
    );

    const confirmations = await eventually(async () => {
      const sent = (await sentEmails(id)).filter((e) => e.purpose === "agreement");
      return sent.length === 1 ? sent : null;
    });
    expect(confirmations[0].text).toContain("$1,400");

    const audit = await eventually(async () => {
      const a = await api("GET", `/api/audit?negotiationId=${id}&type=agreement`);
      return a.json.events.length === 1 ? a.json.events : null;
    });
    expect(audit[0].amountCents).toBe(140000);

    const stats = await eventually(async () => {
      const c = await api("GET", `/api/campaigns/${campaignId}`);
      return c.json.stats.agreed === 1 ? c.json.stats : null;
    });
    expect(stats.budgetUsedCents).toBe(140000);
  });
});

describe("bad input", () => {
  it("answers with the error envelope, never a 500", async () => {
    expect((await api("POST", "/api/campaigns", "{not json")).json.error.code).toBe("invalid_json");
    const wrong = await api("POST", "/api/campaigns", { name: 5 });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.details[0].field).toBe("name");
    expect((await api("POST", "/api/campaigns", "x".repeat(1_100_000))).status).toBe(413);
    expect((await api("GET", "/api/negotiations/nope")).status).toBe(404);
    const noAuth = await api("GET", "/api/campaigns", undefined, { authorization: "" });
    expect(noAuth.status).toBe(401);
    expect(noAuth.json.error.requestId).toBeTruthy();
  });
});
