import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, asPerson, eventually, replyTo } from "./helpers";

/**
 * People in the loop without Slack (the default): every notification and approval lives in D1,
 * is listed by the API and acted on through it.
 */

const negotiations = (env as unknown as { NEGOTIATIONS: DurableObjectNamespace }).NEGOTIATIONS;
const stubFor = (id: string) => negotiations.get(negotiations.idFromString(id));

async function start(email: string, campaign: Record<string, unknown>) {
  const c = await api("POST", "/api/campaigns", {
    name: `People ${email}`,
    cpmTargetCents: 2000,
    leniencyPct: 50,
    sendWindow: null,
    ...campaign,
  });
  expect(c.status).toBe(201);
  const n = await api("POST", `/api/campaigns/${c.json.id}/negotiations`, {
    creator: { name: "Rae", email, platform: "youtube", averageViews: 80000 },
  });
  expect(n.status).toBe(201);
  return { campaignId: c.json.id as string, negotiation: n.json };
}

async function sentCount(id: string): Promise<number> {
  const { json } = await api("GET", `/api/negotiations/${id}/timeline`);
  return (json.events as { type: string }[]).filter((e) => e.type === "email_sent").length;
}

interface StoredNotification {
  id: string;
  kind: string;
  detail: string;
  resolvedAt: string | null;
  resolution: string | null;
  data: { evidence?: string[] } & Record<string, unknown>;
}

async function notificationsOf(id: string, status = "all"): Promise<StoredNotification[]> {
  const { json } = await api("GET", `/api/notifications?negotiationId=${id}&status=${status}`);
  return json.notifications;
}

describe("approval queue and notifications through the API", () => {
  it("lists a draft for approval with its context, and settles it when a person approves", async () => {
    const { campaignId, negotiation } = await start("rae.review@gmail.com", { autonomy: "review" });
    const queue = await api("GET", `/api/approvals?campaignId=${campaignId}`);
    const [item] = await eventually(async () => {
      const q = await api("GET", `/api/approvals?campaignId=${campaignId}`);
      return q.json.approvals.length ? q.json.approvals : null;
    });
    expect(queue.status).toBe(200);
    expect(item).toMatchObject({
      negotiationId: negotiation.id,
      creator: { email: "rae.review@gmail.com" },
      draft: { purpose: "opening", amountCents: 1600_00, autoSendAt: null },
    });
    expect(item.draft.body).toBe(negotiation.pendingApproval.text);

    const [note] = await eventually(async () => {
      const open = await notificationsOf(negotiation.id, "open");
      return open.length ? open : null;
    });
    expect(note).toMatchObject({
      kind: "approval_needed",
      resolvedAt: null,
      data: {
        campaignName: "People rae.review@gmail.com",
        creator: { name: "Rae", email: "rae.review@gmail.com", platform: "youtube" },
        state: "awaiting_approval",
        draft: { body: negotiation.pendingApproval.text },
        rationale: expect.stringMatching(/\S/),
      },
    });

    // A person signed in through Access approves: the actor is who they are, not what they say.
    const approved = await api(
      "POST",
      `/api/negotiations/${negotiation.id}/approve`,
      { actor: "someone.else@brand.example" },
      await asPerson("ana@brand.example"),
    );
    expect(approved.json.state).toBe("awaiting_reply");
    const settled = await eventually(async () => {
      const [n] = await notificationsOf(negotiation.id, "resolved");
      return n ?? null;
    });
    expect(settled).toMatchObject({
      id: note?.id,
      resolution: "Approved and sent",
      resolvedBy: "user:ana@brand.example",
    });
    await eventually(async () => ((await sentCount(negotiation.id)) === 1 ? true : null));
    await eventually(async () => {
      const q = await api("GET", `/api/approvals?campaignId=${campaignId}`);
      return q.json.approvals.length === 0 ? true : null;
    });
  });

  it("delayed: sends when nobody cancels inside the window", async () => {
    const { negotiation } = await start("rae.delayed@gmail.com", {
      autonomy: "delayed",
      approvalWindowMinutes: 30,
    });
    expect(negotiation.state).toBe("awaiting_approval");
    expect(Date.parse(negotiation.nextTimerAt)).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect(await runDurableObjectAlarm(stubFor(negotiation.id))).toBe(true);
    await eventually(async () => ((await sentCount(negotiation.id)) === 1 ? true : null));
    const [note] = await eventually(async () => {
      const done = await notificationsOf(negotiation.id, "resolved");
      return done.length ? done : null;
    });
    expect(note).toMatchObject({ kind: "approval_needed", resolution: "Sent" });
  });

  it("delayed: a cancel inside the window means nothing is ever sent", async () => {
    const { negotiation } = await start("rae.cancel@gmail.com", { autonomy: "delayed" });
    // A client-supplied actor is ignored: the bootstrap token acted.
    const cancelled = await api("POST", `/api/negotiations/${negotiation.id}/reject-draft`, {
      reason: "Wrong creator for this launch",
      actor: "ana@brand.com",
    });
    expect(cancelled.json.state).toBe("escalated");
    await runDurableObjectAlarm(stubFor(negotiation.id));
    await new Promise((r) => setTimeout(r, 1000));
    expect(await sentCount(negotiation.id)).toBe(0);
    const notes = await eventually(async () => {
      const all = await notificationsOf(negotiation.id);
      return all.length === 2 && all.some((n) => n.resolvedAt) ? all : null;
    });
    expect(notes.find((n) => n.kind === "approval_needed")).toMatchObject({
      resolution: "Draft rejected",
      resolvedBy: "token:bootstrap",
    });
    expect(notes.find((n) => n.kind === "escalation")).toMatchObject({
      resolvedAt: null,
      data: { reason: "draft_rejected", evidence: ["Wrong creator for this launch"] },
    });
  });

  it("autonomous: inside the thresholds it sends at once; outside, it waits for a person and says why", async () => {
    const inside = await start("rae.auto@gmail.com", { autonomy: "autonomous" });
    expect(inside.negotiation.state).toBe("awaiting_reply");
    await eventually(async () => ((await sentCount(inside.negotiation.id)) === 1 ? true : null));

    const outside = await start("rae.capped@gmail.com", {
      autonomy: "autonomous",
      autoSend: { maxAmountCents: 1000_00 },
    });
    expect(outside.negotiation.state).toBe("awaiting_approval");
    const [note] = await eventually(async () => {
      const open = await notificationsOf(outside.negotiation.id, "open");
      return open.length ? open : null;
    });
    expect(note?.detail).toContain("above the $1,000 auto-send limit");
    expect(note?.data.evidence).toEqual([
      "the offer of $1,600 is above the $1,000 auto-send limit",
    ]);
    expect(await sentCount(outside.negotiation.id)).toBe(0);
  });

  it("refuses bad filters with the error envelope", async () => {
    const bad = await api("GET", "/api/notifications?status=maybe");
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("validation_failed");
    expect((await api("GET", "/api/approvals?limit=0")).status).toBe(400);
  });
});

describe("questions: answered from the brief, or by a person through the gate", () => {
  const BRIEF = {
    postingWindow: { start: "2026-03-03", end: "2026-03-17" },
    revisionRounds: 1,
    contentApproval: true,
    exclusivity: null,
    productDetails: null,
    faq: [{ question: "Can I use licensed music?", answer: "Royalty-free tracks only, please." }],
  };

  async function emailsOf(id: string) {
    const { json } = await api("GET", `/api/negotiations/${id}/timeline`);
    return (json.events as Record<string, string>[]).filter((e) => e.type === "email_sent");
  }

  it("answers what the brief covers, asks the team the rest, and sends the team's answer", async () => {
    const email = "rae.questions@gmail.com";
    const { negotiation } = await start(email, { autonomy: "autonomous", brief: BRIEF });
    const [opening] = await eventually(async () => {
      const sent = await emailsOf(negotiation.id);
      return sent.length ? sent : null;
    });
    // Two questions the brief answers (timing, the FAQ) and one only a person can.
    await replyTo(opening as Record<string, unknown>, {
      from: email,
      messageId: "<q1.rae@gmail.com>",
      text: "Love this! When would the video go live? Can I use licensed music? And what's the campaign hashtag?",
    });
    const [, answer] = await eventually(async () => {
      const sent = await emailsOf(negotiation.id);
      return sent.length >= 2 ? sent : null;
    });
    expect(answer?.text).toContain("between March 3, 2026 and March 17, 2026");
    expect(answer?.text).toContain("Royalty-free tracks only, please.");
    expect(answer?.text).toContain("I've passed your other question on to the team");
    const [question] = await eventually(async () => {
      const open = (await notificationsOf(negotiation.id, "open")).filter(
        (x) => x.kind === "question",
      );
      return open.length ? open : null;
    });
    expect(question?.data.questions).toEqual(["And what's the campaign hashtag?"]);

    // A person's answer goes through the gate: a date of their own is refused, with the reason.
    const refused = await api("POST", `/api/negotiations/${negotiation.id}/answer`, {
      text: "The hashtag is #GlowUp2026 and we need it by 3/10.",
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json.error.details)).toMatch(/digit/);
    const answered = await api("POST", `/api/negotiations/${negotiation.id}/answer`, {
      text: "On the hashtag: please use the brand's main tag, written in the brief we'll share.",
    });
    expect(answered.status).toBe(200);
    const sent = await eventually(async () => {
      const all = await emailsOf(negotiation.id);
      return all.length >= 3 ? all : null;
    });
    expect(sent[2]?.text).toContain("On the hashtag: please use the brand's main tag");
    expect(sent[2]?.text).toContain("--- Scope of work ---");
    const settled = await eventually(async () => {
      const rows = (await notificationsOf(negotiation.id)).filter((x) => x.kind === "question");
      return rows.every((x) => x.resolvedAt) ? rows : null;
    });
    expect(settled[0]?.resolution).toBe("Answered");
    // Nothing is left to answer.
    const again = await api("POST", `/api/negotiations/${negotiation.id}/answer`, {
      text: "One more thing about the hashtag.",
    });
    expect(again.status).toBe(409);
  });
});
