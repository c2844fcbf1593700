import { beforeAll, describe, expect, it } from "vitest";
import {
  creatorOf,
  envelopeOf,
  expectations,
  expectOutcome,
  fixtureNames,
  headerOf,
  type Live,
  names,
  openingsOf,
  startCorpusNegotiations,
  threadedOnto,
} from "./corpus";
import { deliverEmail, sink } from "./helpers";

/**
 * Real-world mail through the real email() handler: each raw message in test/fixtures/mail is
 * threaded onto a live negotiation (its own creator, one shared campaign) and delivered; the
 * timeline, state and counterparty must match expected.json, and nothing may throw.
 */

const live = new Map<string, Live>();

beforeAll(async () => {
  const ids = await startCorpusNegotiations("Mail corpus");
  const openings = await openingsOf(ids);
  const mails = await sink.sent();
  names.forEach((name, i) => {
    const mail = mails.find((m) => m.to === creatorOf(name));
    expect(mail, `opening to ${creatorOf(name)} in the mail sink`).toBeDefined();
    live.set(name, {
      id: ids[i] as string,
      replyTo: headerOf(mail?.raw ?? "", "Reply-To"),
      messageId: String(openings[i]?.messageId),
    });
  });
}, 30_000);

describe("a corpus of real-world mail through email()", () => {
  it("covers at least 30 messages, each with an expectation", () => {
    expect(names.length).toBeGreaterThanOrEqual(30);
    expect(fixtureNames).toEqual(names);
  });

  it.each(names)("%s", async (name) => {
    const target = live.get(name) as Live;
    const message = threadedOnto(name, target);
    const envelope = envelopeOf(message, target);
    for (let i = 0; i < (expectations[name]?.deliveries ?? 1); i++) {
      // The handler never rejects, whatever the message.
      await expect(deliverEmail(message, envelope.from, envelope.to)).resolves.toBeUndefined();
    }
    await expectOutcome(name, target, message);
  });
});
