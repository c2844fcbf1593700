import * as z from "zod";
import { DEFAULT_AUTO_SEND } from "../domain/autonomy";
import { validTierShares } from "../domain/concession";
import { isValidTimeZone, parseSendWindow } from "../domain/schedule";
import { AUTONOMY_LEVELS, EMAIL_PURPOSES, WEEKDAYS } from "../domain/types";
import { CreatorSchema } from "../negotiation/types";

const cents = z.number().int().min(0).max(1_000_000_000_00);
const optionalCents = cents.nullable().default(null);

const SendWindowSchema = z
  .object({ days: z.array(z.enum(WEEKDAYS)).min(1).max(7), start: z.string(), end: z.string() })
  .superRefine((w, ctx) => {
    const parsed = parseSendWindow(w);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
  });

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "not a real date");

/** What Parley may tell creators beyond the money (see CampaignBrief). */
export const CampaignBriefSchema = z
  .object({
    postingWindow: z
      .object({ start: isoDate, end: isoDate })
      .refine((w) => w.start <= w.end, { message: "start must not be after end" })
      .nullable()
      .default(null),
    revisionRounds: z.number().int().min(0).max(5).nullable().default(null),
    contentApproval: z.boolean().default(false),
    exclusivity: z
      .object({
        days: z.number().int().min(1).max(3650),
        category: z.string().trim().min(1).max(100),
      })
      .nullable()
      .default(null),
    productDetails: z.string().trim().min(1).max(1000).nullable().default(null),
    faq: z
      .array(
        z.object({
          question: z.string().trim().min(1).max(300),
          answer: z.string().trim().min(1).max(1000),
        }),
      )
      .max(20)
      .default([]),
  })
  .strict();

export const CampaignInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    cpmTargetCents: cents.min(1).nullable().default(null),
    leniencyPct: z.number().min(0).max(1000).nullable().default(null),
    minCostPerCreatorCents: optionalCents,
    maxCostWithoutApprovalCents: optionalCents,
    budgetCents: optionalCents,
    deliverableTiers: z
      .array(z.string().trim().min(1).max(300))
      .min(1)
      .max(3)
      .default(["1 Instagram Reel + 2 Stories", "1 Instagram Reel", "3 Instagram Stories"]),
    tierShares: z
      .array(z.number().int().min(1).max(100))
      .min(1)
      .max(3)
      .refine(validTierShares, {
        message: "tierShares must start at 100 and never rise (percent of the full-package price)",
      })
      .optional()
      .meta({
        description:
          "Price of each deliverable tier in % of the full-package price, one per tier; default [100, 70, 50].",
      }),
    usageRights: z
      .object({
        targetDays: z.number().int().min(1).max(3650),
        minimumDays: z.number().int().min(1).max(3650),
      })
      .refine((u) => u.minimumDays <= u.targetDays, {
        message: "minimumDays must not exceed targetDays",
      })
      .nullable()
      .default(null),
    product: z
      .object({ description: z.string().trim().min(1).max(300), valueCents: cents })
      .nullable()
      .default(null),
    syndication: z.boolean().default(false),
    autonomy: z.enum(AUTONOMY_LEVELS).default("review"),
    maxRounds: z.number().int().min(1).max(20).default(5),
    sendWindow: SendWindowSchema.nullable().default({
      days: ["mon", "tue", "wed", "thu", "fri"],
      start: "09:00",
      end: "17:00",
    }),
    followUps: z
      .object({ afterBusinessDays: z.array(z.number().int().min(1).max(30)).max(5) })
      .default({ afterBusinessDays: [2, 4] }),
    approvalWindowMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60),
    autoSend: z
      .object({
        maxAmountCents: optionalCents,
        minConfidence: z.number().min(0).max(1).default(DEFAULT_AUTO_SEND.minConfidence),
        purposes: z
          .array(z.enum(EMAIL_PURPOSES))
          .max(EMAIL_PURPOSES.length)
          .default([...DEFAULT_AUTO_SEND.purposes]),
      })
      .strict()
      .default({ ...DEFAULT_AUTO_SEND, purposes: [...DEFAULT_AUTO_SEND.purposes] }),
    paymentTerms: z.string().trim().min(1).max(300).optional(),
    brief: CampaignBriefSchema.nullable().default(null),
    mailboxes: z.array(z.email().max(320)).min(1).max(200).nullable().default(null).meta({
      description:
        "The campaign's pool: addresses of configured sending mailboxes (SENDING_MAILBOXES); null sends from every one. Each negotiation keeps the mailbox it started with.",
    }),
    externalId: z.string().trim().min(1).max(200).nullable().default(null),
    sheetUrl: z
      .url({ protocol: /^https$/, error: "sheetUrl must be an https URL of a Google Sheet" })
      .max(2000)
      .nullable()
      .default(null)
      .meta({
        description: "The Google Sheet listing the campaign's creators, polled by the cron.",
      }),
    sheetTab: z.string().trim().min(1).max(200).nullable().default(null).meta({
      description: "The sheet's tab (matched case-insensitively); default the URL's tab.",
    }),
  })
  .strict()
  .refine((c) => c.tierShares === undefined || c.tierShares.length === c.deliverableTiers.length, {
    message: "tierShares needs one share per deliverable tier",
    path: ["tierShares"],
  });
export type CampaignInput = z.infer<typeof CampaignInputSchema>;

export const StartNegotiationSchema = z
  .object({
    creator: CreatorSchema.extend({
      timezone: z.string().default("America/New_York").refine(isValidTimeZone, {
        message: "timezone must be an IANA time zone, e.g. America/New_York",
      }),
    }),
  })
  .strict();

/**
 * Commands used to take the person acting in `actor`. The actor is now the verified identity:
 * the field is still accepted, so old clients keep working, and ignored.
 */
export const ActorSchema = z.object({
  actor: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: "Ignored: the actor is the verified identity (kept for old clients)." }),
});
export const ApproveSchema = ActorSchema.extend({ text: z.string().min(1).max(20_000).optional() });
export const RejectSchema = ActorSchema.extend({ reason: z.string().trim().min(1).max(2000) });
export const AnswerSchema = ActorSchema.extend({ text: z.string().trim().min(1).max(5000) });

/** At most this many creators per import request; beyond it the whole request is refused. */
export const MAX_IMPORT_ROWS = 1000;

const ImportCellSchema = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

/**
 * One creator of a JSON import. Values are read like spreadsheet cells ("50k", "4.5%", "YouTube",
 * 0 or "" for not provided) and other column spellings are accepted ("Creator Name", "avg views").
 */
export const ImportRowSchema = z
  .looseObject({
    name: ImportCellSchema.optional(),
    email: ImportCellSchema.optional(),
    platform: ImportCellSchema.optional(),
    handle: ImportCellSchema.optional(),
    averageViews: ImportCellSchema.optional(),
    engagementRate: ImportCellSchema.optional(),
    timezone: ImportCellSchema.optional(),
  })
  .meta({ description: "A creator row; bad values make this row invalid, never the import." });

const ImportRowsSchema = z.array(ImportRowSchema).max(MAX_IMPORT_ROWS);

export const CreatorImportJsonSchema = z.union([
  z.object({ creators: ImportRowsSchema }).strict(),
  ImportRowsSchema,
]);

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const StopAgencySchema = ActorSchema.extend({
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .overwrite((d) => d.replace(/^@/, ""))
    .regex(HOSTNAME, { message: "domain must be a host name such as talentco.com" }),
}).strict();
