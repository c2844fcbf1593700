/// <reference types="vite/client" />
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import corpus from "../fixtures/mail/expected.json";
import { api, deliverEmail, eventually } from "./helpers";

/**
 * Real-world mail through the real email() handler: each raw message in test/fixtures/mail is
 * threaded onto a live negotiation (its own creator, one shared campaign) and delivered; the
 * timeline, state and counterparty must match expected.json, and nothing may throw.
 */

interface Expectation {
  outcome?: "processed" | "own_message" | "unmatched";
  recorded: boolean;
  intent?: string;
  amountCents?: number | null;
  state?: string;
  counterparty?: "creator" | "manager";
  agency?: string | null;
  contactsInclude?: string[];
  /** Machines (auto-responders, mail servers) must never become contacts. */
  contactsExclude?: string[];
  textIncludes?: string[];
  textExcludes?: string[];
  subjectIncludes?: string;
  /** The creator the negotiation is with, when not the message's From. */
  creator?: string;
  deliveries?: number;
  note?: string;
}

interface SentMail {
  to: string;
  raw: string;
}
interface TimelineEvent {
  type: string;
  [key: string]: unknown;
}

const fixtures = import.meta.glob<string>("../fixtures/mail/*.eml", {
  query: "?raw",
  import: "default",
  eager: true,
});
const expectations = corpus as Record<string, Expectation>;
const names = Object.keys(expectations).sort();
const raw = (name: string) => fixtures[`../fixtures/mail/${name}`] ?? "";
const bindings = env as unknown as { MAIL_SINK: { sent(): Promise<SentMail[]> }; DB: D1Database };
const sink = bindings.MAIL_SINK;

const headerOf = (text: string, name: string) => {
  const head = text.slice(0, text.search(/\r?\n\r?\n/));
  return new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, "im").exec(head)?.[1]?.trim() ?? "";
};
const addressOf = (value: string) =>
  (
    /<([^<>@\s]+@[^<>\s]+)>/.exec(value)?.[1] ??
    /[^\s<>"]+@[^\s<>"]+/.exec(value)?.[0] ??
    ""
  ).toLowerCase();

/** Our Reply-To plus-address and our opening's Message-ID, wherever the message names them. */
const OUR_REPLY_TO = /deals\+[a-z2-7]+@parley\.example/gi;
const OUR_MESSAGE_ID = /<[a-z0-9.]*\.[0-9a-f]{64}@parley\.example>/gi;

interface Live {
  id: string;
  replyTo: string;
  messageId: string;
}
const live = new Map<string, Live>();
const creatorOf = (name: string) =>
  expectations[name]?.creator ?? addressOf(headerOf(raw(name), "From"));

async function timeline(id: string): Promise<TimelineEvent[]> {
  const response = await api("GET", `/api/negotiations/${id}/timeline`);
  expect(response.status).toBe(200);
  return response.json.events;
}

beforeAll(async () => {
  const campaign = await api("POST", "/api/campaigns", {
    name: "Mail corpus",
    cpmTargetCents: 2500,
    leniencyPct: 20,
    autonomy: "autonomous",
    sendWindow: null,
  });
  expect(campaign.status).toBe(201);
  const ids = await Promise.all(
    names.map(async (name) => {
      const email = creatorOf(name);
      const started = await api("POST", `/api/campaigns/${campaign.json.id}/negotiations`, {
        creator: {
          name: email.split("@")[0]?.replace(/[._]/g, " ") ?? "Creator",
          email,
          platform: "instagram",
          averageViews: 50000,
          timezone: "America/New_York",
        },
      });
      expect(started.status).toBe(201);
      return started.json.id as string;
    }),
  );
  const openings = await eventually(async () => {
    const sent = await Promise.all(
      ids.map(async (id) => (await timeline(id)).find((e) => e.type === "email_sent")),
    );
    return sent.every(Boolean) ? sent : null;
  }, 20_000);
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
    expect(
      Object.keys(fixtures)
        .map((k) => k.split("/").pop())
        .sort(),
    ).toEqual(names);
  });

  it.each(names)("%s", async (name) => {
    const expected = expectations[name] as Expectation;
    const target = live.get(name) as Live;
    // Thread the message onto the live negotiation: To/Cc, In-Reply-To, References and any
    // embedded original (a bounce's) name the plus-address and Message-ID Parley really used.
    const message = raw(name)
      .replace(OUR_REPLY_TO, target.replyTo)
      .replace(OUR_MESSAGE_ID, target.messageId);
    const returnPath = headerOf(message, "Return-Path");
    const envelopeFrom = returnPath ? addressOf(returnPath) : addressOf(headerOf(message, "From"));
    const recipients = `${headerOf(message, "To")}, ${headerOf(message, "Cc")}`;
    const envelopeTo = recipients.includes(target.replyTo)
      ? target.replyTo
      : addressOf(headerOf(message, "To"));
    for (let i = 0; i < (expected.deliveries ?? 1); i++) {
      // The handler never rejects, whatever the message.
      await expect(deliverEmail(message, envelopeFrom, envelopeTo)).resolves.toBeUndefined();
    }

    const received = (await timeline(target.id)).filter((e) => e.type === "email_received");
    expect(received).toHaveLength(expected.recorded ? 1 : 0);
    const event = received[0];
    if (expected.recorded && event) {
      if (expected.intent) expect(event.intent).toBe(expected.intent);
      for (const text of expected.textIncludes ?? []) expect(event.text).toContain(text);
      for (const text of expected.textExcludes ?? []) expect(event.text).not.toContain(text);
      if (expected.subjectIncludes) expect(event.subject).toContain(expected.subjectIncludes);
    }
    const view = await api("GET", `/api/negotiations/${target.id}`);
    expect(view.status).toBe(200);
    const n = view.json;
    if (expected.state) expect(n.state).toBe(expected.state);
    if (expected.amountCents !== undefined)
      expect(n.theirAsk?.amountCents ?? null).toBe(expected.amountCents);
    if (expected.counterparty) expect(n.counterparty.type).toBe(expected.counterparty);
    if (expected.agency !== undefined) expect(n.counterparty.agency).toBe(expected.agency);
    for (const contact of expected.contactsInclude ?? []) expect(n.contacts).toContain(contact);
    for (const contact of expected.contactsExclude ?? []) expect(n.contacts).not.toContain(contact);
    expect(["processing_failed", "model_unavailable"]).not.toContain(n.escalation?.reason);

    if (expected.outcome === "unmatched") {
      const row = await bindings.DB.prepare(
        "SELECT reason FROM unmatched_emails WHERE from_address = ? AND to_address = ?",
      )
        .bind(addressOf(headerOf(message, "From")), envelopeTo)
        .first<{ reason: string }>();
      expect(row?.reason).toBe("unmatched");
    }
  });
});
