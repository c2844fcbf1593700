import type { Env } from "../env";
import type { AuditEvent } from "../ports/audit-sink";
import { createAuditSink } from "../services";

/** Records an audit event once (the id is its idempotency key) through the configured sink. */
export function writeAudit(env: Env, event: AuditEvent): Promise<void> {
  return createAuditSink(env).record(event);
}
