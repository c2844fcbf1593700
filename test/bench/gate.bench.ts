/**
 * The outgoing-email gate's cost: a full email through the prose guard, and inputs built to make
 * backtracking regular expressions blow up (each must stay in the microsecond-to-millisecond
 * range; quadratic behaviour shows as seconds here).
 */
import { bench, describe } from "vitest";
import { WRITER_INSTRUCTIONS } from "../../src/adapters/anthropic/email-writer";
import { findInjection } from "../../src/domain/injection";
import { checkProse, PROSE_TERMS } from "../../src/domain/prose-guard";

const EMAIL = [
  "Hi {{CREATOR_FIRST_NAME}},",
  "Thanks so much for getting back to us and for sharing your rate of {{THEIR_ASK}}. We'd like to come back with {{AMOUNT}} for the scope below, and on top of the fee we'd include {{PRODUCT}} (a {{PRODUCT_VALUE}} value).",
  "On usage rights: the offer includes {{USAGE}}, as set out in the scope of work. On timing: I'm checking the schedule with the team and will come back to you shortly.",
  "{{SCOPE_OF_WORK}}",
  "Let me know what you think. We'd really love to make this work!",
  "Best,\n{{SENDER_NAME}}\n{{BRAND}}",
]
  .join("\n\n")
  .repeat(12)
  .slice(0, 6000);

const PATHOLOGICAL: [string, string][] = [
  ["letters", "a".repeat(6000)],
  ["digits and spaces", "1 ".repeat(3000)],
  ["dots", "a.".repeat(3000)],
  ["brackets", "[{(<".repeat(1500)],
  ["words", "dot ".repeat(1500)],
  ["base58", "1A".repeat(3000)],
  ["spaces", " ".repeat(6000)],
  ["line breaks", "\n".repeat(6000)],
  ["spaced line breaks", " \n".repeat(3000)],
];

describe("prose guard", () => {
  bench("a 6,000-character email with every term allowed", () => {
    checkProse({ prose: EMAIL, allowedTerms: PROSE_TERMS, instructions: [WRITER_INSTRUCTIONS] });
  });
  for (const [name, prose] of PATHOLOGICAL) {
    bench(`pathological input: ${name}`, () => {
      checkProse({ prose, allowedTerms: [], instructions: [prose] });
    });
  }
});

describe("injection detection on untrusted mail", () => {
  for (const [name, text] of PATHOLOGICAL) {
    bench(`pathological input: ${name}`, () => {
      findInjection(text);
    });
  }
});
