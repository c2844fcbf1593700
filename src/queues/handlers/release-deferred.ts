import { negotiationStub } from "../../negotiation/client";
import type { Handler } from "../handler";

/**
 * A mailbox's bounce pause was lifted: the negotiation's email it held back goes to the send gate
 * now instead of at its next check. Idempotent: a negotiation with nothing waiting does nothing.
 */
export const handleReleaseDeferred: Handler<"release_deferred"> = async (m, ctx) => {
  await negotiationStub(ctx.env, m.negotiationId)?.releaseDeferred();
};
