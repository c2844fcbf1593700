/// <reference types="vite/client" />
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { NegotiationApi } from "../../src/negotiation/api";
import dsn from "../fixtures/mail/24-dsn-bounce.eml?raw";
import { api, deliverEmail, eventually } from "../integration/helpers";
import {
  createCampaign,
  deferredPast,
  emailRows,
  fireAlarm,
  MAILBOX,
  mailboxStatus,
  sentTo,
  setClock,
  startNegotiation,
} from "./helpers";

// This project: BOUNCE_MIN_SENDS=4, BOUNCE_PAUSE_RATE=0.05 (default), SEND_GAP_SECONDS=30.
const header = (raw: string, name: string) =>
  new RegExp(`^${name}:\\s*(.+)$`, "im").exec(raw)?.[1]?.trim() ?? "";

/** A mailer daemon's report that our email to `creator` bounced, threaded by its embedded headers. */
async function bounce(creator: string, reportId: string) {
  const [opening] = await sentTo(creator);
  const raw = dsn
    .replace(/deals\+[a-z2-7]+@parley\.example/gi, header(opening?.raw ?? "", "Reply-To"))
    .replace(
      /<[a-z0-9.]*\.[0-9a-f]{64}@parley\.example>/gi,
      header(opening?.raw ?? "", "Message-ID"),
    )
    .replace(/<6743a1b2[^>]+>/, `<${reportId}@mx.google.com>`);
  await deliverEmail(raw, "", MAILBOX);
}

async function audit(type: string) {
  const { json } = await api("GET", `/api/audit?type=${type}`);
  return json.events as { actor: string; data: Record<string, unknown> }[];
}

async function pausedNotifications() {
  const { json } = await api("GET", "/api/notifications?kind=mailbox_paused");
  return json.notifications as { kind: string; title: string; detail: string }[];
}

afterEach(() => {
  vi.useRealTimers();
});

describe("a bounce rate above the threshold", () => {
  it("pauses the mailbox once, tells the team, holds sends until a person resumes", async () => {
    // Well away from any other test's days, and beyond their 7-day bounce window.
    const t0 = setClock("2031-03-04T12:00:00Z");
    const campaignId = await createCampaign("Bounces");
    const creators = ["ghost.creator@gmail.com", "b2@gmail.com", "b3@gmail.com", "b4@gmail.com"];
    const ids: string[] = [];
    for (const creator of creators) ids.push(await startNegotiation(campaignId, creator));
    await eventually(async () =>
      (await sentTo(creators[0] as string)).length === 1 ? true : null,
    );
    let lastSlot = t0;
    for (const id of ids.slice(1))
      lastSlot = Math.max(lastSlot, (await deferredPast(id, t0)).dueAt);
    let now = setClock(lastSlot + 1000);
    for (const id of ids.slice(1)) expect((await fireAlarm(id)).status).toBe("sent");
    expect(await mailboxStatus()).toMatchObject({ paused: false, sends7d: 4, bounceRate: 0 });

    // One bounce in four sends (25%, above 5%, with the minimum of 4 sent): paused.
    await bounce("ghost.creator@gmail.com", "report-1");
    const paused = await eventually(async () => {
      const status = await mailboxStatus();
      return status.paused ? status : null;
    });
    expect(paused).toMatchObject({
      address: MAILBOX,
      pausedAt: new Date(now).toISOString(),
      sends7d: 4,
      bounces7d: 1,
      bounceRate: 0.25,
    });
    expect(paused.pauseReason).toContain("25.0%");
    const bounced = await api("GET", `/api/negotiations/${ids[0]}`);
    expect(bounced.json.state).toBe("stopped");

    const [notification] = await eventually(async () => {
      const found = await pausedNotifications();
      return found.length ? found : null;
    });
    expect(notification?.title).toContain(MAILBOX);
    expect(notification?.detail).toContain(`/api/mailboxes/${encodeURIComponent(MAILBOX)}/resume`);
    const [pausedAudit] = await eventually(async () => {
      const rows = await audit("mailbox_paused");
      return rows.length ? rows : null;
    });
    expect(pausedAudit).toMatchObject({ actor: "system", data: { mailbox: MAILBOX, bounces: 1 } });

    // Another bounce while paused is counted, and changes nothing else.
    await bounce("b2@gmail.com", "report-2");
    await eventually(async () => ((await mailboxStatus()).bounces7d === 2 ? true : null));

    // A new email while paused is held and asked about again in 30 minutes.
    const held = await startNegotiation(campaignId, "held.creator@gmail.com");
    expect((await deferredPast(held, now)).dueAt).toBe(now + 30 * 60_000);
    expect((await fireAlarm(held)).status).toBe("pending");
    expect(await sentTo("held.creator@gmail.com")).toHaveLength(0);

    // The next morning (today's cap of 4 is used up) the bootstrap token resumes, audited as
    // itself (the body's actor is ignored), and the held email goes out at once: the mailbox
    // wakes the negotiation it held back, no alarm needed.
    now = setClock("2031-03-05T09:00:00Z");
    const resumed = await api("POST", `/api/mailboxes/${encodeURIComponent(MAILBOX)}/resume`, {
      actor: "alice@brand.example",
    });
    expect(resumed.status).toBe(200);
    expect(resumed.json).toMatchObject({ paused: false, pausedAt: null, bounces7d: 0 });
    const again = await api("POST", `/api/mailboxes/${encodeURIComponent(MAILBOX)}/resume`);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("not_paused");
    const [resumedAudit] = await eventually(async () => {
      const rows = await audit("mailbox_resumed");
      return rows.length ? rows : null;
    });
    expect(resumedAudit?.actor).toBe("token:bootstrap");

    await eventually(async () => ((await emailRows(held))[0]?.status === "sent" ? true : null));
    expect(await sentTo("held.creator@gmail.com")).toHaveLength(1);
    // Paused once, notified once.
    expect(await pausedNotifications()).toHaveLength(1);
    expect(await audit("mailbox_paused")).toHaveLength(1);
  });

  it("a woken negotiation still waits for the creator's send window", async () => {
    // A Wednesday; the campaign sends on Saturday mornings (New York) only.
    const now = setClock("2031-04-02T12:00:00Z");
    const campaignId = await createCampaign("Weekend window", {
      sendWindow: { days: ["sat"], start: "09:00", end: "10:00" },
    });
    const id = await startNegotiation(campaignId, "weekend.creator@gmail.com");
    const [opening] = await eventually(async () => {
      const rows = await emailRows(id);
      return rows[0]?.status === "pending" && rows[0].dueAt > now ? rows : null;
    });
    const namespace = (
      env as unknown as {
        NEGOTIATIONS: DurableObjectNamespace<NegotiationApi & Rpc.DurableObjectBranded>;
      }
    ).NEGOTIATIONS;
    await namespace.get(namespace.idFromString(id)).releaseDeferred();
    expect(await emailRows(id)).toEqual([opening]);
    expect(await sentTo("weekend.creator@gmail.com")).toHaveLength(0);
  });
});

describe("GET /api/mailboxes/:address", () => {
  it("knows only the mailbox Parley sends from, and answers bad input with the envelope", async () => {
    expect((await mailboxStatus()).capToday).toBe(4);
    const upper = await api("GET", "/api/mailboxes/Deals@Parley.example");
    expect(upper.status).toBe(200);
    expect(upper.json.address).toBe(MAILBOX);
    const other = await api("GET", "/api/mailboxes/someone@elsewhere.example");
    expect(other.status).toBe(404);
    expect(other.json.error.code).toBe("not_found");
    expect((await api("GET", "/api/mailboxes/not-an-address")).status).toBe(404);
    const bad = await api("POST", `/api/mailboxes/${MAILBOX}/resume`, "{nope");
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid_json");
  });
});
