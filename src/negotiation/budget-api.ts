import * as z from "zod/mini";

/**
 * The campaign budget object's RPC surface: what `CampaignBudgetObject` implements and callers see
 * through `Env.BUDGETS` and `budgetStub`. Its callers are the negotiation object and the queue
 * consumer, so malformed input throws (a TypeError: the consumer dead-letters it at once).
 */
export interface CampaignBudgetApi {
  /** What this negotiation may commit without breaking the budget. */
  available(input: AvailableInput): Promise<number>;
  /** Sets this negotiation's commitment; refused (false) when it would break the budget. */
  reserve(input: ReserveInput): Promise<boolean>;
  /** Idempotent: the queue may deliver it more than once. null releases the commitment. */
  set(input: SetCommitmentInput): Promise<void>;
  total(): Promise<number>;
}

const negotiationId = z.string().check(z.minLength(1), z.maxLength(200));
const cents = z.int().check(z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER));

export const AvailableSchema = z.strictObject({ negotiationId, budgetCents: cents });
export type AvailableInput = z.input<typeof AvailableSchema>;

export const ReserveSchema = z.strictObject({
  negotiationId,
  budgetCents: cents,
  amountCents: cents,
});
export type ReserveInput = z.input<typeof ReserveSchema>;

export const SetCommitmentSchema = z.strictObject({
  negotiationId,
  amountCents: z.nullable(cents),
});
export type SetCommitmentInput = z.input<typeof SetCommitmentSchema>;
