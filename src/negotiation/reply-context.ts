import { detectCounterparty } from "../domain/counterparty";
import { parseAddress } from "../domain/email-address";
import type { Negotiation } from "../domain/negotiation-state";
import { splitReply } from "../domain/reply-text";
import type { Counterparty } from "../domain/types";
import { type Env, requireConfig } from "../env";
import type { InboundEmail } from "./types";

/** Addresses of mail systems, never people to negotiate with. */
const MACHINE = /^(?:mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)[@+.-]/i;

export interface ReplyContext {
  reply: string;
  signature: string;
  counterparty: Counterparty;
  contacts: string[];
  /** Written from our own team's domain: a person is taking the thread over. */
  fromTeam: boolean;
}

/** Who wrote and what they said: addresses are always parsed, never compared raw. */
export function counterpartyOf(env: Env, n: Negotiation, email: InboundEmail): ReplyContext {
  const config = requireConfig(env);
  const parts = splitReply(email.text);
  const sender = parseAddress(email.from);
  const teamDomains = config.TEAM_DOMAINS.length ? config.TEAM_DOMAINS : [config.mailDomain];
  const fromTeam = sender !== null && teamDomains.includes(sender.domain);
  if (fromTeam || !sender) {
    return {
      reply: parts.reply,
      signature: parts.signature,
      counterparty: n.counterparty,
      contacts: n.contacts,
      fromTeam,
    };
  }
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
      : { type: detected.type, agency: detected.agency };
  // Everyone on the reply who is not us is a contact of this negotiation (the manager the
  // assistant copied, a co-manager), never a takeover. Machine addresses are left out.
  const others = [...email.to, ...email.cc]
    .map((a) => parseAddress(a))
    .filter(
      (a) =>
        a !== null &&
        !teamDomains.includes(a.domain) &&
        a.domain !== config.mailDomain &&
        !MACHINE.test(a.address),
    )
    .map((a) => a?.address ?? "");
  const contacts = [...new Set([...n.contacts, sender.address, ...others])];
  return { reply: parts.reply, signature: parts.signature, counterparty, contacts, fromTeam };
}
