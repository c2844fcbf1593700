import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { apiTokens } from "../db/schema";
import type { Role } from "./roles";

/**
 * Machine credentials. A secret is `prl_` and 43 base64url characters (256 random bits); D1 keeps
 * only its SHA-256, so a leaked database does not leak usable tokens. Every request looks the hash
 * up, so a revocation holds from the next request on.
 */
export const TOKEN_PREFIX = "prl_";
/** `lastUsedAt` is written at most this often per token, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type TokenStatus = "active" | "expired" | "revoked";

const encoder = new TextEncoder();

const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

export async function hashToken(secret: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", encoder.encode(secret)));
}

function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const b64 = btoa(String.fromCharCode(...bytes));
  return `${TOKEN_PREFIX}${b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

export function tokenStatus(row: ApiTokenRow, now = new Date()): TokenStatus {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && Date.parse(row.expiresAt) <= now.getTime()) return "expired";
  return "active";
}

/** A token as lists show it: never the secret or its hash. */
export function presentToken(row: ApiTokenRow, now = new Date()) {
  const { hash: _, ...visible } = row;
  return { ...visible, status: tokenStatus(row, now) };
}

export type CreateTokenResult =
  | { ok: true; row: ApiTokenRow; secret: string }
  | { ok: false; reason: "name_taken" };

export async function createToken(
  db: D1Database,
  input: { name: string; role: Role; expiresAt: string | null; createdBy: string },
  now = new Date(),
): Promise<CreateTokenResult> {
  const secret = newSecret();
  const row: ApiTokenRow = {
    id: crypto.randomUUID(),
    name: input.name,
    role: input.role,
    hash: await hashToken(secret),
    prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
    createdAt: now.toISOString(),
    createdBy: input.createdBy,
    lastUsedAt: null,
    expiresAt: input.expiresAt,
    revokedAt: null,
    revokedBy: null,
  };
  const inserted = await drizzle(db)
    .insert(apiTokens)
    .values(row)
    .onConflictDoNothing({ target: apiTokens.name })
    .returning({ id: apiTokens.id });
  return inserted.length ? { ok: true, row, secret } : { ok: false, reason: "name_taken" };
}

export async function listTokens(db: D1Database): Promise<ApiTokenRow[]> {
  return drizzle(db).select().from(apiTokens).orderBy(desc(apiTokens.createdAt)).limit(1000);
}

/** Revokes at once; revoking a revoked token changes nothing. Null when there is no such token. */
export async function revokeToken(
  db: D1Database,
  id: string,
  revokedBy: string,
  now = new Date(),
): Promise<{ row: ApiTokenRow; revokedNow: boolean } | null> {
  const orm = drizzle(db);
  const revoked = await orm
    .update(apiTokens)
    .set({ revokedAt: now.toISOString(), revokedBy })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning();
  if (revoked[0]) return { row: revoked[0], revokedNow: true };
  const existing = (await orm.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1))[0];
  return existing ? { row: existing, revokedNow: false } : null;
}

export type TokenLookup =
  | { ok: true; row: ApiTokenRow; touch: () => Promise<void> }
  | { ok: false; reason: "unknown_token" | "revoked_token" | "expired_token" };

/** The token a secret belongs to, if it may be used now. `touch` records the use (throttled). */
export async function findUsableToken(
  db: D1Database,
  secret: string,
  now = new Date(),
): Promise<TokenLookup> {
  const orm = drizzle(db);
  const row = (
    await orm
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.hash, await hashToken(secret)))
      .limit(1)
  )[0];
  if (!row) return { ok: false, reason: "unknown_token" };
  const status = tokenStatus(row, now);
  if (status !== "active") return { ok: false, reason: `${status}_token` };
  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
  const touch = async () => {
    await orm
      .update(apiTokens)
      .set({ lastUsedAt: now.toISOString() })
      .where(
        and(
          eq(apiTokens.id, row.id),
          or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale)),
        ),
      );
  };
  return { ok: true, row, touch };
}
