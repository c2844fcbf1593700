import type { Env } from "../env";
import { describeError } from "../failures";
import { ApiError } from "./errors";

/**
 * The Workers rate-limiting bindings (wrangler.toml `[[ratelimits]]`): `api` per verified
 * identity, `auth` per source IP counting failed sign-ins, `webhooks` per source IP before any
 * signature is checked. Each binding's limit and period are configured there.
 */
export type Bucket = "api" | "auth" | "webhooks";

const BINDINGS = {
  api: "RATE_LIMIT_API",
  auth: "RATE_LIMIT_AUTH",
  webhooks: "RATE_LIMIT_WEBHOOKS",
} as const satisfies Record<Bucket, keyof Env>;

/** The longest period a binding may have; a client that waits this long is under its limit again. */
const RETRY_AFTER_SECONDS = 60;

/**
 * Counts one request against `key`; true when it is over the limit. A missing binding or a
 * limiter that fails does not refuse traffic (it is logged, and `/ready` reports the binding).
 */
export async function overLimit(env: Env, bucket: Bucket, key: string): Promise<boolean> {
  const binding = env[BINDINGS[bucket]];
  if (!binding) return false;
  try {
    return !(await binding.limit({ key })).success;
  } catch (error) {
    console.error(
      JSON.stringify({ msg: "rate limiter failed", bucket, error: describeError(error) }),
    );
    return false;
  }
}

export const missingLimiters = (env: Env): string[] =>
  Object.values(BINDINGS).filter((name) => !env[name]);

export const rateLimited = () =>
  new ApiError("rate_limited", "Too many requests; try again later.", undefined, {
    "Retry-After": String(RETRY_AFTER_SECONDS),
  });

/**
 * Source IPs that went over the failed-sign-in limit, refused before their credentials are even
 * checked until the period ends (per isolate: the binding has no way to ask without counting).
 */
export class BlockedClients {
  private readonly until = new Map<string, number>();

  constructor(private readonly maxEntries = 1000) {}

  block(ip: string, now = Date.now()): void {
    if (this.until.size >= this.maxEntries) this.until.clear();
    this.until.set(ip, now + RETRY_AFTER_SECONDS * 1000);
  }

  isBlocked(ip: string, now = Date.now()): boolean {
    const until = this.until.get(ip);
    if (until === undefined) return false;
    if (until > now) return true;
    this.until.delete(ip);
    return false;
  }
}
