import * as z from "zod/mini";

/** One audit row, as produced by the negotiation object or the Worker. `id` is its idempotency key. */
export const AuditEventSchema = z.object({
  id: z.string().check(z.minLength(1)),
  at: z.string(),
  type: z.string().check(z.minLength(1)),
  campaignId: z.nullable(z.string()),
  negotiationId: z.nullable(z.string()),
  creatorName: z.nullable(z.string()),
  creatorEmail: z.nullable(z.string()),
  actor: z.string().check(z.minLength(1)),
  stateFrom: z.nullable(z.string()),
  stateTo: z.nullable(z.string()),
  amountCents: z.nullable(z.int()),
  requestId: z.nullable(z.string()),
  data: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/** An audit row about no particular negotiation (or only partly about one): the rest is null. */
export function systemAuditEvent(
  e: Pick<AuditEvent, "id" | "at" | "type" | "requestId" | "data"> & Partial<AuditEvent>,
): AuditEvent {
  return {
    campaignId: null,
    negotiationId: null,
    creatorName: null,
    creatorEmail: null,
    actor: "system",
    stateFrom: null,
    stateTo: null,
    amountCents: null,
    ...e,
  };
}

/**
 * Where the audit trail is kept. `record` is idempotent: an event whose id is already recorded
 * changes nothing (redeliveries and retries record each event once).
 */
export interface AuditSink {
  record(event: AuditEvent): Promise<void>;
}
