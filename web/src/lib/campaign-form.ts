import type { Brief, Campaign } from "../api/types";
import { centsToInput, parseDollars } from "./money";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export const AUTONOMY = ["review", "delayed", "autonomous"] as const;
export const EMAIL_PURPOSES = [
  "opening",
  "counter",
  "answer",
  "agreement",
  "walk_away",
  "decline_ack",
  "follow_up",
] as const;

/** The campaign form as people type it: text for numbers and money, so half-typed input survives. */
export interface CampaignForm {
  name: string;
  externalId: string;
  /** The creators' Google Sheet and its tab (sent when the server takes them). */
  sheetUrl: string;
  sheetTab: string;
  cpmTarget: string;
  leniencyPct: string;
  minCostPerCreator: string;
  maxCostWithoutApproval: string;
  budget: string;
  tiers: [string, string, string];
  usageRightsOn: boolean;
  usageTargetDays: string;
  usageMinimumDays: string;
  productOn: boolean;
  productDescription: string;
  productValue: string;
  syndication: boolean;
  autonomy: (typeof AUTONOMY)[number];
  approvalWindowMinutes: string;
  autoSendMaxAmount: string;
  autoSendMinConfidence: string;
  autoSendPurposes: string[];
  maxRounds: string;
  sendWindowOn: boolean;
  sendDays: string[];
  sendStart: string;
  sendEnd: string;
  followUpDays: string;
  paymentTerms: string;
  /** Percent of the full-package price per tier, richest first. */
  tierShares: [string, string, string];
  brief: BriefForm;
  /** The campaign's sending mailboxes, kept as read so an edit never drops them (not edited here). */
  mailboxes: string[] | null;
}

export interface BriefForm {
  on: boolean;
  postingStart: string;
  postingEnd: string;
  revisionRounds: string;
  contentApproval: boolean;
  exclusivityOn: boolean;
  exclusivityDays: string;
  exclusivityCategory: string;
  productDetails: string;
  faq: { question: string; answer: string }[];
}

export const MAX_FAQ = 20;

const emptyBrief = (): BriefForm => ({
  on: false,
  postingStart: "",
  postingEnd: "",
  revisionRounds: "",
  contentApproval: false,
  exclusivityOn: false,
  exclusivityDays: "",
  exclusivityCategory: "",
  productDetails: "",
  faq: [],
});

export function emptyForm(): CampaignForm {
  return {
    name: "",
    externalId: "",
    sheetUrl: "",
    sheetTab: "",
    cpmTarget: "25",
    leniencyPct: "20",
    minCostPerCreator: "",
    maxCostWithoutApproval: "",
    budget: "",
    tiers: ["1 Instagram Reel + 2 Stories", "1 Instagram Reel", "3 Instagram Stories"],
    usageRightsOn: false,
    usageTargetDays: "90",
    usageMinimumDays: "30",
    productOn: false,
    productDescription: "",
    productValue: "",
    syndication: false,
    autonomy: "review",
    approvalWindowMinutes: "60",
    autoSendMaxAmount: "",
    autoSendMinConfidence: "0.8",
    autoSendPurposes: [...EMAIL_PURPOSES],
    maxRounds: "5",
    sendWindowOn: true,
    sendDays: ["mon", "tue", "wed", "thu", "fri"],
    sendStart: "09:00",
    sendEnd: "17:00",
    followUpDays: "2, 4",
    paymentTerms: "",
    tierShares: ["100", "70", "50"],
    brief: emptyBrief(),
    mailboxes: null,
  };
}

const text = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));

export function formFromCampaign(c: Campaign): CampaignForm {
  const base = emptyForm();
  const tiers: [string, string, string] = [
    c.deliverableTiers[0] ?? "",
    c.deliverableTiers[1] ?? "",
    c.deliverableTiers[2] ?? "",
  ];
  const b = c.brief;
  return {
    ...base,
    name: c.name,
    externalId: c.externalId ?? "",
    sheetUrl: c.sheetUrl ?? "",
    sheetTab: c.sheetTab ?? "",
    cpmTarget: centsToInput(c.cpmTargetCents),
    leniencyPct: text(c.leniencyPct),
    minCostPerCreator: centsToInput(c.minCostPerCreatorCents),
    maxCostWithoutApproval: centsToInput(c.maxCostWithoutApprovalCents),
    budget: centsToInput(c.budgetCents),
    tiers,
    usageRightsOn: c.usageRights !== null,
    usageTargetDays: text(c.usageRights?.targetDays ?? 90),
    usageMinimumDays: text(c.usageRights?.minimumDays ?? 30),
    productOn: c.product !== null,
    productDescription: c.product?.description ?? "",
    productValue: centsToInput(c.product?.valueCents),
    syndication: c.syndication,
    autonomy: c.autonomy,
    approvalWindowMinutes: text(c.approvalWindowMinutes),
    autoSendMaxAmount: centsToInput(c.autoSend?.maxAmountCents),
    autoSendMinConfidence: text(c.autoSend?.minConfidence ?? 0.8),
    autoSendPurposes: c.autoSend?.purposes ?? [...EMAIL_PURPOSES],
    maxRounds: text(c.maxRounds),
    sendWindowOn: c.sendWindow !== null,
    sendDays: c.sendWindow?.days ?? base.sendDays,
    sendStart: c.sendWindow?.start ?? base.sendStart,
    sendEnd: c.sendWindow?.end ?? base.sendEnd,
    followUpDays: c.followUps.afterBusinessDays.join(", "),
    paymentTerms: c.paymentTerms ?? "",
    tierShares: [
      text(c.tierShares?.[0] ?? 100),
      text(c.tierShares?.[1] ?? 70),
      text(c.tierShares?.[2] ?? 50),
    ],
    brief: b
      ? {
          on: true,
          postingStart: b.postingWindow?.start ?? "",
          postingEnd: b.postingWindow?.end ?? "",
          revisionRounds: text(b.revisionRounds),
          contentApproval: b.contentApproval,
          exclusivityOn: b.exclusivity !== null,
          exclusivityDays: text(b.exclusivity?.days),
          exclusivityCategory: b.exclusivity?.category ?? "",
          productDetails: b.productDetails ?? "",
          faq: b.faq.map((f) => ({ ...f })),
        }
      : emptyBrief(),
    mailboxes: c.mailboxes ?? null,
  };
}

export type FieldErrors = Record<string, string>;

/** A number typed into a field: empty → null, not a number → NaN (the server's 400 names it). */
const num = (s: string): number | null => (s.trim() === "" ? null : Number(s.trim()));

/**
 * The form as the API's campaign body. Money typed in dollars becomes cents here; values the
 * browser cannot read are reported against their field before anything is sent.
 */
export function campaignBody(form: CampaignForm): {
  body: Record<string, unknown>;
  errors: FieldErrors;
} {
  const errors: FieldErrors = {};
  const money = (field: string, value: string) => {
    const cents = parseDollars(value);
    if (Number.isNaN(cents)) errors[field] = "Enter an amount in dollars, e.g. 1500 or 1,500.50";
    return Number.isNaN(cents) ? null : cents;
  };
  const integer = (field: string, value: string) => {
    const n = num(value);
    if (n !== null && !Number.isInteger(n)) errors[field] = "Enter a whole number";
    return n;
  };
  const followUps = form.followUpDays
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  if (followUps.some((n) => !Number.isInteger(n)))
    errors["followUps.afterBusinessDays"] = "List whole business days, e.g. 2, 4";
  const deliverableTiers = form.tiers.map((t) => t.trim()).filter(Boolean);
  const body: Record<string, unknown> = {
    name: form.name,
    externalId: form.externalId.trim() || null,
    cpmTargetCents: money("cpmTargetCents", form.cpmTarget),
    leniencyPct: num(form.leniencyPct),
    minCostPerCreatorCents: money("minCostPerCreatorCents", form.minCostPerCreator),
    maxCostWithoutApprovalCents: money("maxCostWithoutApprovalCents", form.maxCostWithoutApproval),
    budgetCents: money("budgetCents", form.budget),
    deliverableTiers,
    usageRights: form.usageRightsOn
      ? {
          targetDays: integer("usageRights.targetDays", form.usageTargetDays),
          minimumDays: integer("usageRights.minimumDays", form.usageMinimumDays),
        }
      : null,
    product: form.productOn
      ? {
          description: form.productDescription,
          valueCents: money("product.valueCents", form.productValue) ?? 0,
        }
      : null,
    syndication: form.syndication,
    autonomy: form.autonomy,
    approvalWindowMinutes: integer("approvalWindowMinutes", form.approvalWindowMinutes) ?? 60,
    autoSend: {
      maxAmountCents: money("autoSend.maxAmountCents", form.autoSendMaxAmount),
      minConfidence: num(form.autoSendMinConfidence) ?? 0.8,
      purposes: form.autoSendPurposes,
    },
    maxRounds: integer("maxRounds", form.maxRounds) ?? 5,
    sendWindow: form.sendWindowOn
      ? { days: form.sendDays, start: form.sendStart, end: form.sendEnd }
      : null,
    followUps: { afterBusinessDays: followUps },
    tierShares: form.tierShares
      .slice(0, Math.max(1, deliverableTiers.length))
      .map((share) => num(share)),
    brief: form.brief.on ? briefBody(form.brief, integer) : null,
    mailboxes: form.mailboxes,
    sheetUrl: form.sheetUrl.trim() || null,
    sheetTab: form.sheetTab.trim() || null,
  };
  if (form.paymentTerms.trim()) body.paymentTerms = form.paymentTerms.trim();
  return { body, errors };
}

function briefBody(b: BriefForm, integer: (field: string, value: string) => number | null): Brief {
  return {
    postingWindow:
      b.postingStart || b.postingEnd ? { start: b.postingStart, end: b.postingEnd } : null,
    revisionRounds: integer("brief.revisionRounds", b.revisionRounds),
    contentApproval: b.contentApproval,
    exclusivity: b.exclusivityOn
      ? {
          days: integer("brief.exclusivity.days", b.exclusivityDays) ?? 0,
          category: b.exclusivityCategory,
        }
      : null,
    productDetails: b.productDetails.trim() || null,
    faq: b.faq.filter((f) => f.question.trim() || f.answer.trim()).slice(0, MAX_FAQ),
  };
}

/** The server's `details` ([{field, message}]) keyed by field path, first message per field. */
export function errorsByField(details: { field: string; message: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const d of details) {
    // Array members point at their list ("deliverableTiers.1" → "deliverableTiers").
    const key = d.field.replace(/\.\d+$/, "");
    out[key] ??= d.message;
    out[d.field] ??= d.message;
  }
  return out;
}
