/**
 * The questions a reply asks: sentences ending in "?", sentences phrased as questions without
 * one ("when do u need it by", "let me know the posting date"), and two questions joined by
 * "and" in one sentence counted as two. Alternatives joined by "or" stay one question.
 */
import { sentences } from "./reply-lexicon";

const AUX = "(?:is|are|was|were|can|could|would|will|should|shall|may)";
const WH = "(?:what|whats|what's|when|where|who|which|why|how)";
const PRONOUN = "(?:you|u|we|i|they|he|she|it|that|this|these|those|there|the|your|my)";

/** The start of a question: a wh-word or an auxiliary before its subject. */
const QUESTION_START = new RegExp(
  `^(?:(?:also|and|so|ok(?:ay)?|quick\\s+question|one\\s+more\\s+thing)[,:]?\\s+)?(?:` +
    `(?:what(?:'s|s)?|which)\\s+(?:is|are|was|were|do|does|did|would|will|should|can|could|the|your|kind|type|time|date|day|exactly)\\b` +
    `|(?:when|where|who|why)\\s+(?:${AUX}|do|does|did|'s|s)\\b` +
    `|how\\s+(?:long|much|many|often|soon|${AUX}|do|does|did|about)\\b` +
    `|(?:${AUX}|do|does|did)\\s+${PRONOUN}\\b)`,
  "i",
);

/** Asking without a question mark: "let me know if …", "wondering what …". */
const INDIRECT = new RegExp(
  `\\b(?:let\\s+(?:me|us)\\s+know|wondering|curious|(?:i'd|i\\s+would)\\s+like\\s+to\\s+know|please\\s+(?:confirm|advise|clarify))\\s+(?:the\\s+|your\\s+|${WH}\\b|if\\b|whether\\b)`,
  "i",
);

/** "let me know if you need anything" and "let me know what you think" ask nothing. */
const PLEASANTRY =
  /\blet\s+(?:me|us)\s+know\s+(?:if\s+(?:you\s+(?:need|have|want|would|'d|'re)|that|this|it)\b|what\s+you\s+think|your\s+thoughts)/i;

/** A second question joined by "and": "…, and do you need the raw files?". */
const AND_QUESTION = new RegExp(
  `,?\\s+(?:and|&)\\s+(?:also\\s+)?(?=${WH}\\b|${AUX}\\s+\\w|(?:do|does|did)\\s+${PRONOUN}\\b)`,
  "i",
);

const looksLikeQuestion = (sentence: string): boolean =>
  QUESTION_START.test(sentence) || (INDIRECT.test(sentence) && !PLEASANTRY.test(sentence));

/** Splits one question sentence at "and" where a new question starts. */
function splitJoined(sentence: string): string[] {
  const parts = sentence.split(AND_QUESTION).map((part) => part.trim());
  return parts.filter((part) => /[a-z]/i.test(part));
}

export function findQuestions(text: string, max: number): string[] {
  const questions: string[] = [];
  for (const sentence of sentences(text)) {
    if (!/[a-z]/i.test(sentence)) continue;
    const body = sentence.replace(/^[-*•\d.)\s]*(?:\w+\s*:\s+)?/, "");
    if (sentence.endsWith("?")) {
      questions.push(...splitJoined(sentence));
    } else if (looksLikeQuestion(body)) {
      questions.push(...splitJoined(sentence).filter(looksLikeAny));
    }
  }
  return questions.slice(0, max);
}

/** A part of a question sentence without "?" still has to read as a question. */
function looksLikeAny(part: string): boolean {
  return looksLikeQuestion(part) || new RegExp(`^${WH}\\b`, "i").test(part);
}
