import { asc, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { accessRoles } from "../db/schema";
import { patternsFor, type RoleRule, roleFor } from "./role-patterns";
import { isRole, type Role } from "./roles";

/**
 * People's roles: the ACCESS_ROLES rules from configuration together with the admin-managed
 * table. Read on every request, so a change holds from the next request on.
 */

export type RoleRow = typeof accessRoles.$inferSelect;

/** The role of `email`, or null: unknown people may do nothing. */
export async function roleOfPerson(
  db: D1Database,
  configured: readonly RoleRule[],
  email: string,
): Promise<Role | null> {
  const candidates = patternsFor(email);
  if (!candidates) return null;
  const stored = await drizzle(db)
    .select({ pattern: accessRoles.pattern, role: accessRoles.role })
    .from(accessRoles)
    .where(inArray(accessRoles.pattern, candidates));
  const rules: RoleRule[] = [
    ...configured,
    ...stored.flatMap((r) => (isRole(r.role) ? [{ pattern: r.pattern, role: r.role }] : [])),
  ];
  return roleFor(rules, email);
}

export async function listStoredRoles(db: D1Database): Promise<RoleRow[]> {
  return drizzle(db).select().from(accessRoles).orderBy(asc(accessRoles.pattern)).limit(1000);
}

/** Sets the role of a pattern (insert or replace); returns the previous role, if any. */
export async function setStoredRole(
  db: D1Database,
  input: { pattern: string; role: Role; by: string },
  now = new Date(),
): Promise<{ row: RoleRow; previous: string | null }> {
  const orm = drizzle(db);
  const previous =
    (await orm.select().from(accessRoles).where(eq(accessRoles.pattern, input.pattern)).limit(1))[0]
      ?.role ?? null;
  const row: RoleRow = {
    pattern: input.pattern,
    role: input.role,
    createdAt: now.toISOString(),
    createdBy: input.by,
  };
  await orm
    .insert(accessRoles)
    .values(row)
    .onConflictDoUpdate({
      target: accessRoles.pattern,
      set: { role: row.role, createdAt: row.createdAt, createdBy: row.createdBy },
    });
  return { row, previous };
}

/** Removes a pattern's stored role; the removed row, or null when there was none. */
export async function removeStoredRole(db: D1Database, pattern: string): Promise<RoleRow | null> {
  const removed = await drizzle(db)
    .delete(accessRoles)
    .where(eq(accessRoles.pattern, pattern))
    .returning();
  return removed[0] ?? null;
}
