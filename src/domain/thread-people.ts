/**
 * Who may speak in a negotiation's thread, who joins it, and who receives what we send. Pure:
 * addresses come in parsed and lower-cased, the sender's authentication verdict is decided by the
 * receiving side's own results (src/email/authentication.ts).
 */

import { AUTOMATIC } from "./negotiation-replies";
import type { ReplyReading } from "./types";

/** Whether the From domain authenticated: by our receiving side's results, or none were given. */
export type SenderVerdict = "pass" | "fail" | "none";

export type UnverifiedReason =
  /** Neither the creator nor a contact the thread already has. */
  | "not_on_thread"
  /** Our receiving side's results say the From address is forged. */
  | "authentication_failed"
  /** A team address without passing results: a takeover must prove it is really us. */
  | "team_not_authenticated";

export type Speaker =
  /** The creator or a contact: read, answered, and may bring the people they copy in. */
  | { kind: "creator_side" }
  /** Someone from our own team, authenticated: a takeover. */
  | { kind: "team" }
  /** A delivery report or an auto-reply: read as machine mail only, never a voice in the thread. */
  | { kind: "machine" }
  /** Recorded and shown to the team; changes nothing. */
  | { kind: "unverified"; reason: UnverifiedReason };

/** Addresses of mail systems, never people to negotiate with. */
const MACHINE = /^(?:mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)[@+.-]/i;

export const isMachineAddress = (address: string): boolean => MACHINE.test(address);

const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();

export interface SpeakerInput {
  /** The From address, parsed and lower-cased; null when the message named none. */
  from: string | null;
  verdict: SenderVerdict;
  /** Delivery report or auto-submitted mail (headers, not words). */
  machine: boolean;
  creatorEmail: string;
  contacts: readonly string[];
  teamDomains: readonly string[];
}

/**
 * What a message's sender is to the thread. A failing verdict outranks everything (a forged
 * creator, contact, team member or mail server is nobody); machine mail is recognised by its
 * headers; a team address needs a passing verdict to take over; only the creator and the
 * contacts the thread already has speak for the creator's side.
 */
export function speakerOf(input: SpeakerInput): Speaker {
  if (input.verdict === "fail") return { kind: "unverified", reason: "authentication_failed" };
  if (input.machine) return { kind: "machine" };
  const from = input.from?.toLowerCase() ?? null;
  if (!from) return { kind: "unverified", reason: "not_on_thread" };
  if (input.teamDomains.includes(domainOf(from)))
    return input.verdict === "pass"
      ? { kind: "team" }
      : { kind: "unverified", reason: "team_not_authenticated" };
  if (from === input.creatorEmail.toLowerCase() || input.contacts.includes(from))
    return { kind: "creator_side" };
  return { kind: "unverified", reason: "not_on_thread" };
}

/**
 * The thread's contacts after a message from the creator's side: the sender and everyone they
 * addressed (the manager a creator copies, the assistant a manager copies), never our own or the
 * team's addresses, never mail systems. Only call it for a `creator_side` speaker.
 */
export function contactsAfter(input: {
  contacts: readonly string[];
  sender: string;
  addressed: readonly string[];
  /** Team domains and our own mail domain. */
  excludedDomains: readonly string[];
}): string[] {
  const people = [input.sender, ...input.addressed]
    .map((a) => a.toLowerCase())
    .filter((a) => !input.excludedDomains.includes(domainOf(a)) && !isMachineAddress(a));
  return [...new Set([...input.contacts, ...people])];
}

/**
 * Who an email goes to: To the person who last wrote on the creator's side (the creator before
 * anyone wrote), Cc everyone else among the creator and the contacts, so we never answer a
 * newcomer alone and the creator always sees what we send. Team domains, our own domain and mail
 * systems are never addressed (the creator always is); nobody appears twice.
 */
export function recipientsFor(input: {
  creator: string;
  contacts: readonly string[];
  lastSpeaker: string | null;
  excludedDomains: readonly string[];
}): { to: string; cc: string[] } {
  const creator = input.creator.toLowerCase();
  const addressable = (a: string) =>
    a === creator || (!input.excludedDomains.includes(domainOf(a)) && !isMachineAddress(a));
  const last = input.lastSpeaker?.toLowerCase() ?? null;
  const to = last && addressable(last) ? last : creator;
  const cc = [...new Set([creator, ...input.contacts.map((c) => c.toLowerCase())])].filter(
    (a) => a !== to && addressable(a),
  );
  return { to, cc };
}

/**
 * What a reading of a speaker's mail may be: machine mail is read as machine mail (an auto-reply,
 * an absence, a bounce) whatever a reader made of its words, so it can never negotiate.
 */
export function readingOf(speaker: Speaker, reading: ReplyReading): ReplyReading {
  if (speaker.kind !== "machine" || AUTOMATIC.has(reading.intent)) return reading;
  return { ...reading, intent: "auto_reply", proposedAmountCents: null, signals: [] };
}
