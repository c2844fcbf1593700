/**
 * The deliverables a reply proposes: the scope named after their amount ("$2,300 for just the
 * Reel"), a reduced scope ("only the Reel"), or what they offer in place of ours ("3 TikToks
 * instead of the Reel", "instead of the posts, I could host …", "I'd rather do …: 2 Reels a month").
 */
import type { MoneyMention } from "../../domain/money";
import { DELIVERABLE_NOUNS, DELIVERABLE_WORDS, sentences } from "./reply-lexicon";

const ONLY_DELIVERABLE =
  /\b(?:just|only)\s+(?:the\s+|a\s+|one\s+|two\s+|three\s+|\d\s+)?(?:(?:ig|instagram|tiktok|youtube|yt)\s+)?(?:reels?|posts?|stor(?:y|ies)|videos?|tiktoks?|shorts?|integrations?|carousels?)\b/i;
const AFTER_AMOUNT_SCOPE =
  /^\s*(?:for|to\s+cover|covering|including|includes)\s+([^.!?\n;,]{1,60})/i;

const OFFER_VERB = "(?:do|offer|make|post|create|film|shoot|deliver|host|provide|give\\s+you|send)";
/** "Instead of the Reel, could I do two TikToks for the same fee?" */
const AFTER_INSTEAD_OF = new RegExp(
  `\\binstead\\s+of\\s+[^,.!?\\n]{1,40},\\s*(?:(?:could|can|would|may)\\s+(?:i|we)\\s+|(?:i|we)(?:'d|\\s+could|\\s+can|\\s+would)?\\s+)(?:\\w+\\s+)?${OFFER_VERB}\\s+([^.!?\\n;]{2,80}?)(?=\\s+for\\s+(?:the\\s+same|a|an|\\$)|[.!?\\n;]|$)`,
  "i",
);
/** A counted deliverable, with its rhythm: "2 Reels a month", "three TikToks". */
const COUNTED = new RegExp(
  `\\b(?:\\d+|one|two|three|four|five|six|a|an)\\s+(?:[\\w-]+\\s+)?(?:${DELIVERABLE_NOUNS})(?:\\s+(?:a|per|each|every)\\s+(?:week|month))?\\b`,
  "i",
);

const SWAP_WORDS = /\b(?:instead|rather)\b/i;
const PROPOSAL_WORDS =
  /\b(?:[\w-]+\s+)?(?:events?|appearances?|ambassador\w*|demos?|podcasts?|workshops?)\b/i;

/**
 * What they offer in place of ours: the last counted deliverable before "instead" ("could we do
 * 3 TikToks instead", "would a carousel work instead"), else what follows "instead of X,", else
 * a counted deliverable in a sentence saying "rather".
 */
function swapped(text: string): string | null {
  for (const sentence of sentences(text)) {
    if (!SWAP_WORDS.test(sentence)) continue;
    const at = sentence.search(/\binstead\b/i);
    const head = at > 0 ? sentence.slice(0, at) : "";
    const before = [...head.matchAll(new RegExp(COUNTED.source, "gi"))].pop()?.[0];
    if (before) return before.trim();
    const found = AFTER_INSTEAD_OF.exec(sentence)?.[1];
    if (found && (DELIVERABLE_WORDS.test(found) || PROPOSAL_WORDS.test(found))) {
      return found.trim();
    }
    const counted = /\brather\b/i.test(sentence) ? COUNTED.exec(sentence)?.[0] : undefined;
    if (counted) return counted.trim();
  }
  return null;
}

export function proposedDeliverables(text: string, mention: MoneyMention | null): string | null {
  if (mention !== null && mention.raw !== "") {
    const after = text.slice(mention.index + mention.raw.length);
    const scope = AFTER_AMOUNT_SCOPE.exec(after)?.[1]?.trim();
    if (scope && (DELIVERABLE_WORDS.test(scope) || /^(?:just|only)\b/i.test(scope))) return scope;
  }
  return ONLY_DELIVERABLE.exec(text)?.[0] ?? swapped(text);
}
