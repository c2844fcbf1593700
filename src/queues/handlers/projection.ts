import { lt, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { negotiations } from "../../db/schema";
import type { Handler } from "../handler";

/** Projection columns a newer version overwrites (identity and creation time never change). */
const PROJECTED = [
  "state",
  "round",
  "lastOfferCents",
  "lastOfferCpmCents",
  "theirAskCents",
  "agreedCents",
  "agreedCpmCents",
  "counterpartyType",
  "agency",
  "contacts",
  "nextTimerAt",
  "pendingApproval",
  "seq",
  "updatedAt",
  "creatorName",
] as const;

const excludedColumns = () =>
  Object.fromEntries(PROJECTED.map((k) => [k, sql.raw(`excluded.${negotiations[k].name}`)]));

/** The negotiation's row for lists and stats; an older version (lower `seq`) never overwrites. */
export const handleProjection: Handler<"projection"> = async (m, ctx) => {
  await drizzle(ctx.env.DB)
    .insert(negotiations)
    .values(m.row)
    .onConflictDoUpdate({
      target: negotiations.id,
      set: excludedColumns(),
      setWhere: lt(negotiations.seq, sql`excluded.seq`),
    });
};
