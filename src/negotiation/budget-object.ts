import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { parseRpcInput } from "../rpc-input";
import {
  type AvailableInput,
  AvailableSchema,
  type CampaignBudgetApi,
  type ReserveInput,
  ReserveSchema,
  type SetCommitmentInput,
  SetCommitmentSchema,
} from "./budget-api";

/**
 * One per campaign with a budget pool: the exact sum of agreed and outstanding offers.
 * Reservations are checked and written in one step, so two negotiations can never
 * together commit more than the budget. Its storage is one integer column per negotiation:
 * nothing JSON to decode.
 */
export class CampaignBudgetObject extends DurableObject<Env> implements CampaignBudgetApi {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
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

  private availableTo(negotiationId: string, budgetCents: number): number {
    return Math.max(0, budgetCents - this.committedByOthers(negotiationId));
  }

  async available(raw: AvailableInput): Promise<number> {
    const input = parseRpcInput(AvailableSchema, raw, "budget.available");
    return this.availableTo(input.negotiationId, input.budgetCents);
  }

  async reserve(raw: ReserveInput): Promise<boolean> {
    const input = parseRpcInput(ReserveSchema, raw, "budget.reserve");
    // Synchronous from check to write: no other call can interleave.
    if (input.amountCents > this.availableTo(input.negotiationId, input.budgetCents)) return false;
    this.write(input.negotiationId, input.amountCents);
    return true;
  }

  async set(raw: SetCommitmentInput): Promise<void> {
    const input = parseRpcInput(SetCommitmentSchema, raw, "budget.set");
    this.write(input.negotiationId, input.amountCents);
  }

  private write(negotiationId: string, amountCents: number | null): void {
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

  async total(): Promise<number> {
    return Number(
      this.ctx.storage.sql.exec("SELECT COALESCE(SUM(amount_cents), 0) AS s FROM commitments").one()
        .s,
    );
  }
}
