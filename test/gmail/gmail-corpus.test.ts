import { beforeAll, describe, expect, it } from "vitest";
import {
  addressOf,
  creatorOf,
  expectations,
  expectOutcome,
  headerOf,
  type Live,
  names,
  openingsOf,
  startCorpusNegotiations,
  threadedOnto,
} from "../integration/corpus";
import { google, mailbox, state } from "./helpers";

/**
 * The same raw-mail corpus as the email() handler reads, arriving in the team's Gmail mailbox
 * instead: each message lands in the (fake) mailbox, a sync reads it through history.list and
 * messages.get, and the negotiation must end exactly as expected.json says.
 */

const live = new Map<string, Live>();

beforeAll(async () => {
  // The mailbox's cursor starts here, as the cron's first watch would set it.
  await mailbox().sync({ historyId: String((await state()).historyId), requestId: null });
  const ids = await startCorpusNegotiations("Gmail corpus");
  const openings = await openingsOf(ids);
  const sent = (await state()).messages.filter((m) => m.labelIds.includes("SENT"));
  names.forEach((name, i) => {
    const messageId = String(openings[i]?.messageId);
    const mail = sent.find((m) => headerOf(m.raw, "Message-ID") === messageId);
    expect(mail, `opening to ${creatorOf(name)} in the Gmail mailbox`).toBeDefined();
    expect(addressOf(headerOf(mail?.raw ?? "", "To"))).toBe(creatorOf(name));
    live.set(name, {
      id: ids[i] as string,
      replyTo: headerOf(mail?.raw ?? "", "Reply-To"),
      messageId,
    });
  });
}, 40_000);

describe("the mail corpus through the Gmail mailbox", () => {
  it.each(names)("%s", async (name) => {
    const target = live.get(name) as Live;
    const message = threadedOnto(name, target);
    let historyId = 0;
    for (let i = 0; i < (expectations[name]?.deliveries ?? 1); i++) {
      const delivered = (await (await google("/__deliver", message)).json()) as {
        historyId: number;
      };
      historyId = delivered.historyId;
    }
    const synced = await mailbox().sync({ historyId: String(historyId), requestId: name });
    expect(synced.delivered).toBe(expectations[name]?.deliveries ?? 1);
    await expectOutcome(name, target, message);
  });
});
