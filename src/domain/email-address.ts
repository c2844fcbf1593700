import { addressParser } from "postal-mime";

export interface ParsedAddress {
  /** Display name, or null when the header carried only the address. */
  name: string | null;
  /** Lower-cased address. */
  address: string;
  /** Lower-cased domain part of the address. */
  domain: string;
}

const ADDRESS_SHAPE = /^[^\s@<>()",;:]+@([a-z0-9-]+\.)+[a-z0-9-]{2,}$/;

function toParsed(name: string, rawAddress: string): ParsedAddress | null {
  const address = rawAddress.trim().toLowerCase();
  if (!ADDRESS_SHAPE.test(address)) return null;
  const domain = address.slice(address.lastIndexOf("@") + 1);
  const trimmedName = name.trim();
  return { name: trimmedName === "" ? null : trimmedName, address, domain };
}

/**
 * Every valid mailbox in a header value ("To", "Cc", "From"), groups flattened.
 * Entries without a usable address are dropped.
 */
export function parseAddressList(raw: string): ParsedAddress[] {
  const parsed: ParsedAddress[] = [];
  for (const mailbox of addressParser(raw, { flatten: true })) {
    if (mailbox.address === undefined) continue;
    const entry = toParsed(mailbox.name, mailbox.address);
    if (entry !== null) parsed.push(entry);
  }
  return parsed;
}

/** The first valid mailbox of a header value, e.g. `"Jane Doe" <Jane@Gmail.com>`; null when none. */
export function parseAddress(raw: string): ParsedAddress | null {
  return parseAddressList(raw)[0] ?? null;
}

const PERSONAL_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "pm.me",
  "live.com",
  "msn.com",
  "ymail.com",
  "rocketmail.com",
  "mail.com",
  "zoho.com",
  "yandex.com",
  "yandex.ru",
  "fastmail.com",
  "hey.com",
  "tutanota.com",
  "qq.com",
  "163.com",
  "naver.com",
  "comcast.net",
  "att.net",
  "verizon.net",
  "web.de",
  "orange.fr",
  "free.fr",
  "laposte.net",
  "libero.it",
]);

/** Providers that exist under many country suffixes (yahoo.co.uk, hotmail.fr, gmx.de…). */
const PERSONAL_BRAND_DOMAIN =
  /^(yahoo|hotmail|gmx|live|outlook|aol|windowslive)\.(com?\.)?[a-z]{2,3}$/;

/** Whether a domain belongs to a consumer mail provider rather than a company. */
export function isPersonalMailDomain(domain: string): boolean {
  const normalized = domain.trim().toLowerCase().replace(/\.$/, "");
  return PERSONAL_DOMAINS.has(normalized) || PERSONAL_BRAND_DOMAIN.test(normalized);
}
