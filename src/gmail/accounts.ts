import * as z from "zod/mini";
import { sameAddress } from "../domain/mailbox-pool";
import type { Config } from "../env";
import { jsonText } from "../json-text";

/**
 * Gmail accounts of the sending pool. The default account is GMAIL_USER with GMAIL_REFRESH_TOKEN
 * (every setup before GMAIL_ACCOUNTS); GMAIL_ACCOUNTS adds accounts of their own, each authorized
 * with its own refresh token (same OAuth client), each with its own push watch, history cursor and
 * send path. A pool address an account names (its own address or one of its aliases) sends through
 * that account; every other pool address is a send-as alias of the default account.
 */

const EXAMPLE = '[{"address": "partners@brand.example", "refreshToken": "1//0g…"}]';

/** GMAIL_ACCOUNTS, spread into the Worker's ConfigSchema. */
export const GmailAccountsShape = {
  GMAIL_ACCOUNTS: z.pipe(
    z.transform(jsonText),
    z.optional(
      z
        .array(
          z.strictObject({
            address: z.email({ error: "each Gmail account needs the account's email address" }),
            refreshToken: z
              .string({ error: "each Gmail account needs its OAuth refresh token" })
              .check(z.trim(), z.minLength(1, "each Gmail account needs its OAuth refresh token")),
            aliases: z.optional(
              z
                .array(z.email({ error: "aliases must be email addresses" }))
                .check(z.maxLength(200)),
            ),
          }),
          { error: `GMAIL_ACCOUNTS must be a JSON array such as ${EXAMPLE}` },
        )
        .check(
          z.minLength(
            1,
            `GMAIL_ACCOUNTS must list at least one account, such as ${EXAMPLE}; unset it for none`,
          ),
          z.maxLength(100),
        ),
    ),
  ),
};

type AccountEntry = { address: string; refreshToken: string; aliases?: string[] | undefined };

/** The name of the default account's mailbox object: MAIL_FROM for "me", else GMAIL_USER. */
const defaultName = (c: { GMAIL_USER: string; MAIL_FROM: string }) =>
  c.GMAIL_USER === "me" ? c.MAIL_FROM : c.GMAIL_USER;

/**
 * Cross-field rules, when Gmail is the transport: every address an account names is a sending
 * mailbox of the pool, named once across accounts, and none is the default account's own.
 */
export function checkGmailAccounts(
  c: {
    MAIL_TRANSPORT: string;
    MAIL_FROM: string;
    GMAIL_USER: string;
    GMAIL_ACCOUNTS?: AccountEntry[] | undefined;
    SENDING_MAILBOXES?: { address: string }[] | undefined;
  },
  ctx: z.core.$RefinementCtx,
): void {
  if (c.MAIL_TRANSPORT !== "gmail" || !Array.isArray(c.GMAIL_ACCOUNTS)) return;
  const pool = (c.SENDING_MAILBOXES ?? [{ address: c.MAIL_FROM }]).map((m) => m.address);
  const seen: string[] = [];
  const problem = (message: string) =>
    ctx.addIssue({ code: "custom", path: ["GMAIL_ACCOUNTS"], message });
  for (const account of c.GMAIL_ACCOUNTS) {
    if (typeof account?.address !== "string") continue;
    if (sameAddress(account.address, defaultName(c)))
      problem(
        `${account.address} is the default account (${c.GMAIL_USER === "me" ? "MAIL_FROM with GMAIL_USER=me" : "GMAIL_USER"}); its refresh token is GMAIL_REFRESH_TOKEN`,
      );
    const aliases = Array.isArray(account.aliases) ? account.aliases : [];
    for (const address of [account.address, ...aliases]) {
      // An entry the schema refused is reported there, not again here.
      if (typeof address !== "string" || !/^[^@\s]+@[^@\s]+$/.test(address)) continue;
      if (seen.some((s) => sameAddress(s, address)))
        problem(`${address} is named twice (each address sends through one account)`);
      seen.push(address);
      if (!pool.some((p) => sameAddress(p, address)))
        problem(
          `${address} is not a sending mailbox: add it to SENDING_MAILBOXES${c.SENDING_MAILBOXES ? "" : " (unset, the pool is MAIL_FROM alone)"}`,
        );
    }
  }
}

export interface GmailAccount {
  /** The name of the account's mailbox object (cursor, watch, seen ids) and how it is shown. */
  name: string;
  /** The `users/{user}` of its API calls: GMAIL_USER for the default account, else its address. */
  user: string;
  refreshToken: string;
  /** GMAIL_USER with GMAIL_REFRESH_TOKEN: every address no other account names. */
  isDefault: boolean;
  /** The pool addresses it sends as (besides, for the default, every unnamed one). */
  addresses: string[];
}

/** Every Gmail account, the default first. Requires Gmail to be configured. */
export function gmailAccounts(config: Config): GmailAccount[] {
  const main: GmailAccount = {
    name: defaultName(config),
    user: config.GMAIL_USER,
    refreshToken: config.GMAIL_REFRESH_TOKEN ?? "",
    isDefault: true,
    addresses: [],
  };
  return [
    main,
    ...(config.GMAIL_ACCOUNTS ?? []).map((a) => ({
      // The name of the address's send-ledger object too (MAIL_FROM keeps its spelling).
      name: sameAddress(a.address, config.MAIL_FROM)
        ? config.MAIL_FROM
        : a.address.trim().toLowerCase(),
      user: a.address.trim().toLowerCase(),
      refreshToken: a.refreshToken,
      isDefault: false,
      addresses: [a.address, ...(a.aliases ?? [])].map((x) => x.trim().toLowerCase()),
    })),
  ];
}

/** Whether the deployment has Gmail accounts besides the default one. */
export const hasExtraAccounts = (config: Config): boolean =>
  (config.GMAIL_ACCOUNTS?.length ?? 0) > 0;

/** The account an email From this address goes out through: the one naming it, else the default. */
export function accountForSender(config: Config, from: string): GmailAccount {
  const all = gmailAccounts(config);
  return all.find((a) => a.addresses.some((x) => sameAddress(x, from))) ?? (all[0] as GmailAccount);
}

/**
 * The account a Gmail push is about (`emailAddress` of the notification): an account of its own
 * by its address, else the default account (whose address "me" does not tell).
 */
export function accountForPush(config: Config, emailAddress: string): GmailAccount {
  const all = gmailAccounts(config);
  return (
    all.find((a) => !a.isDefault && sameAddress(a.name, emailAddress)) ?? (all[0] as GmailAccount)
  );
}

/** The account of this mailbox-object name; the default when none is given; null when unknown. */
export function accountNamed(config: Config, name: string | undefined): GmailAccount | null {
  const all = gmailAccounts(config);
  if (name === undefined) return all[0] as GmailAccount;
  return all.find((a) => sameAddress(a.name, name)) ?? null;
}
