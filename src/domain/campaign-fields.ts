import { parseMoney } from "./money";
import { AUTONOMY_LEVELS, type Autonomy } from "./types";

/**
 * Reading campaign fields the way people fill in task forms (LESSONS: "Integrations met
 * reality"): "$25", "25 USD", "1.5k", "20%", empty cells and `0` for "not provided", and dropdown
 * options with typos matched to the nearest known value. Pure: every reader reports instead of
 * throwing; the caller validates the result with the campaign schema.
 */

/** Campaign fields a source (a ClickUp task, a form) may fill, by the name a field map uses. */
export const SOURCE_CAMPAIGN_FIELDS = [
  "cpmTargetCents",
  "leniencyPct",
  "budgetCents",
  "minCostPerCreatorCents",
  "maxCostWithoutApprovalCents",
  "deliverableTiers",
  "usageRights",
  "product",
  "brief",
  "autonomy",
  "maxRounds",
  "sendWindow",
  "sheetUrl",
  "sheetTab",
] as const;
export type SourceCampaignField = (typeof SOURCE_CAMPAIGN_FIELDS)[number];

/** A raw value: text, a number, a checkbox, or several labels. */
export type SourceValue = string | number | boolean | null | undefined | readonly string[];

export type Coerced =
  | { kind: "value"; value: unknown }
  | { kind: "none" }
  | { kind: "invalid"; reason: string };

export interface FieldProblem {
  /** The source's own name for the field (what the team sees), else the campaign field. */
  field: string;
  message: string;
}

const PLACEHOLDERS = new Set(["", "0", "-", "–", "—", "n/a", "na", "none", "null", "nil", "tbd"]);

const none: Coerced = { kind: "none" };
const value = (v: unknown): Coerced => ({ kind: "value", value: v });
const invalid = (reason: string): Coerced => ({ kind: "invalid", reason });

/** Trimmed text, or null for empty cells and placeholders; labels are joined by newlines. */
export function sourceText(raw: SourceValue): string | null {
  if (raw === null || raw === undefined || raw === false) return null;
  if (raw === true) return "true";
  const text = (Array.isArray(raw) ? raw.join("\n") : String(raw)).trim();
  return PLACEHOLDERS.has(text.toLowerCase()) ? null : text;
}

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** "$25", "25 USD", "1.5k", 25 (dollars) → cents. */
export function coerceMoney(raw: SourceValue): Coerced {
  if (Array.isArray(raw)) return invalid("expected one amount, got several values");
  const input = typeof raw === "number" ? raw : sourceText(raw);
  if (input === null) return none;
  const parsed = parseMoney(input as string | number, "amount");
  switch (parsed.kind) {
    case "amount":
      return value(parsed.cents);
    case "none":
      return none;
    case "percent":
      return invalid(`"${clip(String(input))}" is a percentage, not an amount`);
    default:
      return invalid(`"${clip(String(input))}" is not an amount in USD (${parsed.reason})`);
  }
}

/** "20%", "20", 20 → 20; a bare fraction below 1 (0.2, as spreadsheets store 20%) → 20. */
export function coercePercent(raw: SourceValue): Coerced {
  if (Array.isArray(raw)) return invalid("expected one percentage, got several values");
  if (typeof raw === "number") {
    if (!Number.isFinite(raw) || raw < 0) return invalid("a percentage must be positive");
    if (raw === 0) return none;
    return value(raw < 1 ? Math.round(raw * 1e6) / 1e4 : raw);
  }
  const text = sourceText(raw);
  if (text === null) return none;
  const parsed = parseMoney(text, "percent");
  if (parsed.kind === "none") return none;
  if (parsed.kind !== "percent") return invalid(`"${clip(text)}" is not a percentage`);
  const fraction = !text.includes("%") && parsed.value < 1;
  return value(fraction ? Math.round(parsed.value * 1e6) / 1e4 : parsed.value);
}

/** A whole number such as 5, "5", "5 rounds". */
export function coerceInteger(raw: SourceValue): Coerced {
  if (typeof raw === "number")
    return Number.isInteger(raw) && raw > 0 ? value(raw) : invalid(`${raw} is not a whole number`);
  const text = sourceText(raw);
  if (text === null) return none;
  const match = /^(\d{1,6})(?:\s*[a-z ]*)?$/i.exec(text);
  return match ? value(Number(match[1])) : invalid(`"${clip(text)}" is not a whole number`);
}

/** Deliverable tiers, richest first: one per line (or `;` / `|`), or one per label. At most 3. */
export function coerceTiers(raw: SourceValue): { coerced: Coerced; warning: string | null } {
  const items = (
    Array.isArray(raw)
      ? raw
      : (sourceText(raw as Exclude<SourceValue, readonly string[]>) ?? "").split(/\r?\n|;|\|/)
  )
    .map((t) =>
      String(t)
        .replace(/^\s*(?:[-*•]|\d+[.)])\s*/, "")
        .trim(),
    )
    .filter((t) => t !== "");
  if (items.length === 0) return { coerced: none, warning: null };
  if (items.length <= 3) return { coerced: value(items), warning: null };
  return {
    coerced: value(items.slice(0, 3)),
    warning: `at most 3 tiers; kept the first 3 of ${items.length}`,
  };
}

/** "90 days", "90", "90/30", "90 days, at least 30" → {targetDays, minimumDays}; "no" → null. */
export function coerceUsageRights(raw: SourceValue): Coerced {
  if (typeof raw === "number")
    return Number.isInteger(raw) && raw > 0
      ? value({ targetDays: raw, minimumDays: raw })
      : invalid(`${raw} is not a number of days`);
  const text = sourceText(raw);
  if (text === null) return none;
  if (/^(?:no|none|no usage|not needed)$/i.test(text)) return value(null);
  const numbers = [...text.matchAll(/\d+/g)].map((m) => Number(m[0]));
  const months = /\bmonths?\b/i.test(text) ? 30 : /\byears?\b/i.test(text) ? 365 : 1;
  const [first, second] = numbers;
  if (first === undefined || numbers.length > 2)
    return invalid(`usage "${clip(text)}" is not a number of days (e.g. "90 days, at least 30")`);
  const target = first * months;
  const minimum = (second ?? first) * months;
  return value({
    targetDays: Math.max(target, minimum),
    minimumDays: Math.min(target, minimum),
  });
}

/** "Glow serum ($45)", "Glow serum - 45 USD" → {description, valueCents}. */
export function coerceProduct(raw: SourceValue): Coerced {
  const text = sourceText(raw);
  if (text === null) return none;
  const money =
    /(?:US\$|\$)\s?\d[\d,]*(?:\.\d{1,2})?\s*[kK]?|\d[\d,]*(?:\.\d{1,2})?\s*[kK]?\s?(?:USD|dollars?)\b/.exec(
      text,
    );
  if (!money) return invalid(`product "${clip(text)}" needs its value, e.g. "Glow serum ($45)"`);
  const amount = parseMoney(money[0], "amount");
  if (amount.kind !== "amount") return invalid(`product value "${money[0]}" is not an amount`);
  const description = (text.slice(0, money.index) + text.slice(money.index + money[0].length))
    .replace(/\(\s*\)|[-–—:,(]\s*$/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (description === "") return invalid("product needs a description beside its value");
  return value({ description: description.slice(0, 300), valueCents: amount.cents });
}

/** A JSON brief as the API takes it, or free text read as the product details. */
export function coerceBrief(raw: SourceValue): Coerced {
  const text = sourceText(raw);
  if (text === null) return none;
  if (text.startsWith("{")) {
    try {
      return value(JSON.parse(text));
    } catch {
      return invalid("brief looks like JSON but does not parse");
    }
  }
  return value({ productDetails: text.slice(0, 1000) });
}

const AUTONOMY_WORDS = new Map<string, Autonomy>([
  ...AUTONOMY_LEVELS.map((level) => [level, level] as const),
  ["manual", "review"],
  ["approval", "review"],
  ["approve", "review"],
  ["reviewed", "review"],
  ["delay", "delayed"],
  ["auto", "autonomous"],
  ["automatic", "autonomous"],
  ["autopilot", "autonomous"],
]);

export function coerceAutonomy(raw: SourceValue): Coerced {
  const text = sourceText(raw);
  if (text === null) return none;
  const match = nearestOption(text, [...AUTONOMY_WORDS.keys()]);
  if (match.kind === "match") return value(AUTONOMY_WORDS.get(match.option));
  // Equally close spellings of one level ("delay", "delayed") are not a real choice.
  const levels =
    match.kind === "ambiguous" ? [...new Set(match.options.map((o) => AUTONOMY_WORDS.get(o)))] : [];
  if (levels.length === 1) return value(levels[0]);
  return invalid(
    match.kind === "ambiguous"
      ? `autonomy "${clip(text)}" could be ${levels.join(" or ")}`
      : `autonomy "${clip(text)}" is not review, delayed or autonomous`,
  );
}

/** "any time" sends whenever; "business hours" is the default window. */
export function coerceSendWindow(raw: SourceValue): Coerced {
  const text = sourceText(raw);
  if (text === null) return none;
  const match = nearestOption(text, ["any time", "anytime", "always", "24/7", "business hours"]);
  if (match.kind !== "match")
    return invalid(`send window "${clip(text)}" is not "any time" or "business hours"`);
  return match.option === "business hours" ? none : value(null);
}

/** A Google Sheets URL (the scheme may be left out). */
export function coerceSheetUrl(raw: SourceValue): Coerced {
  const text = sourceText(raw);
  if (text === null) return none;
  const withScheme = /^https?:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== "https:") return invalid("the sheet URL must be https");
    return value(url.toString());
  } catch {
    return invalid(`"${clip(text)}" is not a URL`);
  }
}

export function coerceText(raw: SourceValue): Coerced {
  const text = sourceText(raw);
  return text === null ? none : value(text);
}

export type OptionMatch =
  | { kind: "match"; option: string; exact: boolean }
  | { kind: "ambiguous"; options: string[] }
  | { kind: "none" };

const normalize = (s: string) => s.toLowerCase().replace(/[^a-z0-9/]/g, "");

/**
 * The option a typed value means: exact (ignoring case, spaces and punctuation), a unique prefix
 * of at least 4 letters, or a unique closest option within a small edit distance (a typo).
 */
export function nearestOption(text: string, options: readonly string[]): OptionMatch {
  const wanted = normalize(text);
  if (wanted === "") return { kind: "none" };
  const exact = options.find((o) => normalize(o) === wanted);
  if (exact !== undefined) return { kind: "match", option: exact, exact: true };
  const prefixed = options.filter((o) => wanted.length >= 4 && normalize(o).startsWith(wanted));
  if (prefixed.length === 1 && prefixed[0] !== undefined)
    return { kind: "match", option: prefixed[0], exact: false };
  const allowed = wanted.length <= 4 ? 1 : wanted.length <= 8 ? 2 : 3;
  const scored = options
    .map((option) => ({ option, distance: editDistance(wanted, normalize(option)) }))
    .filter((s) => s.distance <= allowed)
    .sort((a, b) => a.distance - b.distance);
  const best = scored[0];
  if (!best) return { kind: "none" };
  const tied = scored.filter((s) => s.distance === best.distance).map((s) => s.option);
  return tied.length === 1
    ? { kind: "match", option: best.option, exact: false }
    : { kind: "ambiguous", options: tied };
}

/** Levenshtein distance with adjacent transpositions (a swapped pair is one typo). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

export interface CoercedCampaignFields {
  /** Values for the campaign input, by campaign field; fields left empty are absent. */
  values: Partial<Record<SourceCampaignField, unknown>>;
  /** Fields the record has and left empty: the team cleared them, so they are back to defaults. */
  cleared: SourceCampaignField[];
  problems: FieldProblem[];
}

/**
 * Coerces every mapped field; a field that cannot be read is left out (the campaign keeps its
 * default for it) and reported under the source's own name for the field.
 */
export function coerceCampaignFields(
  fields: readonly { field: SourceCampaignField; label: string; raw: SourceValue }[],
): CoercedCampaignFields {
  const values: Partial<Record<SourceCampaignField, unknown>> = {};
  const cleared: SourceCampaignField[] = [];
  const problems: FieldProblem[] = [];
  for (const { field, label, raw } of fields) {
    let coerced: Coerced;
    if (field === "deliverableTiers") {
      const tiers = coerceTiers(raw);
      if (tiers.warning) problems.push({ field: label, message: tiers.warning });
      coerced = tiers.coerced;
    } else coerced = COERCERS[field](raw);
    if (coerced.kind === "value") values[field] = coerced.value;
    else if (coerced.kind === "none") cleared.push(field);
    else problems.push({ field: label, message: coerced.reason });
  }
  return { values, cleared, problems };
}

const COERCERS: Record<
  Exclude<SourceCampaignField, "deliverableTiers">,
  (raw: SourceValue) => Coerced
> = {
  cpmTargetCents: coerceMoney,
  budgetCents: coerceMoney,
  minCostPerCreatorCents: coerceMoney,
  maxCostWithoutApprovalCents: coerceMoney,
  leniencyPct: coercePercent,
  usageRights: coerceUsageRights,
  product: coerceProduct,
  brief: coerceBrief,
  autonomy: coerceAutonomy,
  maxRounds: coerceInteger,
  sendWindow: coerceSendWindow,
  sheetUrl: coerceSheetUrl,
  sheetTab: coerceText,
};
