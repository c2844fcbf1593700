import { type SlackApi, SlackApiError } from "../adapters/slack/web-api";
import type { SlackUser } from "../queues/messages";

/**
 * Who acted, for the audit trail: `user:<email>` when Slack knows the person's email, else
 * `user:slack:<id>`. A lookup Slack refuses for good (missing scope, deleted user) falls back to
 * the id; a transient failure throws, so the queue retries before anything is done.
 */
export async function slackActor(api: SlackApi, user: SlackUser): Promise<string> {
  try {
    const email = await api.userEmail(user.id);
    if (email) return `user:${email.toLowerCase()}`;
  } catch (error) {
    if (!(error instanceof SlackApiError) || error.retryable) throw error;
  }
  return `user:slack:${user.id}`;
}

/** Answers a person on a response_url; a URL Slack no longer takes is logged, not retried. */
export async function respondEphemeral(
  api: SlackApi,
  responseUrl: string,
  message: { text: string; blocks?: unknown[] },
): Promise<void> {
  try {
    await api.respond(responseUrl, {
      ...message,
      response_type: "ephemeral",
      replace_original: false,
    });
  } catch (error) {
    if (!(error instanceof SlackApiError) || error.retryable) throw error;
    console.warn(JSON.stringify({ msg: "slack response_url refused", error: error.message }));
  }
}
