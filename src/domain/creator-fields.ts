import { parseAddress } from "./email-address";
import type { Platform } from "./types";

/**
 * Reading creator fields the way people and spreadsheets write them (LESSONS: "Integrations met
 * reality"): column names in any case and spelling, "YouTube" / "IG", "50k" views, "4.5%", and
 * empty cells or `0` for "not provided". Pure: every reader reports instead of throwing.
 */

export const CREATOR_FIELDS = [
  "name",
  "email",
  "platform",
  "handle",
  "averageViews",
  "engagementRate",
  "timezone",
] as const;
export type CreatorField = (typeof CREATOR_FIELDS)[number];

export const REQUIRED_CREATOR_FIELDS: readonly CreatorField[] = [
  "name",
  "email",
  "platform",
  "averageViews",
];

/** One raw value: a CSV cell is a string, a JSON field may be a number, boolean or null. */
export type Cell = string | number | boolean | null | undefined;

export type FieldRead<T> =
  | { kind: "value"; value: T }
  | { kind: "none" }
  | { kind: "invalid"; reason: string };

/** Header spellings, compared after lower-casing and dropping everything but letters and digits. */
const ALIASES: Record<CreatorField, readonly string[]> = {
  name: ["name", "creatorname", "creator", "fullname", "influencer", "influencername"],
  email: ["email", "emailaddress", "mail", "creatoremail", "contactemail"],
  platform: ["platform", "network", "socialplatform"],
  handle: ["handle", "username", "user", "account", "socialhandle"],
  averageViews: ["averageviews", "avgviews", "views", "averageview", "avgview", "meanviews"],
  engagementRate: ["engagementrate", "engagement", "er", "engagementpct", "engagementpercent"],
  timezone: ["timezone", "tz", "zone"],
};

const FIELD_BY_ALIAS = new Map<string, CreatorField>(
  CREATOR_FIELDS.flatMap((field) => ALIASES[field].map((alias) => [alias, field] as const)),
);

const normalizeHeader = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The creator field a column header names, or null for columns Parley does not read. */
export function creatorFieldFor(header: string): CreatorField | null {
  return FIELD_BY_ALIAS.get(normalizeHeader(header)) ?? null;
}

/** Spreadsheet and form placeholders that mean "left empty". */
const PLACEHOLDERS = new Set(["", "0", "-", "–", "—", "n/a", "na", "none", "null", "nil"]);

/** Trimmed text, or "none" for empty cells and placeholders. Objects are never text. */
export function readText(cell: Cell): FieldRead<string> {
  if (cell === null || cell === undefined || cell === false) return { kind: "none" };
  if (cell === true) return { kind: "invalid", reason: "expected text, got true" };
  const text = String(cell).trim();
  return PLACEHOLDERS.has(text.toLowerCase()) ? { kind: "none" } : { kind: "value", value: text };
}

/** A Map, not an object: a cell reading "constructor" must not find Object.prototype's. */
const PLATFORM_NAMES = new Map<string, Platform>(
  Object.entries({
    instagram: "instagram",
    ig: "instagram",
    insta: "instagram",
    instagramreels: "instagram",
    tiktok: "tiktok",
    tt: "tiktok",
    youtube: "youtube",
    yt: "youtube",
    youtubeshorts: "youtube",
  } satisfies Record<string, Platform>),
);

export function readPlatform(cell: Cell): FieldRead<Platform> {
  const text = readText(cell);
  if (text.kind !== "value") return text;
  const platform = PLATFORM_NAMES.get(text.value.toLowerCase().replace(/[^a-z]/g, ""));
  if (platform) return { kind: "value", value: platform };
  return {
    kind: "invalid",
    reason: `platform "${clip(text.value)}" is not instagram, tiktok or youtube`,
  };
}

/** "Name <addr>" or a bare address; always lower-cased. */
export function readEmail(cell: Cell): FieldRead<string> {
  const text = readText(cell);
  if (text.kind !== "value") return text;
  const parsed = parseAddress(text.value);
  return parsed
    ? { kind: "value", value: parsed.address }
    : { kind: "invalid", reason: `"${clip(text.value)}" is not an email address` };
}

/** "@maya" and "maya" are the same handle. */
export function readHandle(cell: Cell): FieldRead<string> {
  const text = readText(cell);
  if (text.kind !== "value") return text;
  const handle = text.value.replace(/^@+/, "").trim();
  return handle === "" ? { kind: "none" } : { kind: "value", value: handle };
}

const SCALE: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9 };
const COUNT_SHAPE = /^[~≈]?\s*(\d{1,3}(?:,\d{3})+|\d+)?(\.\d+)?\s*([kmb])?\s*\+?\s*(?:views?)?$/i;

/** A view count: 50000, "50,000", "50k", "1.2M", "~12.5k views". */
export function readViewCount(cell: Cell): FieldRead<number> {
  if (typeof cell === "number") return countFromNumber(cell);
  const text = readText(cell);
  if (text.kind !== "value") return text;
  const match = COUNT_SHAPE.exec(text.value.replace(/(\d)\s+(?=\d{3}\b)/g, "$1"));
  if (!match || (match[1] === undefined && match[2] === undefined))
    return { kind: "invalid", reason: `views "${clip(text.value)}" is not a number` };
  const whole = (match[1] ?? "0").replaceAll(",", "");
  const scale = match[3] ? (SCALE[match[3].toLowerCase()] ?? 1) : 1;
  return countFromNumber(Number(`${whole}${match[2] ?? ""}`) * scale);
}

function countFromNumber(n: number): FieldRead<number> {
  if (!Number.isFinite(n) || n < 0) return { kind: "invalid", reason: "views must be positive" };
  const count = Math.round(n);
  if (!Number.isSafeInteger(count)) return { kind: "invalid", reason: "views is too large" };
  return count === 0 ? { kind: "none" } : { kind: "value", value: count };
}

const RATE_SHAPE = /^(\d+(?:[.,]\d+)?|[.,]\d+)\s*(%)?$/;

/**
 * An engagement rate as a percentage (0–100): "4.5%" and "4.5" are 4.5. A bare value below 1
 * ("0.045", 0.045) is a fraction, as spreadsheets store percentages, and is read as 4.5.
 */
export function readEngagementRate(cell: Cell): FieldRead<number> {
  const text = readText(cell);
  if (text.kind !== "value") return text;
  const match = RATE_SHAPE.exec(text.value);
  if (!match?.[1])
    return { kind: "invalid", reason: `engagement "${clip(text.value)}" is not a percentage` };
  const value = Number(match[1].replace(",", "."));
  const percent = match[2] === undefined && value < 1 ? value * 100 : value;
  if (percent === 0) return { kind: "none" };
  if (percent > 100) return { kind: "invalid", reason: "engagement must be at most 100%" };
  return { kind: "value", value: Math.round(percent * 1e6) / 1e6 };
}

/** A creator as read from one row; still to be validated by the caller's schema. */
export interface CreatorCandidate {
  name: string;
  email: string;
  platform: Platform;
  handle: string | null;
  averageViews: number;
  engagementRate: number | null;
  timezone?: string;
}

export type CreatorRead =
  | { ok: true; creator: CreatorCandidate }
  | { ok: false; email: string | null; reasons: string[] };

const LABELS: Record<CreatorField, string> = {
  name: "name",
  email: "email",
  platform: "platform",
  handle: "handle",
  averageViews: "average views",
  engagementRate: "engagement rate",
  timezone: "time zone",
};

/** Reads every field of one row and reports all problems at once. */
export function readCreator(cells: Partial<Record<CreatorField, Cell>>): CreatorRead {
  const reads = {
    name: readText(cells.name),
    email: readEmail(cells.email),
    platform: readPlatform(cells.platform),
    handle: readHandle(cells.handle),
    averageViews: readViewCount(cells.averageViews),
    engagementRate: readEngagementRate(cells.engagementRate),
    timezone: readText(cells.timezone),
  } as const;
  const reasons: string[] = [];
  for (const field of CREATOR_FIELDS) {
    const read = reads[field];
    if (read.kind === "invalid") reasons.push(read.reason);
    else if (read.kind === "none" && REQUIRED_CREATOR_FIELDS.includes(field))
      reasons.push(`${LABELS[field]} is missing`);
  }
  const email = reads.email.kind === "value" ? reads.email.value : null;
  const { name, platform, averageViews, handle, engagementRate, timezone } = reads;
  if (
    reasons.length > 0 ||
    email === null ||
    name.kind !== "value" ||
    platform.kind !== "value" ||
    averageViews.kind !== "value"
  )
    return { ok: false, email, reasons };
  return {
    ok: true,
    creator: {
      name: name.value,
      email,
      platform: platform.value,
      handle: handle.kind === "value" ? handle.value : null,
      averageViews: averageViews.value,
      engagementRate: engagementRate.kind === "value" ? engagementRate.value : null,
      ...(timezone.kind === "value" ? { timezone: timezone.value } : {}),
    },
  };
}

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
