import * as z from "zod";
import { NEGOTIATION_STATES, type Negotiation } from "../domain/negotiation-state";
import { QUESTION_TOPICS } from "../domain/question-topics";
import { EMAIL_PURPOSES, ESCALATION_REASONS, LEVERS, REPLY_INTENTS } from "../domain/types";
import { CampaignTermsCodec, StoredCreatorCodec } from "./terms-codec";

/**
 * The negotiation aggregate as stored in `meta.negotiation`: `{v: 1, data}`. The codec checks the
 * structure the domain relies on (every enum it switches on, every number it adds up) and reads
 * fields added over time as what they meant before they existed, so the domain types need no
 * "absent on old data" optionals. It does not re-validate business rules: the domain wrote it.
 *
 * Objects are `looseObject`: a key this version does not know (written by a newer version before a
 * rollback) is kept and written back, never stripped; a missing or mistyped known field fails
 * loudly (`StoredStateError`), since the domain cannot act on it.
 *
 * Version 1 is the only stored version; a change that cannot be read by defaults alone gets
 * `v: 2` and a migration here from 1.
 */

const cents = z.number();
const nullableCents = cents.nullable();

const RationaleCodec = z.looseObject({
  decision: z.string(),
  reason: z.string(),
  band: z.looseObject({ floorCpmCents: cents, ceilingCpmCents: cents }),
  averageViews: z.number(),
  round: z.number(),
  theirAskCents: nullableCents,
  theirImpliedCpmCents: nullableCents,
  theirAskClass: z
    .enum(["exceeds_ceiling", "suspiciously_low", "below_floor", "within"])
    .nullable(),
  offerCents: nullableCents,
  offerCpmCents: nullableCents,
  concessionStep: z.number().nullable().default(null),
  lever: z.enum(LEVERS).nullable(),
  cappedBy: z.array(z.string()).default([]),
});

const ProductCodec = z.looseObject({ description: z.string(), valueCents: cents });

/** `packageValueCents` (absent on offers made before packages) is the fee plus the product's value. */
export const OfferCodec = z
  .looseObject({
    amountCents: cents,
    cpmCents: cents,
    tier: z.number().int(),
    deliverables: z.string(),
    usageDays: z.number().nullable(),
    product: ProductCodec.nullable(),
    syndication: z.boolean(),
    shareCpmTarget: z.boolean().default(false),
    packageValueCents: cents.optional(),
    richerOfferCents: nullableCents.default(null),
    rationale: RationaleCodec,
  })
  .transform((o) => ({
    ...o,
    packageValueCents: o.packageValueCents ?? o.amountCents + (o.product?.valueCents ?? 0),
  }));

const ReplyFactsCodec = z.looseObject({
  intent: z.enum(REPLY_INTENTS),
  tone: z.enum(["positive", "neutral", "negative", "hostile"]),
  questionTopics: z.array(z.enum(QUESTION_TOPICS)),
  faq: z.array(z.number().int()).default([]),
  askedTeam: z.boolean().default(false),
  namedRate: z.boolean(),
  contractRequested: z.boolean().optional(),
});

const EmailIntentCodec = z.looseObject({
  purpose: z.enum(EMAIL_PURPOSES),
  offer: OfferCodec.nullable(),
  lever: z.enum(LEVERS).nullable(),
  theirAskCents: nullableCents,
  reply: ReplyFactsCodec.nullable().default(null),
  followUpNumber: z.number().nullable(),
  targetState: z.enum(NEGOTIATION_STATES),
});

const PendingApprovalCodec = z.looseObject({
  intent: EmailIntentCodec,
  draft: z.looseObject({ subject: z.string(), body: z.string() }),
  requestedAt: z.number(),
  autoSendAt: z.number().nullable(),
  heldBecause: z.array(z.string()).default([]),
});

const TimerCodec = z.looseObject({
  name: z.enum(["follow_up", "unresponsive", "approval_window"]),
  at: z.number(),
  n: z.number().nullable(),
});

export const NegotiationDataCodec = z.looseObject({
  id: z.string().min(1),
  campaignId: z.string(),
  creator: StoredCreatorCodec,
  terms: CampaignTermsCodec,
  state: z.enum(NEGOTIATION_STATES),
  previousState: z.enum(NEGOTIATION_STATES).nullable(),
  round: z.number().int(),
  lastOffer: OfferCodec.nullable(),
  /** `tier` is null on asks recorded before it was kept (read as the tier of our offer). */
  theirAsk: z
    .looseObject({
      amountCents: cents,
      tier: z.number().int().nullable().default(null),
      at: z.number(),
    })
    .nullable()
    .default(null),
  leversUsed: z.array(z.enum(LEVERS)),
  counterparty: z.looseObject({
    type: z.enum(["creator", "manager"]),
    agency: z.string().nullable(),
    name: z.string().nullable().default(null),
  }),
  contacts: z.array(z.string()),
  agreedCents: nullableCents,
  emailsReleased: z.number().int(),
  followUpsSent: z.number().int(),
  timers: z.array(TimerCodec),
  pendingApproval: PendingApprovalCodec.nullable(),
  lastEscalation: z
    .looseObject({
      reason: z.enum([...ESCALATION_REASONS, "draft_rejected"]),
      evidence: z.array(z.string()),
      at: z.number(),
    })
    .nullable(),
  lastIntent: z.enum(REPLY_INTENTS).nullable(),
  openQuestions: z.array(z.string()).default([]),
  createdAt: z.number(),
  updatedAt: z.number(),
}) satisfies z.ZodType<Negotiation>;

/** The stored envelope. The version is checked: a version this code does not know is refused. */
export const StoredNegotiationCodec = z.strictObject({
  v: z.literal(1),
  data: NegotiationDataCodec,
});

export const encodeNegotiation = (n: Negotiation) => ({ v: 1 as const, data: n });
