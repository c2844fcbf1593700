import { desc } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { failedJobs, notifications } from "../../db/schema";
import type { AppEnv } from "../context";

/** Dead-lettered effects and team notifications (the offline notifier's inbox). */
export const operationsRoutes = new Hono<AppEnv>()
  .get("/failed-jobs", async (c) => {
    const rows = await drizzle(c.env.DB)
      .select()
      .from(failedJobs)
      .orderBy(desc(failedJobs.failedAt))
      .limit(200);
    return c.json({ failedJobs: rows });
  })
  .get("/notifications", async (c) => {
    const rows = await drizzle(c.env.DB)
      .select()
      .from(notifications)
      .orderBy(desc(notifications.at))
      .limit(200);
    return c.json({ notifications: rows });
  });
