import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ClickUpWebhookSchema } from "../../adapters/clickup/payloads";
import { verifyClickUpSignature } from "../../adapters/clickup/signature";
import { loadConfig } from "../../env";
import type { EffectMessage } from "../../queues/messages";
import { enqueue } from "../../queues/routes";
import type { AppEnv } from "../context";
import { ApiError, misconfigured } from "../errors";
import { securityEvent } from "../security-events";

const ROUTE = "/webhooks/clickup";
/** Task events are a few KiB; a long history_items list stays well under this. */
const MAX_BODY_BYTES = 256 * 1024;

/** The task events that may change a campaign (or end its task); others are acknowledged and ignored. */
const TASK_EVENTS = new Set(["taskCreated", "taskUpdated", "taskStatusUpdated", "taskDeleted"]);

/**
 * ClickUp webhook: the signature is checked over the raw body before anything is parsed, the
 * delivery is queued and answered at once; the queue reads the task and upserts its campaign.
 * Redeliveries are harmless: the upsert is keyed by task id and changes nothing the second time.
 */
export const clickupWebhookRoutes = new Hono<AppEnv>().post(
  "/",
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError(
        "payload_too_large",
        `ClickUp deliveries are limited to ${MAX_BODY_BYTES} bytes.`,
      );
    },
  }),
  async (c) => {
    const loaded = loadConfig(c.env);
    if (!loaded.ok) throw misconfigured();
    const secret = loaded.config.CLICKUP_WEBHOOK_SECRET;
    if (!secret) throw new ApiError("not_found", "No such route.");
    const raw = await c.req.arrayBuffer();
    if (!(await verifyClickUpSignature(secret, raw, c.req.header("x-signature")))) {
      securityEvent(c, {
        kind: "webhook_refused",
        source: "clickup",
        route: ROUTE,
        reason: c.req.header("x-signature") ? "bad_signature" : "missing_signature",
      });
      throw new ApiError("unauthorized", "A valid X-Signature is required.");
    }
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      throw new ApiError("invalid_json", "The body is not valid JSON.");
    }
    const parsed = ClickUpWebhookSchema.safeParse(body);
    if (!parsed.success)
      throw new ApiError(
        "validation_failed",
        "The body is not a ClickUp webhook delivery.",
        parsed.error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message })),
      );
    const delivery = parsed.data;
    if (!TASK_EVENTS.has(delivery.event) || !delivery.task_id) return c.json({ ok: true });
    const items = (delivery.history_items ?? []).map((h) => h.id).join(",");
    const message: EffectMessage = {
      type: "clickup_task",
      version: 1,
      key: `clickup:${delivery.webhook_id}:${delivery.task_id}:${items || delivery.event}`,
      taskId: delivery.task_id,
      event: delivery.event,
      requestId: c.var.requestId ?? null,
    };
    await enqueue(c.env, message);
    return c.json({ ok: true });
  },
);
