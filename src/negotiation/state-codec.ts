import * as z from "zod/mini";
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
const nullableCents = z.nullable(cents);

const RationaleCodec = z.looseObject({
  decision: z.string(),
  reason: z.string(),
  band: z.looseObject({ floorCpmCents: cents, ceilingCpmCents: cents }),
  averageViews: z.number(),
  round: z.number(),
  theirAskCents: nullableCents,
  theirImpliedCpmCents: nullableCents,
  theirAskClass: z.nullable(
    z.enum(["exceeds_ceiling", "suspiciously_low", "below_floor", "within"]),
  ),
  offerCents: nullableCents,
  offerCpmCents: nullableCents,
  concessionStep: z._default(z.nullable(z.number()), null),
  lever: z.nullable(z.enum(LEVERS)),
  cappedBy: z._default(z.array(z.string()), []),
});

const ProductCodec = z.looseObject({ description: z.string(), valueCents: cents });

/** `packageValueCents` (absent on offers made before packages) is the fee plus the product's value. */
export const OfferCodec = z.pipe(
  z.looseObject({
    amountCents: cents,
    cpmCents: cents,
    tier: z.int(),
    deliverables: z.string(),
    usageDays: z.nullable(z.number()),
    product: z.nullable(ProductCodec),
    syndication: z.boolean(),
    shareCpmTarget: z._default(z.boolean(), false),
    packageValueCents: z.optional(cents),
    richerOfferCents: z._default(nullableCents, null),
    rationale: RationaleCodec,
  }),
  z.transform((o) => ({
    ...o,
    packageValueCents: o.packageValueCents ?? o.amountCents + (o.product?.valueCents ?? 0),
  })),
);

const ReplyFactsCodec = z.looseObject({
  intent: z.enum(REPLY_INTENTS),
  tone: z.enum(["positive", "neutral", "negative", "hostile"]),
  questionTopics: z.array(z.enum(QUESTION_TOPICS)),
  faq: z._default(z.array(z.int()), []),
  askedTeam: z._default(z.boolean(), false),
  namedRate: z.boolean(),
  contractRequested: z.optional(z.boolean()),
  pushedBackWithoutRate: z.optional(z.boolean()),
});

const EmailIntentCodec = z.looseObject({
  purpose: z.enum(EMAIL_PURPOSES),
  offer: z.nullable(OfferCodec),
  lever: z.nullable(z.enum(LEVERS)),
  theirAskCents: nullableCents,
  reply: z._default(z.nullable(ReplyFactsCodec), null),
  followUpNumber: z.nullable(z.number()),
  targetState: z.enum(NEGOTIATION_STATES),
});

const PendingApprovalCodec = z.looseObject({
  intent: EmailIntentCodec,
  draft: z.looseObject({ subject: z.string(), body: z.string() }),
  requestedAt: z.number(),
  autoSendAt: z.nullable(z.number()),
  heldBecause: z._default(z.array(z.string()), []),
});

const TimerCodec = z.looseObject({
  name: z.enum(["follow_up", "unresponsive", "approval_window"]),
  at: z.number(),
  n: z.nullable(z.number()),
});

export const NegotiationDataCodec = z.looseObject({
  id: z.string().check(z.minLength(1)),
  campaignId: z.string(),
  creator: StoredCreatorCodec,
  terms: CampaignTermsCodec,
  state: z.enum(NEGOTIATION_STATES),
  previousState: z.nullable(z.enum(NEGOTIATION_STATES)),
  round: z.int(),
  lastOffer: z.nullable(OfferCodec),
  /** `tier` is null on asks recorded before it was kept (read as the tier of our offer). */
  theirAsk: z._default(
    z.nullable(
      z.looseObject({
        amountCents: cents,
        tier: z._default(z.nullable(z.int()), null),
        at: z.number(),
      }),
    ),
    null,
  ),
  leversUsed: z.array(z.enum(LEVERS)),
  counterparty: z.looseObject({
    type: z.enum(["creator", "manager"]),
    agency: z.nullable(z.string()),
    name: z._default(z.nullable(z.string()), null),
  }),
  contacts: z.array(z.string()),
  agreedCents: nullableCents,
  emailsReleased: z.int(),
  followUpsSent: z.int(),
  timers: z.array(TimerCodec),
  pendingApproval: z.nullable(PendingApprovalCodec),
  lastEscalation: z.nullable(
    z.looseObject({
      reason: z.enum([...ESCALATION_REASONS, "draft_rejected"]),
      evidence: z.array(z.string()),
      at: z.number(),
    }),
  ),
  lastIntent: z.nullable(z.enum(REPLY_INTENTS)),
  openQuestions: z._default(z.array(z.string()), []),
  rateAsked: z._default(z.boolean(), false),
  createdAt: z.number(),
  updatedAt: z.number(),
}) satisfies z.ZodMiniType<Negotiation>;

/** The stored envelope. The version is checked: a version this code does not know is refused. */
export const StoredNegotiationCodec = z.strictObject({
  v: z.literal(1),
  data: NegotiationDataCodec,
});

export const encodeNegotiation = (n: Negotiation) => ({ v: 1 as const, data: n });
