/**
 * The prose guard (DOMAIN.md §8): the last deterministic check on the words a writer (model,
 * template or person) put around the code-rendered values of an outgoing email. The caller has
 * already replaced every code-rendered value with a `{{SLOT}}` token, so what is left must carry
 * no figures, money, dates, links, addresses, payment details, instructions, and no commitment
 * the engine or the campaign did not make. Commitments are an allow-list by term: anything in
 * the commitment vocabulary whose term was not decided for this email is refused.
 *
 * Every check reads the text as a person would see it: compatibility forms, other digit
 * scripts, look-alike letters, accents and invisible characters are undone first (`foldText`).
 */
import { findInjection } from "./injection";
import {
  foldText,
  isPlainText,
  onlyGap,
  type Scan,
  SLOT_MARK,
  scanText,
  type Token,
  tokenize,
} from "./prose-fold";
import {
  BASE58_RUN,
  CASED_PHRASES,
  CONTACT_WORDS,
  CURRENCY_CODES,
  CURRENCY_WORDS,
  DAY_WORDS,
  GRAND_QUANTIFIERS,
  isNumberCompound,
  MONTH_WORDS,
  NEGATED_EXCLUSIVITY_AFTER,
  NEGATED_EXCLUSIVITY_BEFORE,
  NEVER_PHRASES,
  NEVER_WORDS,
  NUMBER_IDIOM_NEXT,
  NUMBER_SUFFIXES,
  NUMBER_WORDS,
  ONE_PRONOUN_AFTER,
  ONE_PRONOUN_BEFORE,
  PAYMENT_DETAILS,
  PAYMENT_WORDS,
  PERCENT_WORDS,
  PHRASES,
  type Phrase,
  SPACED_LETTERS,
  SPELLED_OUT,
  TERM_IDIOM_PREV,
  TERM_OF_WORD,
  TERM_PHRASES,
  WATCHED_WORDS,
} from "./prose-vocabulary";

export { foldText };

/** Terms the engine and the campaign decided for one email: the only commitment topics its prose may speak of. */
export const PROSE_TERMS = [
  "usage_rights",
  "product",
  "syndication",
  "cpm_target",
  "exclusivity",
] as const;
export type ProseTerm = (typeof PROSE_TERMS)[number];

export interface ProseCheckInput {
  /** The email text (subject and body) with every code-rendered value replaced by a `{{SLOT}}` token. */
  prose: string;
  /** Allow-list: commitment topics decided for this email. Anything else in the commitment vocabulary is refused. */
  allowedTerms: readonly ProseTerm[];
  /** Texts the writer was instructed with (its system prompt); the prose must not reproduce them. Pass the rules, not example emails it is meant to imitate. */
  instructions: readonly string[];
}

export type ProseFailureCode =
  | "digit"
  | "number_word"
  | "currency"
  | "percentage"
  | "date"
  | "link"
  | "address"
  | "payment_detail"
  | "payment_vocabulary"
  | "commitment"
  | "instructions_leak"
  | "writer_artifact";

export interface ProseFailure {
  code: ProseFailureCode;
  detail: string;
}

// ---------------------------------------------------------------------------------------------
// Findings

interface Finding {
  code: ProseFailureCode;
  reason: string;
  /** Offsets in the scan text. */
  start: number;
  end: number;
}

const CONTEXT_CHARS = 20;
const MAX_QUOTE = 80;

const shown = (text: string): string =>
  text.replaceAll(SLOT_MARK, "{{…}}").replace(/\s+/g, " ").trim();
const clip = (text: string): string =>
  text.length <= MAX_QUOTE ? text : `${text.slice(0, MAX_QUOTE - 1)}…`;

/** The offending words quoted, then a little context when it adds any; each quote at most MAX_QUOTE characters. */
function describe(reason: string, text: string, start: number, end: number): string {
  const match = clip(shown(text.slice(start, end)));
  const from = Math.max(0, start - CONTEXT_CHARS);
  const to = Math.min(text.length, end + CONTEXT_CHARS);
  // Cut at word boundaries so the context never starts or ends inside a word.
  const before = from > 0 ? text.slice(from, start).replace(/^\S*\s?/, "") : text.slice(0, start);
  const after = to < text.length ? text.slice(end, to).replace(/\s?\S*$/, "") : text.slice(end);
  const context = clip(shown(`${before}${text.slice(start, end)}${after}`));
  return context === match ? `${reason}: "${match}"` : `${reason}: "${match}" in "${context}"`;
}

/** Joins findings of one code that overlap or are separated only by spaces or hyphens ("fifty thousand"). */
function merge(findings: readonly Finding[], text: string): Finding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  const open = new Map<ProseFailureCode, Finding>();
  for (const finding of sorted) {
    const last = open.get(finding.code);
    if (
      last &&
      (finding.start <= last.end || /^[\s-]*$/.test(text.slice(last.end, finding.start)))
    ) {
      last.end = Math.max(last.end, finding.end);
      continue;
    }
    const copy = { ...finding };
    open.set(finding.code, copy);
    out.push(copy);
  }
  return out;
}

const overlaps = (a: Finding, b: Finding): boolean => a.start < b.end && b.start < a.end;

/** Calls `found` for every match of a global pattern: `exec` from a reset lastIndex spares the copy of the pattern matchAll makes. */
function eachMatch(pattern: RegExp, text: string, found: (m: RegExpExecArray) => void): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[0] === "") pattern.lastIndex++;
    found(m);
  }
}

function matchAll(
  code: ProseFailureCode,
  phrases: readonly Phrase[],
  text: string,
  into: Finding[],
): void {
  for (const [reason, pattern, needle] of phrases) {
    if (needle !== undefined && !text.includes(needle)) continue;
    eachMatch(pattern, text, (m) =>
      into.push({ code, reason, start: m.index, end: m.index + m[0].length }),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Digits and payment details (shapes, read in the folded text with case)

/** One run: digits joined by grouping or fraction marks ("50,000", "5 000", "1⁄2"). */
const DIGIT_RUN = /\p{N}(?:[.,'_ \u00A0/\u2044-]?\p{N})*/gu;
/** "1. " / "2) " at the start of a line: numbered steps, allowed when they count up from 1. */
const LIST_MARKER = /^[ \t]*(\d{1,2})[.)](?=[ \t])/gm;
/** Numeric characters that NFKC turns into letters ("Ⅻ" → "XII"), so only the raw text shows them. */
const NUMERIC_LETTERS = /[\p{Nl}\p{No}]+/gu;
const HAS_NUMBER = /\p{N}/u;
const ASCII_DIGIT = /[0-9]/;
/** Characters beyond printable ASCII, where any other number must be: \p{N} over a whole email is slow. */
const UNUSUAL_CHARS = /[^\t\n\r\x20-\x7E]+/g;
const hasNumber = (text: string): boolean =>
  ASCII_DIGIT.test(text) || HAS_NUMBER.test(text.match(UNUSUAL_CHARS)?.join("") ?? "");

function listMarkerSpans(text: string): Finding[] {
  const spans: Finding[] = [];
  let expected = 1;
  eachMatch(LIST_MARKER, text, (m) => {
    const n = Number(m[1]);
    if (n !== 1 && n !== expected) return;
    expected = n + 1;
    const at = m.index + m[0].indexOf(m[1] ?? "");
    spans.push({ code: "digit", reason: "", start: at, end: at + (m[1]?.length ?? 0) });
  });
  return spans;
}

function checkDigits(raw: string, scan: Scan): { findings: Finding[]; extra: ProseFailure[] } {
  const extra: ProseFailure[] = [];
  if (!isPlainText(raw) && hasNumber(raw)) {
    eachMatch(NUMERIC_LETTERS, raw, (m) => {
      if ([...m[0]].every((ch) => HAS_NUMBER.test(ch.normalize("NFKC")))) return;
      extra.push({
        code: "digit",
        detail: describe("a number in figures", raw, m.index, m.index + m[0].length),
      });
    });
  }
  // Every shape below holds a digit: prose without one (the usual case) skips them all.
  if (!hasNumber(scan.cased)) return { findings: [], extra };

  const details: Finding[] = [];
  matchAll("payment_detail", PAYMENT_DETAILS, scan.cased, details);
  eachMatch(BASE58_RUN, scan.cased, (m) => {
    if (!/\d/.test(m[0]) || !/[a-zA-Z]/.test(m[0])) return;
    details.push({
      code: "payment_detail",
      reason: "a crypto wallet address",
      start: m.index,
      end: m.index + m[0].length,
    });
  });
  const markers = listMarkerSpans(scan.cased);
  const digits: Finding[] = [];
  eachMatch(DIGIT_RUN, scan.cased, (m) => {
    const run: Finding = {
      code: "digit",
      reason: "a number in figures",
      start: m.index,
      end: m.index + m[0].length,
    };
    if (markers.some((s) => s.start === run.start && s.end === run.end)) return;
    if (details.some((d) => overlaps(d, run))) return;
    digits.push(run);
  });
  return { findings: [...details, ...digits], extra };
}

// ---------------------------------------------------------------------------------------------
// Words

const TERM_OF: ReadonlyMap<string, ProseTerm> = TERM_OF_WORD;
const TERM_LABEL: Record<ProseTerm, string> = {
  usage_rights: "usage rights",
  product: "product",
  syndication: "syndication",
  cpm_target: "a CPM target",
  exclusivity: "exclusivity",
};
const notDecided = (term: ProseTerm): string => `${TERM_LABEL[term]}, not a term of this email`;
const TERM_PHRASES_BY_TERM: Record<ProseTerm, readonly Phrase[]> = TERM_PHRASES;
/** Term phrases with the reason they fail when their term was not decided. */
const TERM_RULES: ReadonlyMap<ProseTerm, readonly Phrase[]> = new Map(
  PROSE_TERMS.map((term) => [
    term,
    TERM_PHRASES_BY_TERM[term].map(
      ([, pattern, needle]) => [notDecided(term), pattern, needle] as const,
    ),
  ]),
);
const NEVER_RULES: readonly Phrase[] = NEVER_PHRASES.map(
  ([what, pattern, needle]) =>
    [`${what}, which the engine never commits to`, pattern, needle] as const,
);

/** Currency codes are three or four capitals: look at the first before slicing. */
const mayBeCode = (cased: string, token: Token): boolean => {
  const first = cased.charCodeAt(token.start);
  return token.end - token.start <= 4 && first >= 65 && first <= 90;
};

const isNumberWord = (word: string | null): boolean =>
  word !== null && (NUMBER_WORDS.has(word) || isNumberCompound(word));

function checkWords(
  tokens: readonly Token[],
  scan: Scan,
  allowed: ReadonlySet<ProseTerm>,
): Finding[] {
  const { cased, lower } = scan;
  const neighbour = (i: number, step: 1 | -1): string | null => {
    const other = tokens[i + step];
    const here = tokens[i];
    if (!other || !here) return null;
    const joined =
      step === 1 ? onlyGap(lower, here.end, other.start) : onlyGap(lower, other.end, here.start);
    return joined ? other.word : null;
  };
  const findings: Finding[] = [];
  const add = (code: ProseFailureCode, reason: string, token: Token) =>
    findings.push({ code, reason, start: token.start, end: token.end });

  for (const [i, token] of tokens.entries()) {
    const { word } = token;
    if (mayBeCode(cased, token) && CURRENCY_CODES.has(cased.slice(token.start, token.end))) {
      add("currency", "a currency code", token);
    }
    if (!WATCHED_WORDS.has(word) && !isNumberCompound(word)) continue;
    const prev = neighbour(i, -1);
    const next = neighbour(i, 1);

    if (word === "one") {
      const pronoun =
        (prev !== null && ONE_PRONOUN_BEFORE.has(prev)) ||
        (next !== null && ONE_PRONOUN_AFTER.has(next)) ||
        (next === "more" && neighbour(i + 1, 1) === "thing");
      if (!pronoun) add("number_word", "a number in words", token);
    } else if (NUMBER_SUFFIXES.has(word)) {
      const scaled =
        prev === SLOT_MARK ||
        isNumberWord(prev) ||
        prev === "one" ||
        (word === "grand" && prev !== null && GRAND_QUANTIFIERS.has(prev));
      if (scaled) add("number_word", "an amount in words", token);
    } else if (isNumberWord(word) && !(next !== null && NUMBER_IDIOM_NEXT[word]?.has(next))) {
      add("number_word", "a number in words", token);
    }

    if (CURRENCY_WORDS.has(word)) add("currency", "a currency", token);
    if (PERCENT_WORDS.has(word)) add("percentage", "a percentage", token);
    if (MONTH_WORDS.has(word)) add("date", "a date", token);
    if (DAY_WORDS.has(word) && prev !== "happy") add("date", "a day or deadline", token);
    if (PAYMENT_WORDS.has(word)) add("payment_vocabulary", "payment details", token);
    if (CONTACT_WORDS.has(word)) add("address", "a contact channel", token);

    const term = TERM_OF.get(word);
    const idiom = prev !== null && TERM_IDIOM_PREV[word]?.has(prev);
    if (term && !allowed.has(term) && !idiom && !negatedExclusivity(term, token, lower)) {
      add("commitment", notDecided(term), token);
    }
    if (NEVER_WORDS.has(word) && !idiom)
      add("commitment", "a commitment the engine never makes", token);
  }
  return findings;
}

/** "non-exclusive", "no exclusivity", "exclusivity isn't required" commit to nothing. */
function negatedExclusivity(term: ProseTerm, token: Token, lower: string): boolean {
  if (term !== "exclusivity" || !token.word.startsWith("exclusiv")) return false;
  const before = lower.slice(Math.max(0, token.start - 40), token.start);
  return (
    NEGATED_EXCLUSIVITY_BEFORE.test(before) ||
    NEGATED_EXCLUSIVITY_AFTER.test(lower.slice(token.end, token.end + 60))
  );
}

function checkPhrases(scan: Scan, allowed: ReadonlySet<ProseTerm>): Finding[] {
  const findings: Finding[] = [];
  for (const [code, phrases] of Object.entries(PHRASES) as [
    keyof typeof PHRASES,
    readonly Phrase[],
  ][]) {
    matchAll(code, phrases, scan.lower, findings);
  }
  for (const [code, phrases] of Object.entries(CASED_PHRASES) as [
    keyof typeof CASED_PHRASES,
    readonly Phrase[],
  ][]) {
    matchAll(code, phrases, scan.cased, findings);
  }
  for (const term of PROSE_TERMS) {
    if (!allowed.has(term))
      matchAll("commitment", TERM_RULES.get(term) ?? [], scan.lower, findings);
  }
  matchAll("commitment", NEVER_RULES, scan.lower, findings);
  return findings;
}

function checkSpelledOut(scan: Scan): Finding[] {
  const findings: Finding[] = [];
  eachMatch(SPACED_LETTERS, scan.lower, (m) => {
    const joined = m[0].replace(/[^a-z]/g, "");
    const codes = new Set(SPELLED_OUT.filter(([w]) => joined.includes(w)).map(([, code]) => code));
    for (const code of codes) {
      findings.push({
        code,
        reason: "a word spelled out letter by letter",
        start: m.index,
        end: m.index + m[0].length,
      });
    }
  });
  return findings;
}

/** With a CPM target allowed, "cost per thousand views" explains it and is not an amount. */
function cpmSpans(scan: Scan, allowed: ReadonlySet<ProseTerm>): Finding[] {
  if (!allowed.has("cpm_target")) return [];
  const spans: Finding[] = [];
  matchAll("number_word", TERM_PHRASES_BY_TERM.cpm_target, scan.lower, spans);
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Instructions

/** Consecutive words a prose may share with its instructions before it counts as repeating them. */
const OVERLAP_WORDS = 7;

/** Lower-case words (letters and digits only), slot tokens dropped: the unit of overlap. */
const overlapWords = (scan: Scan): string[] =>
  tokenize(scan.lower, { digits: true }).map((t) => t.word);

/** One failure per run of the prose that repeats 7 or more consecutive words of an instruction. */
function checkInstructionOverlap(scan: Scan, instructions: readonly string[]): ProseFailure[] {
  if (instructions.length === 0) return [];
  const words = overlapWords(scan);
  if (words.length < OVERLAP_WORDS) return [];
  const windows = new Map<string, number[]>();
  for (let i = 0; i + OVERLAP_WORDS <= words.length; i++) {
    const key = words.slice(i, i + OVERLAP_WORDS).join(" ");
    const at = windows.get(key);
    if (at) at.push(i);
    else windows.set(key, [i]);
  }
  const known = new Set(words);
  const repeated = new Set<number>();
  for (const instruction of instructions) {
    const theirs = overlapWords(scanText(foldText(instruction)));
    let run = 0;
    for (let j = 0; j < theirs.length; j++) {
      // Only windows made entirely of words the prose uses can match: skip the rest cheaply.
      run = known.has(theirs[j] ?? "") ? run + 1 : 0;
      if (run < OVERLAP_WORDS) continue;
      const key = theirs.slice(j - OVERLAP_WORDS + 1, j + 1).join(" ");
      const at = windows.get(key);
      if (!at) continue;
      for (const i of at) repeated.add(i);
      // Each prose window counts once, however often the instructions repeat it.
      windows.delete(key);
    }
  }
  const starts = [...repeated].sort((a, b) => a - b);
  const failures: ProseFailure[] = [];
  for (let k = 0; k < starts.length; ) {
    const first = starts[k] ?? 0;
    let last = first;
    while (k < starts.length && (starts[k] ?? 0) <= last + 1) last = starts[k++] ?? last;
    const quoted = words.slice(first, last + OVERLAP_WORDS).join(" ");
    failures.push({
      code: "instructions_leak",
      detail: `repeats the writer's instructions: "${clip(quoted)}"`,
    });
  }
  return failures;
}

// ---------------------------------------------------------------------------------------------

/**
 * One space or one line break per run of whitespace: findInjection's line-start patterns take
 * time that grows faster than the length of a whitespace run, and a writer can emit thousands.
 */
const compactWhitespace = (text: string): string =>
  text.replace(/\s{2,}/g, (run) => (run.includes("\n") ? "\n" : " "));

/** Failure codes in the order they are reported. */
const CODE_ORDER: readonly ProseFailureCode[] = [
  "writer_artifact",
  "instructions_leak",
  "payment_detail",
  "digit",
  "number_word",
  "currency",
  "percentage",
  "date",
  "link",
  "address",
  "payment_vocabulary",
  "commitment",
];

/** Every problem found (not just the first), each with the offending words quoted in `detail` (short, <= 80 chars of quote). */
export function checkProse(input: ProseCheckInput): ProseFailure[] {
  const scan = scanText(foldText(input.prose));
  const allowed: ReadonlySet<ProseTerm> = new Set(input.allowedTerms);
  const tokens = tokenize(scan.lower);

  const digits = checkDigits(input.prose, scan);
  const exempt = cpmSpans(scan, allowed);
  const findings = [
    ...digits.findings,
    ...checkWords(tokens, scan, allowed),
    ...checkPhrases(scan, allowed),
    ...checkSpelledOut(scan),
  ].filter((f) => !(f.code === "number_word" && exempt.some((s) => overlaps(s, f))));

  const failures: ProseFailure[] = merge(findings, scan.cased).map((f) => ({
    code: f.code,
    detail: describe(f.reason, scan.cased, f.start, f.end),
  }));
  failures.push(...digits.extra, ...checkInstructionOverlap(scan, input.instructions));
  const injection = findInjection(compactWhitespace(input.prose));
  if (injection)
    failures.push({
      code: "instructions_leak",
      detail: `reads as instructions to a model: ${injection}`,
    });

  const rank = (code: ProseFailureCode) => CODE_ORDER.indexOf(code);
  return failures
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f.code) - rank(b.f.code) || a.i - b.i)
    .map(({ f }) => f);
}
