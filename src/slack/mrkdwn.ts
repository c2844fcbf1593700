/** Slack's Block Kit limits that the builders respect. */
export const LIMITS = {
  sectionText: 3000,
  fieldText: 2000,
  headerText: 150,
  contextText: 2000,
  blocks: 50,
  buttonValue: 2000,
  fallbackText: 3000,
} as const;

const ELLIPSIS = "…";

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters, so user text can
 * neither mention (`<!channel>`), link nor break the markup around it.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts at a code-unit index without splitting a surrogate pair. */
function safeSlice(text: string, n: number): string {
  const cut = text.slice(0, n);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/**
 * Renders `raw` (user text) with `render`, which escapes and decorates it, clipping `raw` with an
 * ellipsis until the output fits `max`. Clipping before rendering never cuts an `&amp;` in half.
 */
export function fitText(raw: string, max: number, render: (s: string) => string): string {
  let out = render(raw);
  let n = raw.length;
  while (out.length > max && n > 0) {
    n = Math.max(0, n - Math.max(out.length - max, 8));
    out = render(`${safeSlice(raw, n).trimEnd()}${ELLIPSIS}`);
  }
  return out;
}

/** Plain text (no markup) clipped to `max` with an ellipsis. */
export const clipPlain = (text: string, max: number): string =>
  text.length <= max ? text : `${safeSlice(text, max - 1).trimEnd()}${ELLIPSIS}`;

/** User text as a mrkdwn block quote, every line escaped. */
export const quote = (raw: string): string =>
  raw
    .split(/\r?\n/)
    .map((line) => `>${escapeMrkdwn(line)}`)
    .join("\n");

/**
 * Splits long user text into consecutive quoted chunks that each fit a section, at line breaks
 * where possible; past `maxChunks` the last one is clipped.
 */
export function quotedChunks(raw: string, budget: number, maxChunks: number): string[] {
  const chunks: string[] = [];
  let rest = raw;
  while (rest.length > 0 && chunks.length < maxChunks) {
    if (quote(rest).length <= budget || chunks.length === maxChunks - 1) {
      chunks.push(fitText(rest, budget, quote));
      break;
    }
    // The longest prefix, ending at a line break, whose quoted form fits.
    let end = Math.min(rest.length, budget);
    while (end > 0 && quote(rest.slice(0, end)).length > budget) end -= 64;
    const newline = rest.lastIndexOf("\n", end);
    const cut = newline > budget / 3 ? newline : Math.max(end, 1);
    chunks.push(quote(safeSlice(rest, cut)));
    rest = rest.slice(safeSlice(rest, cut).length).replace(/^\n/, "");
  }
  return chunks;
}

/** Seconds since the epoch, for Slack's `<!date^…>` token; null if `iso` is not a date. */
const epochSeconds = (iso: string): number | null => {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
};

/** A time every reader sees in their own time zone, with the ISO text as the fallback. */
export function slackDate(iso: string): string {
  const s = epochSeconds(iso);
  const fallback = escapeMrkdwn(iso).replace(/[|^]/g, "");
  return s === null ? fallback : `<!date^${s}^{date_short_pretty} at {time}|${fallback}>`;
}

/** "U0ALICE" or "slack:U0ALICE" becomes a mention; anything else is shown as text. */
export function actorMrkdwn(actor: string): string {
  const id = /^(?:slack:)?([UW][A-Z0-9]{2,})$/.exec(actor)?.[1];
  return id ? `<@${id}>` : escapeMrkdwn(actor);
}

/** "draft_rejected" → "Draft rejected". */
export function humanize(code: string): string {
  const words = code.replace(/[_-]+/g, " ").trim();
  return words ? `${words[0]?.toUpperCase()}${words.slice(1)}` : code;
}
