import { type Config, type Env, requireConfig } from "../env";
import { accountForPush, type GmailAccount, gmailAccounts } from "./accounts";
import type { MailboxStatus } from "./mailbox-api";
import { gmailMailbox } from "./mailbox-client";

/** Work queued by a verified Pub/Sub push: read the pushed account from its own cursor. */
export async function syncMailbox(
  env: Env,
  input: { emailAddress: string; historyId: string; requestId?: string | null },
): Promise<void> {
  const config = requireConfig(env);
  const account = accountForPush(config, input.emailAddress);
  await gmailMailbox(env, config, account).sync({
    historyId: input.historyId,
    requestId: input.requestId ?? null,
    ...(account.isDefault ? {} : { account: account.name }),
  });
}

/**
 * Cron: keep every account's push watch alive (renewed a day before it expires). One account
 * failing (a revoked token, an outage) does not hold up the others; the failures are reported
 * together afterwards.
 */
export async function renewGmailWatch(env: Env): Promise<void> {
  const config = requireConfig(env);
  const topic = config.GMAIL_PUSH_TOPIC;
  if (config.MAIL_TRANSPORT !== "gmail" || !topic) return;
  const accounts = gmailAccounts(config);
  const results = await Promise.allSettled(
    accounts.map((account) =>
      gmailMailbox(env, config, account).renewWatch({
        topic,
        ...(account.isDefault ? {} : { account: account.name }),
      }),
    ),
  );
  const failed = accounts.flatMap((account, i) => {
    const result = results[i];
    return result?.status === "rejected" ? [`${account.name}: ${String(result.reason)}`] : [];
  });
  if (failed.length === 0) return;
  if (accounts.length === 1) throw (results[0] as PromiseRejectedResult).reason;
  throw new Error(`Gmail watch renewal failed for ${failed.join("; ")}`);
}

/** Each account's watch and cursor, the default first (for /ready). */
export async function gmailWatches(
  env: Env,
  config: Config,
): Promise<{ account: GmailAccount; status: MailboxStatus }[]> {
  const accounts = gmailAccounts(config);
  return Promise.all(
    accounts.map(async (account) => ({
      account,
      status: await gmailMailbox(env, config, account).status(),
    })),
  );
}
