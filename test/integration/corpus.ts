/// <reference types="vite/client" />
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import corpus from "../fixtures/mail/expected.json";
import { api, eventually } from "./helpers";

/**
 * The raw-mail corpus (test/fixtures/mail) and its expectations, shared by the transports that
 * read it: Cloudflare Email Routing's email() handler and the Gmail mailbox sync.
 */

export interface Expectation {
  outcome?: "processed" | "own_message" | "unmatched";
  /** Recorded as an email from the creator's side (`email_received`). */
  recorded: boolean;
  /** Recorded instead as an unverified sender's mail (`email_unverified`), for this reason. */
  unverified?: string;
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

interface TimelineEvent {
  type: string;
  [key: string]: unknown;
}

const fixtures = import.meta.glob<string>("../fixtures/mail/*.eml", {
  query: "?raw",
  import: "default",
  eager: true,
});
export const expectations = corpus as Record<string, Expectation>;
export const names = Object.keys(expectations).sort();
export const fixtureNames = Object.keys(fixtures)
  .map((k) => k.split("/").pop() ?? "")
  .sort();
export const raw = (name: string) => fixtures[`../fixtures/mail/${name}`] ?? "";

export const headerOf = (text: string, name: string) => {
  const head = text.slice(0, text.search(/\r?\n\r?\n/));
  return new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, "im").exec(head)?.[1]?.trim() ?? "";
};
export const addressOf = (value: string) =>
  (
    /<([^<>@\s]+@[^<>\s]+)>/.exec(value)?.[1] ??
    /[^\s<>"]+@[^\s<>"]+/.exec(value)?.[0] ??
    ""
  ).toLowerCase();

/** Our Reply-To plus-address and our opening's Message-ID, wherever the message names them. */
const OUR_REPLY_TO = /deals\+[a-z2-7]+@parley\.example/gi;
const OUR_MESSAGE_ID = /<[a-z0-9.]*\.[0-9a-f]{64}@parley\.example>/gi;

/** A live negotiation a fixture is threaded onto: its id and what our opening really carried. */
export interface Live {
  id: string;
  replyTo: string;
  messageId: string;
}

export const creatorOf = (name: string) =>
  expectations[name]?.creator ?? addressOf(headerOf(raw(name), "From"));

/**
 * The fixture threaded onto the live negotiation: To/Cc, In-Reply-To, References and any embedded
 * original (a bounce's) name the plus-address and Message-ID Parley really used.
 */
export const threadedOnto = (name: string, target: Live) =>
  raw(name).replace(OUR_REPLY_TO, target.replyTo).replace(OUR_MESSAGE_ID, target.messageId);

/** The SMTP envelope Email Routing would give the message. */
export function envelopeOf(message: string, target: Live): { from: string; to: string } {
  const returnPath = headerOf(message, "Return-Path");
  const recipients = `${headerOf(message, "To")}, ${headerOf(message, "Cc")}`;
  return {
    from: returnPath ? addressOf(returnPath) : addressOf(headerOf(message, "From")),
    to: recipients.includes(target.replyTo) ? target.replyTo : addressOf(headerOf(message, "To")),
  };
}

/** Starts one negotiation per fixture's creator in a fresh autonomous campaign; returns the ids. */
export async function startCorpusNegotiations(campaignName: string): Promise<string[]> {
  const campaign = await api("POST", "/api/campaigns", {
    name: campaignName,
    cpmTargetCents: 2500,
    leniencyPct: 20,
    autonomy: "autonomous",
    sendWindow: null,
  });
  expect(campaign.status).toBe(201);
  return Promise.all(
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
}

export async function timeline(id: string): Promise<TimelineEvent[]> {
  const response = await api("GET", `/api/negotiations/${id}/timeline`);
  expect(response.status).toBe(200);
  return response.json.events;
}

/** Waits until every negotiation's opening email was sent; returns those `email_sent` events. */
export async function openingsOf(ids: string[], timeoutMs = 25_000): Promise<TimelineEvent[]> {
  return eventually(async () => {
    const sent = await Promise.all(
      ids.map(async (id) => (await timeline(id)).find((e) => e.type === "email_sent")),
    );
    return sent.every(Boolean) ? (sent as TimelineEvent[]) : null;
  }, timeoutMs);
}

/** What the fixture's expectation says about the negotiation once the message was read. */
export async function expectOutcome(name: string, target: Live, message: string): Promise<void> {
  const expected = expectations[name] as Expectation;
  const events = await timeline(target.id);
  const received = events.filter((e) => e.type === "email_received");
  expect(received).toHaveLength(expected.recorded ? 1 : 0);
  const unverified = events.filter((e) => e.type === "email_unverified");
  expect(unverified).toHaveLength(expected.unverified ? 1 : 0);
  if (expected.unverified) expect(unverified[0]?.reason).toBe(expected.unverified);
  const event = received[0] ?? unverified[0];
  if ((expected.recorded || expected.unverified) && event) {
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
    const db = (env as unknown as { DB: D1Database }).DB;
    const row = await db
      .prepare("SELECT reason FROM unmatched_emails WHERE from_address = ?")
      .bind(addressOf(headerOf(message, "From")))
      .first<{ reason: string }>();
    expect(row?.reason).toBe("unmatched");
  }
}
