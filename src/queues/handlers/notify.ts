import type { Handler } from "../handler";
import { storeAndPost } from "../notifications";

/** A team notification: into the inbox (D1), then to the notifier (Slack when configured). */
export const handleNotify: Handler<"notify"> = (m, ctx) =>
  storeAndPost(ctx.env.DB, ctx.services.notifier, m.notification);
