import { drizzle } from "drizzle-orm/d1";
import { auditEvents } from "../../db/schema";
import type { AuditEvent, AuditSink } from "../../ports/audit-sink";

/**
 * The audit trail in D1 (`audit_events`). The event id is the primary key, so a repeat inserts
 * nothing; `onRecorded` follows the first insert only (metrics count each event once).
 */
export class D1AuditSink implements AuditSink {
  constructor(
    private readonly db: D1Database,
    private readonly onRecorded: (event: AuditEvent) => void = () => {},
  ) {}

  async record(event: AuditEvent): Promise<void> {
    const result = await drizzle(this.db).insert(auditEvents).values(event).onConflictDoNothing();
    if (result.meta.changes > 0) this.onRecorded(event);
  }
}
