import { Hono } from "hono";
import type { AppEnv } from "../context";
import { openApiDocument } from "../openapi";

export const openApiRoutes = new Hono<AppEnv>().get("/openapi.json", (c) =>
  c.json(openApiDocument()),
);
