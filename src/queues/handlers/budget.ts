import { budgetStub } from "../../negotiation/client";
import type { Handler } from "../handler";

/** A negotiation ended: its campaign budget keeps what it agreed (or frees its reservation). */
export const handleBudget: Handler<"budget"> = async (m, ctx) => {
  await budgetStub(ctx.env, m.campaignId).set({
    negotiationId: m.negotiationId,
    amountCents: m.amountCents,
  });
};
