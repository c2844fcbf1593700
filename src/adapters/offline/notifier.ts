import type { Notifier } from "../../ports/notifier";

/**
 * Without Slack: the dashboard's inbox (`GET /api/notifications`, kept in D1 by the consumer
 * whatever the notifier) is where the team reads notifications, so there is nothing to post or
 * edit.
 */
export class OfflineNotifier implements Notifier {
  async post(): Promise<void> {}

  async markResolved(): Promise<void> {}
}
