/**
 * Phrase lists for replies that are not negotiation: opt-outs, absences, robots and bounces.
 * Every pattern is case-insensitive and word-bounded.
 */

const PERSON = "(?:me|us|him|her|them|my\\s+(?:e-?mail|address|name|client)|[\\w.'-]+)";
const LIST = "(?:list|lists|roster|database|contacts|outreach|emails?|mailing)";

export const OPT_OUT = [
  /\bunsubscribe\b/i,
  /\bstop\s+(?:emailing|contacting|messaging|writing\s+to|spamming|sending\s+(?:me|us))\b/i,
  /\bopt(?:\s+(?:me|us))?[\s-]out\b/i,
  /\bremove\s+me\b/i,
  /\b(?:do\s+not|don't|never)\s+(?:contact|e-?mail|message|write\s+to|reach\s+out\s+to)\s+(?:me|us|him|her|them|this\s+(?:address|e-?mail|inbox|account))\b/i,
  /\b(?:do\s+not|don't|never)\s+reach\s+out\s+(?:again|anymore|any\s+more)\b/i,
  /\btake\s+me\s+off\b/i,
  new RegExp(
    `\\btake\\s+${PERSON}\\s+off\\s+(?:of\\s+)?(?:your|the|this|all)\\s+(?:\\w+\\s+)?${LIST}`,
    "i",
  ),
  new RegExp(
    `\\bremove\\s+${PERSON}\\s+from\\s+(?:your|the|this|all)\\s+(?:\\w+\\s+)?${LIST}`,
    "i",
  ),
  /\b(?:appreciate|prefer|rather)\s+not\s+(?:being|to\s+be)\s+(?:contacted|e-?mailed|messaged)\b/i,
  /\bno\s+(?:more|further)\s+(?:e-?mails|messages|contact|outreach)\b/i,
];

export const OUT_OF_OFFICE = [
  /\bout\s+of\s+(?:the\s+)?office\b/i,
  /\bOOO\b/,
  /\bon\s+(?:vacation|holiday|annual\s+leave|parental\s+leave|maternity\s+leave|paternity\s+leave|sick\s+leave|leave|sabbatical)\b/i,
  /\baway\s+(?:until|till|from\s+my\s+desk|from\s+the\s+office)\b/i,
  /\blimited\s+access\s+to\s+(?:my\s+)?e-?mail\b/i,
  /\b(?:out|off|home)\s+sick\b|\bsick\s+(?:today|this\s+week)\b/i,
  /\bcurrently\s+(?:away|travell?ing|offline)\b/i,
  /\b(?:spotty|limited|patchy|no|little)\s+(?:wi-?fi|internet|reception|signal|connectivity|e-?mail\s+access)\b/i,
  /\b(?:not|won't\s+be|will\s+not\s+be)\s+(?:checking|reading|answering)\s+(?:my\s+)?e-?mails?\b/i,
  // The other languages whose mail Parley reads (de, es, fr, it, nl, pt).
  /\bnicht\s+im\s+b(?:ü|ue)ro\b|\babwesen(?:d|heit)|\bim\s+urlaub\b|\bau(?:ß|ss)er\s+haus\b/i,
  /\bfuera\s+de\s+la\s+oficina\b|\bde\s+vacaciones\b/i,
  /\babsente?\s+du\s+bureau\b|\bhors\s+du\s+bureau\b|\ben\s+(?:cong[ée]s?|vacances)(?![a-z])/i,
  /\bfuori\s+(?:ufficio|sede)\b|\bin\s+ferie\b/i,
  /\bafwezig\b|\bmet\s+vakantie\b|\bniet\s+op\s+kantoor\b/i,
  /\bfora\s+do\s+escrit[óo]rio\b|\bde\s+f[ée]rias\b/i,
];

/**
 * An absence that a return date follows: "I'm traveling until 12/14", "on a shoot through the
 * 3rd", "back on the 14th", "returning Monday". Checked against a parsed date after the match.
 */
export const AWAY_UNTIL = [
  /\b(?:travell?ing|on\s+the\s+road|abroad|away|out|off(?:line)?|on\s+(?:a\s+)?(?:shoot|trip|tour|set|retreat|leave|break))\b[^.!?\n]{0,40}?\b(?:until|till|til|through|thru)\b/i,
  /\b(?:back|returning|return)\s+(?:in\s+the\s+office\s+|at\s+(?:my\s+)?desk\s+|home\s+)?(?:on\s+)?(?=the\s+\d|\d|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|tomorrow\b)/i,
  // "on set this week and will reply on Monday": away, then when they answer
  /\b(?:travell?ing|on\s+the\s+road|abroad|away|out|off(?:line)?|on\s+(?:a\s+)?(?:shoot|trip|tour|set|retreat|leave|break))\b[^.!?\n]{0,60}?\b(?:reply|respond|answer|get\s+back\s+to\s+you)\s+(?:on|by|from)\s+/i,
];

/** Questions an away note asks that are about reaching someone else, not about our offer. */
export const REDIRECT =
  /\b(?:contact|reach|e-?mail|call|urgent|forward|cc|colleague|assistant|manager|agent)\b/i;

export const AUTO_REPLY = [
  /\bthis\s+is\s+an?\s+auto(?:mated|matic)\s+(?:response|reply|message)\b/i,
  /\bauto(?:matic)?[\s-]?reply\b/i,
  /\bautoreply\b/i,
  /\b(?:mailbox|inbox|e-?mail\s+address|address)\s+is\s+(?:not|no\s+longer)\s+(?:being\s+)?monitored\b/i,
  /\bplease\s+do\s+not\s+reply\s+to\s+this\s+(?:e-?mail|message)\b/i,
  /\b(?:respuesta|r[ée]ponse|resposta|risposta)\s+autom[áa]tica?\b|\bautomatische\s+antwort\b|\bautomatisch\s+antwoord\b/i,
];

export const BOUNCE = [
  /\bdelivery\s+status\s+notification\b/i,
  /\bundeliver(?:able|ed\s+mail)\b/i,
  /\bmail\s+delivery\s+(?:failed|subsystem|failure|software)\b/i,
  /\b(?:message|delivery)\s+(?:has\s+)?failed\b/i,
  /\baddress\s+not\s+found\b/i,
  /\breturned\s+mail\b|\bmail\s+returned\s+to\s+sender\b/i,
  /\bfailure\s+notice\b/i,
  /\b(?:message|mail|e-?mail)\b[^.\n]{0,40}?\b(?:could\s+not|couldn't|cannot|can't|was\s+not|wasn't|not)\s+(?:be\s+)?delivered\b/i,
  /\bthe\s+mail\s+system\s+at\s+host\b/i,
  /\b[45]\d\d[\s-][45]\.\d{1,3}\.\d{1,3}\b/,
];
