/**
 * What a creator's questions are about, decided by code. The writer is told only these topics,
 * never the questions' words: a question is untrusted text, and a model that sees "could you
 * confirm the payment goes to IBAN …" may repeat it. A question counts only when its words are in
 * the email (a reader, model or not, cannot invent one), the way amounts and signal evidence are
 * checked against the email.
 */

export const QUESTION_TOPICS = [
  "deliverables",
  "usage_rights",
  "payment",
  "timing",
  "product",
  "revisions",
  "exclusivity",
  "other",
] as const;
export type QuestionTopic = (typeof QUESTION_TOPICS)[number];

/** First match wins: the more specific topics come before the broad "deliverables" one. */
const TOPIC_PATTERNS: ReadonlyArray<readonly [QuestionTopic, RegExp]> = [
  ["exclusivity", /\b(?:exclusiv\w*|compet\w*|other\s+brands?|same\s+category)/i],
  [
    "usage_rights",
    /\b(?:usage|rights?|whitelist\w*|allowlist\w*|licen[cs]\w*|paid\s+ads?|repost\w*|own\s+channels|run\s+(?:it|the\s+\w+)\s+as)/i,
  ],
  ["payment", /\b(?:pay|paid|payment|invoice|net\s*\d+|upfront|deposit|get\s+paid)/i],
  ["revisions", /\b(?:revision|revise|edits?|changes?|feedback|re-?shoots?|approv\w*)\b/i],
  [
    "timing",
    /\b(?:when|timeline|deadline|date|go\s+live|post\s+(?:it\s+)?by|due|schedule|how\s+soon|how\s+long)/i,
  ],
  ["product", /\b(?:product|ship\w*|sample|gift|send\s+(?:me|it|the)|size|shade|colou?r)/i],
  [
    "deliverables",
    /\b(?:deliverables?|reels?|posts?|stor(?:y|ies)|videos?|scope|include|tiktoks?|shorts?|integration|how\s+many|brief|content|link\s+in\s+bio|mention)/i,
  ],
];

export function topicOf(question: string): QuestionTopic {
  return TOPIC_PATTERNS.find(([, pattern]) => pattern.test(question))?.[0] ?? "other";
}

/** Lower case letters and digits only, single-spaced: how quotes are compared with the email. */
const words = (text: string): string =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/** A question is in the email when its words are, in order, or all its longer words are. */
function isInEmail(question: string, email: string): boolean {
  const q = words(question);
  if (q === "") return false;
  if (email.includes(q)) return true;
  const long = q.split(" ").filter((w) => w.length >= 4);
  const present = new Set(email.split(" "));
  return long.length >= 2 && long.every((w) => present.has(w));
}

/**
 * The topics of the questions the email really asks, each once, in the order first asked.
 * Questions whose words are not in the email are dropped.
 */
export function verifiedQuestionTopics(
  questions: readonly string[],
  email: string,
): QuestionTopic[] {
  const text = words(email);
  const topics: QuestionTopic[] = [];
  for (const question of questions) {
    if (!isInEmail(question, text)) continue;
    const topic = topicOf(question);
    if (!topics.includes(topic)) topics.push(topic);
  }
  return topics;
}
