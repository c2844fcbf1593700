import * as z from "zod/mini";
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
const nullableCents = z.nullable(cents);

const SendWindowCodec = z.looseObject({
  days: z.array(z.enum(WEEKDAYS)),
  start: z.string(),
  end: z.string(),
});

export const CampaignBriefCodec = z.looseObject({
  postingWindow: z.nullable(z.looseObject({ start: z.string(), end: z.string() })),
  revisionRounds: z.nullable(z.number()),
  contentApproval: z.boolean(),
  exclusivity: z.nullable(z.looseObject({ days: z.number(), category: z.string() })),
  productDetails: z.nullable(z.string()),
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
export const CampaignTermsCodec = z.pipe(
  z.looseObject({
    cpmTargetCents: nullableCents,
    leniencyPct: z.nullable(z.number()),
    minCostPerCreatorCents: nullableCents,
    maxCostWithoutApprovalCents: nullableCents,
    budgetCents: nullableCents,
    deliverableTiers: z.array(z.string()).check(z.minLength(1)),
    tierShares: z.optional(z.array(z.number())),
    usageRights: z.nullable(z.looseObject({ targetDays: z.number(), minimumDays: z.number() })),
    product: z.nullable(z.looseObject({ description: z.string(), valueCents: cents })),
    syndication: z.boolean(),
    maxRounds: z.int(),
    autonomy: z.enum(AUTONOMY_LEVELS),
    sendWindow: z.nullable(SendWindowCodec),
    followUps: z.looseObject({ afterBusinessDays: z.array(z.number()) }),
    approvalWindowMinutes: z.number(),
    paymentTerms: z.string(),
    autoSend: z.optional(AutoSendCodec),
    brief: z._default(z.nullable(CampaignBriefCodec), null),
  }),
  z.transform(
    (t): CampaignTerms => ({
      ...t,
      tierShares: t.tierShares ?? tierSharesOf(t),
      autoSend: t.autoSend ?? { ...DEFAULT_AUTO_SEND, purposes: [...DEFAULT_AUTO_SEND.purposes] },
    }),
  ),
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
  handle: z.nullable(z.string()),
  averageViews: z.number(),
  engagementRate: z.nullable(z.number()),
  timezone: z.string(),
}) satisfies z.ZodMiniType<Creator>;
