import type { Signal, SignalKind } from "./types";

/**
 * Escalation signals found by code (DOMAIN.md §7): hostile tone, legal language, unusual
 * deliverables and the deployment's keywords, each with the sentence that triggered it. Both
 * readers use it, so a model that misses or hides a signal cannot keep a reply from a person.
 * A request for the contract to sign is not legal language (it is passed to the team with the
 * deal); lawyers, NDAs, clauses, redlines and IP or licensing terms are.
 */
const SIGNAL_PATTERNS: Record<Exclude<SignalKind, "keyword">, RegExp> = {
  hostile_tone:
    /\b(?:scam(?:mer|s)?|ridiculous|insult(?:ing)?|(?:is\s+this|what|is)\s+a\s+joke|pathetic|disgusting|garbage|idiot(?:s|ic)?|stupid|clowns?|shameless|wast(?:e|ing)\s+(?:of\s+)?my\s+time|how\s+dare|f+u+c+k\w*|shit\w*|screw\s+you|wtf)\b|\bf[*#@$!]{2,}(?:c?k\w*)?|\bsh[*!]t\b/gi,
  legal_language:
    /\b(?:contracts?|lawyers?|attorneys?|nda|non-disclosure|exclusivity\s+clause|intellectual\s+property|ip\s+rights|licensing\s+agreement|legal(?:ly)?|indemnif\w*|litigation)\b/gi,
  unusual_deliverables:
    /\b(?:(?<!\bin\s+(?:the|any)\s+)events?|appearances?|ambassador(?:ship)?s?|whitelist(?:ing)?|allowlist(?:ing)?|paid\s+(?:ads|media|social)|spark\s+ads|licensing|podcasts?|meet[\s-]and[\s-]greet|in[\s-]person)\b/gi,
};

/**
 * An unusual deliverable that is ruled out ("no paid ads", "don't do whitelisting") or an event
 * that is where they are, not what they offer ("I'm at an event all week", "packed with events").
 */
const NOT_ASKED = /(?:\b(?:no|not|never|without)|n't)(?:\s+[\w-]+){0,2}\s+$/i;
const EVENT_AS_CONTEXT =
  /(?:\b(?:at|from|after|between)\s+(?:an?|some|other|several|many|\d+)(?:\s+[\w-]+)?|\bwith)\s+$/i;

function notAsked(text: string, index: number, word: string): boolean {
  const before = text.slice(Math.max(0, index - 40), index);
  return NOT_ASKED.test(before) || (/^events?$/i.test(word) && EVENT_AS_CONTEXT.test(before));
}

/** Paid usage of the content itself, which the usage rights cover (or not). */
const PAID_USAGE =
  /^(?:paid\s+(?:ads|media|social)|whitelist(?:ing)?|allowlist(?:ing)?|spark\s+ads)$/i;
const ABOUT_USAGE =
  /\b(?:usage|rights?|use|used|run|running|include[sd]?|cover(?:s|ed)?|part\s+of)\b/i;

/**
 * A question about what the usage rights cover ("Would the usage include paid ads?") is answered
 * from the offer, not escalated; a reply that also names a price for paid usage ("whitelisting
 * for $500?", "$2,500 with paid usage") proposes it, and a person decides.
 */
function asksAboutUsage(text: string, sentence: string, word: string): boolean {
  return (
    PAID_USAGE.test(word) &&
    sentence.trim().endsWith("?") &&
    ABOUT_USAGE.test(sentence) &&
    !/[$€£]|\d/.test(text)
  );
}

/** Three or more capitalised words in a row with at least ten letters reads as shouting. */
const SHOUTING = /\b[A-Z]{2,}[!?.,]*(?:\s+[A-Z]+\b[!?.,]*){2,}/g;

const MAX_EVIDENCE = 200;

/**
 * Asking for the paperwork to sign is how a deal closes, not legal language: "please send over
 * the contract", "where do I sign?", "send the agreement for signature".
 */
const CONTRACT_REQUEST = [
  /\b(?:send|sending|share|forward|shoot|email|e-mail|pass|get|draw\s+up|prepare|draft|put\s+together)\b[^.!?\n]{0,40}?\b(?:contracts?|agreements?|paperwork|docusign|e-?sign\w*|docs|documents)\b/i,
  /\b(?:contracts?|agreements?|paperwork|docusign)\b[^.!?\n]{0,30}?\b(?:over|across|through|my\s+way|to\s+(?:me|us|(?:this|that|my|our)\s+(?:address|e-?mail|inbox))|please)\b/i,
  /\b(?:contracts?|agreements?|paperwork)\s+(?:for\s+(?:me|us)\s+)?to\s+sign\b/i,
  /\bwhere\s+(?:do|should|can)\s+(?:i|we)\s+sign\b/i,
  /\b(?:ready|happy|glad|good)\s+to\s+sign\b/i,
  /\b(?:for|to)\s+(?:signature|signing|e-?sign(?:ature)?)\b/i,
  /\blook(?:ing)?\s+(?:forward\s+to|out\s+for)\s+(?:the|your)\s+(?:contract|agreement|paperwork)\b/i,
];
/** Asking whether there is one ("Is there a contract?"): paperwork, not law, and no accept. */
const PAPERWORK_QUESTION =
  /\b(?:is\s+there|do\s+you\s+(?:have|send|use)|will\s+(?:there\s+be|you\s+send)|would\s+there\s+be|does\s+it\s+come\s+with)\s+(?:a|an|any)\s+(?:contract|agreement|paperwork)\b/i;
/** Words that make a sentence about the contract legal talk, whatever else it asks. */
const LEGAL_CONTEXT =
  /\b(?:clauses?|redlin\w*|amend\w*|negotiat\w*|changes?|edits?|modif\w*|lawyers?|attorneys?|legal|counsel|solicitors?|nda|non-disclosure|indemn\w*|ip|intellectual|licens\w*|exclusiv\w*|liabilit\w*|jurisdiction|termination|breach|warrant\w*)\b/i;

const asksForContract = (sentence: string) => CONTRACT_REQUEST.some((p) => p.test(sentence));

/** The sentence asks for (or about) the paperwork to sign and talks no law: no legal_language. */
export function isContractRequest(sentence: string): boolean {
  return (
    (asksForContract(sentence) || PAPERWORK_QUESTION.test(sentence)) &&
    !LEGAL_CONTEXT.test(sentence)
  );
}

/**
 * The first sentence that asks for the contract or paperwork to sign, or null; with legal talk
 * in it too ("send it over and my attorney will look"), which still raises legal_language.
 */
export function findContractRequest(text: string): string | null {
  const sentences = text.split(/(?<=[.!?])\s+|\n+/).map((s) => s.trim());
  const asks = (s: string) => s !== "" && asksForContract(s) && !PAPERWORK_QUESTION.test(s);
  return sentences.find(asks)?.slice(0, MAX_EVIDENCE) ?? null;
}

/** The sentence around `index`, looked for within a bounded window so long texts stay linear. */
function sentenceAround(text: string, index: number): string {
  const from = Math.max(0, index - MAX_EVIDENCE);
  const before = text.slice(from, index);
  const start = from + Math.max(...[".", "!", "?", "\n"].map((c) => before.lastIndexOf(c))) + 1;
  const after = text.slice(index, index + MAX_EVIDENCE);
  const endMatch = /[.!?\n]/.exec(after);
  const end = endMatch ? index + endMatch.index + 1 : index + after.length;
  return text
    .slice(start === from && from > 0 ? index : start, end)
    .trim()
    .slice(0, MAX_EVIDENCE);
}

const MAX_SIGNALS_PER_KIND = 5;

function addSignal(signals: Signal[], kind: SignalKind, evidence: string) {
  const sameKind = signals.filter((s) => s.kind === kind);
  if (sameKind.length < MAX_SIGNALS_PER_KIND && !sameKind.some((s) => s.evidence === evidence)) {
    signals.push({ kind, evidence });
  }
}

/** Escalation signals, each with the sentence that triggered it as evidence. */
export function findSignals(text: string, keywords: readonly string[]): Signal[] {
  const signals: Signal[] = [];
  for (const [kind, pattern] of Object.entries(SIGNAL_PATTERNS)) {
    for (const match of text.matchAll(pattern)) {
      if (kind === "unusual_deliverables" && notAsked(text, match.index, match[0])) continue;
      const sentence = sentenceAround(text, match.index);
      if (/^contracts?$/i.test(match[0]) && isContractRequest(sentence)) continue;
      if (kind === "unusual_deliverables" && asksAboutUsage(text, sentence, match[0])) continue;
      addSignal(signals, kind as SignalKind, sentence);
      if (signals.filter((s) => s.kind === kind).length >= MAX_SIGNALS_PER_KIND) break;
    }
  }
  for (const match of text.matchAll(SHOUTING)) {
    if (match[0].replace(/[^A-Z]/g, "").length >= 10) {
      addSignal(signals, "hostile_tone", match[0].trim().slice(0, MAX_EVIDENCE));
      break;
    }
  }
  const lower = text.toLowerCase();
  for (const keyword of keywords) {
    const needle = keyword.trim().toLowerCase();
    const at = needle === "" ? -1 : lower.indexOf(needle);
    if (at !== -1) addSignal(signals, "keyword", sentenceAround(text, at));
  }
  return signals;
}
