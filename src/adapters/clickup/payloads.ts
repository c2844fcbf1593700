import * as z from "zod";

/** The parts of ClickUp's API v2 shapes Parley reads; everything else is ignored. */

export const ClickUpWebhookSchema = z.looseObject({
  event: z.string().min(1).max(100),
  task_id: z.string().min(1).max(100).optional(),
  webhook_id: z.string().min(1).max(100),
  history_items: z
    .array(z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) }))
    .max(500)
    .optional(),
});
export type ClickUpWebhook = z.infer<typeof ClickUpWebhookSchema>;

const OptionSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  label: z.string().nullish(),
  orderindex: z.union([z.number(), z.string()]).nullish(),
});

export const ClickUpCustomFieldSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  type_config: z.looseObject({ options: z.array(OptionSchema).optional() }).nullish(),
  value: z.unknown().optional(),
});
export type ClickUpCustomField = z.infer<typeof ClickUpCustomFieldSchema>;

export const ClickUpTaskSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.looseObject({ status: z.string() }).nullish(),
  list: z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) }).nullish(),
  custom_fields: z.array(ClickUpCustomFieldSchema).default([]),
});
export type ClickUpTask = z.infer<typeof ClickUpTaskSchema>;
