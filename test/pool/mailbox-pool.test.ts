/// <reference types="vite/client" />
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MailboxView, SendingStatus } from "../../src/gmail/mailbox-api";
import {
  createCampaign,
  deferredPast,
  emailRows,
  sentTo,
  setClock,
  sink,
  startNegotiation,
} from "../discipline/helpers";
import dsn from "../fixtures/mail/24-dsn-bounce.eml?raw";
import { api, deliverEmail, eventually, rawReply, type SentMail } from "../integration/helpers";

// This project: SENDING_MAILBOXES = deals@ and offers@parley.example, 3 emails a day each, no gap,
// and old@parley.example, retired; CREATOR_DAILY_CAP=3; BOUNCE_MIN_SENDS=1, so one bounce in one
// send pauses the mailbox that sent it.
const DEALS = "deals@parley.example";
const OFFERS = "offers@parley.example";

const header = (raw: string, name: string) =>
  new RegExp(`^${name}:\\s*(.+)$`, "im").exec(raw)?.[1]?.trim() ?? "";

async function mailboxOf(negotiationId: string): Promise<string> {
  const { status, json } = await api("GET", `/api/negotiations/${negotiationId}`);
  expect(status).toBe(200);
  return json.mailbox as string;
}

async function status(address: string): Promise<MailboxView> {
  const { status: code, json } = await api("GET", `/api/mailboxes/${encodeURIComponent(address)}`);
  expect(code).toBe(200);
  return json as MailboxView;
}

/** The creator's emails from us, once `count` of them went out. */
const received = (creator: string, count: number): Promise<SentMail[]> =>
  eventually(async () => {
    const mail = await sentTo(creator);
    return mail.length >= count ? mail : null;
  });

beforeEach(async () => {
  await sink.reset();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("a pool of two sending mailboxes", () => {
  it("spreads new negotiations across the pool; each email goes out from its negotiation's mailbox", async () => {
    // Each test runs on its own UTC day (caps) and weeks apart (the 14-day load window).
    setClock("2032-01-06T15:00:00Z");
    const campaignId = await createCampaign("Pool spread");
    const creators = ["p1@gmail.com", "p2@gmail.com", "p3@gmail.com", "p4@gmail.com"];
    const ids: string[] = [];
    for (const creator of creators) ids.push(await startNegotiation(campaignId, creator));
    const boxes = await Promise.all(ids.map(mailboxOf));
    expect(boxes.filter((b) => b === DEALS)).toHaveLength(2);
    expect(boxes.filter((b) => b === OFFERS)).toHaveLength(2);
    for (const [i, creator] of creators.entries()) {
      const [opening] = await received(creator, 1);
      expect(opening?.from).toBe(boxes[i]);
      expect(header(opening?.raw ?? "", "From")).toContain(boxes[i]);
      expect(header(opening?.raw ?? "", "Reply-To")).toMatch(
        new RegExp(`^${boxes[i]?.split("@")[0]}\\+[a-z2-7]+@parley\\.example$`),
      );
    }
    expect((await status(DEALS)).assigned).toBe(2);
    expect((await status(OFFERS)).assigned).toBe(2);
    const { json } = await api("GET", "/api/mailboxes");
    expect((json.mailboxes as SendingStatus[]).map((m) => [m.address, m.sentToday])).toEqual([
      [DEALS, 2],
      [OFFERS, 2],
      ["old@parley.example", 0],
    ]);

    // An import places its rows the same way, and a repeated import moves nothing.
    const rows = {
      creators: ["i1", "i2", "i3", "i4"].map((name) => ({
        name,
        email: `${name}@gmail.com`,
        platform: "instagram",
        averageViews: 50000,
      })),
    };
    const path = `/api/campaigns/${campaignId}/creators:import`;
    const imported = (await api("POST", path, rows)).json;
    expect(imported.started).toBe(4);
    expect((await api("POST", path, rows)).json.duplicates).toBe(4);
    expect((await status(DEALS)).assigned).toBe(4);
    expect((await status(OFFERS)).assigned).toBe(4);
    // Their openings are settled today (sent, or waiting for tomorrow past the cap of 3), so none
    // is sent on a later test's day and counted against its caps.
    for (const { negotiationId } of imported.results as { negotiationId: string }[]) {
      await eventually(async () => {
        const settled = (await emailRows(negotiationId)).every(
          (row) => row.status === "sent" || (row.status === "pending" && row.dueAt > Date.now()),
        );
        return settled || null;
      });
    }
  });

  it("keeps a thread on its mailbox: a reply to its plus-address is found and answered from it", async () => {
    setClock("2032-02-03T15:00:00Z");
    const campaignId = await createCampaign("Pool thread", { mailboxes: [OFFERS] });
    const creator = "thread.keeper@gmail.com";
    const id = await startNegotiation(campaignId, creator);
    expect(await mailboxOf(id)).toBe(OFFERS);
    const [opening] = await received(creator, 1);
    const replyAddress = header(opening?.raw ?? "", "Reply-To");
    expect(replyAddress).toMatch(/^offers\+[a-z2-7]+@parley\.example$/);

    // Found by the pool mailbox's plus-address alone (the In-Reply-To names no mail of ours).
    const raw = rawReply({
      from: creator,
      to: replyAddress,
      subject: `Re: ${header(opening?.raw ?? "", "Subject")}`,
      inReplyTo: "<not-ours@gmail.com>",
      messageId: "<keeper-reply-1@gmail.com>",
      text: "Thanks for reaching out! I could do it for $1,400.",
    });
    await deliverEmail(raw, creator, replyAddress);
    const [, answer] = await received(creator, 2);
    expect(answer?.from).toBe(OFFERS);
    expect(header(answer?.raw ?? "", "From")).toContain(OFFERS);
    expect(header(answer?.raw ?? "", "Reply-To")).toBe(replyAddress);
    expect(await mailboxOf(id)).toBe(OFFERS);
  });

  it("pauses only the mailbox whose email bounced; new negotiations and sends use the other", async () => {
    setClock("2032-03-02T15:00:00Z");
    const campaignId = await createCampaign("Pool bounce");
    const first = "bounced.one@gmail.com";
    const second = "fine.two@gmail.com";
    const ids = [
      await startNegotiation(campaignId, first),
      await startNegotiation(campaignId, second),
    ];
    const boxes = await Promise.all(ids.map(mailboxOf));
    expect(new Set(boxes)).toEqual(new Set([DEALS, OFFERS]));
    const [opening] = await received(first, 1);
    await received(second, 1);

    // The mailer daemon's report on the first creator's opening, threaded by its headers.
    const report = dsn
      .replace(/deals\+[a-z2-7]+@parley\.example/gi, header(opening?.raw ?? "", "Reply-To"))
      .replace(
        /<[a-z0-9.]*\.[0-9a-f]{64}@parley\.example>/gi,
        header(opening?.raw ?? "", "Message-ID"),
      )
      .replace(/<6743a1b2[^>]+>/, "<pool-bounce-1@mx.google.com>");
    const bounced = boxes[0] as string;
    const other = boxes[1] as string;
    await deliverEmail(report, "", bounced);
    await eventually(async () => ((await status(bounced)).paused ? true : null));
    expect((await status(other)).paused).toBe(false);

    // A new negotiation goes to the mailbox still sending, and its opening goes out at once.
    const third = "after.pause@gmail.com";
    const thirdId = await startNegotiation(campaignId, third);
    expect(await mailboxOf(thirdId)).toBe(other);
    const [sent] = await received(third, 1);
    expect(sent?.from).toBe(other);

    // A person resumes the bounced mailbox; it takes its share again.
    const resumed = await api("POST", `/api/mailboxes/${encodeURIComponent(bounced)}/resume`);
    expect(resumed.status).toBe(200);
    expect((await status(bounced)).paused).toBe(false);
  });

  it("holds each mailbox to its own daily cap; the other mailbox keeps sending", async () => {
    const t0 = setClock("2032-04-06T15:00:00Z");
    const capped = await createCampaign("Pool cap", { mailboxes: [DEALS] });
    const creators = ["c1@gmail.com", "c2@gmail.com", "c3@gmail.com", "c4@gmail.com"];
    const ids: string[] = [];
    for (const creator of creators) ids.push(await startNegotiation(capped, creator));
    for (const creator of creators.slice(0, 3)) await received(creator, 1);
    // The fourth waits for the next UTC day: deals@ sent its 3 today.
    const waiting = await deferredPast(ids[3] as string, t0);
    expect(waiting.dueAt).toBeGreaterThanOrEqual(Date.parse("2032-04-07T00:00:00Z"));
    expect(await sentTo("c4@gmail.com")).toHaveLength(0);
    expect((await status(DEALS)).sentToday).toBe(3);

    // offers@ has its own cap: a campaign on it sends the same day.
    const open = await createCampaign("Pool cap other", { mailboxes: [OFFERS] });
    const otherId = await startNegotiation(open, "elsewhere@gmail.com");
    const [sent] = await received("elsewhere@gmail.com", 1);
    expect(sent?.from).toBe(OFFERS);
    // Marked sent once the transport answered (just after the sink has the message).
    await eventually(async () => (await emailRows(otherId))[0]?.status === "sent" || null);
  });
});

describe("a recipient's daily cap", () => {
  it("counts one address across the whole pool: the fourth email of the day waits, whichever mailbox sends it", async () => {
    const t0 = setClock("2032-05-04T15:00:00Z");
    const creator = "twice.booked@gmail.com";
    const onDeals = [
      await createCampaign("Recipient A", { mailboxes: [DEALS] }),
      await createCampaign("Recipient B", { mailboxes: [DEALS] }),
    ];
    const onOffers = [
      await createCampaign("Recipient C", { mailboxes: [OFFERS] }),
      await createCampaign("Recipient D", { mailboxes: [OFFERS] }),
    ];
    for (const campaign of [...onDeals, onOffers[0] as string])
      await startNegotiation(campaign, creator);
    const mail = await received(creator, 3);
    expect(mail.map((m) => m.from).sort()).toEqual([DEALS, DEALS, OFFERS]);

    // offers@ has sent one email today, far from its own cap; the address has had its three.
    const fourth = await startNegotiation(onOffers[1] as string, creator);
    const waiting = await deferredPast(fourth, t0);
    expect(waiting.dueAt).toBeGreaterThanOrEqual(Date.parse("2032-05-05T00:00:00Z"));
    expect(await sentTo(creator)).toHaveLength(3);
    // The slot offers@ granted it was given back: only what went out counts against the mailbox.
    expect((await status(OFFERS)).sentToday).toBe(1);
    expect((await status(DEALS)).sentToday).toBe(2);
  });
});

describe("capacity", () => {
  const creatorRows = (n: number, prefix: string) => ({
    creators: Array.from({ length: n }, (_, i) => ({
      name: `Creator ${i + 1}`,
      email: `${prefix}${i + 1}@gmail.com`,
      platform: "instagram",
      averageViews: 50000,
    })),
  });

  it("shows the campaign's pool and what it can send a day", async () => {
    const both = await createCampaign("Capacity both");
    const { json } = await api("GET", `/api/campaigns/${both}`);
    expect(json.mailboxes).toBeNull();
    expect(json.sending).toMatchObject({
      mailboxes: [
        { address: DEALS, dailyCap: 3, emailsPerDay: 3 },
        { address: OFFERS, dailyCap: 3, emailsPerDay: 3 },
      ],
      dailyCap: 6,
      emailsPerDay: 6,
      emailsPerNegotiation: 5,
      lifetimeDays: 7,
      sendingDaysPerWeek: 7,
      activeNegotiations: 0,
      overCapacity: false,
    });
    const one = await createCampaign("Capacity one", { mailboxes: ["Offers@Parley.example"] });
    const metrics = await api("GET", `/api/campaigns/${one}/metrics`);
    expect(metrics.json.sending).toMatchObject({ dailyCap: 3, emailsPerDay: 3 });
  });

  it("refuses a campaign naming a mailbox that is not in the pool", async () => {
    const res = await api("POST", "/api/campaigns", {
      name: "Unknown mailbox",
      mailboxes: [DEALS, "stranger@elsewhere.example"],
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([
      {
        field: "mailboxes",
        message:
          "stranger@elsewhere.example is not a configured sending mailbox (SENDING_MAILBOXES)",
      },
    ]);
  });

  it("warns at import, dry run included, when the negotiations would need more than the pool sends", async () => {
    setClock("2032-05-04T15:00:00Z");
    const campaignId = await createCampaign("Capacity import", { mailboxes: [DEALS] });
    const path = `/api/campaigns/${campaignId}/creators:import`;
    // 4 negotiations × 5 emails ÷ 7 days = 3 a day: exactly what deals@ sends.
    const fits = await api("POST", `${path}?dryRun=true`, creatorRows(4, "fit"));
    expect(fits.status).toBe(200);
    expect(fits.json).toMatchObject({
      dryRun: true,
      new: 4,
      warnings: [],
      capacity: { emailsPerDay: 3, mailboxes: 1, newNegotiations: 4, neededPerDay: 3 },
    });
    // 5 need 4 a day.
    const over = await api("POST", `${path}?dryRun=true`, creatorRows(5, "over"));
    expect(over.json.capacity).toMatchObject({
      neededPerDay: 4,
      overCapacity: true,
      openingDays: 2,
    });
    expect(over.json.warnings).toEqual([
      "0 active negotiations + 5 new ones need about 4 emails a sending day (5 emails each over " +
        "7 days, sent on 7 days a week), but the campaign's 1 mailbox send at most 3 a day: " +
        "emails will wait for capacity. Add mailboxes to the campaign or start fewer creators at once.",
    ]);
    // The real import starts them and says the same.
    const started = await api("POST", path, creatorRows(5, "over"));
    expect(started.json).toMatchObject({ started: 5, capacity: { overCapacity: true } });
    expect(started.json.warnings).toHaveLength(1);
    // Once projected, they count as active: even one more creator is over.
    await eventually(async () => {
      const { json } = await api("GET", `/api/campaigns/${campaignId}`);
      return json.sending.activeNegotiations === 5 ? true : null;
    });
    const more = await api("POST", `${path}?dryRun=true`, creatorRows(1, "late"));
    expect(more.json.warnings[0]).toMatch(
      /^5 active negotiations \+ 1 new one need about 5 emails a sending day/,
    );
  });
});

describe("a retired mailbox", () => {
  it("takes no new negotiation and no new campaign, and still shows its sending discipline", async () => {
    setClock("2032-07-06T15:00:00Z");
    const campaign = await createCampaign("Retired pool");
    for (let i = 0; i < 6; i++) {
      const id = await startNegotiation(campaign, `fresh${i}@gmail.com`);
      expect([DEALS, OFFERS]).toContain(await mailboxOf(id));
    }
    const old = await status("old@parley.example");
    expect(old).toMatchObject({ retired: true, assigned: 0, capToday: 3 });
    expect((await status(DEALS)).retired).toBe(false);
    const named = await api("POST", "/api/campaigns", {
      name: "On the old mailbox",
      cpmTargetCents: 2500,
      mailboxes: ["old@parley.example"],
    });
    expect(named.status).toBe(400);
    expect(named.json.error.details[0].message).toBe(
      "old@parley.example is retired (SENDING_MAILBOXES): it finishes its threads and takes no new negotiation",
    );
  });
});
