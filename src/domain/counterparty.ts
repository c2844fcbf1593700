import { isPersonalMailDomain, parseAddress } from "./email-address";
import type { Counterparty } from "./types";

export interface CounterpartyInput {
  /** Raw From header or bare address. */
  fromAddress: string;
  signature: string;
  /** The de-quoted reply text. */
  body: string;
  knownAgencyDomains: string[];
}

export type CounterpartyDetection = Omit<Counterparty, "name"> & { evidence: string[] };

const TITLE =
  /\b(talent\s+manager|talent\s+director|talent\s+agent|manager|management|agent|agency|on\s+behalf\s+of|represent(?:s|ing|ative)?|booking)\b/gi;
/** In the body, "my manager" means the writer has one, so it says nothing about the writer. */
const BODY_FIRST_PERSON =
  /\b(i|we)\s+(manage|represent)\b|\bon\s+behalf\s+of\b|\b(i'm|i\s+am|as)\s+(\w+'s\s+|her\s+|his\s+|their\s+)?(talent\s+)?(manager|agent|rep)\b/i;
const BODY_THIRD_PARTY_CLIENT = /\b(my|our)\s+(client|talent|creator)s?\b/i;

const FORMAL_SIGN_OFF =
  /^\s*(best regards|kind regards|warm regards|regards|sincerely|yours sincerely|yours truly|respectfully|with regards)\s*[,.]?\s*$/im;
const CASUAL_SIGN_OFF =
  /^\s*(cheers|thanks|thx|xo|xoxo|love|talk soon|speak soon|best|ttyl|hugs)\s*[,!.]?(\s|$)/im;
const PHONE = /(\+?\d[\d\s().-]{7,}\d)/;
const COMPANY_WORD =
  /\b(inc|llc|ltd|gmbh|agency|media|group|management|talent|studios?|partners|collective|entertainment)\b\.?/i;

function matchesDomain(domain: string, agencyDomain: string): boolean {
  const known = agencyDomain.trim().toLowerCase().replace(/^@/, "");
  return known !== "" && (domain === known || domain.endsWith(`.${known}`));
}

function titleInSignature(signature: string): string | null {
  const match = signature.match(TITLE);
  return match?.[0] ?? null;
}

function titleInBody(body: string): string | null {
  const firstPerson = body.replace(/[\u2018\u2019]/g, "'").match(BODY_FIRST_PERSON);
  if (firstPerson) return firstPerson[0];
  const client = body.match(BODY_THIRD_PARTY_CLIENT);
  return client?.[0] ?? null;
}

function hasCompanySignature(signature: string): boolean {
  const lines = signature.split("\n").filter((line) => line.trim() !== "");
  return lines.length >= 3 && (PHONE.test(signature) || COMPANY_WORD.test(signature));
}

/**
 * Decides whether the sender is the creator or someone representing them (DOMAIN.md §6).
 * The result changes tone only, never numbers.
 */
export function detectCounterparty(input: CounterpartyInput): CounterpartyDetection {
  const parsed = parseAddress(input.fromAddress);
  const domain = parsed?.domain ?? null;
  const personal = domain !== null && isPersonalMailDomain(domain);
  const evidence: string[] = [];

  if (domain !== null && input.knownAgencyDomains.some((known) => matchesDomain(domain, known))) {
    evidence.push(`known agency domain: ${domain}`);
  }
  const signatureTitle = titleInSignature(input.signature);
  if (signatureTitle !== null) evidence.push(`signature title: "${signatureTitle}"`);
  const bodyTitle = titleInBody(input.body);
  if (bodyTitle !== null) evidence.push(`body mentions: "${bodyTitle}"`);
  if (
    evidence.length === 0 &&
    domain !== null &&
    !personal &&
    FORMAL_SIGN_OFF.test(input.signature) &&
    hasCompanySignature(input.signature)
  ) {
    evidence.push(`formal sign-off with a company signature on ${domain}`);
  }

  if (evidence.length > 0) {
    return { type: "manager", agency: domain !== null && !personal ? domain : null, evidence };
  }

  if (personal) evidence.push(`personal mail domain: ${domain}`);
  const casual = input.signature.match(CASUAL_SIGN_OFF);
  if (casual) evidence.push(`casual sign-off: "${casual[1]}"`);
  if (evidence.length === 0) evidence.push("no representative signals");
  return { type: "creator", agency: null, evidence };
}
