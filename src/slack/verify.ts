import { lt } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { slackNonces } from "../db/schema";

/** Slack's replay window, both directions (clock skew included). */
export const SLACK_WINDOW_MS = 5 * 60_000;
/** Accepted signatures are kept twice the window, then pruned. */
const NONCE_TTL_MS = 2 * SLACK_WINDOW_MS;

export type SlackVerifyFailure = "missing_headers" | "stale" | "bad_signature";
export type SlackVerifyResult = { ok: true } | { ok: false; reason: SlackVerifyFailure };

const SIGNATURE = /^v0=([0-9a-f]{64})$/;
const TIMESTAMP = /^\d{1,12}$/;

const encoder = new TextEncoder();

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function signedBytes(timestamp: string, body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`v0:${timestamp}:`);
  const rest = typeof body === "string" ? encoder.encode(body) : body;
  const out = new Uint8Array(prefix.length + rest.length);
  out.set(prefix);
  out.set(rest, prefix.length);
  return out;
}

/**
 * Checks `X-Slack-Signature: v0=<hex HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)>` over
 * the raw body, before anything parses it. WebCrypto's HMAC verify compares in constant time.
 * Absent or malformed headers are `missing_headers`; a timestamp more than five minutes from `now`
 * (either way) is `stale`, whatever the signature.
 */
export async function verifySlackSignature(input: {
  signingSecret: string;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  /** The body exactly as received: bytes, or text (UTF-8 encoded for the MAC). */
  rawBody: string | Uint8Array;
  now: number;
}): Promise<SlackVerifyResult> {
  const timestamp = input.timestamp?.trim() ?? "";
  const signature = SIGNATURE.exec(input.signature?.trim().toLowerCase() ?? "")?.[1];
  if (!TIMESTAMP.test(timestamp) || !signature) return { ok: false, reason: "missing_headers" };
  if (Math.abs(input.now - Number(timestamp) * 1000) > SLACK_WINDOW_MS)
    return { ok: false, reason: "stale" };
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(input.signingSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  const valid = await crypto.subtle.verify(
    "HMAC",
    key,
    hexBytes(signature),
    signedBytes(timestamp, input.rawBody),
  );
  return valid ? { ok: true } : { ok: false, reason: "bad_signature" };
}

/**
 * Records a use of `nonce` (an accepted signature, or an event id) and answers whether it is the
 * first within the retention: a verified request seen again inside the window is a replay.
 * Expired nonces are pruned in the same batch; the index on `at` keeps that a short range delete.
 */
export async function claimSlackNonce(
  db: D1Database,
  nonce: string,
  now: number,
): Promise<boolean> {
  const d1 = drizzle(db);
  const [, inserted] = await d1.batch([
    d1.delete(slackNonces).where(lt(slackNonces.at, now - NONCE_TTL_MS)),
    d1.insert(slackNonces).values({ signature: nonce, at: now }).onConflictDoNothing(),
  ]);
  return inserted.meta.changes > 0;
}
