import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Reservation } from "../../src/gmail/mailbox-api";
import { api, eventually } from "../integration/helpers";
import {
  createCampaign,
  deferredPast,
  emailRows,
  fireAlarm,
  MAILBOX,
  mailboxStatus,
  sentTo,
  setClock,
  sink,
  startNegotiation,
} from "./helpers";

// This project: MAILBOX_DAILY_CAP=4, CREATOR_DAILY_CAP=2, SEND_GAP_SECONDS=30 (+ up to 50% jitter).
const GAP = 30_000;
const MAX_GAP = 45_000;
const OFFICE_HOURS = { days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "17:00" };

beforeEach(async () => {
  await sink.reset();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("per-creator daily cap", () => {
  it("sends a creator at most two emails a UTC day across campaigns; the third waits for the next day", async () => {
    // Each test runs on its own UTC day, so the shared mailbox's counts never mix.
    const t0 = setClock("2030-01-15T15:00:00Z"); // a Tuesday, 10:00 in New York
    const creator = "busy.creator@gmail.com";
    const first = await startNegotiation(await createCampaign("Cap A"), creator);
    await eventually(async () => ((await sentTo(creator)).length === 1 ? true : null));

    // Back to back: the second email gets the next slot, a gap (plus jitter) later.
    const second = await startNegotiation(await createCampaign("Cap B"), creator);
    const spaced = await deferredPast(second, t0);
    expect(spaced.dueAt).toBeGreaterThanOrEqual(t0 + GAP);
    expect(spaced.dueAt).toBeLessThanOrEqual(t0 + MAX_GAP);

    // The third campaign sends 09:00–17:00 New York time: the cap defers it to the next UTC day,
    // and into the window's next opening (Wednesday 09:00 EST).
    const third = await startNegotiation(
      await createCampaign("Cap C", { sendWindow: OFFICE_HOURS }),
      creator,
    );
    const capped = await deferredPast(third, t0);
    const nextOpening = Date.parse("2030-01-16T14:00:00Z");
    expect(capped.dueAt).toBe(nextOpening);
    // Its follow-ups now count from when it will really go out.
    const plans = await eventually(async () => {
      const { json } = await api("GET", `/api/negotiations/${third}/timeline`);
      const planned = (json.events as { type: string; followUpsAt: string[] }[]).filter(
        (e) => e.type === "follow_up_scheduled",
      );
      return planned.length === 2 ? planned : null;
    });
    const [planned, moved] = plans.map((p) => p.followUpsAt.map(Date.parse));
    expect(moved).toEqual(planned?.map((at) => at + (nextOpening - t0)));

    // Firing the third's alarm early re-asks the ledger: still capped, nothing sent.
    expect(await fireAlarm(third)).toMatchObject({ status: "pending", dueAt: nextOpening });
    expect(await sentTo(creator)).toHaveLength(1);

    // The second goes out at its slot.
    setClock(spaced.dueAt);
    expect((await fireAlarm(second)).status).toBe("sent");
    expect(await sentTo(creator)).toHaveLength(2);
    expect((await emailRows(first))[0]?.status).toBe("sent");

    // Next day, at the window's opening: the third goes out.
    setClock(nextOpening);
    expect((await fireAlarm(third)).status).toBe("sent");
    expect(await sentTo(creator)).toHaveLength(3);
  });
});

describe("per-mailbox daily cap and spacing", () => {
  it("grants four spaced slots a UTC day and defers the fifth email to the next day", async () => {
    const t0 = setClock("2030-01-17T12:00:00Z");
    const campaignId = await createCampaign("Mailbox cap");
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) ids.push(await startNegotiation(campaignId, `fan${i}@gmail.com`));
    await eventually(async () => ((await sentTo("fan1@gmail.com")).length === 1 ? true : null));

    // Slots 2–4: each a gap (plus at most half again) after the previous one.
    const slots = [t0];
    for (const id of ids.slice(1, 4)) slots.push((await deferredPast(id, t0)).dueAt);
    for (let i = 1; i < slots.length; i++) {
      const gap = (slots[i] as number) - (slots[i - 1] as number);
      expect(gap).toBeGreaterThanOrEqual(GAP);
      expect(gap).toBeLessThanOrEqual(MAX_GAP);
    }
    const fifth = await deferredPast(ids[4] as string, t0);
    const midnight = Date.parse("2030-01-18T00:00:00Z");
    expect(fifth.dueAt).toBeGreaterThanOrEqual(midnight);
    expect(fifth.dueAt).toBeLessThan(midnight + 15 * 60_000);
    expect(await mailboxStatus()).toMatchObject({ address: MAILBOX, sentToday: 4, capToday: 4 });

    // Each spaced email goes out at its slot; the fifth, asked again the same day, does not.
    setClock((slots[3] as number) + 1000);
    for (const id of ids.slice(1, 4)) expect((await fireAlarm(id)).status).toBe("sent");
    expect((await fireAlarm(ids[4] as string)).status).toBe("pending");
    expect(await sentTo("fan5@gmail.com")).toHaveLength(0);
    expect((await sink.sent()).length).toBe(4);
    expect((await mailboxStatus()).sentToday).toBe(4);
  });
});

describe("exactly-once counting", () => {
  it("counts a delivery retried after a transport failure once", async () => {
    setClock("2030-01-19T12:00:00Z");
    await sink.configure({ failNext: 1 });
    await startNegotiation(await createCampaign("Retried"), "retried@gmail.com");
    await eventually(async () => ((await sentTo("retried@gmail.com")).length === 1 ? true : null));
    expect(await sink.attempts()).toBe(2);
    expect((await mailboxStatus()).sentToday).toBe(1);
  });

  it("gives the same key the same slot, and counts it once", async () => {
    const now = setClock("2030-01-21T12:00:00Z");
    const mailboxes = env as unknown as {
      MAILBOXES: DurableObjectNamespace<import("../../src/gmail/mailbox-object").MailboxObject>;
    };
    const stub = mailboxes.MAILBOXES.get(mailboxes.MAILBOXES.idFromName(MAILBOX));
    const ask = (key: string, creatorEmail: string): Promise<Reservation> =>
      stub.reserveSend({ mailbox: MAILBOX, key, creatorEmail, now });
    const first = await ask("email:test:1", "same@gmail.com");
    expect(first).toEqual({ status: "granted", slotAt: now, day: "2030-01-21" });
    expect(await ask("email:test:1", "same@gmail.com")).toEqual(first);
    const second = await ask("email:test:2", "other@gmail.com");
    expect(second.status === "granted" && second.slotAt - now).toBeGreaterThanOrEqual(GAP);
    expect(await ask("email:test:2", "other@gmail.com")).toEqual(second);
    expect((await mailboxStatus()).sentToday).toBe(2);
  });
});
