/** Phrase lists of the rule-based reader. Every pattern is case-insensitive and word-bounded. */

export const ACCEPT = [
  /\bsounds\s+(?:good|great|perfect|fair|fine)\b/i,
  /\b(?:it's|its|that's|thats|we\s+have|you\s+have|you've\s+got)\s+a\s+deal\b/i,
  /(?:^|[.!,;]\s*)deal\s*(?:[.!]|$)/im,
  /\b(?:that|this|it|which)\s+works(?:\s+(?:for\s+(?:me|us)|great|perfectly|fine))?\b/i,
  /\bworks\s+for\s+(?:me|us)\b/i,
  /\bhappy\s+to\s+(?:proceed|move\s+forward|go\s+ahead)\b/i,
  /\blet'?s\s+(?:do\s+(?:it|this)|go\s+(?:ahead|for\s+it)|move\s+forward|proceed)\b/i,
  /\b(?:i|we)\s+(?:accept|agree)\b/i,
  /\b(?:agreed|accepted)\b/i,
  /\b(?:we're|we\s+are|i'm|i\s+am|count\s+(?:me|us))\s+in\b/i,
  /\b(?:i|we)\s+can\s+(?:do|work\s+with)\s+that\b/i,
  /\b(?:fine|ok|okay|good|happy)\s+(?:by|with)\s+(?:me|us|that)\b/i,
  /\bon\s+board\b/i,
  /^\s*(?:yes|yep|yeah|absolutely|definitely)\b/im,
];

export const REJECT = [
  /\bnot\s+interested\b/i,
  /\b(?:i'll|i\s+will|we'll|we\s+will|i'd|we'd|going\s+to|gonna|have\s+to|need\s+to|must|will)\s+(?:have\s+to\s+)?pass\b(?!\s+(?:it|this|that|them|these|those|the|your|you|along|him|her)\b)(?!\s+on\s+(?:to|the|your|my)\b)/i,
  /\bpass\s+(?:on\s+(?:this|that|it)|for\s+now)\b/i,
  /^\s*pass\s*(?:[.!,]|$)/im,
  /\bno,?\s+thank(?:s|\s+you)\b/i,
  /\b(?:decline|declining)\b/i,
  /\b(?:can't|cannot|can\s+not|won't\s+be\s+able\s+to)\s+do\s+(?:it|this|that)\b/i,
  /\bnot\s+(?:a|the\s+right|a\s+good)\s+fit\b/i,
  /\bnot\s+(?:for\s+(?:me|us)|going\s+to\s+work)\b/i,
  /\b(?:won't|doesn't|does\s+not|will\s+not)\s+work\s+for\s+(?:me|us)\b/i,
  /\bno\s+deal\b/i,
];

export const OPT_OUT = [
  /\bunsubscribe\b/i,
  /\bstop\s+(?:emailing|contacting|messaging|writing\s+to)\b/i,
  /\bremove\s+me\b/i,
  /\b(?:do\s+not|don't)\s+(?:contact|email)\s+(?:me|us)\b/i,
  /\btake\s+me\s+off\b/i,
];

export const OUT_OF_OFFICE = [
  /\bout\s+of\s+(?:the\s+)?office\b/i,
  /\bOOO\b/,
  /\bon\s+(?:vacation|holiday|annual\s+leave|parental\s+leave|maternity\s+leave|leave)\b/i,
  /\baway\s+(?:until|till|from\s+my\s+desk|from\s+the\s+office)\b/i,
  /\blimited\s+access\s+to\s+(?:my\s+)?e-?mail\b/i,
  /\bcurrently\s+(?:away|travell?ing)\b/i,
];

/** "back on …" is an absence only when a date follows; checked against a parsed date. */
export const BACK_ON = /\b(?:back|returning|return)\s+(?:in\s+the\s+office\s+)?on\b/i;

export const AUTO_REPLY = [
  /\bthis\s+is\s+an?\s+auto(?:mated|matic)\s+(?:response|reply|message)\b/i,
  /\bauto(?:matic)?[\s-]?reply\b/i,
  /\bautoreply\b/i,
  /\bthis\s+(?:mailbox|inbox)\s+is\s+not\s+monitored\b/i,
  /\bplease\s+do\s+not\s+reply\s+to\s+this\s+(?:e-?mail|message)\b/i,
];

export const BOUNCE = [
  /\bdelivery\s+status\s+notification\b/i,
  /\bundeliverable\b/i,
  /\bmail\s+delivery\s+(?:failed|subsystem|failure)\b/i,
  /\b(?:message|delivery)\s+(?:has\s+)?failed\b/i,
  /\baddress\s+not\s+found\b/i,
  /\breturned\s+mail\b/i,
];

export const USAGE_RIGHTS =
  /\b(?:usage(?:\s+rights)?|whitelist(?:ing)?|allowlist(?:ing)?|paid\s+usage|licens(?:e|ing)|in\s+perpetuity|repurpos\w*)\b/i;
export const EXCLUSIVITY = /\bexclusiv\w*\b/i;

/** Money talk that marks an amount as their proposal ("my rate is", "I charge", "for", "would be"). */
export const RATE_CUE =
  /\b(?:my\s+rate|our\s+rate|rate\s+(?:is|would\s+be|of)|rates?\s+start|i\s+charge|we\s+charge|charge|for|would\s+be|could\s+do|can\s+do|can\s+go|need|asking|ask\s+is|looking\s+for|settle|meet\s+(?:you\s+)?at|at|quote|fee\s+is|price\s+is)\b[^.!?\n$\d]{0,12}$/i;

/** A bare number after a comparison ("not below 2500") is probably a rate the money parser won't claim. */
export const BARE_LIMIT =
  /\b(?:below|less\s+than|lower\s+than|at\s+least|minimum(?:\s+of)?|under|above|more\s+than)\s+\d[\d,.]*k?\b(?!\s*(?:views?|followers?|subs|subscribers?|impressions?|likes?|days?|weeks?|months?|%))/i;

export const DELIVERABLE_WORDS =
  /\b(?:reels?|posts?|stor(?:y|ies)|videos?|tiktoks?|shorts?|integrations?|carousels?|mentions?|deliverables?|photos?|lives?|streams?|dedicated|package|bundle)\b/i;

export const OBJECTION =
  /\b(?:but|however|although|unless|only\s+if|too\s+low|not\s+enough|a\s+bit\s+low|below\s+my|concern(?:ed|s)?|worried|hesitant|not\s+sure|unfortunately)\b/i;

export const POSITIVE =
  /\b(?:great|love|excited|thanks|thank\s+you|happy|amazing|awesome|glad|perfect|wonderful)\b|!/i;

export function normalize(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"');
}

/** Sentences and lines, trimmed; a question keeps its "?". */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

const NEGATION = /\b(?:not|no|never|cannot)\b|n't\b/i;

/** First pattern that matches outside a negated clause ("doesn't sound good"). */
export function findPhrase(patterns: readonly RegExp[], text: string): string | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (!match) continue;
    const clauseStart = Math.max(
      text.lastIndexOf(".", match.index),
      text.lastIndexOf(",", match.index),
      text.lastIndexOf("!", match.index),
      text.lastIndexOf("?", match.index),
      text.lastIndexOf("\n", match.index),
    );
    const clause = text.slice(clauseStart + 1, match.index);
    if (!NEGATION.test(clause)) return match[0].trim();
  }
  return null;
}
