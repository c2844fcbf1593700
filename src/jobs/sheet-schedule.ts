import { and, eq, isNotNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { campaigns, sheetPolls } from "../db/schema";
import { isPollDue } from "../domain/sheet-rows";
import type { Env } from "../env";
import { loadConfig } from "../env";
import type { EffectMessage } from "../queues/messages";
import { enqueue } from "../queues/routes";
import { anyCreatorSource } from "../sources/registry";

/**
 * Cron: queues a poll for each active campaign with a sheet whose last poll is at least
 * SHEETS_POLL_MINUTES old (hourly by default). The polls run on the queue, one message per
 * campaign, so one slow or failing sheet never holds up the others.
 */
export async function queueDueSheetPolls(env: Env, now = Date.now()): Promise<number> {
  const loaded = loadConfig(env);
  if (!loaded.ok || !anyCreatorSource(loaded.config)) return 0;
  const db = drizzle(env.DB);
  const rows = await db
    .select({ id: campaigns.id, queuedAt: sheetPolls.queuedAt })
    .from(campaigns)
    .leftJoin(sheetPolls, eq(sheetPolls.campaignId, campaigns.id))
    .where(and(eq(campaigns.status, "active"), isNotNull(campaigns.sheetUrl)));
  const due = rows.filter((r) => isPollDue(r.queuedAt, now, loaded.config.SHEETS_POLL_MINUTES));
  const at = new Date(now).toISOString();
  const messages: EffectMessage[] = [];
  for (const row of due) {
    await db
      .insert(sheetPolls)
      .values({ campaignId: row.id, queuedAt: at })
      .onConflictDoUpdate({ target: sheetPolls.campaignId, set: { queuedAt: at } });
    messages.push({
      type: "sheet_poll",
      version: 1,
      key: `sheet_poll:${row.id}:${at}`,
      campaignId: row.id,
      requestId: null,
    });
  }
  await enqueue(env, ...messages);
  return due.length;
}
