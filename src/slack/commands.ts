/**
 * The `/parley` slash command's grammar. Pure: text in, a command (or the reason it is not one)
 * out. Slack may rewrite what people type (`<mailto:a@b.co|a@b.co>`, `&amp;`), so that is undone
 * first.
 */

const CONTROL_COMMANDS = ["pause", "resume", "stop", "takeover", "release"] as const;
export type ControlCommand = (typeof CONTROL_COMMANDS)[number];

/** Who a command is about: a creator's email or (part of) their name, optionally in one campaign. */
export interface Target {
  query: string;
  campaignId: string | null;
}

export interface AuditFilter {
  creator: string | null;
  campaignId: string | null;
  type: string | null;
  /** `last:24h` / `last:7d`: how far back, in milliseconds. */
  sinceMs: number | null;
  page: number;
}

export type SlashCommand =
  | { kind: "help" }
  | { kind: "unknown"; problem: string | null }
  | { kind: "status"; target: Target }
  | { kind: "control"; command: ControlCommand; target: Target }
  | { kind: "stop_agency"; domain: string }
  /** The global kill switch: every send held (`pause-all`) or released (`resume-all`). */
  | { kind: "global_pause"; paused: boolean }
  | { kind: "audit"; filter: AuditFilter };

export const AUDIT_PAGE_SIZE = 10;
const MAX_LAST_HOURS = 90 * 24;
const MAX_PAGE = 1000;
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const AUDIT_KEYS = ["creator", "campaign", "type", "last", "page"] as const;
type AuditKey = (typeof AUDIT_KEYS)[number];

export const USAGE = [
  "*Parley commands*",
  "`/parley status <email|name>`: state, round, last offer, next timer, pending draft",
  "`/parley pause|resume|stop|takeover|release <email|name>`: act on a negotiation",
  "`/parley stop-agency <domain>`: stop every open negotiation with contacts at that agency",
  "`/parley pause-all` / `/parley resume-all`: hold every send, queued ones included, or let them go (admins)",
  "`/parley audit [creator:<email|name>] [campaign:<id>] [type:<event type>] [last:24h|7d] [page:<n>]`:",
  `    the audit trail, newest first, ${AUDIT_PAGE_SIZE} per page (quote values with spaces: creator:"Maya Lopez")`,
  "`/parley help`: this message",
  "When a name matches several negotiations, nothing is done: pick one by email, and add",
  "`campaign:<id>` when the creator is in several campaigns.",
].join("\n");

/** Undoes Slack's escaping and auto-linking: `<mailto:x|x>` → x, `<http://x|x>` → x, `&lt;` → <. */
export function unescapeSlackText(text: string): string {
  return text
    .replace(/<(?:mailto:|https?:\/\/)?([^<>|]*)(?:\|([^<>]*))?>/g, (_, target, label) =>
      String(label ?? target),
    )
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Splits on whitespace, keeping `"quoted text"` (also after `key:`) together. */
function tokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:[^\s"“”]+)?(?:["“”][^"“”]*["“”])|[^\s]+/g)) {
    out.push(m[0].replace(/["“”]/g, ""));
  }
  return out.filter(Boolean);
}

function parseTarget(words: string[]): Target | string {
  let campaignId: string | null = null;
  const rest: string[] = [];
  for (const word of words) {
    const campaign = /^campaign:(.+)$/i.exec(word);
    if (campaign?.[1]) campaignId = campaign[1];
    else rest.push(word);
  }
  const query = rest.join(" ").trim();
  if (!query) return "say which creator: an email or a name";
  if (query.length > 320) return "that creator name is too long";
  return { query, campaignId };
}

function parseAudit(words: string[]): AuditFilter | string {
  const filter: AuditFilter = {
    creator: null,
    campaignId: null,
    type: null,
    sinceMs: null,
    page: 1,
  };
  for (const word of words) {
    const m = /^([a-z]+):(.*)$/i.exec(word);
    const key = m?.[1]?.toLowerCase() as AuditKey | undefined;
    const value = m?.[2]?.trim() ?? "";
    if (!key || !AUDIT_KEYS.includes(key))
      return `\`${word}\` is not an audit filter (use ${AUDIT_KEYS.map((k) => `${k}:`).join(" ")})`;
    if (!value) return `\`${key}:\` needs a value`;
    if (value.length > 320) return `\`${key}:\` is too long`;
    if (key === "creator") filter.creator = value;
    else if (key === "campaign") filter.campaignId = value;
    else if (key === "type") filter.type = value.toLowerCase();
    else if (key === "last") {
      const last = /^(\d{1,4})([hd])$/i.exec(value);
      const hours = last ? Number(last[1]) * (last[2]?.toLowerCase() === "d" ? 24 : 1) : 0;
      if (!last || hours < 1 || hours > MAX_LAST_HOURS)
        return `\`last:${value}\` must be hours or days such as 24h or 7d (at most 90d)`;
      filter.sinceMs = hours * 3_600_000;
    } else {
      const page = /^\d{1,4}$/.test(value) ? Number(value) : 0;
      if (page < 1 || page > MAX_PAGE) return `\`page:${value}\` must be a number from 1`;
      filter.page = page;
    }
  }
  return filter;
}

export function parseSlashCommand(input: string): SlashCommand {
  const words = tokens(unescapeSlackText(input).trim());
  const [first, ...rest] = words;
  const verb = first?.toLowerCase();
  if (!verb || verb === "help") return { kind: "help" };
  if (verb === "status" || (CONTROL_COMMANDS as readonly string[]).includes(verb)) {
    const target = parseTarget(rest);
    if (typeof target === "string") return { kind: "unknown", problem: `\`${verb}\`: ${target}` };
    return verb === "status"
      ? { kind: "status", target }
      : { kind: "control", command: verb as ControlCommand, target };
  }
  if (verb === "stop-agency") {
    const domain = rest.length === 1 ? rest[0]?.toLowerCase().replace(/^@/, "") : undefined;
    if (!domain || !HOSTNAME.test(domain))
      return {
        kind: "unknown",
        problem: "`stop-agency` needs one domain such as talentco.com",
      };
    return { kind: "stop_agency", domain };
  }
  if (verb === "pause-all" || verb === "resume-all") {
    if (rest.length > 0) return { kind: "unknown", problem: `\`${verb}\` takes nothing after it` };
    return { kind: "global_pause", paused: verb === "pause-all" };
  }
  if (verb === "audit") {
    const filter = parseAudit(rest);
    if (typeof filter === "string") return { kind: "unknown", problem: filter };
    return { kind: "audit", filter };
  }
  return { kind: "unknown", problem: `\`${first}\` is not a command` };
}

/** The help text, with what was wrong first when there was something. */
export function usageFor(command: Extract<SlashCommand, { kind: "help" | "unknown" }>): string {
  return command.kind === "unknown" && command.problem
    ? `I did not understand that: ${command.problem}.\n\n${USAGE}`
    : USAGE;
}
