import { z } from "zod";

/**
 * One request id follows everything a piece of work causes: the HTTP request, inbound email, alarm
 * firing or cron run that started it, the Durable Object calls, every queue message and every
 * audit row. Ids are UUIDs, or Cloudflare's Ray ID for HTTP requests that came through the edge.
 */
export const newRequestId = (): string => crypto.randomUUID();

/**
 * A Ray ID as Cloudflare's edge writes it (`8f1c2b3a4d5e6f70-SJC`). The edge sets `cf-ray` on
 * every request it hands the Worker, overwriting any value a client sent, so it is trusted; a
 * client's own `x-request-id` is not (anyone could make their request look like someone else's).
 */
const RAY_ID = /^[0-9a-f]{16}(-[A-Z0-9]{3,4})?$/i;

/** The request id of an HTTP request: its Ray ID when Cloudflare's edge set one, else a new id. */
export function requestIdOf(headers: Headers): string {
  const ray = headers.get("cf-ray");
  return ray && RAY_ID.test(ray) ? ray : newRequestId();
}

/**
 * The request id field of queue messages and stored effects. Messages queued before a type
 * carried one read as null; the consumer starts a new id for them.
 */
export const RequestIdField = z.string().max(200).nullable().default(null);
