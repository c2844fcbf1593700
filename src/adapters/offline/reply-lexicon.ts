/** Phrase lists of the rule-based reader. Every pattern is case-insensitive and word-bounded. */

/** A whole reply that is only an acknowledgement ("ok", "perfect!", 👍). */
const EMOJI_OK = "(?:(?:👍|👌|✅|🤝|🙌|💯)[\\u{1F3FB}-\\u{1F3FF}]?[\\s.!]*)";
const ACK_ONLY = new RegExp(
  `^[\\s.!]*(?:(?:ok(?:ay)?|k|kk|alright|all\\s+right|sure|fine|cool|perfect|done)[\\s.!]*${EMOJI_OK}*|${EMOJI_OK}+)$`,
  "iu",
);

/** Agreement words that also greet an idea ("sounds good", "yes!", "ok"): not a decision beside a stall. */
const SOUNDS_GOOD = /\bsounds\s+(?:good|great|perfect|fair|fine)\b/i;
const YES_FIRST = /^\s*(?:yes+|yep|yeah|absolutely|definitely)\b/im;
export const WEAK_ACCEPT: ReadonlySet<RegExp> = new Set([SOUNDS_GOOD, YES_FIRST, ACK_ONLY]);

export const ACCEPT = [
  SOUNDS_GOOD,
  /\b(?:it's|its|that's|thats|we\s+have|you\s+have|you've\s+got|you\s+got)(?:\s+(?:yourself|yourselves))?\s+a\s+deal\b/i,
  /(?:^|[.!,;]\s*)deal\s*(?:[.!]|$)/im,
  /^\s*deal\s*[,:\u2014-]/im,
  /(?:\$[\d,.]+k?|\b\d{1,3}(?:,\d{3})+|\b\d{3,})\s+(?:for\s+[^.!?\n$]{1,40}?\s+)?(?:works|is\s+(?:fine|good|ok|okay|great|perfect))\b/i,
  /^\s*(?:ok(?:ay)?|alright|fine|great|perfect|awesome|cool|sure)[,!.]?\s+(?:it's\s+a\s+)?deal\b/im,
  /\block\s+(?:it|this|that)\s+in\b/i,
  /\b(?:that's|that\s+is|it's|this\s+is)\s+(?:very\s+|more\s+than\s+)?fair\s*(?:[.!]|$)/im,
  /\b(?:that|this|it|which)\s+works(?:\s+(?:for\s+(?:me|us)|great|perfectly|fine))?\b/i,
  /\bworks\s+for\s+(?:me|us)\b/i,
  /^\s*works\b/im,
  /\b(?:rate|price|fee|offer|number|budget|amount|terms)(?:\s+works|(?:'s|\s+is)\s+(?:fine|good|ok|okay|great|perfect|acceptable))\b/i,
  /\bhappy\s+to\s+(?:proceed|move\s+forward|go\s+ahead)\b/i,
  /\b(?:happy|glad|willing)\s+to\s+do\s+(?:it|this|that)\b(?!\s+(?:for|if|only|as\s+long)\b)/i,
  /\b(?:go|move)\s+ahead\s+with\s+(?:this|that|it|the)\b/i,
  /\blet'?s\s+(?:do\s+(?:it|this)|go\s+(?:ahead|for\s+it)|move\s+forward|proceed)\b|\blet'?s\s+go\s*(?:[!.]|$)/im,
  /\b(?<!\b(?:before|until|till|unless|if)\s)(?:i|we)\s+(?:can\s+|will\s+|would\s+)?(?:accept|agree)\b/i,
  /^\s*confirmed\b|\bconfirmed\s+(?:at|for)\s+(?:the|your)\s+(?:proposed|offered|quoted|agreed)\b/im,
  /\bapproved\s+on\s+(?:our|my)\s+(?:end|side)\b/i,
  /\bas\s+(?:offered|proposed)\b|\bconfirm(?:ing|ed)?\s+(?:that\s+)?\w+\s+(?:will|can)\s+(?:do|go\s+ahead|proceed)\b/i,
  /\b(?:agreed|accepted)\b/i,
  /\b(?:we're|we\s+are|i'm|i\s+am|count\s+(?:me|us))\s+in\b/i,
  /\b(?:we're|we\s+are|i'm|i\s+am)\s+down\b(?!\s+(?:with\s+(?:a|the)\b|bad|at|in|on|to\s+\d))/i,
  /\b(?:i|we)\s+can\s+(?:do|work\s+with|live\s+with|go\s+with)\s+(?:that|this|\$|the\s+(?:rate|price|fee|offer|budget))/i,
  /\b(?:fine|ok|okay|good|happy)\s+(?:by|with|for)\s+(?:me|us|that)\b/i,
  /\bfor\s+(?:me|us)\s+(?:is\s+|it's\s+|it\s+is\s+)?(?:ok|okay|good|fine)\b/i,
  /\b(?:happy|fine|good|ok|okay|comfortable|content)\s+with\s+(?:the\s+|that\s+|this\s+|your\s+)?(?:\$|rate|price|fee|offer|terms|budget|amount|number|proposal)/i,
  /(?:\$[\d,.]+k?|that|the\s+(?:rate|price|fee|offer))\s+it\s+is\b/i,
  /\b(?:pleased|happy|glad)\s+to\s+confirm\b|\bconfirm(?:s|ed|ing)?\s+(?:her|his|their|my|our)\s+participation\b/i,
  /\bon\s+board\b/i,
  YES_FIRST,
  /^\s*(?:alright|all\s+right|ok(?:ay)?)[,\s]+fine\b/im,
  ACK_ONLY,
];

/**
 * Declines that close the door whatever the price: with an amount ("my minimum is $2k, so I'll
 * pass") they are still a decline, unless conditional ("if not, I'll pass").
 */
export const FIRM_DECLINE = [
  // Turning down one term ("not interested in the usage rights") is not turning down the deal.
  /\bnot\s+interested\b(?!\s+in\s+(?:doing\s+|offering\s+|giving\s+)?(?:the\s+)?(?:usage|exclusiv\w*|whitelist\w*|allowlist\w*|paid|ads?|licens\w*|rights|terms?|clauses?|stor(?:y|ies)|reels?|posts?|tiktoks?|videos?|giveaways?|extras?|add-?ons?)\b)/i,
  /\b(?:i'll|i\s+will|we'll|we\s+will|i'd|we'd|going\s+to|gonna|have\s+to|need\s+to|must|will)\s+(?:have\s+to\s+)?pass\b(?!\s+(?:it|this(?!\s+(?:time|round|one)\b)|that|them|these|those|the|your|you|along|him|her)\b)(?!\s+on\s+(?:to|the|your|my)\b)/i,
  /\bpass\s+(?:on\s+(?:this|that|it)|for\s+now)\b/i,
  /^\s*pass\s*(?:[.!,]|$)/im,
  /\bno,?\s+thank(?:s|\s+you)\b(?!\s+(?:on|to|for)\s)/i,
  /(?:^|[.!?]\s*)(?:no|nope|nah)(?:,?\s+(?:thanks|thank\s+you|sorry))?\s*[.!]*\s*$/im,
  /\bbut\s+no\s*(?:[.,!;]|$)/im,
  /\b(?:so|then|unfortunately|sadly|regretfully)[,\s]+(?:(?:unfortunately|sadly|it's|it\s+is|that's|that\s+is)[,\s]+)?(?:a\s+)?no(?:,?\s+(?:sorry|thanks|thank\s+you))?\s*[.!]*\s*$/im,
  /\b(?:it|this|that)(?:\s+one)?(?:'s|\s+is)\s+a\s+(?:hard\s+)?(?:no|pass)\b(?!\s+(?:problem|brainer)\b)/i,
  /\ba\s+(?:hard\s+)?no\s+(?:for|from)\s+(?:me|us)\b/i,
  /\b(?:decline|declining)\b(?!\s+(?:the\s+)?(?:usage|exclusiv\w*|whitelist\w*|allowlist\w*|paid|ads?|licens\w*|rights|terms?|clauses?|stor(?:y|ies)|reels?|posts?|tiktoks?|videos?|giveaways?|extras?|add-?ons?)\b)/i,
  /\b(?:not|isn't|is\s+not|wouldn't\s+be|won't\s+be)\s+(?:a|the\s+right|a\s+good|the\s+best|a\s+great)\s+fit\b/i,
  /\bdon't\s+think\s+(?:we're|we\s+are|this\s+is|it's)\s+(?:aligned|a\s+(?:good\s+)?(?:fit|match))\b/i,
  /\bno\s+deal\b/i,
  /\b(?:we're|we\s+are|we\s+seem\s+to\s+be|we'd\s+be)\s+(?:just\s+|still\s+|simply\s+)?too\s+far\s+apart\b/i,
  /\bsit\s+(?:this|that)\s+(?:one\s+)?out\b|\bsay(?:ing)?\s+no\b|\bturn(?:ing)?\s+(?:this|it)\s+down\b/i,
  /\bnot\s+(?:taking\s+on|accepting|doing|open\s+to)\s+(?:any\s+)?(?:new\s+|more\s+|paid\s+)?(?:partnerships?|collab\w*|sponsor\w*|brand\s+(?:deals?|work)|projects?|campaigns?)\b/i,
  /\b(?:don't|do\s+not|won't)\s+(?:make|do|take\s+on|accept)\s+(?:a\s+|any\s+)?(?:collab\w*|partnerships?|sponsor\w*|brand\s+(?:deals?|work)|paid\s+(?:posts?|content))/i,
  /\b(?:not|isn't|is\s+not)\s+something\s+(?:i|we)(?:'d|\s+would|'m|\s+am)?\s+(?:be\s+)?(?:comfortable|interested|able|want)/i,
  /\bdon't\s+bother\b/i,
];

/** Every decline: the firm ones and those that may only mean "not at this price". */
export const REJECT = [
  ...FIRM_DECLINE,
  /\b(?:can't|cannot|can\s+not|won't\s+be\s+able\s+to|unable\s+to|not\s+able\s+to)\s+(?:do\s+(?:it|this|that)|take\s+(?:this|it|that)(?:\s+one)?\s+on|take\s+on\s+(?:this|it|that)|take\s+part|participate)\b/i,
  /\bnot\s+(?:for\s+(?:me|us)|going\s+to\s+work|for\s+(?:this|that)\s+(?:budget|price|rate|fee|money))\b/i,
  /\bnot\s+worth\s+(?:it|my\s+time)\b/i,
  /\b(?:won't|doesn't|does\s+not|will\s+not)\s+work\s+for\s+(?:me|us)\b/i,
];

/**
 * Not agreed yet: "send the contract first", "before I agree to anything", "could you share a
 * sample contract?", "send it so I can review it": they want to read the paper, not sign it.
 */
export const NOT_YET =
  /\bfirst\b|\bbefore\s+(?:i|we)\s+(?:agree|commit|decide|confirm|accept|say\s+yes)|\bbefore\s+(?:agreeing|committing|deciding)\b|\b(?:sample|template|example|copy\s+of)\b|\b(?:look\s+(?:at|over)|see|review|read|check)\b[^.!?\n]{0,30}\b(?:contract|agreement|paperwork|terms|it)\b/i;

/** Words that make a decline conditional: "if not, I'll pass", "unless you can do $2k". */
const CONDITION = /\b(?:if|unless|otherwise|else)\b/i;

/**
 * A firm decline that is not conditional, outside a negated clause: "I can't go below $2,000,
 * so I'll pass" declines; "if that's not possible I'll pass" and "I'll pass unless …" counter.
 */
export function findFirmDecline(text: string): { phrase: string; index: number } | null {
  let first: { phrase: string; index: number } | null = null;
  for (const pattern of FIRM_DECLINE) {
    const global = new RegExp(pattern.source, `${pattern.flags}g`);
    for (const match of text.matchAll(global)) {
      const at = match.index + Math.max(0, match[0].search(/[a-z]/i));
      if (negatedAt(text, at) || conditional(text, at, match.index + match[0].length)) continue;
      if (first === null || at < first.index) first = { phrase: match[0].trim(), index: at };
      break;
    }
  }
  return first;
}

/** An amount put forward as a deal: "I'd do $2,000 for the post", "$2,000 for the Reel works". */
const OFFERED_BEFORE =
  /\b(?:i'd|i\s+would|i\s+could|i\s+can|we'd|we\s+would|we\s+could|we\s+can|could|would|how\s+about|what\s+about|happy|willing|open|if\s+you|meet|settle|let's)\b[^.!?\n]{0,30}$/i;
const OFFERED_AFTER =
  /^[^.!?\n]{0,30}\b(?:works|would\s+work|is\s+(?:fine|ok|okay|good|doable)|sounds|and\s+(?:it's|we\s+have)\s+a\s+deal)\b/i;

/**
 * After a decline, an amount offered as a new deal ("not interested in the usage, but I'd do
 * $2,000 for the post") is a counter; a floor stated with the decline ("I get $2,500 minimum")
 * is not.
 */
export function offeredAfter(text: string, declineAt: number, amountAt: number, raw: string) {
  if (amountAt < declineAt) return false;
  const before = text.slice(Math.max(0, amountAt - 40), amountAt);
  const after = text.slice(amountAt + raw.length, amountAt + raw.length + 40);
  return OFFERED_BEFORE.test(before) || OFFERED_AFTER.test(after);
}

function conditional(text: string, start: number, end: number): boolean {
  const sentenceStart = Math.max(
    ...[".", "!", "?", "\n"].map((c) => text.lastIndexOf(c, start - 1)),
  );
  const before = text
    .slice(sentenceStart + 1, start)
    .replace(/^.*\b(?:but|however|though)\b/is, "");
  const after = /^[^.!?\n,;]*/.exec(text.slice(end))?.[0] ?? "";
  return CONDITION.test(before) || /^\s*(?:if|unless)\b/i.test(after);
}

/**
 * Not a decision yet: "let me think about it", "I'll get back to you", "tell me more". A "yes"
 * or "sounds good" beside one is interest, not an acceptance.
 */
export const STALL =
  /\b(?:think\s+(?:it\s+over|about\s+it|on\s+it)|sleep\s+on\s+it|mull\s+(?:it\s+)?over|circle\s+back|get\s+back\s+to\s+you(?!\s+with\s+(?:the|a|my)\s+(?:draft|content|video|post|reel|link|invoice|details|address))|(?:let|will\s+let)\s+you\s+know|check\s+(?:my\s+(?:calendar|schedule)|with\s+(?:my|our)\s+(?:manager|agent|team|partner|agency))|(?:tell|send)\s+me\s+more|more\s+(?:details|info(?:rmation)?)\b|need\s+(?:some\s+)?(?:more\s+)?time)/i;

/** Explicit asks to change price or terms: a counter even when the reply also sounds positive. */
export const PUSHBACK = [
  // "go up" is also how a post goes live ("would the Stories go up the same day?").
  /\b(?:go|come\s+up|move\s+up|budge|stretch)\s+(?:a\s+(?:bit|little)\s+|any\s+|slightly\s+)?(?:higher|further|more|up(?!\s+(?:on|the\s+same|same|at|live|before|after|by|next|tomorrow|today|tonight|in\s+the|first|together|simultaneously|later|earlier|separately|afterwards|\d)))\b/i,
  /\b(?:any|some|more)\s+(?:flexibility|room|wiggle\s+room|leeway)\b/i,
  /\b(?:do|offer|you\s+can\s+do)\s+better\b/i,
  // More money asked for without a number: "is that the best you can do?", "can you come up at all?"
  /\b(?:the\s+)?(?:best|most)\s+you\s+(?:can|could)\s+(?:do|offer|pay|go)\b/i,
  /\bcome\s+up\s+(?:at\s+all|a\s+(?:bit|little)|any|slightly|on\s+(?:the\s+)?(?:fee|rate|price|budget|offer))\b/i,
  /\b(?:do|offer|pay)\s+(?:a\s+(?:bit|little)\s+|slightly\s+|any\s+)?more\s+(?:on|for)\s+(?:the\s+)?(?:rate|fee|price|budget|offer)\b/i,
  /\bstretch\s+(?:the|your|that|this)\s+(?:budget|fee|rate|offer)\b/i,
  /\b(?:fee|rate|budget|price|offer)\s+(?:is\s+)?negotiable\b|\bis\s+(?:the\s+|your\s+)?(?:fee|rate|budget|price|offer)\s+negotiable\b/i,
  /\bsomething\s+in\s+(?:between|the\s+middle)\b|\bmiddle\s+ground\b/i,
  /\bsplit\s+the\s+difference\b|\bmeet\s+(?:me\s+|you\s+)?(?:in\s+the\s+middle|halfway)\b/i,
  // "happy to accept, but only if you add the set": a condition on what the offer includes
  /\bonly\s+if\s+(?:you\s+|we\s+)?(?:can\s+|could\s+)?(?:add|include|throw\s+in|cover|send)\b/i,
  /\b(?:budget|rate|offer|fee|price)\s+(?:is\s+)?flexible\b/i,
  /\b(?:more|bigger|higher|larger)\s+(?:budget|rate|fee)\b|\bbump\s+(?:it|that|this|the\s+\w+)\s+up\b/i,
  /\b(?:push|move|extend|shift)\s+(?:back\s+)?(?:the\s+)?(?:posting|post|go-live|publish(?:ing)?|launch|due|delivery)?\s*(?:date|deadline|timeline)\b/i,
  /\b(?:can't|cannot|won't|unable\s+to)\s+(?:offer|do|commit\s+to|agree\s+to|give)\s+(?:\w+\s+){0,2}?(?:exclusivity|usage|whitelisting|\d+\s+(?:days|weeks|months))\b/i,
  /\b(?:skip|drop|remove|cut)\s+(?:the\s+)?(?:\w+\s+)?(?:stor(?:y|ies)|reels?|posts?|videos?|tiktoks?|usage|exclusivity|whitelisting)\b/i,
  /\b(?:could|can|would)\s+(?:it|we|i|you)\s+(?:just\s+)?(?:be|do|make\s+it|go\s+with|accept|take|consider|keep\s+it\s+to)\s+(?:just|only)\b|\b(?:what|how)\s+about\s+(?:just|only)\b/i,
  /\b(?:if|as\s+long\s+as|provided(?:\s+that)?|on\s+(?:the\s+)?condition)\b[^.!?\n]{0,60}?\b(?:limited|capped|acceptable|addressed|organic\s+only)\b/i,
];

/**
 * A condition on usage or exclusivity ("$1,500 works if usage is 30 days"): a counter, unless it
 * is the premise of a question ("if it's a Reel + 2 Stories, are usage rights included?").
 */
export const CONDITION_ON_TERMS =
  /\b(?:if|as\s+long\s+as|provided(?:\s+that)?|on\s+(?:the\s+)?condition)\b[^.!?\n]{0,60}?\b(?:usage|exclusiv\w*|rights)\b/i;

/** Complaints about the price: a counter when nothing else decides the reply. */
export const COMPLAINT = [
  /\b(?:too|quite|a\s+(?:bit|little)|little|bit)\s+low\b|\blow\s+for\s+(?:me|us|her|him)\b/i,
  /\b(?:below|under|less\s+than|lower\s+than)\s+(?:what|my|our|her|his|their|i'?d?\b)/i,
  /\bnot\s+enough\b/i,
  /\b(?:hoping|looking)\s+for\s+(?:a\s+(?:bit|little)\s+|something\s+|quite\s+a\s+bit\s+)?(?:more|higher)\b(?!\s+(?:info\w*|details|time|context))/i,
  /\bneed\s+(?:a\s+(?:bit|little)\s+|something\s+|quite\s+a\s+bit\s+)?more\b(?!\s+(?:info\w*|details|time|days|context|clarity|about|on\s+the\s+(?:brief|scope|timing)))/i,
  /\b(?:my|her|his|our|their)\s+rates?\s+(?:is|are)\s+(?:usually\s+|typically\s+|normally\s+|generally\s+)?(?:higher|more)\b/i,
  /\b(?:charge|get|ask\s+for|earn)\s+(?:a\s+lot\s+|quite\s+a\s+bit\s+|much\s+|a\s+bit\s+)?more\s+than\s+(?:this|that)\b/i,
];

/** A "but" that asks for nothing now: a wish for next time or a paperwork step. */
export const SOFT_BUT =
  /^but\b[^.!?\n]*?\b(?:next\s+time|in\s+the\s+future|future\s+(?:deals?|campaigns?|projects?)|(?:review|look\s+over|read|check|sign)\s+(?:the\s+|your\s+)?(?:contract|agreement|paperwork)|before\s+(?:i|we)\s+sign)/i;

/**
 * The creator hands the conversation to someone who represents them ("looping in my manager",
 * "please work with my agent"): no answer to our offer, nothing to escalate; we answer both.
 */
export const HANDOFF = [
  /\b(?:loop(?:ing|ed)?|cc'?(?:ing|ed|'d)?|copy(?:ing)?|copied|add(?:ing|ed)?|includ(?:ing|ed)|introduc(?:ing|ed)|bring(?:ing)?|brought)\s+(?:in\s+)?(?:my|our)\s+(?:talent\s+)?(?:manager|agent|agency|management|team|rep(?:resentative)?)\b/i,
  /\b(?:my|our)\s+(?:talent\s+)?(?:manager|agent|agency|management|rep(?:resentative)?)\s+(?:\w+\s+)?(?:will|can|is\s+going\s+to|'ll)\s+(?:take\s+(?:it|this|over)|handle|follow\s+up|reach\s+out|get\s+back|be\s+in\s+touch|take\s+it\s+from\s+here)\b/i,
  /\b(?:work|speak|deal|liaise|coordinate)\s+(?:directly\s+)?with\s+(?:(?:my|our)\s+(?:talent\s+)?(?:manager|agent|agency|team|rep)\b|(?:her|him)\s+(?:on|about|from\s+here|directly|going\s+forward)\b)/i,
];

export const USAGE_RIGHTS =
  /\b(?:usage(?:\s+rights)?|whitelist(?:ing)?|allowlist(?:ing)?|paid\s+usage|(?:un)?licens(?:e|ed|ing)|in\s+perpetuity|repurpos\w*)\b/i;
export const EXCLUSIVITY = /\bexclusiv\w*\b/i;

/** A bare number after a comparison ("not below 2500") is probably a rate the money parser won't claim. */
export const BARE_LIMIT =
  /\b(?:below|less\s+than|lower\s+than|at\s+least|minimum(?:\s+of)?|under|above|more\s+than)\s+\d[\d,.]*k?\b(?!\s*(?:views?|followers?|subs|subscribers?|impressions?|likes?|days?|weeks?|months?|%))/i;

export const DELIVERABLE_NOUNS =
  "reels?|posts?|stor(?:y|ies)|videos?|tiktoks?|shorts?|integrations?|carousels?|mentions?|deliverables?|photos?|lives?|streams?|dedicated|package|bundle";
export const DELIVERABLE_WORDS = new RegExp(`\\b(?:${DELIVERABLE_NOUNS})\\b`, "i");

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
/** Where a clause starts: punctuation, or a conjunction that begins a new clause. */
const CLAUSE_BREAK = /.*(?:[.,!?;:\n]|\b(?:and|but|so|because|though|although|while)\b)/s;

/** The clause before `index` is negated ("doesn't sound good"). */
function negatedAt(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 120), index);
  return NEGATION.test(before.replace(CLAUSE_BREAK, ""));
}

/** First pattern that matches outside a negated clause ("doesn't sound good"). */
export function findPhrase(patterns: readonly RegExp[], text: string): string | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match && !negatedAt(text, match.index)) return match[0].trim();
  }
  return null;
}

/** An objection in the text, ignoring a "but" that asks for nothing now. */
export function hasObjection(text: string): boolean {
  const pattern = new RegExp(OBJECTION.source, "gi");
  for (const match of text.matchAll(pattern)) {
    if (SOFT_BUT.test(text.slice(match.index))) continue;
    const sentenceStart = Math.max(
      ...[".", "!", "?", "\n"].map((c) => text.lastIndexOf(c, match.index - 1)),
    );
    // "I'm traveling until the 14th, but $1,500 works": the "but" turns from the absence, not the offer.
    if (/^but$/i.test(match[0]) && AWAY.test(text.slice(sentenceStart + 1, match.index))) continue;
    return true;
  }
  return false;
}

/** A number that could be a price: three digits or more, or thousands with separators. */
const PRICE_LIKE = /(?<![\d.,$])(\d{1,3}(?:,\d{3})+|\d{3,})(?:\.\d{1,2})?(?![\d,]|\.\d)/g;
/** What a number counts when it is not money. */
const COUNTS_AFTER =
  /^\s*(?:%|k\b|followers?|views?|subs|subscribers?|likes?|plays?|impressions?|fans|days?|weeks?|months?|hours?|minutes?|seconds?|am\b|pm\b|words?|characters?)/i;

/**
 * A price-like number, not our offer, in the sentence that accepts: "1450 sounds good" may be
 * an ask the money parser did not claim, so the reply is not read as accepting ours.
 */
export function unreadNumberNear(
  text: string,
  phrase: string,
  ourOfferCents: number | null,
): boolean {
  const sentence = sentences(text).find((s) => s.includes(phrase)) ?? text;
  for (const match of sentence.matchAll(PRICE_LIKE)) {
    const digits = match[1] ?? "";
    const value = Number(digits.replaceAll(",", ""));
    const after = sentence.slice((match.index ?? 0) + match[0].length);
    if (COUNTS_AFTER.test(after)) continue;
    if (/^(?:19|20)\d\d$/.test(digits)) continue;
    if (ourOfferCents !== null && value * 100 === ourOfferCents) continue;
    return true;
  }
  return false;
}

/** A note that they are away, before a "but" that answers us anyway. */
const AWAY =
  /\b(?:travell?ing|away|on\s+the\s+road|abroad|out\s+of\s+(?:the\s+)?office|ooo|on\s+(?:vacation|holiday|leave|a\s+(?:shoot|trip)))\b[^.!?\n]*$/i;
