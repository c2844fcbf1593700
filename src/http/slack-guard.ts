import type { Context } from "hono";
import { claimSlackNonce, type SlackVerifyFailure, verifySlackSignature } from "../slack/verify";
import type { AppEnv } from "./context";
import { ApiError } from "./errors";
import { securityEvent as recordRefusal } from "./security-events";

/** Authentication and authorisation of Slack's requests, shared by the three Slack webhooks. */

export type SlackRoute = "commands" | "interactions" | "events";
type SlackFailure = SlackVerifyFailure | "replayed" | "team_not_allowed" | "user_not_allowed";
type Ctx = Context<AppEnv>;

/** The raw body, once its signature verified and it was not seen before; else 401 (audited). */
export async function verified(c: Ctx, route: SlackRoute): Promise<string> {
  // Bytes, not text: the signature covers exactly what was sent.
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const signature = c.req.header("x-slack-signature");
  const now = Date.now();
  const verdict = await verifySlackSignature({
    signingSecret: c.var.config.SLACK_SIGNING_SECRET ?? "",
    timestamp: c.req.header("x-slack-request-timestamp"),
    signature,
    rawBody: bytes,
    now,
  });
  const reason: SlackFailure | null = !verdict.ok
    ? verdict.reason
    : (await claimSlackNonce(c.env.DB, `sig:${signature?.trim().toLowerCase()}`, now))
      ? null
      : "replayed";
  if (reason === null) return new TextDecoder().decode(bytes);
  securityEvent(c, route, reason);
  // The reason goes to the audit trail, not to the caller.
  throw new ApiError("unauthorized", "A valid Slack request signature is required.");
}

/** The configured workspace and (when listed) user; anything else is refused and audited. */
export function allowed(
  c: Ctx,
  route: SlackRoute,
  teamId: string | null,
  userId: string | null,
): boolean {
  const config = c.var.config;
  if (config.SLACK_TEAM_ID && teamId !== config.SLACK_TEAM_ID) {
    securityEvent(c, route, "team_not_allowed", { teamId, userId });
    return false;
  }
  const users = config.SLACK_ALLOWED_USER_IDS;
  if (userId !== null && users.length > 0 && !users.includes(userId)) {
    securityEvent(c, route, "user_not_allowed", { teamId, userId });
    return false;
  }
  return true;
}

function securityEvent(
  c: Ctx,
  route: SlackRoute,
  reason: SlackFailure,
  who: { teamId: string | null; userId: string | null } | null = null,
): void {
  recordRefusal(c, {
    kind: "webhook_refused",
    source: "slack",
    route: `/webhooks/slack/${route}`,
    reason,
    // A refused Slack user is signed by Slack, so the bound counts per user, not per address.
    ...(who ? { details: who, client: `slack:${who.userId ?? who.teamId}` } : {}),
  });
}

/** Unique per accepted request: its signature, which is never accepted twice. */
export async function requestKey(c: Ctx): Promise<string> {
  const signature = c.req.header("x-slack-signature") ?? crypto.randomUUID();
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(signature));
  return [...new Uint8Array(digest).slice(0, 16)]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}
