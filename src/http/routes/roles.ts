import { Hono } from "hono";
import * as z from "zod/mini";
import { listStoredRoles, removeStoredRole, setStoredRole } from "../../auth/people";
import { normalizePattern } from "../../auth/role-patterns";
import { ROLES } from "../../auth/roles";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { securityChange } from "../security-events";
import { jsonBody } from "../validate";

const pattern = z.pipe(
  z.string().check(z.maxLength(320)),
  z.transform((raw, ctx) => {
    const normalized = normalizePattern(raw);
    if (normalized) return normalized;
    ctx.issues.push({
      code: "custom",
      message: "pattern must be an email or *@domain",
      input: raw,
    });
    return z.NEVER;
  }),
);

export const RoleInputSchema = z.strictObject({ pattern, role: z.enum(ROLES) });

/**
 * People's roles (admin): the ACCESS_ROLES rules (read-only here; they change with the
 * configuration) and the table admins manage. The most specific pattern wins; the same pattern in
 * both gives the lower role.
 */
export const roleRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const stored = await listStoredRoles(c.env.DB);
    return c.json({
      roles: [
        ...c.var.config.ACCESS_ROLES.map((r) => ({ ...r, source: "config" as const })),
        ...stored.map((r) => ({ ...r, source: "table" as const })),
      ],
    });
  })
  .post("/", async (c) => {
    const input = await jsonBody(c, RoleInputSchema);
    const { row, previous } = await setStoredRole(c.env.DB, { ...input, by: c.var.actor });
    await securityChange(c, "role_granted", { pattern: row.pattern, role: row.role, previous });
    return c.json({ ...row, source: "table" as const, previous });
  })
  .delete("/:pattern", async (c) => {
    const normalized = normalizePattern(c.req.param("pattern"));
    const removed = normalized ? await removeStoredRole(c.env.DB, normalized) : null;
    if (!removed)
      throw new ApiError(
        "not_found",
        "No stored role has that pattern (ACCESS_ROLES entries change with the configuration).",
      );
    await securityChange(c, "role_removed", { pattern: removed.pattern, role: removed.role });
    return c.json({ ...removed, source: "table" as const });
  });
