import { isRole, lowerRole, type Role } from "./roles";

/**
 * People's roles by email: a rule's pattern is one address (`ana@brand.example`) or everyone at
 * one domain (`*@brand.example`, not its subdomains). The most specific matching rule wins: an
 * address beats its domain. Two rules with the same pattern (one in ACCESS_ROLES, one in the
 * admin-managed table) give the lower of their roles, so neither source can quietly raise the
 * other's decision.
 */
export interface RoleRule {
  pattern: string;
  role: Role;
}

const ADDRESS = /^[^\s@*]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const DOMAIN = /^\*@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/;

/** The pattern in its stored form (lower case, trimmed), or null when it is neither shape. */
export function normalizePattern(raw: string): string | null {
  const pattern = raw.trim().toLowerCase();
  if (pattern.length > 320) return null;
  return ADDRESS.test(pattern) || DOMAIN.test(pattern) ? pattern : null;
}

export type ParsedRules = { ok: true; rules: RoleRule[] } | { ok: false; problems: string[] };

/** `pattern=role` pairs, comma-separated (the ACCESS_ROLES syntax). */
export function parseRoleRules(text: string): ParsedRules {
  const rules: RoleRule[] = [];
  const problems: string[] = [];
  const seen = new Map<string, Role>();
  for (const entry of text.split(",").map((e) => e.trim())) {
    if (entry === "") continue;
    const [rawPattern = "", rawRole = "", ...rest] = entry.split("=");
    const pattern = normalizePattern(rawPattern);
    const role = rawRole.trim().toLowerCase();
    if (rest.length > 0 || pattern === null || !isRole(role)) {
      problems.push(
        `"${entry.slice(0, 80)}" is not pattern=role (pattern an email or *@domain; role viewer, operator or admin)`,
      );
      continue;
    }
    const earlier = seen.get(pattern);
    if (earlier !== undefined && earlier !== role) {
      problems.push(`${pattern} is given two roles (${earlier} and ${role})`);
      continue;
    }
    if (earlier === undefined) rules.push({ pattern, role });
    seen.set(pattern, role);
  }
  return problems.length ? { ok: false, problems } : { ok: true, rules };
}

/** The patterns that could match an address, most specific first. */
export function patternsFor(email: string): [address: string, domain: string] | null {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf("@");
  if (at <= 0 || at === address.length - 1) return null;
  return [address, `*@${address.slice(at + 1)}`];
}

/** The role of `email` under `rules`, or null when no rule matches. */
export function roleFor(rules: readonly RoleRule[], email: string): Role | null {
  const candidates = patternsFor(email);
  if (!candidates) return null;
  for (const pattern of candidates) {
    const matching = rules.filter((r) => r.pattern === pattern);
    if (matching.length > 0) return matching.map((r) => r.role).reduce((a, b) => lowerRole(a, b));
  }
  return null;
}
