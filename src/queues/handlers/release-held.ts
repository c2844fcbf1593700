import { releaseHeldPage } from "../../operations/global-pause";
import type { Handler } from "../handler";
import { enqueue } from "../routes";

/** The global pause was lifted: one page of held negotiations per message, the next queued. */
export const handleReleaseHeld: Handler<"release_held"> = async (m, ctx) => {
  // One page per message: thousands of held negotiations never make one long-running batch.
  if (await releaseHeldPage(ctx.env))
    await enqueue(ctx.env, { ...m, key: `${m.key}:next:${Date.now()}` });
};
