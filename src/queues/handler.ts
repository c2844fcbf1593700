import type { Env } from "../env";
import type { AuditSink } from "../ports/audit-sink";
import { createAuditSink, createServices, type Services } from "../services";
import type { EffectType, MessageOf } from "./messages";

/** What a handler may use: the bindings, and the adapters behind the ports. */
export interface HandlerContext {
  readonly env: Env;
  /** Needs no configuration (audit rows are written even while the Worker is misconfigured). */
  readonly audit: AuditSink;
  /**
   * Built from configuration on first use; a configuration problem fails that message (retried)
   * and only the messages that need it.
   */
  readonly services: Services;
}

/** Runs one message of its type; throws to have it retried (or dead-lettered, when deterministic). */
export type Handler<T extends EffectType> = (
  message: MessageOf<T>,
  ctx: HandlerContext,
) => Promise<void>;

/** One context per consumer pass, its services built once, when a handler first asks. */
export function handlerContext(env: Env): HandlerContext {
  let services: Services | null = null;
  return {
    env,
    audit: createAuditSink(env),
    get services() {
      services ??= createServices(env);
      return services;
    },
  };
}
