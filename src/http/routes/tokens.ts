import { Hono } from "hono";
import * as z from "zod/mini";
import { createToken, listTokens, presentToken, revokeToken } from "../../auth/api-tokens";
import { BOOTSTRAP_TOKEN_NAME } from "../../auth/identity";
import { ROLES } from "../../auth/roles";
import type { AppEnv } from "../context";
import { ApiError, notFound } from "../errors";
import { securityChange } from "../security-events";
import { jsonBody } from "../validate";

export const TokenInputSchema = z.strictObject({
  name: z.string().check(
    z.trim(),
    z.toLowerCase(),
    z.regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, {
      message: "name: 1–63 of a-z, 0-9, '.', '_', '-', starting with a letter or digit",
    }),
    z.refine((name) => name !== BOOTSTRAP_TOKEN_NAME, {
      message: `"${BOOTSTRAP_TOKEN_NAME}" is the name of PARLEY_API_TOKEN`,
    }),
  ),
  role: z.enum(ROLES),
  expiresAt: z.pipe(
    z._default(z.nullable(z.iso.datetime({ offset: true })), null).check(
      z.refine((at) => at === null || Date.parse(at) > Date.now(), {
        message: "expiresAt must be in the future",
      }),
    ),
    z.transform((at) => (at === null ? null : new Date(at).toISOString())),
  ),
});

/**
 * API tokens for machines (admin). The secret is in the 201 answer and nowhere else, ever; lists
 * show the name, role, a short prefix and the dates. A revocation holds from the next request.
 */
export const tokenRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const input = await jsonBody(c, TokenInputSchema);
    const created = await createToken(c.env.DB, { ...input, createdBy: c.var.actor });
    if (!created.ok)
      throw new ApiError("name_taken", `A token named "${input.name}" exists or existed.`);
    const { row, secret } = created;
    await securityChange(c, "token_created", {
      tokenId: row.id,
      name: row.name,
      role: row.role,
      expiresAt: row.expiresAt,
    });
    // The one answer that carries a secret: no cache may keep it.
    c.header("Cache-Control", "no-store");
    return c.json({ ...presentToken(row), token: secret }, 201);
  })
  .get("/", async (c) => {
    const now = new Date();
    return c.json({ tokens: (await listTokens(c.env.DB)).map((row) => presentToken(row, now)) });
  })
  .delete("/:id", async (c) => {
    const result = await revokeToken(c.env.DB, c.req.param("id"), c.var.actor);
    if (!result) throw notFound("Token");
    if (result.revokedNow)
      await securityChange(c, "token_revoked", {
        tokenId: result.row.id,
        name: result.row.name,
        role: result.row.role,
      });
    return c.json(presentToken(result.row));
  });
