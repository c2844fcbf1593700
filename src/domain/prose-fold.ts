/**
 * How the prose guard reads text: as a person sees it. Compatibility forms (full-width, maths
 * letters, superscripts), digits of every script, look-alike letters, accents and invisible
 * characters are undone before any check, so that "＄５０", "٥٠", "dоllаrs" with Cyrillic
 * letters and "fi\u200Bfty" read as what they show.
 */

/** Stands in for a `{{SLOT}}` token: not a letter, digit or space, so it never joins two words. */
export const SLOT_MARK = "\uE000";

/**
 * The "zero" of every run of ten decimal digits (\p{Nd}) in Unicode 17, ascending. Hard-coded so
 * that module load scans nothing; a script added by a later Unicode version is still a \p{N}
 * character and still fails the digit check, it just is not shown as ASCII.
 */
const DIGIT_ZEROS: readonly number[] = [
  0x0030, 0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6,
  0x0d66, 0x0de6, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80,
  0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0,
  0xff10, 0x104a0, 0x10d30, 0x10d40, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0,
  0x11650, 0x116c0, 0x116d0, 0x116da, 0x11730, 0x118e0, 0x11950, 0x11bf0, 0x11c50, 0x11d50, 0x11da0,
  0x11de0, 0x11f50, 0x16130, 0x16a60, 0x16ac0, 0x16b50, 0x16d70, 0x1ccf0, 0x1d7ce, 0x1d7d8, 0x1d7e2,
  0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e4f0, 0x1e5f1, 0x1e950, 0x1fbf0,
];

/** Cyrillic, Greek and small-capital letters that look like Latin ones, and the letter each imitates. */
const LOOK_ALIKE_FROM =
  "авеёкмнорстухіїјѕԁһӏԛԝɡьѵүАВЕЁКМНОРСТХІЇЈЅҮѴӀԚԜαβγεικνορτυχωΑΒΕΖΗΙΚΜΝΟΡΤΥΧᴀʙᴄᴅᴇɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢı";
const LOOK_ALIKE_TO =
  "abeekmhopctyxiijsdhlqwgbvyABEEKMHOPCTXIIJSYVIQWabyeikvoptuxwABEZHIKMNOPTYXabcdeghijklmnoprstuvwyzi";
const LOOK_ALIKE = new RegExp(`[${LOOK_ALIKE_FROM}]`, "g");

/**
 * Every "other" character (format, control, private-use, unassigned, surrogate) except the
 * whitespace controls, plus the combining grapheme joiner and variation selectors: invisible,
 * or a box. Built from a string: a literal class mixing them reads as a mistake to the linter.
 */
const INVISIBLE = /[^\P{C}\t\n\v\f\r]|[\u034F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
/** Letters that render as blank space (Hangul fillers, braille blank): a space, not a join. */
const BLANK_LETTER = /[\u115F\u1160\u3164\u2800]/g;
const DECIMAL_DIGIT = /\p{Nd}/gu;
/** Anything beyond printable ASCII: text without it has nothing to fold, strip or map. */
const NOT_PLAIN = /[^\t\n\r\x20-\x7E]/;
export const isPlainText = (text: string): boolean => !NOT_PLAIN.test(text);
/**
 * A run of characters beyond printable ASCII, with the character before it. Normalisation never
 * reaches across the start of a printable ASCII character (nothing composes onto one, and it
 * keeps its place), so treating these runs alone equals treating the whole text, for a fraction
 * of the cost on mostly-ASCII email.
 */
const UNUSUAL_RUN = /[\t\n\r\x20-\x7E]?[^\t\n\r\x20-\x7E]+/g;

function asciiDigit(digit: string): string {
  const cp = digit.codePointAt(0) ?? 0;
  let low = 0;
  let high = DIGIT_ZEROS.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((DIGIT_ZEROS[mid] ?? 0) <= cp) low = mid;
    else high = mid - 1;
  }
  const value = cp - (DIGIT_ZEROS[low] ?? 0);
  return value >= 0 && value <= 9 ? String(value) : digit;
}

/** NFKC, invisible/format characters removed, every Unicode decimal digit (all \p{Nd} scripts) folded to ASCII 0-9, Cyrillic/Greek look-alike letters mapped to Latin. */
export function foldText(text: string): string {
  return isPlainText(text)
    ? text
    : text.replace(UNUSUAL_RUN, (run) => remembered(FOLDED, run, foldRun));
}

/**
 * Results for short runs, kept across calls: an email's unusual characters are mostly the same
 * few quotes, dashes and emoji, each costing a handful of passes. Pure functions of the run, so
 * a cached answer is the answer; the cache is dropped whole when it grows.
 */
const FOLDED = new Map<string, string>();
const PLAIN = new Map<string, string>();
const CACHED_RUN_LENGTH = 4;
const CACHE_SIZE = 2048;

function remembered(
  cache: Map<string, string>,
  run: string,
  work: (run: string) => string,
): string {
  if (run.length > CACHED_RUN_LENGTH) return work(run);
  const known = cache.get(run);
  if (known !== undefined) return known;
  if (cache.size >= CACHE_SIZE) cache.clear();
  const result = work(run);
  cache.set(run, result);
  return result;
}

const foldRun = (run: string): string =>
  run
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .replace(BLANK_LETTER, " ")
    .replace(DECIMAL_DIGIT, asciiDigit)
    .replace(LOOK_ALIKE, (ch) => LOOK_ALIKE_TO[LOOK_ALIKE_FROM.indexOf(ch)] ?? ch);

// ---------------------------------------------------------------------------------------------
// Scan text: what every check reads

/** A slot the caller put in: opaque, never checked. Anything else in braces is the writer's. */
export const SLOT = /\{\{[A-Z0-9_]+\}\}/g;
const MARKS = /\p{M}/gu;
/** Letters NFD does not split into base + accent. */
const UNSPLIT_LETTERS: Record<string, string> = {
  ß: "ss",
  ẞ: "SS",
  ł: "l",
  Ł: "L",
  ø: "o",
  Ø: "O",
  đ: "d",
  Đ: "D",
  æ: "ae",
  Æ: "AE",
  œ: "oe",
  Œ: "OE",
  ħ: "h",
};
const UNSPLIT = new RegExp(`[${Object.keys(UNSPLIT_LETTERS).join("")}]`, "g");
const APOSTROPHE = /[\u2018\u2019\u02BC\u2032]/g;
const HYPHEN = /[\u2010\u2011]/g;

/** Accents stripped, unsplit letters spelled out, typographic apostrophes and hyphens made plain. */
const plainRun = (run: string): string =>
  run
    .normalize("NFD")
    .replace(MARKS, "")
    .normalize("NFC")
    .replace(UNSPLIT, (ch) => UNSPLIT_LETTERS[ch] ?? ch)
    .replace(APOSTROPHE, "'")
    .replace(HYPHEN, "-");

export interface Scan {
  /** Folded, slots marked, accents stripped: offsets of every finding refer to this text. */
  cased: string;
  /** `cased` in lower case, same length. */
  lower: string;
  /** Printable ASCII only. */
  plain: boolean;
}

export function scanText(folded: string): Scan {
  const slotted = folded.replace(SLOT, ` ${SLOT_MARK} `);
  if (isPlainText(folded)) return { cased: slotted, lower: slotted.toLowerCase(), plain: true };
  const cased = slotted.replace(UNUSUAL_RUN, (run) => remembered(PLAIN, run, plainRun));
  let lower = cased.toLowerCase();
  // A few letters change length in lower case; keep offsets aligned by leaving those alone.
  if (lower.length !== cased.length) {
    lower = Array.from(cased, (ch) => {
      const l = ch.toLowerCase();
      return l.length === ch.length ? l : ch;
    }).join("");
  }
  return { cased, lower, plain: false };
}

export interface Token {
  word: string;
  start: number;
  end: number;
}

const LETTER = /\p{L}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SLOT_CODE = SLOT_MARK.charCodeAt(0);
const APOSTROPHE_CODE = 39;

const isLetterAt = (text: string, i: number): boolean => {
  if (i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return LETTER.test(String.fromCodePoint(text.codePointAt(i) ?? c));
};

const isLetterOrDigitAt = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return LETTER_OR_DIGIT.test(String.fromCodePoint(text.codePointAt(i) ?? c));
};

/**
 * Words and slot marks, found by hand: a regex would allocate a match per word, and a Unicode
 * class costs a table search per character. Words are letters with inner apostrophes ("don't"),
 * or with `digits`, letters and digits only (apostrophes split) and no slot marks.
 */
export function tokenize(lower: string, options: { digits: boolean } = { digits: false }): Token[] {
  const { digits } = options;
  const tokens: Token[] = [];
  let start = -1;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    let inWord: boolean;
    if (c < 128) {
      inWord =
        (c >= 97 && c <= 122) ||
        (c >= 65 && c <= 90) ||
        (digits
          ? c >= 48 && c <= 57
          : c === APOSTROPHE_CODE && start >= 0 && isLetterAt(lower, i + 1));
    } else {
      inWord = digits ? isLetterOrDigitAt(lower, i) : isLetterAt(lower, i);
    }
    if (inWord) {
      if (start < 0) start = i;
      if (c >= 0xd800 && c <= 0xdbff) i++;
      continue;
    }
    if (start >= 0) tokens.push({ word: lower.slice(start, i), start, end: i });
    start = -1;
    if (c === SLOT_CODE && !digits) tokens.push({ word: SLOT_MARK, start: i, end: i + 1 });
  }
  if (start >= 0) tokens.push({ word: lower.slice(start), start, end: lower.length });
  return tokens;
}

/** True when only spaces or hyphens stand between the two offsets: the words are neighbours. */
export function onlyGap(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 45 && c !== 9 && c !== 10 && c !== 13 && c !== 0xa0) return false;
  }
  return true;
}
