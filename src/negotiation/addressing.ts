/**
 * How mail finds its negotiation: our Message-IDs embed the negotiation id, and our Reply-To is a
 * plus-address carrying it (base32, to fit the 64-character local-part limit). Pure string work.
 */
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

function hexToBase32(hex: string): string {
  let bits = "";
  for (const c of hex) bits += Number.parseInt(c, 16).toString(2).padStart(4, "0");
  let out = "";
  for (let i = 0; i < bits.length; i += 5)
    out += ALPHABET[Number.parseInt(bits.slice(i, i + 5).padEnd(5, "0"), 2)];
  return out;
}

function base32ToHex(text: string): string | null {
  let bits = "";
  for (const c of text) {
    const v = ALPHABET.indexOf(c);
    if (v < 0) return null;
    bits += v.toString(2).padStart(5, "0");
  }
  const usable = bits.length - (bits.length % 4);
  let hex = "";
  for (let i = 0; i < usable; i += 4) hex += Number.parseInt(bits.slice(i, i + 4), 2).toString(16);
  return hex.slice(0, 64);
}

const NEGOTIATION_ID = /^[0-9a-f]{64}$/;

export const isNegotiationId = (id: string): boolean => NEGOTIATION_ID.test(id);

export function replyAddress(mailFrom: string, negotiationId: string): string {
  const [local, domain] = mailFrom.split("@");
  return `${local}+${hexToBase32(negotiationId)}@${domain}`;
}

export function negotiationIdFromAddress(address: string, mailFrom: string): string | null {
  const [local, domain] = mailFrom.toLowerCase().split("@");
  const match = /^([^+@]+)\+([a-z2-7]+)@(.+)$/.exec(address.toLowerCase());
  if (!match || match[1] !== local || match[3] !== domain || !match[2]) return null;
  const id = base32ToHex(match[2]);
  return id && isNegotiationId(id) ? id : null;
}

/** Deterministic per effect, so a retried send carries the same id and can be recognised. */
export function messageIdFor(effectKey: string, negotiationId: string, domain: string): string {
  const tag = effectKey.replace(/[^a-z0-9]+/gi, ".").replace(negotiationId, "n");
  return `<${tag}.${negotiationId}@${domain}>`;
}

/** The negotiation a Message-ID of ours belongs to; null for anyone else's. */
export function negotiationIdFromMessageId(messageId: string, domain: string): string | null {
  const match = /^<?[a-z0-9.]*\.([0-9a-f]{64})@([^>]+)>?$/i.exec(messageId.trim());
  return match?.[1] && match[2]?.toLowerCase() === domain.toLowerCase() ? match[1] : null;
}
