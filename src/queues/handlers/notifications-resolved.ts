import type { Handler } from "../handler";
import { resolveNotifications } from "../notifications";

/** Notifications settled: marked in the inbox and shown settled by the notifier. */
export const handleNotificationsResolved: Handler<"notifications_resolved"> = (m, ctx) =>
  resolveNotifications(ctx.env.DB, ctx.services.notifier, m);
