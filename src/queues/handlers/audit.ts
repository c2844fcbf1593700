import type { Handler } from "../handler";

/**
 * An audit event, recorded once by its id. A row queued without a request id gets the message's
 * (the consumer gives every message one), so every audit row names the work that caused it.
 */
export const handleAudit: Handler<"audit"> = (m, ctx) =>
  ctx.audit.record({ ...m.event, requestId: m.event.requestId ?? m.requestId });
