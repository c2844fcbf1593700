import * as z from "zod";
import { DEFAULT_AUTO_SEND } from "../domain/autonomy";
import { tierSharesOf } from "../domain/concession";
import {
  AUTONOMY_LEVELS,
  type CampaignTerms,
  type Creator,
  EMAIL_PURPOSES,
  PLATFORMS,
  WEEKDAYS,
} from "../domain/types";

/**
 * Codecs for data that was checked when it was first written (campaign terms saved through the
 * API, a creator accepted at start) and is read back later: from D1 into `start`, and inside the
 * stored aggregate. They check structure and fill what older versions did not write; they do not
 * re-apply the API's limits, so tightening a limit never makes stored data unreadable.
 *
 * Unknown keys are kept (`looseObject`), never stripped: a field written by a newer version
 * survives a rollback and comes back on the next save, and nothing stored is silently lost.
 */

const cents = z.number();
const nullableCents = cents.nullable();

const SendWindowCodec = z.looseObject({
  days: z.array(z.enum(WEEKDAYS)),
  start: z.string(),
  end: z.string(),
});

export const CampaignBriefCodec = z.looseObject({
  postingWindow: z.looseObject({ start: z.string(), end: z.string() }).nullable(),
  revisionRounds: z.number().nullable(),
  contentApproval: z.boolean(),
  exclusivity: z.looseObject({ days: z.number(), category: z.string() }).nullable(),
  productDetails: z.string().nullable(),
  faq: z.array(z.looseObject({ question: z.string(), answer: z.string() })),
});

export const AutoSendCodec = z.looseObject({
  maxAmountCents: nullableCents,
  minConfidence: z.number(),
  purposes: z.array(z.enum(EMAIL_PURPOSES)),
});

/**
 * Campaign terms as saved. Added over time, each read as what it meant before it existed:
 * `tierShares` (the default shares for that many tiers), `autoSend` (the default thresholds),
 * `brief` (none).
 */
export const CampaignTermsCodec = z
  .looseObject({
    cpmTargetCents: nullableCents,
    leniencyPct: z.number().nullable(),
    minCostPerCreatorCents: nullableCents,
    maxCostWithoutApprovalCents: nullableCents,
    budgetCents: nullableCents,
    deliverableTiers: z.array(z.string()).min(1),
    tierShares: z.array(z.number()).optional(),
    usageRights: z.looseObject({ targetDays: z.number(), minimumDays: z.number() }).nullable(),
    product: z.looseObject({ description: z.string(), valueCents: cents }).nullable(),
    syndication: z.boolean(),
    maxRounds: z.number().int(),
    autonomy: z.enum(AUTONOMY_LEVELS),
    sendWindow: SendWindowCodec.nullable(),
    followUps: z.looseObject({ afterBusinessDays: z.array(z.number()) }),
    approvalWindowMinutes: z.number(),
    paymentTerms: z.string(),
    autoSend: AutoSendCodec.optional(),
    brief: CampaignBriefCodec.nullable().default(null),
  })
  .transform(
    (t): CampaignTerms => ({
      ...t,
      tierShares: t.tierShares ?? tierSharesOf(t),
      autoSend: t.autoSend ?? { ...DEFAULT_AUTO_SEND, purposes: [...DEFAULT_AUTO_SEND.purposes] },
    }),
  );

/** Terms as older versions may have saved them (D1 rows, aggregates): what `start` accepts. */
export type StoredCampaignTerms = Omit<CampaignTerms, AddedTermFields> &
  Partial<Pick<CampaignTerms, AddedTermFields>> & {
    /**
     * D1 only: the campaign's pool of sending mailboxes (addresses from SENDING_MAILBOXES); absent
     * or null, every configured mailbox. Never part of a negotiation's terms: each negotiation
     * keeps the one mailbox it was given.
     */
    mailboxes?: string[] | null;
  };
type AddedTermFields = "tierShares" | "autoSend" | "brief";

/** A creator as stored in the aggregate (validated by CreatorSchema when the negotiation started). */
export const StoredCreatorCodec = z.looseObject({
  name: z.string(),
  email: z.string(),
  platform: z.enum(PLATFORMS),
  handle: z.string().nullable(),
  averageViews: z.number(),
  engagementRate: z.number().nullable(),
  timezone: z.string(),
}) satisfies z.ZodType<Creator>;
