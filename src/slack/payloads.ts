import * as z from "zod";

/**
 * What Slack POSTs to the three webhooks, as far as Parley reads it. Unknown fields pass; sizes
 * are bounded. Parsed only after the signature was verified.
 */

const id = z.string().trim().min(1).max(64);
const url = z.url().max(2000);

/** A slash command (application/x-www-form-urlencoded). */
export const CommandFormSchema = z.object({
  command: z.string().max(100),
  text: z.string().max(4000).default(""),
  user_id: id,
  user_name: z.string().max(200).optional(),
  team_id: id,
  channel_id: z.string().max(64).optional(),
  response_url: url,
  trigger_id: z.string().max(500).optional(),
});

const UserSchema = z.object({
  id,
  username: z.string().max(200).optional(),
  name: z.string().max(200).optional(),
  team_id: z.string().max(64).optional(),
});
const TeamSchema = z.object({ id }).nullable().optional();

/** Any interaction: enough to route it and check who sent it. */
export const InteractionSchema = z.object({
  type: z.string().max(100),
  team: TeamSchema,
  user: UserSchema,
});

export const BlockActionsSchema = InteractionSchema.extend({
  type: z.literal("block_actions"),
  trigger_id: z.string().max(500).optional(),
  response_url: url.optional(),
  actions: z
    .array(z.object({ action_id: z.string().max(255), value: z.string().max(2000).optional() }))
    .min(1)
    .max(25),
});
export type BlockActions = z.infer<typeof BlockActionsSchema>;

export const ViewSubmissionSchema = InteractionSchema.extend({
  type: z.literal("view_submission"),
  view: z.object({
    callback_id: z.string().max(255),
    private_metadata: z.string().max(3000).default(""),
    state: z.object({
      values: z.record(
        z.string(),
        z.record(z.string(), z.object({ value: z.string().max(10_000).nullable().optional() })),
      ),
    }),
  }),
});

/**
 * The edit modal's private_metadata: the button value ({n, id}) plus the response_url of the
 * message it was opened from (`r`), so a refused edit can still be answered to the person.
 */
export const EditModalMetadataSchema = z.object({
  n: id.max(128),
  id: z.string().min(1).max(500),
  r: url.optional(),
});

/** The Events API envelope. */
export const EventEnvelopeSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("url_verification"), challenge: z.string().min(1).max(500) }),
  z.object({ type: z.literal("event_callback"), team_id: id, event_id: id }),
  z.object({ type: z.literal("app_rate_limited"), team_id: id.optional() }),
]);
