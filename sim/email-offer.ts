/**
 * Reads the offer out of an email Parley sent, the way a creator would: from the scope-of-work
 * block (Deliverables, Usage rights, Product, Cross-posting, Rate lines).
 */
import type { SeenOffer } from "./persona";

const cents = (raw: string) => Math.round(Number(raw.replace(/[$,\s]/g, "")) * 100);

/** The offer the email states, or null when it states no rate or no deliverables of the campaign. */
export function offerInEmail(text: string, tiers: readonly string[]): SeenOffer | null {
  const rate = /^Rate:\s*(\$[\d,]+(?:\.\d\d)?)/m.exec(text);
  const deliverables = /^Deliverables:\s*(.+)$/m.exec(text)?.[1] ?? null;
  if (!rate?.[1] || deliverables === null) return null;
  // The longest tier the line starts with ("1 Reel + 3 Stories" before "1 Reel").
  const ranked = tiers.map((t, i) => ({ t, i })).sort((a, b) => b.t.length - a.t.length);
  const match = ranked.find(({ t }) => deliverables.startsWith(`${t} on `) || deliverables === t);
  if (!match) return null;
  const usage = /^Usage rights:\s*(\d+) days?/m.exec(text);
  return {
    amountCents: cents(rate[1]),
    tier: match.i + 1,
    usageDays: usage?.[1] ? Number(usage[1]) : null,
    product: /^Product:/m.test(text),
    syndication: /^Cross-posting:/m.test(text),
  };
}
