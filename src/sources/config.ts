import * as z from "zod/mini";
import "../zod-config";
import { SOURCE_CAMPAIGN_FIELDS, type SourceCampaignField } from "../domain/campaign-fields";
import type { CampaignStatusAction } from "../ports/campaign-source";

/**
 * Configuration of the campaign and creator sources (ClickUp, Google Sheets), spread into the
 * Worker's ConfigSchema. With none of it set nothing changes; half of a source set is refused
 * (fail closed) with a message naming what is missing.
 */

const optionalText = z.pipe(
  z.optional(z.string().check(z.trim())),
  z.transform((v) => v || undefined),
);

/** An issue raised from inside a transform (mini's transforms have no addIssue). */
const fail = (ctx: z.core.ParsePayload, message: string) =>
  ctx.issues.push({ code: "custom", message, input: ctx.value });

/** Field names compared the way people type them: case, spaces and punctuation ignored. */
export const fieldKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

export const DEFAULT_CLICKUP_FIELD_MAP: Record<string, SourceCampaignField> = {
  "CPM Target": "cpmTargetCents",
  Leniency: "leniencyPct",
  Budget: "budgetCents",
  "Deliverable Tiers": "deliverableTiers",
  "Usage Rights": "usageRights",
  Product: "product",
  Brief: "brief",
  Autonomy: "autonomy",
  "Creators Sheet": "sheetUrl",
  "Sheet Tab": "sheetTab",
};

export const CAMPAIGN_STATUS_ACTIONS = [
  "pause",
  "stop",
  "resume",
] as const satisfies readonly CampaignStatusAction[];

export const DEFAULT_CLICKUP_STATUS_ACTIONS: Record<string, CampaignStatusAction> = {
  "on hold": "pause",
  paused: "pause",
  cancelled: "stop",
  canceled: "stop",
  "in progress": "resume",
  active: "resume",
};

/** A JSON object in a var, its keys normalized with `key` and its values checked by `values`. */
function jsonMap<V extends string>(
  name: string,
  values: readonly V[],
  fallback: Record<string, V>,
  key: (k: string) => string,
) {
  return z.pipe(
    z.optional(z.string()),
    z.transform((text, ctx): Map<string, { label: string; value: V }> => {
      let object: unknown = fallback;
      if (text?.trim()) {
        try {
          object = JSON.parse(text);
        } catch {
          fail(ctx, `${name} must be a JSON object`);
          return z.NEVER;
        }
      }
      if (typeof object !== "object" || object === null || Array.isArray(object)) {
        fail(ctx, `${name} must be a JSON object`);
        return z.NEVER;
      }
      const map = new Map<string, { label: string; value: V }>();
      for (const [label, value] of Object.entries(object)) {
        if (!values.includes(value as V)) {
          fail(
            ctx,
            `${name}: "${label}" maps to "${String(value)}", not one of ${values.join(", ")}`,
          );
          continue;
        }
        map.set(key(label), { label, value: value as V });
      }
      return map;
    }),
  );
}

const ServiceAccountKeySchema = z.object({
  client_email: z.email(),
  private_key: z.string().check(z.includes("PRIVATE KEY")),
});
export type ServiceAccountKey = z.infer<typeof ServiceAccountKeySchema>;

export const SourcesConfigShape = {
  /** ClickUp (optional): a personal or app token, the webhook's secret and the list to follow. */
  CLICKUP_API_TOKEN: optionalText,
  CLICKUP_WEBHOOK_SECRET: optionalText,
  CLICKUP_LIST_ID: optionalText,
  CLICKUP_API_BASE_URL: z._default(z.url(), "https://api.clickup.com/api/v2"),
  /** ClickUp custom field name → campaign field. */
  CLICKUP_FIELD_MAP: jsonMap(
    "CLICKUP_FIELD_MAP",
    SOURCE_CAMPAIGN_FIELDS,
    DEFAULT_CLICKUP_FIELD_MAP,
    fieldKey,
  ),
  /** ClickUp task status → what happens to the campaign. */
  CLICKUP_STATUS_ACTIONS: jsonMap(
    "CLICKUP_STATUS_ACTIONS",
    CAMPAIGN_STATUS_ACTIONS,
    DEFAULT_CLICKUP_STATUS_ACTIONS,
    (k) => k.trim().toLowerCase(),
  ),
  /** Google Sheets (optional): the service account's JSON key. */
  GOOGLE_SERVICE_ACCOUNT_KEY: z.pipe(
    optionalText,
    z.transform((text, ctx) => {
      if (text === undefined) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        fail(ctx, "GOOGLE_SERVICE_ACCOUNT_KEY must be the service account's JSON key file");
        return z.NEVER;
      }
      const key = ServiceAccountKeySchema.safeParse(parsed);
      if (key.success) return key.data;
      // The key is a secret: name what is wrong, never echo it.
      fail(ctx, "GOOGLE_SERVICE_ACCOUNT_KEY needs client_email and private_key (a PEM key)");
      return z.NEVER;
    }),
  ),
  GOOGLE_SHEETS_API_BASE_URL: z._default(z.url(), "https://sheets.googleapis.com"),
  /** Minutes between two polls of a campaign's sheet; 0 polls on every cron tick. */
  SHEETS_POLL_MINUTES: z._default(
    z.coerce.number().check(z.int(), z.minimum(0), z.maximum(10_080)),
    60,
  ),
};

export function checkSourcesConfig(
  c: { CLICKUP_API_TOKEN?: string; CLICKUP_WEBHOOK_SECRET?: string; CLICKUP_LIST_ID?: string },
  ctx: z.core.$RefinementCtx,
): void {
  if (!c.CLICKUP_API_TOKEN && !c.CLICKUP_WEBHOOK_SECRET && !c.CLICKUP_LIST_ID) return;
  const needed = [
    ["CLICKUP_API_TOKEN", "wrangler secret put CLICKUP_API_TOKEN"],
    ["CLICKUP_WEBHOOK_SECRET", "wrangler secret put CLICKUP_WEBHOOK_SECRET"],
    ["CLICKUP_LIST_ID", "a var in wrangler.toml"],
  ] as const;
  for (const [key, how] of needed) {
    if (!c[key])
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `${key} is required when ClickUp is configured (${how})`,
      });
  }
}
