/**
 * What a creator's questions are about, and which of them Parley may answer. Decided by code: the
 * writer is told only the topics, never the questions' words (a question is untrusted text, and a
 * model that sees "could you confirm the payment goes to IBAN …" may repeat it). A question counts
 * only when its words are in the email, the way amounts and signal evidence are checked. It is
 * answered only from the campaign's facts (the offer, the payment terms, the brief and its FAQ);
 * anything else goes to the team.
 */
import { findMoneyMentions } from "./money";
import type { CampaignBrief, FaqEntry } from "./types";

export const QUESTION_TOPICS = [
  "deliverables",
  "usage_rights",
  "payment",
  "timing",
  "product",
  "revisions",
  "approval",
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
  [
    "approval",
    /\b(?:approv\w*|sign[\s-]?off|review\w*\s+(?:it|the\s+(?:draft|content|video|post))|see\s+(?:it|the\s+draft)\s+(?:first|before))/i,
  ],
  ["revisions", /\b(?:revision|revise|edits?|changes?|feedback|re-?shoots?|re-?do)\b/i],
  [
    "timing",
    /\b(?:when|timeline|deadline|dates?|go\s+live|post\s+(?:it\s+)?by|due|schedule|how\s+soon|how\s+long)/i,
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

/** The questions of a reader's list whose words really are in the email, in order, each once. */
export function verifiedQuestions(questions: readonly string[], email: string): string[] {
  const text = words(email);
  return [...new Set(questions.map((q) => q.trim()))].filter((q) => isInEmail(q, text));
}

/** The topics of the questions the email really asks, each once, in the order first asked. */
export function verifiedQuestionTopics(
  questions: readonly string[],
  email: string,
): QuestionTopic[] {
  return [...new Set(verifiedQuestions(questions, email).map(topicOf))];
}

const STOP = new Set(
  "what when where which will would could should does have your with that this there from about them they their into than then just also able does".split(
    " ",
  ),
);
const contentWords = (text: string): Set<string> =>
  new Set(
    words(text)
      .split(" ")
      .filter((w) => w.length >= 4 && !STOP.has(w)),
  );

/**
 * The FAQ entry a question asks about: most of the entry's content words are in the question
 * (at least two, or all of them when it has fewer). Null when none fits well enough.
 */
export function faqFor(question: string, faq: readonly FaqEntry[]): number | null {
  const asked = contentWords(question);
  let best: { index: number; score: number } | null = null;
  faq.forEach((entry, index) => {
    const known = contentWords(entry.question);
    if (known.size === 0) return;
    const shared = [...known].filter((w) => asked.has(w)).length;
    const score = shared / known.size;
    if ((shared >= 2 || shared === known.size) && score >= 0.5 && (!best || score > best.score))
      best = { index, score };
  });
  return (best as { index: number } | null)?.index ?? null;
}

/** What the campaign can answer, given the offer on the table and the brief. */
export interface AnswerFacts {
  hasOffer: boolean;
  paymentTerms: string;
  product: boolean;
  brief: CampaignBrief | null;
}

function answerable(topic: QuestionTopic, facts: AnswerFacts): boolean {
  const brief = facts.brief;
  switch (topic) {
    case "deliverables":
    case "usage_rights":
      return facts.hasOffer;
    case "payment":
      return facts.paymentTerms.trim() !== "";
    case "timing":
      return !!brief?.postingWindow;
    case "revisions":
      return brief?.revisionRounds != null;
    case "approval":
    case "exclusivity":
      return !!brief;
    case "product":
      return facts.product || !!brief?.productDetails;
    case "other":
      return false;
  }
}

/** How one reply's questions are handled: answered from the facts, or asked of the team. */
export interface QuestionPlan {
  /** Topics the email answers from the campaign's facts. */
  topics: QuestionTopic[];
  /** FAQ entries (indexes into the brief's FAQ) the email answers with the team's own words. */
  faq: number[];
  /** Their questions, in their words, that only a person can answer. */
  forTeam: string[];
  /** Some of their questions were about the price ("any flexibility?"): our offer answers those. */
  priceAsked: boolean;
}

/**
 * Asking about the price is negotiating, not a question for the team: "How about $2,900?",
 * "Any flexibility on the budget?", "Could you do better?" are answered by our next offer.
 */
const PRICE_QUESTION =
  /\b(?:flexib\w*|split\s+the\s+difference|wiggle\s+room|(?:any|more|some)\s+room|do\s+better|go\s+(?:any\s+)?higher|go\s+up|come\s+up|move\s+up|meet\s+(?:me|you|in\s+the\s+middle|halfway)|settle\s+(?:on|at|for)|stretch|bump|increase|raise)\b/i;

function isPriceQuestion(question: string): boolean {
  return findMoneyMentions(question).length > 0 || PRICE_QUESTION.test(question);
}

export function planQuestions(
  questions: readonly string[],
  email: string,
  facts: AnswerFacts,
): QuestionPlan {
  const plan: QuestionPlan = { topics: [], faq: [], forTeam: [], priceAsked: false };
  for (const question of verifiedQuestions(questions, email)) {
    const entry = faqFor(question, facts.brief?.faq ?? []);
    const topic = topicOf(question);
    if (entry === null && topic === "other" && isPriceQuestion(question)) {
      plan.priceAsked = true;
      continue;
    }
    if (entry !== null) {
      if (!plan.faq.includes(entry)) plan.faq.push(entry);
    } else if (answerable(topic, facts)) {
      if (!plan.topics.includes(topic)) plan.topics.push(topic);
    } else plan.forTeam.push(question);
  }
  return plan;
}
