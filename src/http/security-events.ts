import type { Context } from "hono";
import { writeAudit } from "../queues/consumer";
import { systemAuditEvent } from "../queues/messages";
import type { AppEnv } from "./context";

/**
 * Refused webhook requests become `security_event` audit rows, written after the answer (the 401
 * is never delayed) and throttled per key: a flood of forged requests stays a handful of rows.
 */

/** Calls within `windowMs` of the last allowed one for the same key are dropped. */
export class EventThrottle {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly windowMs = 60_000,
    private readonly maxKeys = 64,
  ) {}

  allow(key: string, now = Date.now()): boolean {
    const previous = this.last.get(key);
    if (previous !== undefined && now - previous < this.windowMs) return false;
    if (previous === undefined && this.last.size >= this.maxKeys) this.last.clear();
    this.last.set(key, now);
    return true;
  }
}

/** Runs `task` after the response when the runtime allows it. */
export function background(c: Context<AppEnv>, task: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(task);
  } catch {
    // No execution context (plain Hono in tests): the task still runs to completion.
  }
}

export function recordSecurityEvent(
  c: Context<AppEnv>,
  throttle: EventThrottle,
  key: string,
  data: Record<string, unknown> & { route: string; reason: string },
): void {
  if (!throttle.allow(key)) return;
  const requestId = c.var.requestId ?? null;
  console.warn(JSON.stringify({ msg: "webhook request refused", ...data, requestId }));
  const task = writeAudit(
    c.env,
    systemAuditEvent({
      id: `security_event:${crypto.randomUUID()}`,
      at: new Date().toISOString(),
      type: "security_event",
      requestId,
      data: { ...data, ip: c.req.header("cf-connecting-ip") ?? null },
    }),
  ).catch((error: unknown) =>
    console.error(JSON.stringify({ msg: "security audit failed", error: String(error) })),
  );
  background(c, task);
}
