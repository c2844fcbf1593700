import { type Role, roleAtLeast } from "../auth/roles";

/**
 * The minimum role of every /api route, in one place. The auth middleware looks each request up
 * here before any handler runs; a route missing from the table answers 404 to everyone (fail
 * closed), and a test walks this table and the OpenAPI document together, so a new route without
 * a role fails the build.
 *
 * Paths are OpenAPI templates (`{id}` is one path segment).
 */
export const ROUTE_ROLES = [
  ["GET", "/api/me", "viewer"],
  ["GET", "/api/openapi.json", "viewer"],
  ["GET", "/api/campaigns", "viewer"],
  ["POST", "/api/campaigns", "operator"],
  ["GET", "/api/campaigns/{id}", "viewer"],
  ["PUT", "/api/campaigns/{id}", "operator"],
  ["GET", "/api/campaigns/{id}/negotiations", "viewer"],
  ["GET", "/api/campaigns/{id}/metrics", "viewer"],
  ["POST", "/api/campaigns/{id}/negotiations", "operator"],
  ["POST", "/api/campaigns/{id}/creators:import", "operator"],
  ["POST", "/api/campaigns/{id}/stop-agency", "operator"],
  ["GET", "/api/negotiations/{id}", "viewer"],
  ["GET", "/api/negotiations/{id}/timeline", "viewer"],
  ["POST", "/api/negotiations/{id}/pause", "operator"],
  ["POST", "/api/negotiations/{id}/resume", "operator"],
  ["POST", "/api/negotiations/{id}/stop", "operator"],
  ["POST", "/api/negotiations/{id}/takeover", "operator"],
  ["POST", "/api/negotiations/{id}/release", "operator"],
  ["POST", "/api/negotiations/{id}/approve", "operator"],
  ["POST", "/api/negotiations/{id}/reject-draft", "operator"],
  ["POST", "/api/negotiations/{id}/answer", "operator"],
  ["GET", "/api/audit", "viewer"],
  ["GET", "/api/mailboxes", "viewer"],
  ["GET", "/api/mailboxes/{address}", "viewer"],
  ["POST", "/api/mailboxes/{address}/resume", "admin"],
  ["GET", "/api/failed-jobs", "viewer"],
  ["POST", "/api/failed-jobs/{id}/replay", "operator"],
  ["POST", "/api/failed-jobs/replay", "operator"],
  ["GET", "/api/settings", "viewer"],
  ["POST", "/api/settings/pause", "admin"],
  ["POST", "/api/settings/resume", "admin"],
  ["GET", "/api/notifications", "viewer"],
  ["POST", "/api/notifications/{id}/dismiss", "operator"],
  ["GET", "/api/approvals", "viewer"],
  ["GET", "/api/tokens", "admin"],
  ["POST", "/api/tokens", "admin"],
  ["DELETE", "/api/tokens/{id}", "admin"],
  ["GET", "/api/roles", "admin"],
  ["POST", "/api/roles", "admin"],
  ["DELETE", "/api/roles/{pattern}", "admin"],
] as const satisfies readonly (readonly [method: string, path: string, role: Role])[];

export interface RouteRole {
  method: string;
  path: string;
  role: Role;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A template as a pattern over the routed path (Hono's: percent-decoded except reserved
 * characters, so a literal `:` may arrive as `%3A`).
 */
function compile(path: string): RegExp {
  const segments = path
    .split("/")
    .map((segment) =>
      segment.startsWith("{") && segment.endsWith("}")
        ? "[^/]+"
        : escapeRegExp(segment).replace(/:/g, "(?::|%3[Aa])"),
    );
  return new RegExp(`^${segments.join("/")}$`);
}

const COMPILED = ROUTE_ROLES.map(([method, path, role]) => ({
  route: { method, path, role } as RouteRole,
  pattern: compile(path),
}));

/** The route a request is for, or null when the table has none (the request is refused). */
export function routeRoleFor(method: string, path: string): RouteRole | null {
  const asked = method === "HEAD" ? "GET" : method;
  const matches = COMPILED.filter((c) => c.route.method === asked && c.pattern.test(path));
  // Templates do not overlap today; if they ever do, the strictest role applies.
  const routes = matches.map((m) => m.route);
  return routes.length ? routes.reduce((a, b) => (roleAtLeast(a.role, b.role) ? a : b)) : null;
}
