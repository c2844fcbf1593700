import { type PoolMailbox, sameAddress } from "../domain/mailbox-pool";
import type { Config } from "../env";

/**
 * The deployment's sending mailboxes, from SENDING_MAILBOXES (or MAIL_FROM alone when unset), with
 * MAILBOX_DAILY_CAP and SEND_GAP_SECONDS for what an entry leaves out. MAIL_FROM keeps its
 * configured spelling (the name of its mailbox object); other addresses are lower-cased.
 */
export function configuredPool(config: Config): PoolMailbox[] {
  const entries = config.SENDING_MAILBOXES ?? [{ address: config.MAIL_FROM }];
  return entries.map((m) => ({
    address: canonical(config, m.address),
    dailyCap: m.dailyCap ?? config.MAILBOX_DAILY_CAP,
    gapSeconds: m.gapSeconds ?? config.SEND_GAP_SECONDS,
    retired: m.retired ?? false,
  }));
}

/**
 * The send discipline of one address: its pool entry, or the deployment's defaults for an address
 * no longer in the pool (MAIL_FROM for negotiations that started before pools, a retired mailbox
 * still finishing its threads).
 */
export function mailboxSettings(config: Config, address: string): PoolMailbox {
  const found = configuredPool(config).find((m) => sameAddress(m.address, address));
  return (
    found ?? {
      address: canonical(config, address),
      dailyCap: config.MAILBOX_DAILY_CAP,
      gapSeconds: config.SEND_GAP_SECONDS,
      retired: true,
    }
  );
}

/**
 * Where a campaign's new negotiations are placed: the configured mailboxes it names, in the
 * configured order; all of them when it names none. Retired mailboxes take none. A named mailbox
 * later removed from configuration or retired is left out; when none is left, the whole active
 * pool sends.
 */
export function campaignPool(
  config: Config,
  chosen: readonly string[] | null | undefined,
): PoolMailbox[] {
  const active = configuredPool(config).filter((m) => !m.retired);
  if (!chosen || chosen.length === 0) return active;
  const named = active.filter((m) => chosen.some((c) => sameAddress(c, m.address)));
  return named.length > 0 ? named : active;
}

/** Addresses a campaign names that are not active sending mailboxes (unknown or retired). */
export const unknownMailboxes = (config: Config, chosen: readonly string[]): string[] =>
  chosen.filter((c) => !campaignPool(config, null).some((m) => sameAddress(m.address, c)));

/**
 * Every address Parley sends from: the pool and MAIL_FROM (older negotiations' mailbox). Replies
 * to any of them, or to their plus-addresses, are ours.
 */
export function ourSendingAddresses(config: Config): string[] {
  const pool = configuredPool(config).map((m) => m.address);
  return pool.some((a) => sameAddress(a, config.MAIL_FROM)) ? pool : [config.MAIL_FROM, ...pool];
}

const canonical = (config: Config, address: string): string =>
  sameAddress(address, config.MAIL_FROM) ? config.MAIL_FROM : address.trim().toLowerCase();
