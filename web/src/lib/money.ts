/** Money is integer cents everywhere; it becomes dollars only on screen, and back only from text. */

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const usdWhole = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  maximumFractionDigits: 0,
});

/** `123456` → `$1,234.56`; null → an en dash. Whole dollars drop the cents when `compact`. */
export function formatCents(cents: number | null | undefined, compact = false): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return "–";
  if (compact && cents % 100 === 0) return usdWhole.format(cents / 100);
  return usd.format(cents / 100);
}

/**
 * Dollars typed by a person → cents, without floating point: "1,234.5" → 123450, "$25" → 2500.
 * Empty → null; anything else that is not an amount → NaN (the form says so).
 */
export function parseDollars(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, "").replace(/,/g, "").trim();
  if (cleaned === "") return null;
  const match = /^(\d{1,12})(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!match) return Number.NaN;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? "").padEnd(2, "0"));
  return whole * 100 + fraction;
}

/** Cents → the text a form field shows ("1234.5" style, no grouping): the inverse of parseDollars. */
export function centsToInput(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return "";
  const whole = Math.floor(cents / 100);
  const fraction = cents % 100;
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(2, "0")}`;
}

export const formatPercent = (ratio: number | null | undefined, digits = 0): string =>
  ratio === null || ratio === undefined ? "–" : `${(ratio * 100).toFixed(digits)}%`;
