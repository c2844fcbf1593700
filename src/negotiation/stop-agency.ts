import { and, eq, or, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { negotiations } from "../db/schema";
import { isTerminal, NEGOTIATION_STATES, type NegotiationState } from "../domain/negotiation-state";
import type { Env } from "../env";
import { negotiationStub } from "./client";
import { inPool } from "./in-pool";

export interface StopAgencyInput {
  /** A lower-case host name without `@`, e.g. `talentco.com`. */
  domain: string;
  /** One campaign, or every campaign when absent. */
  campaignId?: string;
  actor: string;
  requestId: string | null;
}

export interface StopAgencyResult {
  /** Negotiation ids, sorted. */
  stopped: string[];
  alreadyClosed: string[];
}

const isClosed = (state: string) =>
  (NEGOTIATION_STATES as readonly string[]).includes(state) &&
  isTerminal(state as NegotiationState);

/**
 * Stops every open negotiation whose agency is `domain` or that has a contact at it. The D1
 * projection finds them; each object decides for itself, since an open projection may lag.
 */
export async function stopAgency(env: Env, input: StopAgencyInput): Promise<StopAgencyResult> {
  const { domain } = input;
  const suffix = `@${domain}`;
  const atAgency: SQL | undefined = or(
    sql`lower(${negotiations.agency}) = ${domain}`,
    sql`exists (select 1 from json_each(${negotiations.contacts}) as contact
      where substr(lower(contact.value), -${suffix.length}) = ${suffix})`,
  );
  const rows = await drizzle(env.DB)
    .select({ id: negotiations.id, state: negotiations.state })
    .from(negotiations)
    .where(
      input.campaignId ? and(eq(negotiations.campaignId, input.campaignId), atAgency) : atAgency,
    );
  const stopped: string[] = [];
  const alreadyClosed: string[] = [];
  await inPool(rows, async (row) => {
    // A closed projection stays closed; an open one may lag, so the object's answer decides.
    const stub = isClosed(row.state) ? null : negotiationStub(env, row.id);
    if (!stub) {
      alreadyClosed.push(row.id);
      return;
    }
    const outcome = await stub.command({
      command: "stop",
      actor: input.actor,
      requestId: input.requestId,
    });
    if (outcome.ok) stopped.push(row.id);
    else if (outcome.code === "illegal_command") alreadyClosed.push(row.id);
  });
  return { stopped: stopped.sort(), alreadyClosed: alreadyClosed.sort() };
}
