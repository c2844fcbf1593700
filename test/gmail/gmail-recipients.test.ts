import { describe, expect, it } from "vitest";
import { api, eventually } from "../integration/helpers";
import { type FakeMessage, google, mailbox, state } from "./helpers";

/**
 * Gmail delivers every To and Cc address in one API send: an email to a creator who copied her
 * manager goes out once, with both headers, and the Message-ID look-up still guards the retry.
 */

const header = (raw: string, name: string) =>
  new RegExp(`^${name}:[ \\t]*(.*)$`, "im").exec(raw)?.[1]?.trim() ?? "";

const sentWith = async (messageId: string): Promise<FakeMessage[]> =>
  (await state()).messages.filter(
    (m) => m.labelIds.includes("SENT") && header(m.raw, "Message-ID") === messageId,
  );

describe("Gmail: one send reaches every recipient", () => {
  it("answers a creator who copied her manager with one Gmail send carrying To and Cc", async () => {
    const creator = "ivy.cc@gmail.com";
    const manager = "sam@brightstar-talent.example";
    // The mailbox's cursor starts here, as the cron's first watch would set it.
    await mailbox().sync({ historyId: String((await state()).historyId), requestId: null });
    const c = await api("POST", "/api/campaigns", {
      name: "Gmail recipients",
      cpmTargetCents: 2500,
      leniencyPct: 20,
      autonomy: "autonomous",
      sendWindow: null,
    });
    const n = await api("POST", `/api/campaigns/${c.json.id}/negotiations`, {
      creator: { name: "Ivy", email: creator, platform: "instagram", averageViews: 50000 },
    });
    const id = n.json.id as string;
    const sentEvents = async () =>
      (
        (await api("GET", `/api/negotiations/${id}/timeline`)).json.events as {
          type: string;
          messageId: string;
        }[]
      ).filter((e) => e.type === "email_sent");
    const [opening] = await eventually(async () => {
      const events = await sentEvents();
      return events.length === 1 ? events : null;
    });
    const [openingMail] = await sentWith(String(opening?.messageId));
    expect(header(openingMail?.raw ?? "", "Cc")).toBe("");

    const sendsBefore = (await state()).sendCalls;
    const reply = [
      `From: Ivy <${creator}>`,
      `To: ${header(openingMail?.raw ?? "", "Reply-To")}`,
      `Cc: Sam <${manager}>`,
      `Subject: Re: ${header(openingMail?.raw ?? "", "Subject")}`,
      "Message-ID: <ivy-cc-1@gmail.com>",
      `In-Reply-To: ${opening?.messageId}`,
      `References: ${opening?.messageId}`,
      `Date: ${new Date().toUTCString()}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Thanks! Copying Sam, who handles my partnerships. My rate for this would be $1,400.",
      "",
    ].join("\r\n");
    const delivered = (await (await google("/__deliver", reply)).json()) as { historyId: number };
    await mailbox().sync({ historyId: String(delivered.historyId), requestId: "ivy-cc" });

    const [, counter] = await eventually(async () => {
      const events = await sentEvents();
      return events.length === 2 ? events : null;
    }, 20_000);
    const copies = await sentWith(String(counter?.messageId));
    expect(copies).toHaveLength(1);
    expect(header(copies[0]?.raw ?? "", "To")).toBe(creator);
    expect(header(copies[0]?.raw ?? "", "Cc")).toBe(manager);
    expect((await state()).sendCalls - sendsBefore).toBe(1);
    expect((await api("GET", `/api/negotiations/${id}`)).json.contacts).toEqual([creator, manager]);
  });
});
