import * as z from "zod/mini";

/**
 * One request id follows everything a piece of work causes: the HTTP request, inbound email, alarm
 * firing or cron run that started it, the Durable Object calls, every queue message and every
 * audit row. Ids are UUIDs, or for HTTP requests the caller's or Cloudflare's (below).
 */
export const newRequestId = (): string => crypto.randomUUID();

/** What an incoming `X-Request-Id` may look like: no spaces, quotes or control characters. */
const INCOMING_ID = /^[A-Za-z0-9._:-]{8,128}$/;
/** A Ray ID as Cloudflare's edge writes it (`8f1c2b3a4d5e6f70-SJC`). */
const RAY_ID = /^[0-9a-f]{16}(-[A-Z0-9]{3,4})?$/i;

/**
 * The request id of an HTTP request, first of:
 * - a well-formed `X-Request-Id` the caller sent (the HTTP contract echoes it, so a client or a
 *   proxy in front can follow its own request). It is a label, not a credential: the rows it ends
 *   up on still name their actor, and a caller can only add its own work to a trail;
 * - `cf-ray`, which Cloudflare's edge sets on every request it hands the Worker (whatever the
 *   client sent), so the id also finds the request in Cloudflare's own logs;
 * - a new UUID (local development, tests).
 */
export function requestIdOf(headers: Headers): string {
  const incoming = headers.get("x-request-id");
  if (incoming && INCOMING_ID.test(incoming)) return incoming;
  const ray = headers.get("cf-ray");
  return ray && RAY_ID.test(ray) ? ray : newRequestId();
}

/**
 * The request id field of queue messages and stored effects. Messages queued before a type
 * carried one read as null; the consumer starts a new id for them.
 */
export const RequestIdField = z._default(z.nullable(z.string().check(z.maxLength(200))), null);
