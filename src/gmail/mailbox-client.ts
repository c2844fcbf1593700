import type { Config, Env } from "../env";
import { accountNamed, type GmailAccount } from "./accounts";

/**
 * The only way callers reach a mailbox object; stubs are typed by `MailboxApi`. One object per
 * sending address (the same object the Gmail sync uses for MAIL_FROM), whichever transport sends.
 */
export function sendingMailbox(env: Env, config: Config, address: string) {
  const mailbox = mailboxKey(config, address);
  return { mailbox, stub: env.MAILBOXES.get(env.MAILBOXES.idFromName(mailbox)) };
}

/**
 * The mailbox object of a Gmail account (the one its push watch and sync use): the default
 * account's is named MAIL_FROM (GMAIL_USER "me") or GMAIL_USER, an account of its own by its
 * address, so it is also the send ledger of that address.
 */
export function gmailMailbox(env: Env, config: Config, account?: GmailAccount) {
  const name = (account ?? (accountNamed(config, undefined) as GmailAccount)).name;
  return env.MAILBOXES.get(env.MAILBOXES.idFromName(name));
}

/** The object counting what one recipient address is sent per day, whichever mailbox sends. */
export const recipientLedger = (env: Env, address: string) =>
  env.RECIPIENTS.get(env.RECIPIENTS.idFromName(address.trim().toLowerCase()));

/** MAIL_FROM keeps its configured spelling (the object's name); anything else is lower-cased. */
function mailboxKey(config: Config, address: string): string {
  const lower = address.trim().toLowerCase();
  return lower === config.MAIL_FROM.toLowerCase() ? config.MAIL_FROM : lower;
}
