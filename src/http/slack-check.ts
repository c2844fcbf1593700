import { SlackApiError, slackApi } from "../adapters/slack/web-api";
import type { Config } from "../env";

const TTL_MS = 5 * 60_000;
let last: { key: string; at: number; result: { ok: boolean; detail: string } } | null = null;

/**
 * Whether the bot token works and belongs to the configured workspace: a revoked token or one
 * from another workspace would silently stop every notification. Cached per isolate for five
 * minutes so /ready stays cheap. Null when Slack is not configured.
 */
export async function checkSlack(
  config: Config,
  fetchImpl?: typeof fetch,
): Promise<{ ok: boolean; detail: string } | null> {
  if (!config.SLACK_BOT_TOKEN) return null;
  const key = `${config.SLACK_API_BASE_URL}|${config.SLACK_BOT_TOKEN}|${config.SLACK_TEAM_ID}`;
  if (last?.key === key && Date.now() - last.at < TTL_MS) return last.result;
  let result: { ok: boolean; detail: string };
  try {
    const me = await slackApi(config, fetchImpl, { timeoutMs: 5000 }).whoAmI();
    result =
      me.teamId === config.SLACK_TEAM_ID
        ? { ok: true, detail: `workspace ${me.teamId}, bot user ${me.userId}` }
        : {
            ok: false,
            detail: `the bot token belongs to workspace ${me.teamId}, not SLACK_TEAM_ID ${config.SLACK_TEAM_ID}`,
          };
  } catch (error) {
    const reason =
      error instanceof SlackApiError && error.code
        ? error.code
        : error instanceof Error
          ? error.message.slice(0, 200)
          : "error";
    result = { ok: false, detail: `Slack refused or did not answer auth.test: ${reason}` };
  }
  last = { key, at: Date.now(), result };
  return result;
}
