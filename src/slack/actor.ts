import { type SlackApi, SlackApiError } from "../adapters/slack/web-api";
import { recordSecurityEvent } from "../audit/security-events";
import { roleOfPerson } from "../auth/people";
import { roleAtLeast } from "../auth/roles";
import { type Env, requireConfig } from "../env";
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

/**
 * Answers a person on a response_url. The command it reports on has already run, so a failure
 * here (after the adapter's own retries) is logged, never thrown: a queue retry would run the
 * command again and report "already paused" instead of "paused".
 */
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
    console.warn(
      JSON.stringify({
        msg: "slack response_url failed; the answer is lost, the command stands",
        retryable: error instanceof SlackApiError ? error.retryable : null,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
}

/**
 * Whether a Slack user may act (approve, edit, take over, pause, stop): the role of their email,
 * from ACCESS_ROLES and the roles table, must be operator or above. Without an email or a role they
 * may still read (`/parley status`, `/parley audit`). A refusal is a security event.
 */
export async function mayActInSlack(
  env: Env,
  actor: string,
  what: { action: string; userId: string; requestId: string | null },
  needs: "operator" | "admin" = "operator",
): Promise<boolean> {
  const email = actor.startsWith("user:slack:") ? null : actor.replace(/^user:/, "");
  const role = email ? await roleOfPerson(env.DB, requireConfig(env).ACCESS_ROLES, email) : null;
  if (roleAtLeast(role, needs)) return true;
  await recordSecurityEvent(env, {
    kind: "permission_denied",
    source: "slack",
    reason: `needs_${needs}`,
    route: null,
    ip: null,
    actor,
    requestId: what.requestId,
    details: { action: what.action, userId: what.userId, role },
  });
  return false;
}

export const NEEDS_OPERATOR =
  "you need the operator role in Parley for that (your email has none); ask an admin. You can still use `/parley status` and `/parley audit`.";

export const NEEDS_ADMIN =
  "you need the admin role in Parley for that; ask an admin (or use `POST /api/settings/pause`).";
