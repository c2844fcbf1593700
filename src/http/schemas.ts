import * as z from "zod/mini";
import { DEFAULT_AUTO_SEND } from "../domain/autonomy";
import { validTierShares } from "../domain/concession";
import { isValidTimeZone, parseSendWindow } from "../domain/schedule";
import { AUTONOMY_LEVELS, EMAIL_PURPOSES, WEEKDAYS } from "../domain/types";
import { CreatorSchema } from "../negotiation/types";

/** Trimmed text of 1 to `max` characters (checked after the trim). */
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
/** An integer from `min` to `max`. */
const int = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));

const cents = int(0, 1_000_000_000_00);
const optionalCents = z._default(z.nullable(cents), null);

const SendWindowSchema = z
  .object({
    days: z.array(z.enum(WEEKDAYS)).check(z.minLength(1), z.maxLength(7)),
    start: z.string(),
    end: z.string(),
  })
  .check(
    z.superRefine((w, ctx) => {
      const parsed = parseSendWindow(w);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
    }),
  );

const isoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD"),
  z.refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "not a real date"),
);

/** What Parley may tell creators beyond the money (see CampaignBrief). */
export const CampaignBriefSchema = z.strictObject({
  postingWindow: z._default(
    z.nullable(
      z
        .object({ start: isoDate, end: isoDate })
        .check(z.refine((w) => w.start <= w.end, { message: "start must not be after end" })),
    ),
    null,
  ),
  revisionRounds: z._default(z.nullable(int(0, 5)), null),
  contentApproval: z._default(z.boolean(), false),
  exclusivity: z._default(z.nullable(z.object({ days: int(1, 3650), category: text(100) })), null),
  productDetails: z._default(z.nullable(text(1000)), null),
  faq: z._default(
    z.array(z.object({ question: text(300), answer: text(1000) })).check(z.maxLength(20)),
    [],
  ),
});

export const CampaignInputSchema = z
  .strictObject({
    name: text(200),
    cpmTargetCents: z._default(z.nullable(cents.check(z.minimum(1))), null),
    leniencyPct: z._default(z.nullable(z.number().check(z.minimum(0), z.maximum(1000))), null),
    minCostPerCreatorCents: optionalCents,
    maxCostWithoutApprovalCents: optionalCents,
    budgetCents: optionalCents,
    deliverableTiers: z._default(z.array(text(300)).check(z.minLength(1), z.maxLength(3)), [
      "1 Instagram Reel + 2 Stories",
      "1 Instagram Reel",
      "3 Instagram Stories",
    ]),
    tierShares: z
      .optional(
        z.array(int(1, 100)).check(
          z.minLength(1),
          z.maxLength(3),
          z.refine(validTierShares, {
            message:
              "tierShares must start at 100 and never rise (percent of the full-package price)",
          }),
        ),
      )
      .check(
        z.meta({
          description:
            "Price of each deliverable tier in % of the full-package price, one per tier; default [100, 70, 50].",
        }),
      ),
    usageRights: z._default(
      z.nullable(
        z.object({ targetDays: int(1, 3650), minimumDays: int(1, 3650) }).check(
          z.refine((u) => u.minimumDays <= u.targetDays, {
            message: "minimumDays must not exceed targetDays",
          }),
        ),
      ),
      null,
    ),
    product: z._default(z.nullable(z.object({ description: text(300), valueCents: cents })), null),
    syndication: z._default(z.boolean(), false),
    autonomy: z._default(z.enum(AUTONOMY_LEVELS), "review"),
    maxRounds: z._default(int(1, 20), 5),
    sendWindow: z._default(z.nullable(SendWindowSchema), {
      days: ["mon", "tue", "wed", "thu", "fri"],
      start: "09:00",
      end: "17:00",
    }),
    followUps: z._default(
      z.object({ afterBusinessDays: z.array(int(1, 30)).check(z.maxLength(5)) }),
      {
        afterBusinessDays: [2, 4],
      },
    ),
    approvalWindowMinutes: z._default(int(1, 7 * 24 * 60), 60),
    autoSend: z._default(
      z.strictObject({
        maxAmountCents: optionalCents,
        minConfidence: z._default(
          z.number().check(z.minimum(0), z.maximum(1)),
          DEFAULT_AUTO_SEND.minConfidence,
        ),
        purposes: z._default(
          z.array(z.enum(EMAIL_PURPOSES)).check(z.maxLength(EMAIL_PURPOSES.length)),
          [...DEFAULT_AUTO_SEND.purposes],
        ),
      }),
      { ...DEFAULT_AUTO_SEND, purposes: [...DEFAULT_AUTO_SEND.purposes] },
    ),
    paymentTerms: z.optional(text(300)),
    brief: z._default(z.nullable(CampaignBriefSchema), null),
    mailboxes: z
      ._default(
        z.nullable(
          z.array(z.email().check(z.maxLength(320))).check(z.minLength(1), z.maxLength(200)),
        ),
        null,
      )
      .check(
        z.meta({
          description:
            "The campaign's pool: addresses of configured sending mailboxes (SENDING_MAILBOXES); null sends from every one. Each negotiation keeps the mailbox it started with.",
        }),
      ),
    externalId: z._default(z.nullable(text(200)), null),
    sheetUrl: z
      ._default(
        z.nullable(
          z
            .url({ protocol: /^https$/, error: "sheetUrl must be an https URL of a Google Sheet" })
            .check(z.maxLength(2000)),
        ),
        null,
      )
      .check(
        z.meta({
          description: "The Google Sheet listing the campaign's creators, polled by the cron.",
        }),
      ),
    sheetTab: z._default(z.nullable(text(200)), null).check(
      z.meta({
        description: "The sheet's tab (matched case-insensitively); default the URL's tab.",
      }),
    ),
  })
  .check(
    z.refine(
      (c) => c.tierShares === undefined || c.tierShares.length === c.deliverableTiers.length,
      { message: "tierShares needs one share per deliverable tier", path: ["tierShares"] },
    ),
  );
export type CampaignInput = z.infer<typeof CampaignInputSchema>;

export const StartNegotiationSchema = z.strictObject({
  creator: z.extend(CreatorSchema, {
    timezone: z._default(z.string(), "America/New_York").check(
      z.refine(isValidTimeZone, {
        message: "timezone must be an IANA time zone, e.g. America/New_York",
      }),
    ),
  }),
});

/**
 * Commands used to take the person acting in `actor`. The actor is now the verified identity:
 * the field is still accepted, so old clients keep working, and ignored.
 */
export const ActorSchema = z.object({
  actor: z.optional(text(200)).check(
    z.meta({
      description: "Ignored: the actor is the verified identity (kept for old clients).",
    }),
  ),
});
export const ApproveSchema = z.extend(ActorSchema, {
  text: z.optional(z.string().check(z.minLength(1), z.maxLength(20_000))),
});
export const RejectSchema = z.extend(ActorSchema, { reason: text(2000) });
export const AnswerSchema = z.extend(ActorSchema, { text: text(5000) });

/** At most this many creators per import request; beyond it the whole request is refused. */
export const MAX_IMPORT_ROWS = 1000;

const ImportCellSchema = z.union([
  z.string().check(z.maxLength(2000)),
  z.number(),
  z.boolean(),
  z.null(),
]);

/**
 * One creator of a JSON import. Values are read like spreadsheet cells ("50k", "4.5%", "YouTube",
 * 0 or "" for not provided) and other column spellings are accepted ("Creator Name", "avg views").
 */
export const ImportRowSchema = z
  .looseObject({
    name: z.optional(ImportCellSchema),
    email: z.optional(ImportCellSchema),
    platform: z.optional(ImportCellSchema),
    handle: z.optional(ImportCellSchema),
    averageViews: z.optional(ImportCellSchema),
    engagementRate: z.optional(ImportCellSchema),
    timezone: z.optional(ImportCellSchema),
  })
  .check(
    z.meta({ description: "A creator row; bad values make this row invalid, never the import." }),
  );

const ImportRowsSchema = z.array(ImportRowSchema).check(z.maxLength(MAX_IMPORT_ROWS));

export const CreatorImportJsonSchema = z.union([
  z.strictObject({ creators: ImportRowsSchema }),
  ImportRowsSchema,
]);

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const StopAgencySchema = z.strictObject({
  ...ActorSchema.shape,
  domain: z.string().check(
    z.trim(),
    z.toLowerCase(),
    z.overwrite((d) => d.replace(/^@/, "")),
    z.regex(HOSTNAME, { message: "domain must be a host name such as talentco.com" }),
  ),
});
