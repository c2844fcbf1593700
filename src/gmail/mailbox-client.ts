import type { Config, Env } from "../env";

/**
 * The only way callers reach a mailbox object; stubs are typed by `MailboxApi`. One object per
 * sending address (the same object the Gmail sync uses for MAIL_FROM), whichever transport sends.
 */
export function sendingMailbox(env: Env, config: Config, address: string) {
  const mailbox = mailboxKey(config, address);
  return { mailbox, stub: env.MAILBOXES.get(env.MAILBOXES.idFromName(mailbox)) };
}

/** The mailbox object of the configured Gmail user (the one the push watch and sync use). */
export function gmailMailbox(env: Env, config: Config) {
  const name = config.GMAIL_USER === "me" ? config.MAIL_FROM : config.GMAIL_USER;
  return env.MAILBOXES.get(env.MAILBOXES.idFromName(name));
}

/** MAIL_FROM keeps its configured spelling (the object's name); anything else is lower-cased. */
function mailboxKey(config: Config, address: string): string {
  const lower = address.trim().toLowerCase();
  return lower === config.MAIL_FROM.toLowerCase() ? config.MAIL_FROM : lower;
}
