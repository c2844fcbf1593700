import { detectCounterparty } from "../domain/counterparty";
import { parseAddress } from "../domain/email-address";
import type { Negotiation } from "../domain/negotiation-state";
import { splitReply } from "../domain/reply-text";
import { contactsAfter, type Speaker, speakerOf } from "../domain/thread-people";
import type { Counterparty } from "../domain/types";
import { type Config, type Env, requireConfig } from "../env";
import { ourSendingAddresses } from "../gmail/mailbox-pool";
import type { InboundEmail } from "./types";

export interface ReplyContext {
  reply: string;
  signature: string;
  /** What the sender is to this thread: only the creator's side speaks, only the team takes over. */
  speaker: Speaker;
  counterparty: Counterparty;
  contacts: string[];
  /** Written from our own team's domain, authenticated: a person is taking the thread over. */
  fromTeam: boolean;
}

export const teamDomainsOf = (config: Config): string[] =>
  config.TEAM_DOMAINS.length ? config.TEAM_DOMAINS : [config.mailDomain];

/** Domains never made contacts or addressed: the team's and our own sending domains (the pool's too). */
export const ourDomainsOf = (config: Config): string[] =>
  [
    ...new Set([
      ...teamDomainsOf(config),
      config.mailDomain,
      ...ourSendingAddresses(config).map((a) => a.split("@")[1]?.toLowerCase() ?? ""),
    ]),
  ].filter(Boolean);

/** Who wrote and what they said: addresses are always parsed, never compared raw. */
export function counterpartyOf(env: Env, n: Negotiation, email: InboundEmail): ReplyContext {
  const config = requireConfig(env);
  const parts = splitReply(email.text);
  const sender = parseAddress(email.from);
  const speaker = speakerOf({
    from: sender?.address ?? null,
    verdict: email.authentication.verdict,
    machine: email.autoSubmitted || email.bounce,
    creatorEmail: n.creator.email,
    contacts: n.contacts,
    teamDomains: teamDomainsOf(config),
  });
  const unchanged: ReplyContext = {
    reply: parts.reply,
    signature: parts.signature,
    speaker,
    counterparty: n.counterparty,
    contacts: n.contacts,
    fromTeam: speaker.kind === "team",
  };
  // Only the creator's side changes who the thread is with: machines, the team and unverified
  // senders leave the counterparty and the contacts as they were.
  if (speaker.kind !== "creator_side" || !sender) return unchanged;
  const detected = detectCounterparty({
    fromAddress: email.from,
    signature: parts.signature,
    body: parts.reply,
    knownAgencyDomains: config.KNOWN_AGENCY_DOMAINS,
  });
  // Once a manager is on the thread the negotiation stays with the manager, even when the creator chimes in.
  const counterparty: Counterparty =
    n.counterparty.type === "manager" && detected.type === "creator"
      ? n.counterparty
      : {
          type: detected.type,
          agency: detected.agency,
          name: detected.type === "manager" ? personalName(email.fromName) : null,
        };
  // Everyone a verified speaker addressed joins the thread (the manager the creator copied, the
  // assistant a manager copied), never a takeover.
  const contacts = contactsAfter({
    contacts: n.contacts,
    sender: sender.address,
    addressed: [...email.to, ...email.cc],
    excludedDomains: ourDomainsOf(config),
  });
  return { ...unchanged, counterparty, contacts };
}

/**
 * A manager's first name from their email's display name ("Dana Ruiz | Bright Talent" → "Dana"),
 * or null. It is greeted by name in emails, so only a plain capitalised word qualifies: a display
 * name is the sender's to choose, and nothing else in it may reach an email.
 */
export function personalName(displayName: string | null): string | null {
  const first =
    (displayName ?? "")
      .replace(/["']/g, "")
      .trim()
      .split(/[\s|,(]+/)[0] ?? "";
  return /^\p{Lu}[\p{Ll}'-]{1,29}$/u.test(first) ? first : null;
}
