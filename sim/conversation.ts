/// <reference types="node" />
/**
 * One simulated negotiation through the real Worker: start it through the API, read each email
 * Parley sends from the negotiation's timeline, answer it as the persona through the inbound
 * email path, until one side has nothing more to say.
 */
import { offerInEmail } from "./email-offer";
import { type Api, deliver, until } from "./local-worker";
import { initialState, type Message, respond, type SeenOffer } from "./persona";
import type { SimCreator } from "./population";
import { TEAM_ANSWER } from "./wording";

/** The most messages a persona sends in one conversation (a loop guard, never reached normally). */
const MAX_TURNS = 14;
/** How long Parley may take to record and answer one message. */
const SETTLE_MS = 60_000;

export type TimelineEvent = Record<string, any> & { type: string; at: string };

export interface SentMessage extends Message {
  messageId: string;
  /** What Parley's reader made of it (from the timeline), null when it was not read. */
  read: { intent: string | null; amountCents: number | null } | null;
  /** Purposes of the emails Parley sent after it and before the persona's next message. */
  answeredWith: string[];
}

export interface ParleyEmail {
  purpose: string;
  subject: string;
  text: string;
  messageId: string;
  /** The offer its scope block states (null when none). */
  offer: SeenOffer | null;
}

export interface ConversationRecord {
  creator: SimCreator;
  campaignId: string;
  negotiationId: string | null;
  messages: SentMessage[];
  emails: ParleyEmail[];
  timeline: TimelineEvent[];
  /** GET /api/negotiations/:id at the end. */
  negotiation: Record<string, any> | null;
  /** Things that went wrong in the harness or the Worker (timeouts, HTTP errors). */
  errors: string[];
  /** Things worth a look that are not errors (an offer email without a readable scope block). */
  findings: string[];
}

const sentOf = (events: TimelineEvent[]) => events.filter((e) => e.type === "email_sent");
const OFFER_PURPOSES = new Set(["opening", "counter", "answer", "follow_up"]);

/** The timeline once `ready(events)` holds, every queued email is sent, and nothing moved for a poll. */
async function settled(
  api: Api,
  id: string,
  what: string,
  ready: (events: TimelineEvent[]) => boolean,
): Promise<TimelineEvent[]> {
  let previous = -1;
  return until(
    what,
    async () => {
      const { events } = (await api("GET", `/api/negotiations/${id}/timeline`)) as {
        events: TimelineEvent[];
      };
      const queued = events.filter((e) => e.type === "email_queued").length;
      const calm = events.length === previous;
      previous = events.length;
      return calm && ready(events) && queued === sentOf(events).length && events;
    },
    SETTLE_MS,
    200,
  );
}

function toEmail(e: TimelineEvent, tiers: readonly string[]): ParleyEmail {
  const text = String(e.text ?? "");
  return {
    purpose: String(e.purpose ?? "unknown"),
    subject: String(e.subject ?? ""),
    text,
    messageId: String(e.messageId ?? ""),
    offer: offerInEmail(text, tiers),
  };
}

export async function converse(
  api: Api,
  base: string,
  campaignId: string,
  creator: SimCreator,
  runTag: string,
): Promise<ConversationRecord> {
  const record: ConversationRecord = {
    creator,
    campaignId,
    negotiationId: null,
    messages: [],
    emails: [],
    timeline: [],
    negotiation: null,
    errors: [],
    findings: [],
  };
  const tiers = creator.campaign.body.deliverableTiers;
  try {
    const started = await api("POST", `/api/campaigns/${campaignId}/negotiations`, {
      creator: {
        name: creator.name,
        email: creator.email,
        platform: creator.platform,
        averageViews: creator.averageViews,
        handle: creator.name.toLowerCase().replace(/\s+/g, ""),
      },
    });
    const id = String(started.id);
    record.negotiationId = id;
    let events = await settled(api, id, `the opening email for ${creator.email}`, (e) =>
      sentOf(e).length > 0 ? true : e.some((x) => x.type === "escalated"),
    );
    let state = initialState();
    for (let turn = 0; turn < MAX_TURNS; turn++) {
      const sent = sentOf(events);
      const latest = sent.at(-1);
      if (!latest) break;
      const email = toEmail(latest, tiers);
      let offer = email.offer;
      if (!offer && OFFER_PURPOSES.has(email.purpose)) {
        record.findings.push(`a ${email.purpose} email states no readable offer`);
        offer = await offerFromApi(api, id, tiers);
      }
      const reply = respond(creator, state, { purpose: email.purpose, offer, now: new Date() });
      state = reply.state;
      if (reply.messages.length === 0) break;
      const before = sent.length;
      for (const message of reply.messages) {
        const messageId = `<sim-${runTag}-${creator.index}-${record.messages.length}@${domainOf(creator.creatorEmail)}>`;
        await deliver(base, rawFor(creator, message, latest, messageId));
        events = await settled(api, id, `Parley to read ${messageId}`, (e) =>
          e.some(
            (x) =>
              (x.type === "email_received" || x.type === "email_unverified") &&
              x.messageId === messageId,
          ),
        );
        const read = events.find((x) => x.type === "email_received" && x.messageId === messageId);
        record.messages.push({
          ...message,
          messageId,
          read: read
            ? { intent: read.intent ?? null, amountCents: read.amountCents ?? null }
            : null,
          answeredWith: [],
        });
      }
      let after = sentOf(events).slice(before);
      if (after.length === 0) {
        // A question only the team can answer: a team member answers it, as they would from
        // Slack or the dashboard, and Parley sends the answer through its gate.
        events = await answerOpenQuestions(api, id, events);
        after = sentOf(events).slice(before);
      }
      const last = record.messages.at(-1);
      if (last) last.answeredWith = after.map((e) => String(e.purpose ?? "unknown"));
      if (after.length === 0) break;
    }
    record.timeline = events;
    record.emails = sentOf(events).map((e) => toEmail(e, tiers));
    record.negotiation = await api("GET", `/api/negotiations/${id}`);
  } catch (error) {
    record.errors.push(error instanceof Error ? error.message : String(error));
  }
  return record;
}

/** Answers the negotiation's open questions as the team would; the timeline after it, or as it was. */
async function answerOpenQuestions(
  api: Api,
  id: string,
  events: TimelineEvent[],
): Promise<TimelineEvent[]> {
  const n = await api("GET", `/api/negotiations/${id}`);
  const open = Array.isArray(n.openQuestions) ? n.openQuestions.length : 0;
  if (open === 0 || n.state !== "awaiting_reply") return events;
  const sent = sentOf(events).length;
  await api("POST", `/api/negotiations/${id}/answer`, { text: TEAM_ANSWER });
  return settled(api, id, `the team's answer on ${id}`, (e) => sentOf(e).length > sent);
}

async function offerFromApi(
  api: Api,
  id: string,
  tiers: readonly string[],
): Promise<SeenOffer | null> {
  const n = await api("GET", `/api/negotiations/${id}`);
  const o = n.lastOffer;
  if (!o) return null;
  const tier = typeof o.tier === "number" ? o.tier : Math.max(1, tiers.indexOf(o.deliverables) + 1);
  return {
    amountCents: o.amountCents,
    tier,
    usageDays: o.usageRights?.days ?? null,
    product: o.product !== null && o.product !== undefined,
    syndication: Boolean(o.syndication),
  };
}

const domainOf = (address: string) => address.slice(address.indexOf("@") + 1);

function rawFor(c: SimCreator, m: Message, answered: TimelineEvent, messageId: string) {
  const manager = c.manager;
  const byManager = m.by === "manager" && manager !== null;
  const from = byManager
    ? { name: manager.name, address: manager.email }
    : { name: c.name, address: c.creatorEmail };
  // A creator handing over copies the manager in; a manager who was handed the thread copies the creator.
  const cc =
    m.kind === "handoff" && manager
      ? [manager.email]
      : byManager && manager.handoff
        ? [c.creatorEmail]
        : [];
  const subject = String(answered.subject ?? "").replace(/^Re:\s*/i, "");
  return {
    from,
    to: String(answered.from ?? "deals@parley.example"),
    cc,
    subject: m.automatic ? `Automatic reply: ${subject}` : `Re: ${subject}`,
    messageId,
    inReplyTo: String(answered.messageId),
    headers: m.automatic ? { "Auto-Submitted": "auto-replied" } : ({} as Record<string, string>),
    text: m.text,
  };
}
