import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { verifyGoogleOidc } from "../../adapters/google/oidc";
import { loadConfig } from "../../env";
import type { EffectMessage } from "../../queues/messages";
import { enqueue } from "../../queues/routes";
import type { AppEnv } from "../context";
import { ApiError, misconfigured } from "../errors";
import { parsePushBody } from "../gmail-push";
import { securityEvent } from "../security-events";

const ROUTE = "/webhooks/gmail";
/** Gmail notifications are ~100 bytes; Pub/Sub's envelope adds little. */
const MAX_PUSH_BYTES = 64 * 1024;

/** Pub/Sub push: OIDC-verified (before the body is read), enqueued for the mailbox sync, 204. */
export const webhookRoutes = new Hono<AppEnv>();

const gmailPushAuth = createMiddleware<AppEnv>(async (c, next) => {
  const loaded = loadConfig(c.env);
  if (!loaded.ok) throw misconfigured();
  const config = loaded.config;
  if (config.MAIL_TRANSPORT !== "gmail") throw new ApiError("not_found", "No such route.");
  if (!config.GMAIL_PUSH_AUDIENCE || !config.GMAIL_PUSH_SERVICE_ACCOUNT) throw misconfigured();
  c.set("config", config);

  const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1];
  const result = token
    ? await verifyGoogleOidc(token, {
        audience: config.GMAIL_PUSH_AUDIENCE,
        serviceAccountEmail: config.GMAIL_PUSH_SERVICE_ACCOUNT,
        jwksUrl: config.GOOGLE_JWKS_URL,
      })
    : ({ ok: false, reason: "missing_token" } as const);
  if (!result.ok) {
    if (result.reason === "jwks_unavailable") {
      // Our side, not the caller's: 503 makes Pub/Sub redeliver later.
      console.error(JSON.stringify({ msg: "google jwks unavailable", route: ROUTE }));
      throw new ApiError("upstream_unavailable", "Google's signing keys are unavailable.");
    }
    securityEvent(c, {
      kind: "webhook_refused",
      source: "gmail",
      route: ROUTE,
      reason: result.reason,
    });
    // The reason goes to the audit trail, not to the caller.
    throw new ApiError("unauthorized", "A valid Google-signed OIDC token is required.", undefined, {
      "WWW-Authenticate": 'Bearer error="invalid_token"',
    });
  }
  await next();
});

webhookRoutes.post(
  "/gmail",
  gmailPushAuth,
  bodyLimit({
    maxSize: MAX_PUSH_BYTES,
    onError: () => {
      throw new ApiError(
        "payload_too_large",
        `Push bodies are limited to ${MAX_PUSH_BYTES} bytes.`,
      );
    },
  }),
  async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw new ApiError("invalid_json", "The body is not valid JSON.");
    }
    const parsed = parsePushBody(body);
    if (!parsed.ok)
      throw new ApiError(
        "validation_failed",
        "The push body is not a Gmail notification.",
        parsed.issues,
      );
    const { push } = parsed;
    const message: EffectMessage = {
      type: "gmail_push",
      version: 1,
      // Pub/Sub redelivers with the same messageId; the sync itself is cursor-based and idempotent.
      key: `gmail_push:${push.messageId}`,
      emailAddress: push.emailAddress,
      historyId: push.historyId,
      requestId: c.get("requestId") ?? null,
    };
    await enqueue(c.env, message);
    return c.body(null, 204);
  },
);
