import type { Handler } from "../handler";

/** An audit event, recorded once by its id. */
export const handleAudit: Handler<"audit"> = (m, ctx) => ctx.audit.record(m.event);
