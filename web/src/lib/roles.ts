import type { Role } from "../api/types";

const ORDER: Role[] = ["viewer", "operator", "admin"];

/** The same order the server checks: viewer < operator < admin. */
export const roleAtLeast = (role: Role | undefined, needed: Role): boolean =>
  role !== undefined && ORDER.indexOf(role) >= ORDER.indexOf(needed);
