/**
 * Word lists and phrase patterns for the prose guard (prose-guard.ts). Everything here is matched
 * against scan text: folded (NFKC, digits to ASCII, look-alikes to Latin), accents stripped
 * ("dólares" → "dolares", "fünf" → "funf", "ß" → "ss"), lower case, apostrophes as "'", and every
 * slot token replaced by SLOT_MARK. Lists hold single words; anything that needs a neighbour to
 * mean money, a date or a commitment is a phrase pattern instead.
 */

import { SLOT_MARK } from "./prose-fold";

const words = (list: string): readonly string[] => list.trim().split(/\s+/);
const wordSet = (list: string): ReadonlySet<string> => new Set(words(list));

// ---------------------------------------------------------------------------------------------
// Numbers. Deliberately absent: English "once", "none" (not numbers); Spanish/French/Portuguese
// articles "un", "une", "um", "uma", German "ein"; Italian "due" (English "due"); French "seize"
// and "tiers" (English verbs and "pricing tiers"); German "null" and French "quart" (rare, and
// English words); "first" and "second" in every language.

/** English cardinals, scales, multipliers, fractions and ordinals from "third" up ("one" has its own rule). */
const ENGLISH_NUMBERS = words(`
  zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
  sixteen seventeen eighteen nineteen twenty thirty forty fourty fifty sixty seventy eighty ninety
  hundred hundreds thousand thousands million millions billion billions trillion trillions
  hundo zillion zillions gazillion bazillion bajillion jillion umpteen tens dozen dozens
  half halves halved double doubled doubles doubling triple tripled tripling quadruple
  quadrupled quintuple twice thrice quarter quarters twofold threefold tenfold fiver tenner mil
  third thirds fourth fourths fifth fifths sixth seventh eighth ninth tenth eleventh twelfth
  thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
  thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth thousandth
  millionth billionth`);

const SPANISH_NUMBERS = words(`
  cero uno tres cuatro cinco seis siete ocho nueve diez doce trece catorce quince veinte
  treinta cuarenta cincuenta sesenta setenta ochenta noventa cien ciento quinientos millon
  millones billon billones tercero tercera tercer cuarto cuarta quinto quinta sexto sexta septimo
  septima octavo octava noveno novena decimo decima doble mitad`);

const FRENCH_NUMBERS = words(`
  deux trois quatre cinq sept huit neuf dix onze douze treize quatorze quinze vingt vingts
  trente quarante cinquante soixante septante huitante octante nonante cent mille million
  millions milliard milliards moitie`);

const GERMAN_NUMBERS = words(`
  eins zwei drei vier funf fuenf sechs sieben acht neun zehn elf zwolf zwoelf zwanzig dreissig
  vierzig funfzig sechzig siebzig achtzig neunzig hundert tausend millionen milliarde milliarden
  dritte dritter drittel vierte funfte sechste siebte achte neunte zehnte halfte doppelt`);

const PORTUGUESE_NUMBERS = words(`
  dois duas quatro sete oito nove dez doze treze catorze quatorze dezesseis dezasseis dezessete
  dezassete dezoito dezenove dezanove vinte trinta quarenta cinquenta sessenta oitenta cem cento
  duzentos duzentas trezentos trezentas quatrocentos quinhentos seiscentos setecentos oitocentos
  novecentos milhao milhoes bilhao bilhoes terceiro terceira quarto quarta setimo setima oitavo
  oitava nono nona metade dobro`);

const ITALIAN_NUMBERS = words(`
  tre quattro cinque sei sette otto dieci undici dodici tredici quattordici quindici sedici
  diciassette diciotto diciannove venti trenta quaranta cinquanta sessanta settanta ottanta
  novanta mila milione milioni miliardo miliardi terzo terza sesto sesta settimo settima ottavo
  ottava doppio`);

export const NUMBER_WORDS: ReadonlySet<string> = new Set([
  ...ENGLISH_NUMBERS,
  ...SPANISH_NUMBERS,
  ...FRENCH_NUMBERS,
  ...GERMAN_NUMBERS,
  ...PORTUGUESE_NUMBERS,
  ...ITALIAN_NUMBERS,
]);

const EN_UNIT = "one|two|three|four|five|six|seven|eight|nine";
const EN_STEM = `two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|twenty|thirty|fou?rty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion`;

/**
 * Number words glued together or to a suffix ("twentyfive", "fiftyk", "fiftyish"), German
 * compounds ("fünfundzwanzig", "siebzehn"), Spanish "veinti…", "…cientos", "dieci…", Italian
 * "…cento", "…mila", "ventuno", and French ordinals in "-ième" above "deuxième". Every branch
 * starts with a literal or ends the word, so a plain word fails at its first letters.
 */
const NUMBER_COMPOUND = new RegExp(
  [
    `^(?:${EN_STEM})(?:${EN_UNIT}|${EN_STEM}|k|ish|s|th|ths|fold)+$`,
    "(?:^|und)(?:zwan|drei|vier|funf|fuenf|sech|sieb|acht|neun)(?:zig|ssig)(?:ste[nrms]?)?$",
    "^(?:drei|vier|funf|fuenf|sech|sieb|acht|neun)zehn(?:te[nrms]?)?$",
    "^(?:zwei|drei|vier|funf|sechs|sieb|acht|neun|zehn)te[nrms]$",
    "^veinti\\w+$",
    "^dieci\\w+$",
    "(?:cien|cen|zen)t[oa]s$",
    "^(?:due|tre|quattro|cinque|sei|sette|otto|nove|dieci|venti|trenta|quaranta|cinquanta|sessanta|settanta|ottanta|novanta|cento)\\w*(?:cento|mila)\\w*$",
    "^(?:vent|trent|quarant|cinquant|sessant|settant|ottant|novant)(?:a|i)?(?:uno|due|tre|quattro|cinque|sei|sette|otto|nove)$",
    "^(?:trois|quatr|cinqu|six|sept|huit|neuv|dix|onz|douz|treiz|quatorz|quinz|seiz|vingt|trent|quarant|cinquant|soixant|cent|mill)iemes?$",
  ].join("|"),
);

/** A single word that is a number glued from parts; German "…hundert…" and "…tausend…" anywhere in it. */
export const isNumberCompound = (word: string): boolean =>
  word.length >= 4 &&
  (word.includes("hundert") || word.includes("tausend") || NUMBER_COMPOUND.test(word));

/** Words that scale a number word or a slot before them: "fifty k", "{{OFFER}} grand", "ten mil". */
export const NUMBER_SUFFIXES: ReadonlySet<string> = new Set(words("k m mm bn grand thou large"));

/** Vague quantities that make "grand" money: "a grand", "a couple grand", "a few grand". */
export const GRAND_QUANTIFIERS: ReadonlySet<string> = new Set(
  words("a one couple coupla few several"),
);

/** Words before "one" that make it a pronoun, not a count: "no one", "the one", "a great one". */
export const ONE_PRONOUN_BEFORE: ReadonlySet<string> = new Set(
  words(`no the this that any each every which some only right perfect great good fun big
    exciting special loved little other latest new same favorite favourite lucky such`),
);

/** Words after "one" that make it a pronoun or idiom: "one of", "one another", "one last". */
export const ONE_PRONOUN_AFTER: ReadonlySet<string> = new Set(
  words("of another last thing quick question"),
);

/** Number words that are ordinary English in company: "double-check", "third party". */
export const NUMBER_IDIOM_NEXT: Readonly<Record<string, ReadonlySet<string>>> = {
  double: new Set(["check", "checked", "checking", "checks"]),
  triple: new Set(["check", "checked", "checking", "checks"]),
  third: new Set(["party", "parties"]),
};

/** Commitment words that are something else next to these words: "media kit", "rest assured". */
export const TERM_IDIOM_PREV: Readonly<Record<string, ReadonlySet<string>>> = {
  kit: new Set(["media", "press"]),
  assured: new Set(["rest"]),
};

// ---------------------------------------------------------------------------------------------
// Money, percentages and dates

/** Currency names in the six languages and crypto coins. Not "real", "sol", "won", "mark". */
export const CURRENCY_WORDS = wordSet(`
  dollar dollars bucks cent cents centavo centavos centimo centimos centime centimes centesimo
  centesimi penny pennies pence euro euros pound pounds sterling quid yen yuan renminbi rupee
  rupees rupia peso pesos franc francs franken franchi krona krone kronor kroner zloty zlotys
  zlote zlotych rand rands ruble rubles rouble roubles rublo rublos lira lire dirham dirhams
  dinar dinars riyal riyals rial rials shekel shekels forint koruna baht ringgit rupiah naira
  dolar dolares dollari libra libras livre livres sterline sterlina pfund reais bitcoin bitcoins
  satoshi satoshis sats ether litecoin dogecoin tether solana monero usd eur gbp btc eth usdt
  usdc`);

/** ISO 4217 codes and coin tickers, matched in upper case only ("TRY", "SOL" are words in lower case). */
export const CURRENCY_CODES = wordSet(`
  USD EUR GBP CAD AUD NZD JPY CNY RMB INR CHF SEK NOK DKK ISK MXN BRL ZAR SGD HKD KRW RUB TRY
  PLN AED SAR ILS THB IDR MYR PHP TWD CZK HUF ARS CLP COP PEN NGN EGP KES VND UAH BTC ETH USDT
  USDC BUSD XRP SOL DOGE BNB ADA LTC XMR TRX DAI`);

/** Percent in words, in the six languages. */
export const PERCENT_WORDS = wordSet(`
  percent percents percentage percentages percentile pct prozent prozentsatz percento
  porcentaje pourcentage porcentagem percentuale`);

/** Month names ("may" has its own rule) and unambiguous abbreviations, in the six languages. */
export const MONTH_WORDS = wordSet(`
  january february march april june july august september october november december feb apr
  jun jul aug sep sept oct nov dec enero febrero marzo abril mayo junio julio agosto septiembre
  setiembre octubre noviembre diciembre janvier fevrier mars avril mai juin juillet aout
  septembre octobre novembre decembre januar janner februar marz maerz juni juli oktober
  dezember janeiro fevereiro marco maio junho julho setembro outubro novembro dezembro gennaio
  febbraio aprile maggio giugno luglio settembre ottobre dicembre`);

/** Weekday names and deadline words in the six languages. */
export const DAY_WORDS = wordSet(`
  monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
  thursdays fridays saturdays sundays tues tue weds thur thurs thu fri lunes martes miercoles
  jueves viernes sabado domingo lundi mardi mercredi jeudi vendredi samedi dimanche montag
  dienstag mittwoch donnerstag freitag samstag sonnabend sonntag feira terca lunedi martedi
  mercoledi giovedi venerdi sabato domenica tomorrow tonight yesterday manana demain morgen
  ubermorgen amanha domani ayer hier gestern ontem ieri noon midday midnight fortnight eod eow
  eom eoy eoq cob`);

// ---------------------------------------------------------------------------------------------
// Payment details and commitments

/** Payment rails, methods and documents: the payment terms are a code-rendered slot. */
export const PAYMENT_WORDS = wordSet(`
  bank banks banking banker wire wired iban ibans routing paypal venmo zelle cashapp revolut
  stripe payoneer skrill alipay transferwise sepa crypto cryptocurrency cryptocurrencies
  ethereum wallet wallets stablecoin stablecoins invoice invoices invoiced invoicing billing
  remit remits remitted remittance payout payouts portal portals escrow cheque cheques deposit
  deposits deposited installment installments instalment instalments coupon coupons
  voucher vouchers discount discounts discounted cash giftcard bitcoin`);

/** Commitment words by the term that permits them (single words; phrases are below). */
export const TERM_WORDS = {
  usage_rights: words(`usage licence licences license licenses licensed licensing repurpose
    repurposed repurposes repurposing rights`),
  product: words(`gift gifts gifted gifting sample samples ship ships shipping
    shipped kit kits complimentary perk perks swag merch merchandise goodies freebie freebies`),
  syndication: words(`crosspost crossposts crossposting crossposted repost reposts reposting
    reposted reshare reshared resharing syndicate syndicated syndicating syndication`),
  cpm_target: words("cpm cpms"),
  exclusivity: words("exclusive exclusivity exclusively competitor competitors"),
} as const;

/** Commitments the engine never decides, whatever the campaign allows. */
export const NEVER_WORDS = wordSet(`
  bonus bonuses commission commissions royalty royalties retainer retainers incentive
  incentives kicker kickers affiliate affiliates topup monthly weekly yearly annual annually
  quarterly biweekly fortnightly recurring ongoing perpetual perpetually perpetuity forever
  permanent permanently indefinite indefinitely lifetime unlimited whitelisting whitelist
  whitelisted allowlist allowlisting ambassador ambassadors ambassadorship ownership buyout
  buyouts indemnify indemnification indemnity guarantee guarantees guaranteed guaranteeing
  assure assures assured assurance equity residuals reimburse reimbursed reimbursement
  reimbursements expenses`);

/** Words before "exclusive…" that make it commit to nothing: "non-exclusive", "not an exclusive". */
export const NEGATED_EXCLUSIVITY_BEFORE =
  /(?:\bnon[\s-]*|\bno\s+(?:need\s+for\s+|category\s+|kind\s+of\s+)?|\bnot\s+(?:an?\s+|be\s+)?|\bwithout\s+(?:any\s+)?|n't\s+(?:[a-z]+\s+){0,3}|\bnever\s+(?:[a-z]+\s+){0,2})$/;

/** Words after "exclusivity" that negate it: "exclusivity isn't required". */
export const NEGATED_EXCLUSIVITY_AFTER =
  /^\s+(?:is\s+not|isn't|won't\s+be|will\s+not\s+be|is\s+never)\s+(?:required|needed|included|expected|necessary|requested|part\b)/;

/** Contact channels outside this mailbox: "my gmail", "on WhatsApp". */
export const CONTACT_WORDS = wordSet(`
  gmail googlemail hotmail protonmail yahoo icloud whatsapp telegram wechat skype`);

// ---------------------------------------------------------------------------------------------
// Shapes, matched in the folded text with its case

/** What the words are, the pattern, and optionally a string the text must contain for the pattern to run at all. */
export type Phrase = readonly [reason: string, pattern: RegExp, needle?: string];

/** Account, card and wallet shapes: reported instead of the plain digits they contain. */
export const PAYMENT_DETAILS: readonly Phrase[] = [
  ["an IBAN", /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}\b/g],
  [
    "a crypto wallet address",
    /\b0x[0-9a-fA-F]{8,}|\b(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{8,87}\b/g,
  ],
  ["a crypto wallet address", /\b[13][1-9A-HJ-NP-Za-km-z]{24,38}\b/g],
  ["a sort code", /\b\d\d-\d\d-\d\d\b/g],
  ["an account, card or phone number", /\d(?:[ -]?\d){5,}/g],
];
/** Long base58 runs (Solana, Tron…): wallet-like only when they mix digits and letters. */
export const BASE58_RUN = /\b[1-9A-HJ-NP-Za-km-z]{32,44}\b/g;

/** Letters spelled out one by one ("f i f t y", "b-o-n-u-s"), four or more of them. */
export const SPACED_LETTERS = /\b(?:[a-z][ .\-_*]{1,2}){3,}[a-z]\b/g;

// ---------------------------------------------------------------------------------------------
// Phrases: [what the words are, pattern]. Patterns carry the g flag for matchAll.

/** Top-level domains an obfuscated link ends with ("pay portal dot net"). */
const TLD = `com|net|org|io|co|me|app|link|xyz|info|biz|us|uk|de|fr|es|it|nl|eu|ca|au|in|ai|gg|tv|ly|to|cc|site|online|store|shop|page|dev|ru|cn|jp|br|mx|pt|ch|at|be|se|dk|pl|cz|tk|top|club|live|pro|mobi|email|money|pay|cash|bank|finance|sh|ws|la|fm|ac|eth`;

/** Phrases matched in lower case, by failure code. */
export const PHRASES = {
  number_word: [["a number in words", /\bdos\b(?!\s+and\s+don'?ts\b)/g, "dos"]],
  currency: [["a currency symbol", /\p{Sc}/gu]],
  percentage: [
    ["a percent sign", /[%‰‱٪]/g],
    ["a percentage", /\b(?:per|por|pour)\s+(?:cent|ciento|cento)\b/g],
  ],
  date: [
    [
      "a deadline",
      /\b(?:end(?<!\bat\s+the\s+end)|close)\s+of\s+(?:the\s+|this\s+|next\s+)?(?:business\s+)?(?:day|week|month|quarter|year|business)\b/g,
    ],
    [
      "a deadline",
      /\b(?:by|before|until|till|no\s+later\s+than|not\s+later\s+than)\s+next\s+(?!time\b)[a-z]+/g,
      "next",
    ],
    [
      "a deadline",
      /\bwithin\s+(?:a|an|one|the\s+next)\s+(?:week|fortnight|month|quarter|year)s?\b/g,
      "within",
    ],
  ],
  link: [
    ["a link", /\bh(?:tt|xx)ps?\b|:\/\/|\bwww\s*\.|\bcolon\s+slash\s+slash\b/g],
    /** "pay-portal.example", "x.com"; "e.g." and "i.e." have one-letter labels and no TLD. */
    ["a domain", /(?<![a-z0-9.-])[a-z0-9][a-z0-9-]*[a-z0-9](?:\.[a-z0-9-]+)*\.[a-z]{2,}\b/g, "."],
    ["a domain", new RegExp(`(?<![a-z0-9.-])[a-z]\\.(?:${TLD})\\b`, "g"), "."],
    ["a domain", new RegExp(`${SLOT_MARK}\\s*\\.[a-z]{2,}\\b`, "g")],
    ["an obfuscated link", /[[({<]\s*(?:dot|\.|punto|point|punkt|ponto)\s*[\])}>]/g],
    ["an obfuscated link", new RegExp(`\\bdot\\s+(?:${TLD})\\b|(?:^|\\s)\\.(?:${TLD})\\b`, "g")],
    ["an obfuscated link", /\b(?:punto|point|punkt|ponto)\s+(?:com|net|org|io)\b/g],
    ["an obfuscated link", /\b[a-z0-9-]{2,}\s+dot\s+[a-z0-9-]{2,}\s+dot\s+[a-z]{2,}\b/g, "dot"],
  ],
  address: [
    ["an obfuscated address", /[[({<]\s*(?:at|arroba)\s*[\])}>]/g],
    ["an obfuscated address", /\bat\s+[a-z0-9-]{2,}\s*(?:dot|[[({]dot[\])}])\s*[a-z]{2,}\b/g],
  ],
  payment_vocabulary: [
    [
      "a money transfer",
      /\btransfer(?:s|red|ring)?\s+(?:(?:the|your|my|our|it|them|this|that|of|to)\s+){0,2}(?:money|payments?|funds|fees?|amount|cash|balance)\b|\b(?:money|funds|payment|electronic)\s+transfers?\b/g,
      "transfer",
    ],
    [
      "bank details",
      /\bsort\s+code\b|\baccount\s+(?:number|details|info|information|name|holder|no)\b|\b(?:checking|savings|business)\s+account\b|\bswift\s*(?:code|number|\/\s*bic)\b|\bbic\s+code\b/g,
    ],
    [
      "a payment method",
      /\bcash\s*app\b|\b(?:apple|google|samsung|amazon|wechat)\s+pay\b|\bgpay\b|\b(?:via|through|using|with|on|by|over|into)\s+wise\b/g,
    ],
    [
      "a payment by check",
      /\b(?:by|via|mail|send|sending|sent|cut|write|issue|post)\s+(?:you\s+)?(?:a\s+|the\s+)?checks?\b(?![\s-]+(?:in|on|with|up|out|over|back|it|this|that|the|whether|if)\b)|\b(?:a|the|paper|bank|cashier's|personal)\s+check\s+(?:for|will|to\s+you|payment|made\s+out)\b/g,
      "check",
    ],
    [
      "a payment method",
      /\bgift\s*cards?\b|\bdirect\s+debit\b|\b(?:credit|debit)\s+cards?\b|\bcard\s+(?:number|details)\b/g,
    ],
    [
      "an advance payment",
      /\b(?:an|cash|payment)\s+advance\b|\badvance\s+(?:payment|pay)\b|\b(?:pay|paid|payment|paying|fee|funds?)\s+(?:[a-z]+\s+){0,2}in\s+advance\b/g,
      "advance",
    ],
    /** "To be upfront, …" is candour, not a payment schedule. */
    [
      "an upfront payment",
      /\bup(?<!\bbe(?:ing)?[ \t]{1,3}(?:(?:completely|totally|fully|very|really|quite)[ \t]{1,3})?up)[\s-]?front\b/g,
      "front",
    ],
    [
      "a discount or referral code",
      /\b(?:discount|promo|promotional|referral|affiliate|coupon|voucher)\s+(?:codes?|links?)\b|\b(?:use|enter|apply)\s+(?:the\s+|my\s+|our\s+)?code\b/g,
    ],
    ["a split payment", /\bsplit\s+(?:the\s+|your\s+)?(?:payment|fee)\b/g, "split"],
  ],
  instructions_leak: [
    [
      "the writer talking about its instructions",
      /\b(?:system\s+prompt|my\s+(?:instructions|rules|guidelines|programming|prompt)|hard\s+rules|as\s+an?\s+(?:ai|language\s+model|large\s+language\s+model|llm|assistant|chatbot)\b|(?:i|we)\s+(?:was|were|have\s+been|'ve\s+been|am|'m)\s+(?:instructed|told)\s+to|(?:the|a|deterministic)\s+checker|placeholders?|tool\s+call|tool_use|write_email|amounts\s+you\s+may\s+write|negotiation\s+engine|(?:i'm|i\s+am)\s+an\s+ai)\b/g,
    ],
    [
      "a role marker",
      /[[<]\s*\/?\s*(?:system|admin|administrator|assistant|developer|user|human|ai|model|instructions?|inst|internal|operator|root|sudo|override|prompt|tool|function)\b[^\]>\n]{0,40}[\]>]|[({]\s*(?:system|admin|administrator|assistant|developer|operator|sudo|root)(?:\s+(?:message|note|prompt|instructions?|override|mode))?\s*[)}]/g,
    ],
  ],
  writer_artifact: [
    ["a template placeholder", /\{\{[^{}\n]{0,40}\}\}|\{\{|\}\}|\{[a-z_][a-z0-9_ ]{0,30}\}/g],
    [
      "a template placeholder",
      /[[<]\s*(?:insert\b[^\]>\n]{0,40}|(?:(?:your|creator|creator's|brand|brand's|sender|sender's|first|last|full|company|manager|manager's|agency|recipient)\s+)?(?:name|brand|handle|link|url|date|amount|rate|fee|offer|signature|title|company|email|phone|number|price|deadline|product))\s*[\]>]/g,
    ],
    ["a template placeholder", /\bx{2,}\b/g, "xx"],
    ["a template placeholder", /\blorem\s+ipsum\b/g, "lorem"],
  ],
} as const satisfies Record<string, readonly Phrase[]>;

/** Phrases matched with case: upper-case rail codes, "Wise" the company, "May" the month. */
export const CASED_PHRASES = {
  payment_vocabulary: [
    ["bank details", /\b(?:SWIFT|BIC|ACH|ABA|BSB)\b/g],
    ["a payment method", /(?<=[a-z,;:][ \t]{1,3})Wise\b/g, "Wise"],
    ["a discount or referral code", /\b[Cc]ode\s+[A-Z][A-Z0-9]{2,}\b/g],
  ],
  address: [["an email address", /@/g]],
  date: [
    [
      "a date",
      /\bMay\s+(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|[a-z]+teenth|twentieth|thirtieth|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|twenty|thirty)\b/g,
      "May",
    ],
    [
      "a date",
      /\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|[a-z]+teenth|twentieth|thirtieth)\s+(?:of\s+)?May\b|\b(?:[Ii]n|[Bb]y|[Uu]ntil|[Tt]ill|[Bb]efore|[Aa]fter|[Ss]ince|[Ff]rom|[Dd]uring|of|[Ee]arly|[Ll]ate|[Mm]id|[Ee]nd\s+of)[\s-]+May\b/g,
      "May",
    ],
  ],
} as const satisfies Record<string, readonly Phrase[]>;

/** Commitment phrases by the term that permits them. */
export const TERM_PHRASES = {
  usage_rights: [
    [
      "usage rights",
      /\bpaid\s+(?:media|usage|ads?|advertising|social|amplification)\b|\brights?\s+to\s+(?:use|reuse|re-use|repost|share|feature|edit)\b|\bre-?us(?:e|ed|es|ing)\b|\b(?:run|use)\s+(?:it|them|the\s+content|your\s+content|the\s+video|your\s+video)\s+(?:as|in|for)\s+(?:an?\s+)?(?:ads?|advertising|advertisements|paid)\b/g,
    ],
  ],
  product: [
    [
      "product",
      /\bfree\s+(?:of\s+charge|products?|gifts?|samples?|items?|kits?|merch\w*|stuff|goods|units?|shipping|swag|pairs?|bottles?)\b|\bfor\s+free\b|\bon\s+top\s+of\s+(?:the|your|our)\s+(?:fee|rate|payment|offer|compensation)\b|\bpr\s+(?:package|box|kit)\b/g,
    ],
  ],
  syndication: [
    [
      "syndication",
      /\bcross[\s-]?post\w*|\bre-(?:post|share)\w*|\b(?:share|feature|post|publish|amplify|showcase)\s+(?:it|them|the\s+(?:content|video|post|reel)|your\s+(?:content|video|post|reel))\s+(?:on|across|in)\s+our\b/g,
    ],
    [
      "syndication",
      /\bour\s+(?:own\s+)?(?:brand\s+)?(?:channels?|feeds?|socials|social\s+(?:channels?|media|accounts?|pages?|feeds?)|accounts?(?!\s+(?:manager|team|director|executive|lead|rep))|pages?|grid|instagram|tiktok|youtube|facebook|pinterest|linkedin|snapchat|twitter)\b/g,
    ],
  ],
  cpm_target: [
    [
      "a CPM target",
      /\b(?:cost\s+per\s+(?:thousand|mille)(?:\s+(?:views|impressions))?|per\s+thousand\s+(?:views|impressions)|per\s+mille)\b/g,
      "per",
    ],
  ],
  exclusivity: [
    [
      "exclusivity",
      /\b(?:only|sole)\s+(?:creators?|influencers?|partners?|brands?|ambassadors?)\b|\bno\s+other\s+(?:brands?|creators?|influencers?|partners?|companies|sponsors?)\b|\bcompeting\s+(?:brands?|products?|companies|sponsors?)\b|\bnon[\s-]?compete\b/g,
    ],
  ],
} as const satisfies Record<string, readonly Phrase[]>;

/** Commitment phrases the engine never makes. */
export const NEVER_PHRASES: readonly Phrase[] = [
  ["a bonus or share", /\btop[\s-]up\b|\b(?:revenue|rev|profit)[\s-]?share\b/g],
  [
    "pay per unit or period",
    /\bper\s+(?:views?|clicks?|sales?|conversions?|posts?|videos?|day|week|month|year|reels?|story|stories|stream|hour|impressions?|installs?|signups?|leads?|piece|deliverables?|annum)\b|\b(?:each|every)\s+(?:week|month|quarter|year)\b/g,
  ],
  [
    "a future deal",
    /\blong[\s-]?term\b|\bfuture\s+(?:campaigns?|deals?|collaborations?|collabs?|partnerships?|projects?|work|opportunities|activations?)\b|\bnext\s+campaigns?\b|\b(?:our|a)\s+next\s+(?:collab\w*|deals?|projects?|partnerships?)\b/g,
  ],
  ["open-ended usage", /\bno\s+end\s+date\b|\bspark\s+ads?\b|\bdark\s+posts?\b/g],
  [
    "paid boosting",
    /\bboosting\b|\bboost(?:s|ed)?\s+(?:it|them|(?:the|your|this|that|our)\s+(?:ads?|posts?|content|videos?|reels?)|ads?|posts?)\b/g,
    "boost",
  ],
  [
    "ownership of the content",
    /\bown\s+(?:the|all\s+(?:the\s+)?|your)\s+(?:content|videos?|footage|rights|posts?|reels?|assets)\b|\bbuy[\s-]out\b|\b(?:full|all|complete|sole)\s+rights\b|\bintellectual\s+property\b/g,
  ],
  ["a promise", /\b(?:we|i)\s+promise\b|\bpromise\s+you\b/g, "promise"],
  [
    "open-ended money",
    /\bname\s+your\s+(?:price|rate|fee)\b|\bblank\s+(?:check|cheque)\b|\bwhatever\s+you\s+(?:ask|want|charge|need)\b|\bsweeten\w*/g,
  ],
  [
    "a payment schedule",
    /\b(?:pay|paid|payment|paying)\s+(?:you\s+)?(?:immediately|instantly|right\s+away|in\s+full|same[\s-]day|today)\b|\b(?:immediate|instant|same[\s-]day)\s+payment\b/g,
  ],
  ["a right of first refusal", /\bfirst\s+refusal\b/g, "refusal"],
  ["expenses", /\bper\s+diem\b|\btravel\s+costs\b/g],
  [
    "more money",
    /\b(?:raise|increase|bump(?:\s+up)?|up|double|top\s+up)\s+(?:the|your|our)\s+(?:fee|rate|pay|payment|offer|budget|compensation)\b|\b(?:extra|additional)\s+(?:fees?|payments?|compensation|money|cash|pay|posts?|story|stories|reels?|videos?|deliverables?|content)\b/g,
  ],
  [
    "a payment trigger",
    /\b(?:on|upon)\s+(?:delivery|signing|signature|completion|publication|posting)\b/g,
  ],
  [
    "other creators' deals",
    /\bother\s+(?:creators|influencers)\b|\banother\s+(?:creator|influencer)\b|\beveryone\s+else\b|\bwe(?:'ve|\s+have)?\s+paid\b|\bothers\s+are\s+getting\b/g,
  ],
  [
    "a tip",
    /\btip(?:s|ped|ping)?\s+(?:you|on\s+top)\b|\b(?:a|plus|extra|little|cash)\s+tips?\b(?!\s+(?:on|for|about|from|to|is|that)\b)/g,
    "tip",
  ],
  [
    "another payment or deal",
    /\b(?:a|another)\s+second\s+(?:post|story|reel|video|deliverable|payment|campaign)\b|\banother\s+(?:payment|fee|bonus|campaign|deal|collab\w*|instal+ments?|partnership|round\s+of\s+pay\w*)\b/g,
  ],
];

// ---------------------------------------------------------------------------------------------
// Indexes built once at load (a few hundred words)

export type TermName = keyof typeof TERM_WORDS;

/** Each commitment word and the term that permits it. */
export const TERM_OF_WORD: ReadonlyMap<string, TermName> = new Map(
  (Object.keys(TERM_WORDS) as TermName[]).flatMap((term) =>
    TERM_WORDS[term].map((word) => [word, term] as const),
  ),
);

/** Every word a word rule looks at: any other word is skipped without further work. */
export const WATCHED_WORDS: ReadonlySet<string> = new Set([
  "one",
  ...NUMBER_SUFFIXES,
  ...NUMBER_WORDS,
  ...CURRENCY_WORDS,
  ...PERCENT_WORDS,
  ...MONTH_WORDS,
  ...DAY_WORDS,
  ...PAYMENT_WORDS,
  ...CONTACT_WORDS,
  ...NEVER_WORDS,
  ...TERM_OF_WORD.keys(),
]);

/** Words worth finding inside spelled-out letters, with their failure code; short ones would turn up by chance. */
export const SPELLED_OUT = [
  ...[...NUMBER_WORDS].map((w) => [w, "number_word"] as const),
  ...[...CURRENCY_WORDS].map((w) => [w, "currency"] as const),
  ...[...PERCENT_WORDS].map((w) => [w, "percentage"] as const),
  ...[...PAYMENT_WORDS].map((w) => [w, "payment_vocabulary"] as const),
  ...[...NEVER_WORDS].map((w) => [w, "commitment"] as const),
].filter(([w]) => w.length >= 4);
