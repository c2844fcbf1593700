import * as Sentry from "@sentry/cloudflare";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { describeError, isTransient, reportableError } from "../failures";
import { requestIdOf } from "../observability/request-id";
import { apiAuth, webhookLimit } from "./auth";
import type { AppEnv } from "./context";
import { ApiError, errorResponse } from "./errors";
import { auditRoutes } from "./routes/audit";
import { campaignBulkRoutes } from "./routes/campaign-bulk";
import { campaignViewRoutes } from "./routes/campaign-views";
import { campaignRoutes } from "./routes/campaigns";
import { healthRoutes } from "./routes/health";
import { mailboxRoutes } from "./routes/mailboxes";
import { meRoutes } from "./routes/me";
import { negotiationRoutes } from "./routes/negotiations";
import { notificationActionRoutes } from "./routes/notification-actions";
import { openApiRoutes } from "./routes/openapi";
import { operationsRoutes } from "./routes/operations";
import { roleRoutes } from "./routes/roles";
import { settingsRoutes } from "./routes/settings";
import { slackRoutes } from "./routes/slack";
import { tokenRoutes } from "./routes/tokens";
import { webhookRoutes } from "./routes/webhooks";
import { clickupWebhookRoutes } from "./routes/webhooks-clickup";

const MAX_BODY_BYTES = 1024 * 1024;

export function createApp() {
  const app = new Hono<AppEnv>();

  app.use("*", async (c, next) => {
    const requestId = requestIdOf(c.req.raw.headers);
    Sentry.setTag("request_id", requestId);
    c.set("requestId", requestId);
    c.header("X-Request-Id", requestId);
    await next();
    c.header("X-Request-Id", requestId);
  });

  app.route("/", healthRoutes);

  const api = new Hono<AppEnv>();
  api.use("*", apiAuth);
  api.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(
          "payload_too_large",
          `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`,
        );
      },
    }),
  );
  api.route("/campaigns", campaignRoutes);
  api.route("/campaigns", campaignBulkRoutes);
  api.route("/campaigns", campaignViewRoutes);
  api.route("/negotiations", negotiationRoutes);
  api.route("/audit", auditRoutes);
  api.route("/mailboxes", mailboxRoutes);
  api.route("/", operationsRoutes);
  api.route("/notifications", notificationActionRoutes);
  api.route("/", openApiRoutes);
  api.route("/", meRoutes);
  api.route("/tokens", tokenRoutes);
  api.route("/roles", roleRoutes);
  api.route("/settings", settingsRoutes);
  app.route("/api", api);
  // Provider webhooks authenticate with their own signatures, not the API token.
  app.use("/webhooks/*", webhookLimit);
  app.route("/webhooks", webhookRoutes);
  app.route("/webhooks/slack", slackRoutes);
  app.route("/webhooks/clickup", clickupWebhookRoutes);

  app.notFound((c) => errorResponse(c, new ApiError("not_found", "No such route.")));
  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error);
    // 503 means a dependency is down (retry later); anything else is a bug: 500, reported.
    const transient = isTransient(error);
    if (!transient) Sentry.captureException(reportableError(error));
    const reportable = reportableError(error);
    console.error(
      JSON.stringify({
        msg: transient ? "dependency unavailable" : "unhandled error",
        requestId: c.get("requestId"),
        method: c.req.method,
        route: c.req.routePath,
        error: describeError(error),
        stack: reportable instanceof Error ? reportable.stack : undefined,
      }),
    );
    return errorResponse(
      c,
      transient
        ? new ApiError("unavailable", "A service Parley depends on is unavailable. Try again.")
        : new ApiError(
            "internal_error",
            "Something went wrong on our side; it was reported. Try again.",
          ),
    );
  });
  return app;
}
