import { drizzle } from "drizzle-orm/d1";
import { auditEvents } from "../db/schema";
import type { Env } from "../env";
import type { AuditEvent } from "./messages";
import { recordMetric } from "./metrics";

/** Inserts once: the event id is its idempotency key. Metrics follow the first insert only. */
export async function writeAudit(env: Env, event: AuditEvent): Promise<void> {
  const result = await drizzle(env.DB).insert(auditEvents).values(event).onConflictDoNothing();
  if (result.meta.changes > 0) recordMetric(env, event);
}
