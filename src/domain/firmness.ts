/**
 * Whether a reply calls its ask final ("that's firm", "I can't go below $1,200", "her rate remains
 * $900"), found by code in the reply's own words (quotes stripped), so every reader gives the
 * engine the same answer. A firm ask is not a move, but a held ask inside the band that they call
 * final is accepted rather than lost (DOMAIN.md §3, the max-rounds rule reached when they say so).
 */

/** How people say a number is their last word, in the languages Parley reads. */
const FINAL_WORDING = [
  // "that's firm", "it is final", "this is my final number", "my rate is firm"
  /\b(?:that'?s|that\s+is|it'?s|it\s+is|this\s+is|is)\s+(?:(?:my|our|her|his|their)\s+)?(?:firm|final)\b/,
  // "my final rate", "our lowest price", "the best number I can do", "bottom line", "non-negotiable"
  /\b(?:my|our|her|his|their|the)\s+(?:firm|final|lowest|best|bottom[-\s]line)\s+(?:rate|price|number|offer|figure|ask|fee|quote)\b/,
  /\b(?:bottom\s+line|non[-\s]?negotiable|absolute\s+minimum|rock[-\s]bottom)\b/,
  // "that's the lowest I can go", "the best I can do"
  /\b(?:lowest|best|least)\s+(?:i|we|she|he|they)\s+(?:can|could)\s+(?:go|do|accept|take)\b/,
  // "I can't go below", "we cannot go any lower", "won't come down further", "unable to do less"
  /\b(?:can'?t|cannot|can\s+not|couldn'?t|won'?t|will\s+not|unable\s+to|not\s+able\s+to|not\s+willing\s+to)\s+(?:go|come|do|accept|take)\s+(?:any\s+)?(?:lower|below|under|less|down(?:\s+(?:any\s+)?further)?)\b/,
  // "her rate remains", "my rate stands at"
  /\b(?:rate|price|fee|ask)\s+(?:remains|stands|stays)\b/,
  /\btake\s+it\s+or\s+leave\s+it\b/,
  // Spanish, Portuguese, French, German
  /(?:^|\s)(?:es|é|c'est)\s+(?:(?:mi|minha|meu|mon|ma)\s+)?(?:(?:precio|tarifa|preço|prix|tarif)\s+)?(?:final|firme|définitif)(?:\s|[.,;:!]|$)/,
  /(?:no\s+puedo\s+bajar|não\s+posso\s+baixar|je\s+ne\s+peux\s+pas\s+descendre|nicht\s+weiter\s+runter|mein\s+letztes\s+angebot)/,
];

/** A negation right before the wording ("not my final", "isn't firm yet") takes it back. */
const NEGATED = /\b(?:not|isn'?t|no)\s+(?:\w+\s+)?$/;

export function callsAskFinal(text: string): boolean {
  const lower = text.toLowerCase().replaceAll("’", "'");
  for (const pattern of FINAL_WORDING) {
    const match = pattern.exec(lower);
    if (!match) continue;
    const before = lower.slice(Math.max(0, match.index - 20), match.index);
    if (!NEGATED.test(before)) return true;
  }
  return false;
}
