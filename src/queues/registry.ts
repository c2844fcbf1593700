import type { Handler, HandlerContext } from "./handler";
import { handleAudit } from "./handlers/audit";
import { handleBudget } from "./handlers/budget";
import { handleClickUpTask } from "./handlers/clickup-task";
import { handleEmail } from "./handlers/email";
import { handleGmailPush } from "./handlers/gmail-push";
import { handleNotificationsResolved } from "./handlers/notifications-resolved";
import { handleNotify } from "./handlers/notify";
import { handleProjection } from "./handlers/projection";
import { handleReleaseDeferred } from "./handlers/release-deferred";
import { handleReleaseHeld } from "./handlers/release-held";
import { handleSheetPoll } from "./handlers/sheet-poll";
import { handleSlackAction } from "./handlers/slack-action";
import { handleSlackCommand } from "./handlers/slack-command";
import type { EffectMessage, EffectType } from "./messages";

/**
 * One handler per message type (`handlers/<type>.ts`). A message type without a handler fails to
 * compile. A new type: its schema in `messages.ts`, its lane in `routes.ts`, its handler file and
 * its line here.
 */
export const HANDLERS: { [T in EffectType]: Handler<T> } = {
  email: handleEmail,
  release_held: handleReleaseHeld,
  release_deferred: handleReleaseDeferred,
  gmail_push: handleGmailPush,
  notify: handleNotify,
  notifications_resolved: handleNotificationsResolved,
  slack_action: handleSlackAction,
  slack_command: handleSlackCommand,
  audit: handleAudit,
  projection: handleProjection,
  budget: handleBudget,
  clickup_task: handleClickUpTask,
  sheet_poll: handleSheetPoll,
};

/** Runs a parsed message with the handler of its type. */
export function handle(message: EffectMessage, ctx: HandlerContext): Promise<void> {
  // The map is keyed by type, so this handler takes exactly this message.
  const handler = HANDLERS[message.type] as Handler<EffectType>;
  return handler(message, ctx);
}
