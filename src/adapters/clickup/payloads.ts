import * as z from "zod/mini";

/** The parts of ClickUp's API v2 shapes Parley reads; everything else is ignored. */

const shortText = z.string().check(z.minLength(1), z.maxLength(100));
/** An id ClickUp sends as a string or a number, read as a string. */
const anyId = z.pipe(z.union([z.string(), z.number()]), z.transform(String));

export const ClickUpWebhookSchema = z.looseObject({
  event: shortText,
  task_id: z.optional(shortText),
  webhook_id: shortText,
  history_items: z.optional(z.array(z.looseObject({ id: anyId })).check(z.maxLength(500))),
});
export type ClickUpWebhook = z.infer<typeof ClickUpWebhookSchema>;

const OptionSchema = z.looseObject({
  id: z.string(),
  name: z.nullish(z.string()),
  label: z.nullish(z.string()),
  orderindex: z.nullish(z.union([z.number(), z.string()])),
});

export const ClickUpCustomFieldSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  type_config: z.nullish(z.looseObject({ options: z.optional(z.array(OptionSchema)) })),
  value: z.optional(z.unknown()),
});
export type ClickUpCustomField = z.infer<typeof ClickUpCustomFieldSchema>;

export const ClickUpTaskSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.nullish(z.looseObject({ status: z.string() })),
  list: z.nullish(z.looseObject({ id: anyId })),
  custom_fields: z._default(z.array(ClickUpCustomFieldSchema), []),
});
export type ClickUpTask = z.infer<typeof ClickUpTaskSchema>;
