/**
 * The simulated world: three campaigns and N creators, each with a hidden minimum and a persona.
 * Everything is drawn from a seed, creator by creator (each from its own random stream), so a
 * creator is the same whatever N is and whatever order conversations run in.
 * docs/simulation.md describes the population and why it is shaped this way.
 */
import { type Random, random, streamSeed } from "./random";

export type Platform = "instagram" | "tiktok" | "youtube";

/** The body of `POST /api/campaigns` for one simulated campaign. */
export interface CampaignBody {
  name: string;
  cpmTargetCents: number;
  leniencyPct: number;
  budgetCents: number | null;
  maxCostWithoutApprovalCents: number | null;
  deliverableTiers: string[];
  tierShares: number[];
  usageRights: { targetDays: number; minimumDays: number } | null;
  product: { description: string; valueCents: number } | null;
  syndication: boolean;
  autonomy: "autonomous";
  maxRounds: number;
  sendWindow: null;
  /** What a team tells creators beyond the money: Parley answers questions from it. */
  brief: {
    postingWindow: { start: string; end: string } | null;
    revisionRounds: number | null;
    contentApproval: boolean;
    exclusivity: { days: number; category: string } | null;
    productDetails: string | null;
    faq: { question: string; answer: string }[];
  } | null;
}

export interface SimCampaign {
  key: string;
  platform: Platform;
  /** Average views are drawn log-uniformly from this range. */
  views: [number, number];
  body: CampaignBody;
}

export const CAMPAIGNS: readonly SimCampaign[] = [
  {
    key: "glow",
    platform: "instagram",
    views: [8_000, 250_000],
    body: {
      name: "Glow serum launch",
      cpmTargetCents: 2500,
      leniencyPct: 20,
      budgetCents: null,
      maxCostWithoutApprovalCents: null,
      deliverableTiers: ["1 Reel + 3 Stories", "1 Reel + 1 Story", "1 Reel"],
      tierShares: [100, 70, 50],
      usageRights: { targetDays: 90, minimumDays: 30 },
      product: { description: "the Glow skincare set", valueCents: 150_00 },
      syndication: true,
      autonomy: "autonomous",
      maxRounds: 5,
      sendWindow: null,
      brief: {
        postingWindow: { start: "2027-01-11", end: "2027-01-29" },
        revisionRounds: 1,
        contentApproval: true,
        exclusivity: null,
        productDetails: "the Glow skincare set, shipped the week the agreement is signed",
        faq: [],
      },
    },
  },
  {
    key: "sound",
    platform: "youtube",
    views: [5_000, 300_000],
    body: {
      name: "Sound Pro review",
      cpmTargetCents: 2000,
      leniencyPct: 50,
      budgetCents: null,
      maxCostWithoutApprovalCents: null,
      deliverableTiers: [
        "1 dedicated video + 1 Short",
        "1 dedicated video",
        "1 integrated mention",
      ],
      tierShares: [100, 80, 45],
      usageRights: { targetDays: 180, minimumDays: 60 },
      product: { description: "Sound Pro headphones", valueCents: 599_00 },
      syndication: true,
      autonomy: "autonomous",
      maxRounds: 5,
      sendWindow: null,
      brief: {
        postingWindow: { start: "2027-02-01", end: "2027-02-26" },
        revisionRounds: 2,
        contentApproval: true,
        exclusivity: { days: 30, category: "headphones" },
        productDetails: "a pair of Sound Pro headphones to review, yours to keep",
        faq: [],
      },
    },
  },
  {
    key: "budget",
    platform: "tiktok",
    views: [10_000, 800_000],
    body: {
      name: "Budget app installs",
      cpmTargetCents: 1600,
      leniencyPct: 25,
      budgetCents: null,
      maxCostWithoutApprovalCents: null,
      deliverableTiers: ["3 TikToks", "2 TikToks", "1 TikTok"],
      tierShares: [100, 70, 40],
      usageRights: null,
      product: null,
      syndication: false,
      autonomy: "autonomous",
      maxRounds: 5,
      sendWindow: null,
      // A team that gave Parley no brief: questions beyond the offer go to a person.
      brief: null,
    },
  },
];

/**
 * How a creator negotiates (docs/simulation.md): `quick_yes` takes any offer at or above their
 * minimum and otherwise names it; `moderate` asks a little above it and comes down fast;
 * `anchor` asks far above it and comes down slowly; `firm` names one number and repeats it;
 * `decline` says no; `hostile` answers rudely with a high number.
 */
export const STRATEGIES = [
  "quick_yes",
  "moderate",
  "anchor",
  "firm",
  "decline",
  "hostile",
] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const STRATEGY_WEIGHTS: Record<Strategy, number> = {
  quick_yes: 20,
  moderate: 17,
  anchor: 33,
  firm: 17,
  decline: 6,
  hostile: 4,
};

/** Strategies that never close a deal with an agent, whatever the offer. */
export const NEVER_DEALS: ReadonlySet<Strategy> = new Set(["decline", "hostile"]);

export const QUESTION_TOPICS = ["usage", "timeline", "product", "payment", "deliverables"] as const;
export type QuestionTopic = (typeof QUESTION_TOPICS)[number];

export type Band = "below" | "inside" | "above";

export interface Manager {
  name: string;
  email: string;
  agency: string;
  /** The creator writes first and hands the thread to the manager (Cc); else the manager is the contact. */
  handoff: boolean;
}

export interface SimCreator {
  index: number;
  campaign: SimCampaign;
  name: string;
  /** Whom the negotiation is started with: the creator, or the manager who is their contact. */
  email: string;
  /** The creator's own address (differs from `email` when a manager is the contact). */
  creatorEmail: string;
  platform: Platform;
  averageViews: number;
  strategy: Strategy;
  manager: Manager | null;
  questionFirst: QuestionTopic | null;
  outOfOffice: boolean;
  /** Hidden: the least they take for the full package (tier 1, target usage, no product), in cents. */
  minimumCents: number;
  /** Where the minimum sits against the campaign band for this creator. */
  band: Band;
  /** Their own value of each tier, as a share of the full package (1 for tier 1). */
  tierValue: number[];
  /** Share of their minimum they give up for the minimum usage duration instead of the target. */
  usageDiscount: number;
  /** What the campaign's product is worth to them, as a share of its stated value. */
  productWorth: number;
  /** First ask as a multiple of the minimum. */
  anchorMultiple: number;
  /** Share of the distance to their minimum they concede per reply. */
  concession: number;
  /** Negotiation replies before they take their minimum or give up. */
  patience: number;
  /** Picks among wordings. */
  voice: number;
  /** Before naming a number, asks for more without one ("any flexibility?"); negotiators only. */
  pushesBackFirst: boolean;
}

const FIRST = [
  "Maya",
  "Jordan",
  "Priya",
  "Leo",
  "Alex",
  "Sofia",
  "Noah",
  "Emma",
  "Liam",
  "Ava",
  "Mateo",
  "Zoe",
  "Ethan",
  "Chloe",
  "Lucas",
  "Mia",
  "Aiden",
  "Nora",
  "Kai",
  "Isla",
  "Omar",
  "Lena",
  "Ravi",
  "Hana",
];
const LAST = [
  "Chen",
  "Lee",
  "Nair",
  "Park",
  "Kim",
  "Rossi",
  "Garcia",
  "Silva",
  "Novak",
  "Okafor",
  "Haddad",
  "Ito",
  "Berg",
  "Moreau",
  "Costa",
  "Patel",
  "Walsh",
  "Khan",
  "Larsen",
  "Duarte",
  "Fischer",
  "Reyes",
];
const MAIL_DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com"];
export const AGENCIES = ["brightstar-talent.com", "northlane-mgmt.com", "castle-creators.com"];

const DEFAULT_TIER_SHARES = [100, 70, 50];

/** The campaign's band for a creator, in cents: [floor rate, ceiling rate] for the full package. */
export function bandFor(campaign: SimCampaign, views: number): { floor: number; ceiling: number } {
  const floorCpm = campaign.body.cpmTargetCents;
  const ceilingCpm = Math.round(floorCpm * (1 + campaign.body.leniencyPct / 100));
  return {
    floor: Math.round((views * floorCpm) / 1000),
    ceiling: Math.round((views * ceilingCpm) / 1000),
  };
}

export function tierSharesOf(campaign: SimCampaign): number[] {
  const shares = campaign.body.tierShares;
  return shares.length === campaign.body.deliverableTiers.length ? shares : DEFAULT_TIER_SHARES;
}

function drawCreator(seed: number, index: number): SimCreator {
  const r = random(streamSeed(seed, index));
  const campaign = r.pick(CAMPAIGNS);
  const first = r.pick(FIRST);
  const last = r.pick(LAST);
  const name = `${first} ${last}`;
  const creatorEmail = `${first}.${last}${index}@${r.pick(MAIL_DOMAINS)}`.toLowerCase();
  const [lo, hi] = campaign.views;
  const averageViews = Math.round(Math.exp(r.uniform(Math.log(lo), Math.log(hi))));
  const { floor, ceiling } = bandFor(campaign, averageViews);
  const band = r.weighted<Band>({ below: 30, inside: 40, above: 30 });
  const ratio = ceiling / floor;
  const multiple =
    band === "below"
      ? r.uniform(0.65, 1)
      : band === "inside"
        ? r.uniform(1, ratio)
        : r.uniform(ratio, ratio * 1.45);
  const minimumCents = Math.max(100, Math.round(floor * multiple));
  const strategy = r.weighted(STRATEGY_WEIGHTS);
  const manager = r.chance(0.15) ? drawManager(r, index) : null;
  const shares = tierSharesOf(campaign);
  const tierValue = shares.map((s, i) =>
    i === 0 ? 1 : Math.min(0.98, (s / 100) * r.uniform(0.88, 1.12)),
  );
  for (let i = 1; i < tierValue.length; i++) {
    tierValue[i] = Math.min(tierValue[i] ?? 1, (tierValue[i - 1] ?? 1) - 0.05);
  }
  const paced: Record<Strategy, [number, number, number, number, number, number]> = {
    // anchor multiple [lo, hi], concession [lo, hi], patience [lo, hi]
    quick_yes: [1, 1, 1, 1, 3, 3],
    moderate: [1.05, 1.3, 0.4, 0.7, 4, 5],
    anchor: [1.35, 2, 0.35, 0.6, 5, 6],
    firm: [1, 1.08, 0, 0, 3, 4],
    decline: [1, 1, 0, 0, 1, 1],
    hostile: [1.6, 2.2, 0.35, 0.6, 4, 5],
  };
  const [aLo, aHi, cLo, cHi, pLo, pHi] = paced[strategy];
  return {
    index,
    campaign,
    name,
    email: manager && !manager.handoff ? manager.email : creatorEmail,
    creatorEmail,
    platform: campaign.platform,
    averageViews,
    strategy,
    manager,
    questionFirst: r.chance(0.15) ? r.pick(QUESTION_TOPICS) : null,
    outOfOffice: r.chance(0.08),
    minimumCents,
    band: minimumCents < floor ? "below" : minimumCents > ceiling ? "above" : "inside",
    tierValue,
    usageDiscount: campaign.body.usageRights ? r.uniform(0.03, 0.12) : 0,
    productWorth: r.uniform(0.25, 1),
    anchorMultiple: r.uniform(aLo, aHi),
    concession: r.uniform(cLo, cHi),
    patience: r.int(pLo, pHi),
    voice: r.int(0, 1_000_000),
    // Drawn last, so every earlier trait of a creator is what it was before this one existed.
    pushesBackFirst: r.chance(0.15),
  };
}

function drawManager(r: Random, index: number): Manager {
  const first = r.pick(FIRST);
  const last = r.pick(LAST);
  const agency = r.pick(AGENCIES);
  return {
    name: `${first} ${last}`,
    email: `${first}.${last}${index}@${agency}`.toLowerCase(),
    agency,
    handoff: r.chance(0.5),
  };
}

/** N creators for a seed; creator i is the same for every N > i. */
export function population(n: number, seed: number): SimCreator[] {
  return Array.from({ length: n }, (_, i) => drawCreator(seed, i));
}
