import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { roleAtLeast } from "../auth/roles";
import { loadConfig } from "../env";
import { ACCESS_COOKIE, authenticate, readCredential } from "./authenticate";
import type { AppEnv } from "./context";
import { ApiError, misconfigured, notFound } from "./errors";
import { BlockedClients, overLimit, rateLimited } from "./rate-limit";
import { routeRoleFor } from "./route-roles";
import { crossSiteReason } from "./same-origin";
import { clientIp, securityEvent } from "./security-events";

const blocked = new BlockedClients();

const unauthorized = () =>
  new ApiError(
    "unauthorized",
    "Sign in through Cloudflare Access or send a valid bearer token.",
    undefined,
    { "WWW-Authenticate": "Bearer" },
  );

/**
 * Every /api request: who is asking (Access JWT or token), whether they are within their rate
 * limit, whether a cookie-borne request is provably same-origin, and whether their role reaches
 * the route's (route-roles.ts). Every refusal is a security event; the reason is never told to
 * the caller.
 */
export const apiAuth = createMiddleware<AppEnv>(async (c, next) => {
  const loaded = loadConfig(c.env);
  // Fail closed: with invalid configuration nothing but /health and /ready answers.
  if (!loaded.ok) throw misconfigured();
  const config = loaded.config;
  c.set("config", config);
  const ip = clientIp(c) ?? "unknown";

  if (blocked.isBlocked(ip)) {
    securityEvent(c, { kind: "rate_limited", source: "api", reason: "auth" });
    throw rateLimited();
  }
  const credential = readCredential(c);
  const outcome = await authenticate(c, config, credential);
  if (!outcome.ok) {
    if (outcome.refusal === "unavailable")
      throw new ApiError(
        "upstream_unavailable",
        "Cloudflare Access's signing keys are unavailable.",
      );
    if (outcome.refusal === "unauthenticated" && (await overLimit(c.env, "auth", ip))) {
      blocked.block(ip);
      securityEvent(c, { kind: "rate_limited", source: "api", reason: "auth" });
      throw rateLimited();
    }
    if (outcome.refusal === "no_role") {
      // A verified person, so their own budget, not their address's.
      if (await overLimit(c.env, "api", outcome.actor)) {
        securityEvent(c, {
          kind: "rate_limited",
          source: "api",
          reason: "api",
          actor: outcome.actor,
        });
        throw rateLimited();
      }
      securityEvent(c, {
        kind: "permission_denied",
        source: "api",
        reason: "no_role",
        actor: outcome.actor,
      });
      throw new ApiError("forbidden", "You have no role in Parley; ask an admin for one.");
    }
    securityEvent(c, { kind: "auth_failed", source: "api", reason: outcome.reason });
    throw unauthorized();
  }
  const { identity } = outcome;

  // The browser sends the Access cookie cross-site too (and Access then adds its header).
  if (credential.kind === "access" && getCookie(c, ACCESS_COOKIE) !== undefined) {
    const reason = crossSiteReason(c);
    if (reason) {
      securityEvent(c, {
        kind: "cross_site_request",
        source: "api",
        reason,
        actor: identity.actor,
      });
      throw new ApiError(
        "cross_site_request",
        "Changes from a browser need the X-Parley-Request: 1 header and a same-origin request.",
      );
    }
  }
  if (await overLimit(c.env, "api", identity.actor)) {
    securityEvent(c, { kind: "rate_limited", source: "api", reason: "api", actor: identity.actor });
    throw rateLimited();
  }
  const route = routeRoleFor(c.req.method, c.req.path);
  if (!route) throw notFound("Route");
  if (!roleAtLeast(identity.role, route.role)) {
    securityEvent(c, {
      kind: "permission_denied",
      source: "api",
      reason: `needs_${route.role}`,
      actor: identity.actor,
      details: {
        role: identity.role,
        needed: route.role,
        method: c.req.method,
        template: route.path,
      },
    });
    throw new ApiError("forbidden", `This needs the ${route.role} role; you are ${identity.role}.`);
  }
  c.set("identity", identity);
  c.set("actor", identity.actor);
  await next();
});

/** Webhooks: per source IP, before any signature is verified (that costs a hash or a key fetch). */
export const webhookLimit = createMiddleware<AppEnv>(async (c, next) => {
  if (await overLimit(c.env, "webhooks", clientIp(c) ?? "unknown")) {
    securityEvent(c, { kind: "rate_limited", source: "webhooks", reason: "webhooks" });
    throw rateLimited();
  }
  await next();
});
