import { DurableObject } from "cloudflare:workers";

/**
 * One per campaign with a budget pool: the exact sum of agreed and outstanding offers.
 * Reservations are checked and written in one step, so two negotiations can never
 * together commit more than the budget.
 */
export class CampaignBudgetObject extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS commitments (negotiation_id TEXT PRIMARY KEY, amount_cents INTEGER NOT NULL)",
    );
  }

  private committedByOthers(negotiationId: string): number {
    return Number(
      this.ctx.storage.sql
        .exec(
          "SELECT COALESCE(SUM(amount_cents), 0) AS s FROM commitments WHERE negotiation_id != ?",
          negotiationId,
        )
        .one().s,
    );
  }

  /** What this negotiation may commit without breaking the budget. */
  available(input: { negotiationId: string; budgetCents: number }): number {
    return Math.max(0, input.budgetCents - this.committedByOthers(input.negotiationId));
  }

  /** Sets this negotiation's commitment; refused (false) when it would break the budget. */
  reserve(input: { negotiationId: string; budgetCents: number; amountCents: number }): boolean {
    if (input.amountCents > this.available(input)) return false;
    this.set(input.negotiationId, input.amountCents);
    return true;
  }

  /** Idempotent: the queue may deliver it more than once. null releases the commitment. */
  set(negotiationId: string, amountCents: number | null): void {
    if (amountCents === null) {
      this.ctx.storage.sql.exec("DELETE FROM commitments WHERE negotiation_id = ?", negotiationId);
      return;
    }
    this.ctx.storage.sql.exec(
      "INSERT INTO commitments (negotiation_id, amount_cents) VALUES (?, ?) ON CONFLICT(negotiation_id) DO UPDATE SET amount_cents = excluded.amount_cents",
      negotiationId,
      amountCents,
    );
  }

  total(): number {
    return Number(
      this.ctx.storage.sql.exec("SELECT COALESCE(SUM(amount_cents), 0) AS s FROM commitments").one()
        .s,
    );
  }
}
