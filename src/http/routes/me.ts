import { Hono } from "hono";
import type { AppEnv } from "../context";

/** Who the API takes the caller for: the actor it records and the role it checks. */
export const meRoutes = new Hono<AppEnv>().get("/me", (c) => {
  const { actor, role, via } = c.var.identity;
  return c.json({ actor, role, via });
});
