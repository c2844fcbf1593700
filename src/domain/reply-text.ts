export interface SplitReply {
  /** The sender's own new words: quoted history and signature removed. */
  reply: string;
  /** Sign-off and signature block, kept for counterparty detection. */
  signature: string;
  /** Quoted history and forwarded/original-message blocks. */
  quoted: string;
}

/** Header lines longer than this are body text, not attribution lines; also bounds regex work. */
const MAX_HEADER_LINE = 400;
const MAX_SIGNATURE_LINES = 6;
const MAX_SIGNATURE_LINE_LENGTH = 80;

const QUOTE_LINE = /^\s*>/;
const ATTRIBUTION_START = /^\s*(on|le|am|el|op|il|em)\s/i;
const ATTRIBUTION_END =
  /(wrote|a\s+écrit|schrieb|escribió|escribio|schreef|ha\s+scritto|escreveu)[^:\n]{0,40}:\s*$/i;
const SEPARATOR_HEADERS = [
  /^\s*-{2,}\s*original message\s*-{2,}\s*$/i,
  /^\s*-{2,}\s*forwarded message\s*-{2,}\s*$/i,
  /^\s*begin forwarded message\s*:\s*$/i,
  /^\s*-{2,}\s*(message d'origine|ursprüngliche nachricht|mensaje original)\s*-{2,}\s*$/i,
];
const OUTLOOK_FROM = /^\s*\*?(from|de|von)\s?:\*?\s+\S/i;
const OUTLOOK_SENT = /^\s*\*?(sent|date|envoyé|gesendet|enviado|datum)\s?:\*?\s+\S/i;
const OUTLOOK_RULE = /^\s*_{10,}\s*$/;

const SIGNATURE_DELIMITER = /^--\s*$/;
const SIGN_OFF_WORDS =
  "best|best regards|regards|kind regards|warm regards|warmest regards|best wishes|warmly|" +
  "warm wishes|thanks|thank you|thanks so much|thanks again|many thanks|thx|cheers|sincerely|" +
  "yours|yours truly|sincerely yours|all the best|talk soon|speak soon|take care|xo|xoxo|love|" +
  "cordialement|bien à vous|à bientôt|a bientôt|bises|bisous|merci|merci beaucoup|amitiés|" +
  "saludos|un saludo|un abrazo|abrazos|gracias|muchas gracias|atentamente|" +
  "viele grüße|liebe grüße|beste grüße|mit freundlichen grüßen|lg|vg|danke|" +
  "grazie|cordiali saluti|un saluto|saluti|a presto|" +
  "abraços|obrigado|obrigada|atenciosamente|até logo|" +
  "met vriendelijke groet|groetjes|hartelijke groet";
const SIGN_OFF_LINE = new RegExp(`^\\s*(${SIGN_OFF_WORDS})\\s*[,!.]?\\s*$`, "i");
const SIGN_OFF_WITH_NAME = new RegExp(
  `^\\s*(${SIGN_OFF_WORDS})\\s*,\\s*[A-Z][\\w.'-]*(\\s[A-Z][\\w.'-]*)?\\s*$`,
  "i",
);
/** "— Alex", "-- A.", "- Maya": a dash and a name alone on the last lines. */
const DASH_NAME = /^\s*(?:-{1,2}|–|—)\s*[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*)?\s*$/u;
/**
 * Legal boilerplate that mail servers append after a signature. Its long lines would otherwise
 * hide the signature (and the sender's title) above it.
 */
const DISCLAIMER =
  /\b(confidential|privileged|intended (solely |only )?for|(received|got) this (e-?mail|message|communication) in error|disclaimer|unauthori[sz]ed (use|review|disclosure)|do not (disseminate|distribute|copy)|vertraulich|confidentiel|confidencial|riservat[oa])\b/i;
const MOBILE_SIGNATURE =
  /^\s*(sent from my \w+|sent from (yahoo|outlook|gmail|mail) for|sent from (yahoo )?mail|get outlook for|sent via )/i;

/** Number of lines (1 or 2) of a quote header starting at `i`, or 0 when none starts there. */
function headerLength(lines: readonly string[], i: number): number {
  const line = lines[i] ?? "";
  if (line.length > MAX_HEADER_LINE) return 0;
  if (ATTRIBUTION_START.test(line)) {
    if (ATTRIBUTION_END.test(line)) return 1;
    const next = lines[i + 1];
    if (next !== undefined && line.length + next.length <= MAX_HEADER_LINE) {
      if (!QUOTE_LINE.test(next) && ATTRIBUTION_END.test(next)) return 2;
    }
    return 0;
  }
  if (SEPARATOR_HEADERS.some((pattern) => pattern.test(line))) return 1;
  if (OUTLOOK_RULE.test(line)) {
    for (let j = i + 1; j <= i + 2 && j < lines.length; j++) {
      if (OUTLOOK_FROM.test(lines[j] ?? "")) return 1;
    }
    return 0;
  }
  if (OUTLOOK_FROM.test(line)) {
    for (let j = i + 1; j <= i + 4 && j < lines.length; j++) {
      if (OUTLOOK_SENT.test(lines[j] ?? "")) return 1;
    }
  }
  return 0;
}

/**
 * Separates new text from quoted history in one linear pass. Interleaved `>` lines are removed
 * but the answers between them kept; an attribution header ends the reply unless nothing has
 * been written yet (bottom-posting), in which case its `>` block is skipped.
 */
function stripQuotes(lines: readonly string[]): { kept: string[]; quoted: string[] } {
  const kept: string[] = [];
  const quoted: string[] = [];
  let hasContent = false;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    const header = headerLength(lines, i);
    if (header > 0) {
      const isAttribution = ATTRIBUTION_START.test(line);
      if (hasContent || !isAttribution) {
        quoted.push(lines.slice(i).join("\n"));
        break;
      }
      quoted.push(...lines.slice(i, i + header));
      i += header;
      continue;
    }
    if (QUOTE_LINE.test(line)) {
      quoted.push(line);
    } else {
      kept.push(line);
      if (line.trim() !== "") hasContent = true;
    }
    i++;
  }
  return { kept, quoted };
}

function isShortTail(lines: readonly string[], from: number): boolean {
  let count = 0;
  for (let j = from; j < lines.length; j++) {
    const line = (lines[j] ?? "").trim();
    if (line === "") continue;
    if (line.length > MAX_SIGNATURE_LINE_LENGTH) return false;
    count++;
    if (count > MAX_SIGNATURE_LINES) return false;
  }
  return true;
}

/** Index where a sign-off block starts, or -1. Searches the short tail from the end. */
function signOffStart(lines: readonly string[]): number {
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? "").trim() === "") end--;
  const earliest = Math.max(0, end - (MAX_SIGNATURE_LINES + 1) * 2);
  let found = -1;
  for (let i = end - 1; i >= earliest; i--) {
    const line = lines[i] ?? "";
    const isSignOff =
      SIGN_OFF_LINE.test(line) ||
      SIGN_OFF_WITH_NAME.test(line) ||
      (DASH_NAME.test(line) && isShortTail(lines, i) && i >= end - 2);
    if (isSignOff && isShortTail(lines, i + 1)) found = i;
    if (MOBILE_SIGNATURE.test(line) && isShortTail(lines, i + 1) && found === -1) found = i;
    if (found !== -1 && isSignOff) break;
  }
  return found;
}

const joinTrim = (lines: readonly string[]): string => lines.join("\n").trim();

/**
 * Index where trailing disclaimer paragraphs start, or `lines.length`. Only paragraphs at the very
 * end count, and never the first one: a reply that merely mentions confidentiality stays a reply.
 */
function disclaimerStart(lines: readonly string[]): number {
  let start = lines.length;
  let i = lines.length;
  while (i > 0) {
    while (i > 0 && (lines[i - 1] ?? "").trim() === "") i--;
    let top = i;
    while (top > 0 && (lines[top - 1] ?? "").trim() !== "") top--;
    if (top === i || top === 0) break;
    const paragraph = lines.slice(top, i).join(" ");
    if (!DISCLAIMER.test(paragraph)) break;
    start = top;
    i = top;
  }
  return start;
}

/**
 * Splits a plain-text email into the sender's new words, their signature and the quoted
 * history. The reply is never empty when the text has content: if everything left would be
 * signature, the reply falls back to that text (and the signature is still reported).
 */
export function splitReply(text: string): SplitReply {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const { kept, quoted } = stripQuotes(lines);

  let body = kept;
  let delimited: string[] = [];
  const delimiterIndex = kept.findIndex((line) => SIGNATURE_DELIMITER.test(line));
  if (delimiterIndex !== -1) {
    body = kept.slice(0, delimiterIndex);
    delimited = kept.slice(delimiterIndex + 1);
  }

  const boilerplateIndex = disclaimerStart(body);
  const boilerplate = body.slice(boilerplateIndex);
  body = body.slice(0, boilerplateIndex);

  const signOffIndex = signOffStart(body);
  const signOff = signOffIndex === -1 ? [] : body.slice(signOffIndex);
  if (signOffIndex !== -1) body = body.slice(0, signOffIndex);

  const signature = joinTrim([...signOff, ...boilerplate, ...delimited]);
  let reply = joinTrim(body);
  if (reply === "") reply = joinTrim(kept.filter((line) => !SIGNATURE_DELIMITER.test(line)));

  return { reply, signature, quoted: joinTrim(quoted) };
}
