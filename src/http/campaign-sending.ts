import { sameAddress } from "../domain/mailbox-pool";
import {
  type CapacityCheck,
  capacityWarning,
  checkCapacity,
  demandModel,
  mailboxEmailsPerDay,
  poolEmailsPerDay,
} from "../domain/sending-capacity";
import type { Config } from "../env";
import { campaignPool, configuredPool, unknownMailboxes } from "../gmail/mailbox-pool";
import type { StoredCampaignTerms } from "../negotiation/terms-codec";
import { ApiError } from "./errors";

type SendingTerms = Pick<StoredCampaignTerms, "mailboxes" | "followUps" | "sendWindow">;

/**
 * A campaign's sending capacity: its pool of mailboxes, what they send a day, and what its active
 * negotiations need by the model in docs/sending-capacity.md. Mailboxes shared with other
 * campaigns share their capacity too; this counts this campaign's negotiations only.
 */
export function sendingOf(config: Config, terms: SendingTerms, activeNegotiations: number) {
  const { check, pool } = capacityOf(config, terms, activeNegotiations, 0);
  return {
    mailboxes: pool.map((m) => ({ ...m, emailsPerDay: mailboxEmailsPerDay(m) })),
    dailyCap: pool.reduce((sum, m) => sum + m.dailyCap, 0),
    emailsPerDay: check.emailsPerDay,
    emailsPerNegotiation: check.emailsPerNegotiation,
    lifetimeDays: check.lifetimeDays,
    sendingDaysPerWeek: check.sendingDaysPerWeek,
    activeNegotiations,
    neededPerDay: check.neededPerDay,
    overCapacity: check.overCapacity,
  };
}

/** What an import adds to the campaign's load, and the warning when the pool cannot keep up. */
export function importCapacity(
  config: Config,
  terms: SendingTerms,
  input: { activeNegotiations: number; newNegotiations: number },
): { capacity: CapacityCheck & { mailboxes: number }; warnings: string[] } {
  const { check, pool } = capacityOf(
    config,
    terms,
    input.activeNegotiations,
    input.newNegotiations,
  );
  const warning = capacityWarning(check, pool.length);
  return {
    capacity: { ...check, mailboxes: pool.length },
    warnings: warning ? [warning] : [],
  };
}

/** 400 when a campaign names a mailbox that is not one of the active sending mailboxes. */
export function assertKnownMailboxes(config: Config, mailboxes: string[] | null | undefined): void {
  const unknown = unknownMailboxes(config, mailboxes ?? []);
  if (unknown.length === 0) return;
  throw new ApiError(
    "validation_failed",
    "The campaign names mailboxes Parley does not send from.",
    unknown.map((address) => ({
      field: "mailboxes",
      message: configuredPool(config).some((m) => m.retired && sameAddress(m.address, address))
        ? `${address} is retired (SENDING_MAILBOXES): it finishes its threads and takes no new negotiation`
        : `${address} is not a configured sending mailbox (SENDING_MAILBOXES)`,
    })),
  );
}

function capacityOf(
  config: Config,
  terms: SendingTerms,
  activeNegotiations: number,
  newNegotiations: number,
) {
  const pool = campaignPool(config, terms.mailboxes);
  const check = checkCapacity({
    emailsPerDay: poolEmailsPerDay(pool),
    activeNegotiations,
    newNegotiations,
    model: demandModel(terms.followUps, terms.sendWindow),
  });
  return { check, pool };
}
