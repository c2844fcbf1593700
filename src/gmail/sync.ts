import { type Env, requireConfig } from "../env";
import { gmailMailbox } from "./mailbox-client";

/** The mailbox object for the configured Gmail user. */
export const mailboxStub = (env: Env) => gmailMailbox(env, requireConfig(env));

/** Work queued by a verified Pub/Sub push: read the mailbox from its cursor. */
export async function syncMailbox(
  env: Env,
  input: { emailAddress: string; historyId: string; requestId?: string | null },
): Promise<void> {
  await mailboxStub(env).sync({ historyId: input.historyId, requestId: input.requestId ?? null });
}

/** Cron: keep the push watch alive (renewed a day before it expires). */
export async function renewGmailWatch(env: Env): Promise<void> {
  const config = requireConfig(env);
  if (config.MAIL_TRANSPORT !== "gmail" || !config.GMAIL_PUSH_TOPIC) return;
  await mailboxStub(env).renewWatch({ topic: config.GMAIL_PUSH_TOPIC });
}
