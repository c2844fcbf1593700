import { syncMailbox } from "../../gmail/sync";
import type { Handler } from "../handler";

/** A Gmail push: the mailbox is synced from its stored cursor (idempotent). */
export const handleGmailPush: Handler<"gmail_push"> = (m, ctx) =>
  syncMailbox(ctx.env, {
    emailAddress: m.emailAddress,
    historyId: m.historyId,
    requestId: m.requestId ?? null,
  });
