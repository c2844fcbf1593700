import { type MailboxLoad, type PoolMailbox, pickMailbox } from "../domain/mailbox-pool";
import type { Config, Env } from "../env";
import { sendingMailbox } from "../gmail/mailbox-client";

/**
 * Places new negotiations of one request (a single start or a whole import) on the campaign's
 * pool. The mailboxes' loads and pauses are read once, then kept up to date here as negotiations
 * are placed, so a bulk import spreads across the pool without asking every mailbox per row.
 * Each placement is recorded in the chosen mailbox object (`claim`), which later requests read.
 */
export class MailboxAssigner {
  private loads: Promise<MailboxLoad[]> | null = null;

  constructor(
    private readonly env: Env,
    private readonly config: Config,
    private readonly pool: PoolMailbox[],
  ) {}

  /** The mailbox a new negotiation should send from. */
  async pick(negotiationId: string): Promise<string> {
    const only = this.pool.length === 1 ? this.pool[0] : undefined;
    if (only || this.pool.length === 0) return only?.address ?? this.config.MAIL_FROM;
    this.loads ??= this.readLoads();
    const loads = await this.loads;
    const address = pickMailbox(loads, negotiationId) ?? this.config.MAIL_FROM;
    const chosen = loads.find((l) => l.address === address);
    // Counted at once: the next row of the same import sees it before the claim lands.
    if (chosen) chosen.assigned += 1;
    return address;
  }

  /** The negotiation already existed (it keeps its own mailbox): the pick is not load after all. */
  async unpick(address: string): Promise<void> {
    const loads = this.loads ? await this.loads : [];
    const chosen = loads.find((l) => l.address === address);
    if (chosen && chosen.assigned > 0) chosen.assigned -= 1;
  }

  /** Records the placement of a negotiation that did start (best effort: the load is a hint). */
  async claim(address: string, negotiationId: string, requestId: string | null): Promise<void> {
    try {
      const { mailbox, stub } = sendingMailbox(this.env, this.config, address);
      await stub.claim({ mailbox, negotiationId });
    } catch (error) {
      console.error(
        JSON.stringify({ msg: "mailbox assignment not recorded", requestId, error: String(error) }),
      );
    }
  }

  private readLoads(): Promise<MailboxLoad[]> {
    return Promise.all(
      this.pool.map(async (m) => {
        const { mailbox, stub } = sendingMailbox(this.env, this.config, m.address);
        const status = await stub.sendingStatus({ mailbox });
        return {
          address: m.address,
          dailyCap: m.dailyCap,
          assigned: status.assigned,
          paused: status.paused,
        };
      }),
    );
  }
}
