import { Hono } from "hono";
import * as z from "zod/mini";
import { globalPause, heldSendCount, setGlobalPause } from "../../operations/global-pause";
import type { AppEnv } from "../context";
import { jsonBody } from "../validate";

export const PauseSchema = z.strictObject({
  reason: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
});

/** Deployment-wide settings: the global pause (every send held, queued ones included). */
export const settingsRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const [pause, heldSends] = await Promise.all([globalPause(c.env.DB), heldSendCount(c.env.DB)]);
    return c.json({ globalPause: pause, heldSends });
  })
  .post("/pause", async (c) => {
    const body = await jsonBody(c, PauseSchema, { optional: true });
    const { pause, changed } = await setGlobalPause(c.env, {
      paused: true,
      actor: c.var.actor,
      reason: body?.reason ?? null,
      requestId: c.var.requestId,
    });
    return c.json({ globalPause: pause, changed });
  })
  .post("/resume", async (c) => {
    const { pause, changed } = await setGlobalPause(c.env, {
      paused: false,
      actor: c.var.actor,
      reason: null,
      requestId: c.var.requestId,
    });
    return c.json({ globalPause: pause, changed });
  });
