import { and, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { slackMessages } from "../../db/schema";
import type { Config } from "../../env";
import type { Notification, Notifier, Resolution } from "../../ports/notifier";
import { notificationMessage, resolvedMessage } from "../../slack/blocks";
import { type SlackApi, SlackApiError, slackApi } from "./web-api";

/** The metadata every notification post carries, so a lost answer can be found in the channel. */
const NOTIFICATION_EVENT_TYPE = "parley_notification";

/** How far before the row's first attempt the channel history is searched (clock skew). */
const LOOKUP_SLACK_SECONDS = 300;

/** Edits of a message that is gone (deleted in Slack) have nothing left to do. */
const GONE = new Set(["message_not_found", "cant_update_message", "channel_not_found"]);

function channelFor(config: Config, kind: string): string | undefined {
  if (kind === "approval_needed") return config.SLACK_CHANNEL_APPROVALS;
  if (kind === "agreement") return config.SLACK_CHANNEL_AGREEMENTS;
  return config.SLACK_CHANNEL_ESCALATIONS;
}

const metadataFor = (n: Notification) => ({
  event_type: NOTIFICATION_EVENT_TYPE,
  event_payload: { key: n.id },
});

const oldestFor = (postedAt: string) => {
  const ms = Date.parse(postedAt);
  return Number.isFinite(ms) ? `${Math.floor(ms / 1000) - LOOKUP_SLACK_SECONDS}.000000` : undefined;
};

/**
 * Notifications in Slack: each kind in its channel, in Block Kit (`src/slack/blocks.ts`), edited
 * to its settled form when resolved. Exactly once per notification id on at-least-once delivery:
 * a `slack_messages` row is written before posting and gets the ts after. A redelivery finding
 * the ts edits the message; one finding a row without ts (an earlier attempt may have posted,
 * then died) looks the message up by its metadata before posting.
 */
export class SlackNotifier implements Notifier {
  private readonly api: SlackApi;

  constructor(
    private readonly db: D1Database,
    private readonly config: Config,
    api?: SlackApi,
  ) {
    this.api = api ?? slackApi(config);
  }

  async post(n: Notification): Promise<void> {
    const channel = channelFor(this.config, n.kind);
    if (!channel) return;
    const db = drizzle(this.db);
    const message = notificationMessage(n, { dashboardUrl: this.config.DASHBOARD_URL });
    const claimed = await db
      .insert(slackMessages)
      .values({ notificationId: n.id, channel, ts: null, postedAt: new Date().toISOString() })
      .onConflictDoNothing()
      .returning();
    const row =
      claimed[0] ??
      (await db.select().from(slackMessages).where(eq(slackMessages.notificationId, n.id)).get());
    if (!row) throw new SlackApiError(`slack_messages row for ${n.id} vanished`, true);

    if (row.ts) {
      // Already shown in its resolved form: re-rendering the open form would bring buttons back.
      if (row.updatedAt) return;
      await updateIfPresent(this.api, { channel: row.channel, ts: row.ts, ...message });
      return;
    }
    if (!claimed[0]) {
      const found = await this.api.findByMetadata({
        channel: row.channel,
        eventType: NOTIFICATION_EVENT_TYPE,
        key: n.id,
        oldest: oldestFor(row.postedAt),
      });
      if (found) {
        await this.saveTs(n.id, row.channel, found.ts);
        return;
      }
    }
    const posted = await this.api.postMessage({
      channel: row.channel,
      ...message,
      metadata: metadataFor(n),
    });
    await this.saveTs(n.id, posted.channel, posted.ts);
  }

  /** Edits the posted message (if any) to its resolved form: buttons removed, who/what/when shown. */
  async markResolved(n: Notification, resolution: Resolution): Promise<void> {
    const db = drizzle(this.db);
    const row = await db
      .select()
      .from(slackMessages)
      .where(eq(slackMessages.notificationId, n.id))
      .get();
    // Never posted: nothing to edit (a post still to come checks the resolution itself).
    if (!row) return;
    let ts = row.ts;
    if (!ts) {
      // An attempt may have posted and died before saving the ts.
      const found = await this.api.findByMetadata({
        channel: row.channel,
        eventType: NOTIFICATION_EVENT_TYPE,
        key: n.id,
        oldest: oldestFor(row.postedAt),
      });
      if (!found) return;
      ts = found.ts;
      await this.saveTs(n.id, row.channel, ts);
    }
    const message = resolvedMessage(n, resolution, { dashboardUrl: this.config.DASHBOARD_URL });
    await updateIfPresent(this.api, { channel: row.channel, ts, ...message });
    await db
      .update(slackMessages)
      .set({ updatedAt: new Date().toISOString() })
      .where(eq(slackMessages.notificationId, n.id));
  }

  private async saveTs(notificationId: string, channel: string, ts: string): Promise<void> {
    await drizzle(this.db)
      .update(slackMessages)
      .set({ ts, channel })
      .where(and(eq(slackMessages.notificationId, notificationId), isNull(slackMessages.ts)));
  }
}

async function updateIfPresent(
  api: SlackApi,
  input: Parameters<SlackApi["update"]>[0],
): Promise<void> {
  try {
    await api.update(input);
  } catch (error) {
    if (error instanceof SlackApiError && error.code && GONE.has(error.code)) {
      console.warn(
        JSON.stringify({ msg: "slack message gone, not edited", ts: input.ts, code: error.code }),
      );
      return;
    }
    throw error;
  }
}
