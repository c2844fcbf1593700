import * as z from "zod/mini";

/**
 * The recipient object's RPC surface: one object per recipient address, counting the emails
 * granted to it per UTC day across every sending mailbox, campaign and negotiation
 * (`CREATOR_DAILY_CAP`, RELIABILITY.md "exact outbound budgets per creator/day"). Its caller is
 * the send gate, after the sending mailbox granted a slot on `day`.
 */
export interface RecipientApi {
  /** Counts one outbox email on `day`; idempotent per key; refused once the day holds `cap`. */
  reserve(input: RecipientReserveInput): Promise<{ granted: boolean }>;
}

export const RecipientReserveSchema = z.strictObject({
  /** The outbox key: a retried delivery of the same email asks with the same key. */
  key: z.string().check(z.minLength(1), z.maxLength(500)),
  day: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "a UTC day (YYYY-MM-DD)")),
  cap: z.int().check(z.positive()),
  now: z.optional(z.int().check(z.positive())),
});
export type RecipientReserveInput = z.input<typeof RecipientReserveSchema>;
