import type { Signal, SignalKind } from "./types";

/**
 * Escalation signals found by code (DOMAIN.md §7): hostile tone, legal language, unusual
 * deliverables and the deployment's keywords, each with the sentence that triggered it. Both
 * readers use it, so a model that misses or hides a signal cannot keep a reply from a person.
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

/** Three or more capitalised words in a row with at least ten letters reads as shouting. */
const SHOUTING = /\b[A-Z]{2,}[!?.,]*(?:\s+[A-Z]+\b[!?.,]*){2,}/g;

const MAX_EVIDENCE = 200;

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
      addSignal(signals, kind as SignalKind, sentenceAround(text, match.index));
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
