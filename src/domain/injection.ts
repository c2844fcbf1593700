/**
 * Instruction-like text in an untrusted email (prompt injection), found by code so it never
 * depends on a model noticing it. Both readers use it: a reply that addresses the agent, fakes a
 * system or assistant turn, claims new limits or approvals, or asks to change recipients goes to a
 * person. Look-alike letters, full-width forms, zero-width characters and base64 are undone first.
 */

/** Cyrillic and Greek letters that look like Latin ones, and the Latin letter each imitates. */
const LOOK_ALIKES = "авекмнорстухіїјѕԁһӏԛԝɡАВЕКМНОРСТХІЈЅαεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ";
const LATIN = "abekmhopctyxiijsdhlqwgABEKMHOPCTXIJSaeikvoptuxABEZHIKMNOPTYX";
const CONFUSABLE = new RegExp(`[${LOOK_ALIKES}]`, "g");
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/** What makes a request about our email's content suspicious: money, payment routes, links. */
const PAYMENT_MARKER =
  "(?:[$€£¥]|\\d|\\b(?:iban|swift|account|wallet|bank|wire|bonus|fee|rate|amount|payment|pay|invoice|crypto|bitcoin|usdt|link|url|portal|code)\\b|\\w+\\.(?:com|net|org|io|co|me|app|xyz|link)\\b)";

const ROLE = "(?:ai|a\\.i\\.|assistant|llm|language\\s+model|bot|chatbot|gpt|claude|model|agent)";

/** Each pattern with what it means, for the concern a person reads. */
const PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  [
    "tells the agent to ignore its rules",
    /\b(?:ignore|disregard|forget|override|bypass)\s+(?:(?:all|any|of|your|the|my|these|those|previous|prior|above|earlier|existing|pricing|negotiation|system)\s+)*(?:instructions?|prompts?|rules|guidelines|directives|polic(?:y|ies)|limits?|ceiling|budget|constraints|programming)\b/i,
  ],
  [
    "addresses the agent as a model",
    /\b(?:system\s+prompt|you\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|language\s+model|llm|bot|chatbot)|you\s+are\s+now\b|act\s+as\s+(?:an?\s+|the\s+)?(?:ai|assistant|negotiator|bot)|pretend\s+(?:to\s+be|you\s+are)|stay\s+in\s+character|jailbreak|developer\s+mode|prompt\s+injection)\b/i,
  ],
  [
    "a note to the model",
    new RegExp(
      `\\b(?:note|message|instructions?|attention|ps|p\\.s\\.)\\s+(?:to|for)\\s+(?:the\\s+|any\\s+)?${ROLE}\\b|(?:^|[\\n(.!?]\\s*|<!--\\s*)(?:ai\\s+)?(?:ai|assistant|llm|chatbot|claude|gpt)(?:\\s+agent)?\\s*[:,]`,
      "im",
    ),
  ],
  [
    "a fake conversation turn",
    /(?:^|\n)\s*(?:system|assistant|human|user|developer)\s*:|\[\/?INST\]|<<\/?SYS>>|<\|(?:im_start|im_end|system|user|assistant)\|>|#{2,}\s*(?:system|instructions?)\b/i,
  ],
  [
    "markup aimed at the model",
    /<\s*\/?\s*(?:system|assistant|user|human|instructions?|prompt|creator_email|creator_message|subject|tool|function|admin)\b[^>]*>/i,
  ],
  [
    "a fake system or staff block",
    /\[\s*(?:system|admin(?:istrator)?|assistant|developer|internal|automated|operator|moderator|ai)\b[^\]\n]{0,40}\]|\{\s*(?:system|admin)\b[^}\n]{0,40}\}/i,
  ],
  [
    "a note to whoever writes our emails",
    /\b(?:for|to|attention)\s+(?:whoever|whomever|the\s+(?:person|team|tool|system|software|assistant|ai|colleague))\s+(?:who\s+(?:is\s+)?)?(?:draft|writ|compos|handl|prepar|generat|send|read|process)\w*\s+(?:your|the|these|those|this|our)\s+(?:emails?|repl(?:y|ies)|responses?|messages?|mails?|confirmations?)\b/i,
  ],
  [
    "dictates what our email must say",
    /\b(?:requires?|needs?|must|has\s+to|have\s+to|insists?\s+(?:that|on))\s+(?:that\s+)?(?:the|your|any|each|every|this|our)\s+(?:written\s+)?(?:confirmation|reply|response|email|message)\s+(?:to\s+|must\s+|should\s+|will\s+)?(?:state|say|include|mention|read|contain|confirm|list|specify|show|carry|quote)\b/i,
  ],
  [
    "asks for money or payment details in our email",
    new RegExp(
      `\\b(?:state|include|write|mention|put|add|specify|quote|say|confirm)\\b[^.!?\\n]{0,80}?${PAYMENT_MARKER}[^.!?\\n]{0,60}?\\b(?:in|on|within)\\s+(?:your|the|our)\\s+(?:next\\s+)?(?:reply|response|email|confirmation|message)\\b|\\b(?:in|on)\\s+your\\s+(?:next\\s+)?(?:reply|response|confirmation|email)\\s*,?\\s*(?:please\\s+)?(?:state|include|write|mention|confirm|say|add|quote|specify)\\b[^.!?\\n]{0,80}?${PAYMENT_MARKER}`,
      "i",
    ),
  ],
  ["a hidden HTML comment", /<!--/],
  [
    "hidden-text styling",
    /\b(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|opacity\s*:\s*0)\b/i,
  ],
  [
    "claims new policy or limits",
    /\b(?:new|updated|revised)\s+(?:policy|policies|instructions?|rules?|directives?|guidelines)\s*[:\-—]|\b(?:max(?:imum)?\s+budget|budget|ceiling|(?:approval|spending)\s+limit|autonomy|policy|instructions)\b[^.!?\n]{0,40}?\b(?:is\s+now|are\s+now|(?:is|are|has\s+been|have\s+been|was|were)\s+(?:now\s+)?(?:raised|increased|lifted|removed|changed|updated|doubled|set\s+to|unlimited|waived|disabled|overridden))\b/i,
  ],
  [
    "claims an approval on the brand's behalf",
    /\b(?:brand|marketing|partnerships?|finance|legal|management|your)\s+team\b[^.!?\n]{0,60}?\b(?:approved|authori[sz]ed|signed\s+off|greenlit|green-lit|okayed|ok'd|confirmed|agreed)\b|\b(?:approved|authori[sz]ed|signed\s+off|greenlit)\s+by\s+(?:the\s+|your\s+)?(?:brand|marketing|partnerships?|finance|legal|ceo|management|team)\b/i,
  ],
  ["claims an approval on the brand's behalf", /(?:^|\n)\s*>?\s*APPROVED\b/],
  [
    "tells the agent not to involve a person",
    /\b(?:do\s+not|don't|never|without)\s+(?:escalat\w*|flag\w*|involv\w*\s+a\s+(?:human|person)|(?:any\s+|further\s+)?review)\b/i,
  ],
  [
    "asks to change recipients or payment details",
    /\b(?:cc|bcc|c\.c\.|copy|loop\s+in|forward|send|add|include|reply\s+to|write\s+to|wire|transfer|pay|invoice)\b[^\n]{0,80}?[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:change|update|switch)\s+(?:the\s+|my\s+|your\s+)?(?:recipients?|email\s+address|contact\s+(?:email|address)|payment\s+details|bank\s+details)\b/i,
  ],
  [
    "asks for other creators' rates or internal data",
    /\b(?:reveal|disclose|list|share|tell\s+me|show\s+me|print|output|repeat|send\s+me)\b[^.!?\n]{0,60}?\b(?:other\s+(?:creators|influencers)|everyone\s+else|system\s+prompt|(?:your|the)\s+(?:instructions|prompt|ceiling|campaign\s+budget|max(?:imum)?\s+budget)|internal\s+(?:notes|data|budget))\b/i,
  ],
  [
    "dictates how the reply is recorded",
    /\b(?:mark|record|classify|log|flag|tag|label|treat)\s+(?:this|it|the\s+\w+|my\s+\w+)\s+(?:\w+\s+)?as\s+(?:accept|agreed|approved|closed|signed|opt|counter|a\s+yes)|\b(?:respond|reply|answer|output)\s+(?:only\s+)?with\b[^.!?\n]{0,20}[{"]|\b(?:record_reading|write_email|tool_use|tool\s+call|function\s+call)\b|"intent"\s*:/i,
  ],
  [
    "instructions in another language",
    /\bignor(?:a|ar|e|ez|er|iere|ieren|iert)\s+(?:\S+\s+){0,4}?(?:instrucciones|instructions|instruções|instrucoes|istruzioni|anweisungen|regeln|règles|reglas|consignes|regole)|игнорир\S*\s+(?:\S+\s+){0,3}?(?:инструкци|правил)|忽略.{0,12}(?:指令|指示|说明|规则|提示)|(?:指示|命令|ルール).{0,12}無視/i,
  ],
];

const BASE64 = /(?<![\w/+=.:-])[A-Za-z0-9+/]{24,}={0,2}(?![\w/+=])/g;

/** The text as the model would read it: look-alikes, full-width forms and invisibles undone. */
/**
 * Blank lines and runs of spaces squeezed, line by line (linear): several patterns allow
 * whitespace before a keyword, and on thousands of blank lines their backtracking is quadratic.
 */
const squeezed = (text: string): string =>
  text
    .split("\n")
    .map((line) => line.replace(/[^\S\n]+/g, " ").trim())
    .filter((line) => line !== "")
    .join("\n");

function variants(text: string): string[] {
  const nfkc = squeezed(text.normalize("NFKC").replace(INVISIBLE, ""));
  const latin = nfkc.replace(CONFUSABLE, (ch) => LATIN[LOOK_ALIKES.indexOf(ch)] ?? ch);
  return latin === nfkc ? [nfkc] : [nfkc, latin];
}

function match(text: string): string | null {
  for (const variant of variants(text)) {
    for (const [meaning, pattern] of PATTERNS) {
      const found = pattern.exec(variant);
      if (found) return `${meaning}: "${found[0].replace(/\s+/g, " ").trim().slice(0, 80)}"`;
    }
  }
  return null;
}

/** Long base64 runs that decode to readable text, decoded. */
function decodedRuns(text: string): string[] {
  const out: string[] = [];
  for (const [run] of text.matchAll(BASE64)) {
    if (!/[0-9+/=]/.test(run) || !/[a-z]/.test(run) || !/[A-Z]/.test(run)) continue;
    try {
      const decoded = atob(run.padEnd(Math.ceil(run.length / 4) * 4, "="));
      const printable = decoded.replace(/[^\x20-\x7E\n]/g, "").length;
      if (printable >= decoded.length * 0.9) out.push(decoded);
    } catch {
      // Not base64 after all.
    }
  }
  return out;
}

/**
 * What in `text` reads as instructions to the agent, with the words that show it; null when
 * nothing does. A finding never decides anything: the reply goes to a person.
 */
export function findInjection(text: string): string | null {
  const direct = match(text);
  if (direct) return direct;
  const decoded = decodedRuns(text);
  for (const run of decoded) {
    const inside = match(run);
    if (inside) return `encoded instructions (base64), ${inside}`;
  }
  if (decoded.length > 0 && /\b(?:decode|base64|b64)\b/i.test(text))
    return "asks for encoded text (base64) to be decoded";
  return null;
}
