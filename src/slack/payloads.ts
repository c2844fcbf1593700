import * as z from "zod/mini";

/**
 * What Slack POSTs to the three webhooks, as far as Parley reads it. Unknown fields pass; sizes
 * are bounded. Parsed only after the signature was verified.
 */

/** A string of at most `max` characters. */
const upTo = (max: number) => z.string().check(z.maxLength(max));
const id = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));
const url = z.url().check(z.maxLength(2000));

/** A slash command (application/x-www-form-urlencoded). */
export const CommandFormSchema = z.object({
  command: upTo(100),
  text: z._default(upTo(4000), ""),
  user_id: id,
  user_name: z.optional(upTo(200)),
  team_id: id,
  channel_id: z.optional(upTo(64)),
  response_url: url,
  trigger_id: z.optional(upTo(500)),
});

const UserSchema = z.object({
  id,
  username: z.optional(upTo(200)),
  name: z.optional(upTo(200)),
  team_id: z.optional(upTo(64)),
});
const TeamSchema = z.optional(z.nullable(z.object({ id })));

/** Any interaction: enough to route it and check who sent it. */
export const InteractionSchema = z.object({
  type: upTo(100),
  team: TeamSchema,
  user: UserSchema,
});

export const BlockActionsSchema = z.extend(InteractionSchema, {
  type: z.literal("block_actions"),
  trigger_id: z.optional(upTo(500)),
  response_url: z.optional(url),
  actions: z
    .array(z.object({ action_id: upTo(255), value: z.optional(upTo(2000)) }))
    .check(z.minLength(1), z.maxLength(25)),
});
export type BlockActions = z.infer<typeof BlockActionsSchema>;

export const ViewSubmissionSchema = z.extend(InteractionSchema, {
  type: z.literal("view_submission"),
  view: z.object({
    callback_id: upTo(255),
    private_metadata: z._default(upTo(3000), ""),
    state: z.object({
      values: z.record(
        z.string(),
        z.record(z.string(), z.object({ value: z.optional(z.nullable(upTo(10_000))) })),
      ),
    }),
  }),
});

/**
 * The edit modal's private_metadata: the button value ({n, id}) plus the response_url of the
 * message it was opened from (`r`), so a refused edit can still be answered to the person.
 */
export const EditModalMetadataSchema = z.object({
  n: id.check(z.maxLength(128)),
  id: z.string().check(z.minLength(1), z.maxLength(500)),
  r: z.optional(url),
});

/** The Events API envelope. */
export const EventEnvelopeSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("url_verification"),
    challenge: z.string().check(z.minLength(1), z.maxLength(500)),
  }),
  z.object({ type: z.literal("event_callback"), team_id: id, event_id: id }),
  z.object({ type: z.literal("app_rate_limited"), team_id: z.optional(id) }),
]);
