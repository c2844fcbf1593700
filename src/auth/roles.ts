/**
 * Who may do what, coarsely: `viewer` reads everything, `operator` also acts (commands,
 * approvals, answers, imports, campaign edits), `admin` also manages tokens, roles, mailboxes and
 * global settings. Each role includes the ones before it.
 */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

const RANK = new Map<Role, number>(ROLES.map((role, i) => [role, i]));

export const isRole = (value: string): value is Role => RANK.has(value as Role);

/** Whether `role` may do what `needed` may. No role (`null`) may do nothing. */
export function roleAtLeast(role: Role | null, needed: Role): boolean {
  if (role === null) return false;
  return (RANK.get(role) ?? -1) >= (RANK.get(needed) ?? Number.POSITIVE_INFINITY);
}

/** The lower of two roles: when two rules of the same weight disagree, the safer one wins. */
export const lowerRole = (a: Role, b: Role): Role => (roleAtLeast(a, b) ? b : a);
