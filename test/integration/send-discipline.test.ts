import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createCampaign,
  deferredPast,
  emailRows,
  mailboxStatus,
  sentTo,
  setClock,
  startNegotiation,
} from "../discipline/helpers";
import { eventually } from "./helpers";

// The default caps (CREATOR_DAILY_CAP=3, MAILBOX_DAILY_CAP=500); this project sends without a gap.
afterEach(() => {
  vi.useRealTimers();
});

describe("send discipline with the default caps", () => {
  it("sends one creator three emails a UTC day and holds the fourth until the next day", async () => {
    const t0 = setClock("2030-06-04T12:00:00Z");
    const creator = "in.demand@gmail.com";
    const ids: string[] = [];
    for (const name of ["One", "Two", "Three", "Four"])
      ids.push(await startNegotiation(await createCampaign(`Default caps ${name}`), creator));
    await eventually(async () => ((await sentTo(creator)).length === 3 ? true : null));
    const held = ids[3] as string;
    const row = await deferredPast(held, t0);
    expect(row.dueAt).toBeGreaterThanOrEqual(Date.parse("2030-06-05T00:00:00Z"));
    for (const id of ids.slice(0, 3)) expect((await emailRows(id))[0]?.status).toBe("sent");
    const status = await mailboxStatus();
    expect(status).toMatchObject({ paused: false, capToday: 500 });
    expect(status.sentToday).toBeGreaterThanOrEqual(3);
  });
});
