import { describe, expect, it } from "vitest";
import { findMoneyMentions, findUnreadableMoney, parseMoney } from "../../src/domain/money";

const UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const TEENS = [
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

interface Style {
  hyphen: boolean;
  and: boolean;
  /** "twelve hundred thirty-four" rather than "one thousand two hundred thirty-four". */
  colloquial: boolean;
}

function below100(n: number, style: Style): string {
  if (n < 10) return UNITS[n] ?? "";
  if (n < 20) return TEENS[n - 10] ?? "";
  const unit = n % 10;
  const tens = TENS[Math.floor(n / 10)] ?? "";
  return unit === 0 ? tens : `${tens}${style.hyphen ? "-" : " "}${UNITS[unit]}`;
}

/** 1–9,999 in words, the way people write them. */
function inWords(n: number, style: Style): string {
  const parts: string[] = [];
  const hundreds = Math.floor(n / 100);
  if (style.colloquial && n >= 1100 && hundreds % 10 !== 0) {
    parts.push(`${below100(hundreds, style)} hundred`);
  } else {
    if (n >= 1000) parts.push(`${below100(Math.floor(n / 1000), style)} thousand`);
    if (hundreds % 10 !== 0) parts.push(`${UNITS[hundreds % 10]} hundred`);
  }
  const rest = n % 100;
  if (rest !== 0)
    parts.push(`${parts.length > 0 && style.and ? "and " : ""}${below100(rest, style)}`);
  return parts.join(" ");
}

const STYLES: Style[] = [
  { hyphen: true, and: false, colloquial: false },
  { hyphen: false, and: true, colloquial: false },
  { hyphen: true, and: true, colloquial: true },
  { hyphen: false, and: false, colloquial: true },
];

describe("amounts written in words", () => {
  it.each([
    ["two hundred ninety", 290_00],
    ["seven hundred fifty", 750_00],
    ["seven hundred and fifty", 750_00],
    ["one thousand two hundred", 1200_00],
    ["one thousand and two hundred", 1200_00],
    ["twelve hundred", 1200_00],
    ["twelve hundred fifty", 1250_00],
    ["twenty-five hundred", 2500_00],
    ["twenty five hundred", 2500_00],
    ["two thousand five hundred and fifty", 2550_00],
    ["three thousand, four hundred", 3400_00],
    ["one thousand and fifty", 1050_00],
    ["a hundred", 100_00],
    ["a thousand", 1000_00],
    ["one hundred fifty thousand", 150_000_00],
    ["two-thousand", 2000_00],
    ["1.2 thousand", 1200_00],
    ["1.25 thousand", 1250_00],
    ["12 hundred", 1200_00],
    ["1.5 grand", 1500_00],
    ["2 grand", 2000_00],
    ["a grand", 1000_00],
    ["two grand", 2000_00],
    ["Fifteen Hundred Dollars", 1500_00],
    ["$1.2 thousand", 1200_00],
    ["USD two thousand", 2000_00],
    ["1.2k", 1200_00],
    ["fifty dollars", 50_00],
    ["two hundred dollars and fifty cents", 200_50],
    ["twelve hundred dollars and 5 cents", 1200_05],
  ])("parseMoney(%j) → %i cents", (input, cents) => {
    expect(parseMoney(input)).toEqual({ kind: "amount", cents });
  });

  it.each([
    "two fifty",
    "twelve fifty",
    "one twenty-five",
    "nineteen ninety-nine",
    "a couple grand",
    "a few hundred",
    "several thousand dollars",
    "fifteen hundred thousand",
    "twenty hundred",
    "1,5 thousand",
    "1.234567 thousand",
    "two grand five hundred",
  ])("parseMoney(%j) is ambiguous, never guessed", (input) => {
    expect(parseMoney(input).kind).toBe("ambiguous");
  });

  it("reports a foreign currency in words as ambiguous", () => {
    expect(parseMoney("two thousand euros")).toMatchObject({ kind: "ambiguous" });
  });

  it("reads every value from 1 to 9,999 written in words, in every common style", () => {
    const misses: string[] = [];
    for (let n = 1; n <= 9999; n++) {
      for (const style of STYLES) {
        const words = inWords(n, style);
        const cents = n * 100;
        const parsed = parseMoney(words);
        if (parsed.kind !== "amount" || parsed.cents !== cents) misses.push(`parse ${words}`);
        const marked = findMoneyMentions(`That would be ${words} dollars, thanks.`);
        if (marked.length !== 1 || marked[0]?.cents !== cents) misses.push(`dollars ${words}`);
        if (n >= 100) {
          const cued = findMoneyMentions(`My rate is ${words} for the Reel.`);
          if (cued.length !== 1 || cued[0]?.cents !== cents) misses.push(`cued ${words}`);
        }
      }
    }
    expect(misses.slice(0, 10)).toEqual([]);
  });
});

const amounts = (text: string) => findMoneyMentions(text).map((m) => [m.raw, m.cents]);

describe("findMoneyMentions: amounts in words", () => {
  it.each([
    ["my rate is two hundred ninety", [["two hundred ninety", 290_00]]],
    ["Could you do seven hundred fifty for the Reel?", [["seven hundred fifty", 750_00]]],
    ["My floor for a Reel is twelve hundred.", [["twelve hundred", 1200_00]]],
    ["Twelve hundred?", [["Twelve hundred", 1200_00]]],
    ["Honestly, two thousand is my minimum.", [["two thousand", 2000_00]]],
    ["Twenty-five hundred and it's a deal.", [["Twenty-five hundred", 2500_00]]],
    ["I'd do it for a grand.", [["a grand", 1000_00]]],
    ["two grand for the reel plus stories", [["two grand", 2000_00]]],
    ["For the integration I'm at $1.8 thousand.", [["$1.8 thousand", 1800_00]]],
    ["I'd want fifteen hundred dollars for it", [["fifteen hundred dollars", 1500_00]]],
    ["less than two thousand, so I'll pass", [["two thousand", 2000_00]]],
    [
      "My rate is two hundred dollars and fifty cents.",
      [["two hundred dollars and fifty cents", 200_50]],
    ],
    [
      "I get one hundred twenty thousand views, so my rate is eighteen hundred.",
      [["eighteen hundred", 1800_00]],
    ],
    [
      "Two to three thousand depending on usage.",
      [
        ["Two", 2000_00],
        ["three thousand", 3000_00],
      ],
    ],
    [
      "somewhere between fifteen hundred and two thousand",
      [
        ["fifteen hundred", 1500_00],
        ["two thousand", 2000_00],
      ],
    ],
    [
      "$2-3 grand",
      [
        ["2", 2000_00],
        ["3 grand", 3000_00],
      ],
    ],
  ])("%s", (text, expected) => {
    expect(amounts(text)).toEqual(expected);
  });

  it.each([
    "I have two hundred thousand followers",
    "a grand total of three posts",
    "What a grand idea!",
    "Two thousand twenty-six was a great year",
    "booked for two thousand twenty-seven",
    "Is it one TikTok or two?",
    "I'd do one two-minute video",
    "I'm one hundred percent in",
    "Would that be a Reel + 2 Stories?",
    "I can do two",
    "I've posted two hundred times",
  ])("%s has no money", (text) => {
    expect(findMoneyMentions(text)).toEqual([]);
    expect(findUnreadableMoney(text)).toEqual([]);
  });

  it.each([
    ["Could you do two fifty for the story set?", "two fifty"],
    ["I'd be happy at twelve fifty for the Reel.", "twelve fifty"],
    ["I'd need a couple grand for something like this.", "a couple grand"],
    ["Maybe a few hundred dollars?", "a few hundred dollars"],
  ])("%s: money that cannot be read exactly is reported", (text, raw) => {
    expect(findMoneyMentions(text)).toEqual([]);
    expect(findUnreadableMoney(text)).toMatchObject([{ raw }]);
  });

  it("agrees with parseMoney on every amount it finds", () => {
    const texts = [
      "my rate is two hundred ninety",
      "I usually charge eight hundred and seventy-five per Reel.",
      "I'd need one thousand two hundred for both videos.",
      "My rate for this scope is three thousand, four hundred.",
      "Could we say 1.2 thousand for the TikTok?",
      "I'm thinking 1.5 grand for everything.",
      "For the integration I'm at $1.8 thousand.",
      "I'd want fifteen hundred dollars for a dedicated video.",
      "For the full campaign we'd ask ninety-nine hundred.",
      "Rate: USD 1,500 or $2k.",
      "That comes to fifty dollars and ninety-nine cents.",
    ];
    for (const text of texts) {
      const found = findMoneyMentions(text);
      expect(found.length, text).toBeGreaterThan(0);
      for (const m of found) {
        expect(parseMoney(m.raw), m.raw).toEqual({ kind: "amount", cents: m.cents });
      }
    }
  });
});
