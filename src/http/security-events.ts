import type { Context } from "hono";
import { recordSecurityEvent, type SecurityEvent } from "../audit/security-events";
import { systemAuditEvent } from "../ports/audit-sink";
import { writeAudit } from "../queues/write-audit";
import type { AppEnv } from "./context";

/** Runs `task` after the response when the runtime allows it. */
export function background(c: Context<AppEnv>, task: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(task);
  } catch {
    // No execution context (plain Hono in tests): the task still runs to completion.
  }
}

/** The client's address as Cloudflare saw it; absent locally. */
export const clientIp = (c: Context<AppEnv>): string | null =>
  c.req.header("cf-connecting-ip") ?? null;

/**
 * Records a refused request as a `security_event` audit row (bounded: see
 * audit/security-events.ts), after the answer: a 401 or 429 is never delayed by the audit.
 */
export function securityEvent(
  c: Context<AppEnv>,
  event: Omit<SecurityEvent, "ip" | "requestId" | "actor" | "route"> & {
    actor?: string | null;
    route?: string;
  },
): void {
  background(
    c,
    recordSecurityEvent(c.env, {
      ...event,
      // A path is client input: kept short in the audit row.
      route: (event.route ?? c.req.path).slice(0, 200),
      actor: event.actor ?? null,
      ip: clientIp(c),
      requestId: c.var.requestId ?? null,
    }),
  );
}

/** Changes to who may do what: always written in full, before the answer, as the admin who made them. */
export type SecurityChange = "token_created" | "token_revoked" | "role_granted" | "role_removed";

export async function securityChange(
  c: Context<AppEnv>,
  kind: SecurityChange,
  details: Record<string, unknown>,
): Promise<void> {
  await writeAudit(
    c.env,
    systemAuditEvent({
      id: `security_event:${crypto.randomUUID()}`,
      at: new Date().toISOString(),
      type: "security_event",
      actor: c.var.actor,
      requestId: c.var.requestId ?? null,
      data: { kind, source: "api", route: c.req.path, ip: clientIp(c), ...details },
    }),
  );
}
