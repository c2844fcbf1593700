import { describe, expect, it, vi } from "vitest";

// The app's other routes reach Durable Object classes and the email binding; Node has neither.
vi.mock("cloudflare:workers", () => ({ DurableObject: class {} }));
vi.mock("cloudflare:email", () => ({ EmailMessage: class {} }));

const env = {
  PARLEY_API_TOKEN: "api-token-0123456789abcdef",
  MAIL_FROM: "deals@brand.test",
  BRAND_NAME: "Brand",
  QUEUE_NOTIFICATIONS: { sendBatch: async () => {} },
  DB: {},
};

describe("Slack webhooks without Slack configured", () => {
  it.each(["events", "interactions", "commands"])(
    "POST /webhooks/slack/%s is 404",
    async (route) => {
      const { createApp } = await import("../../src/http/app");
      const res = await createApp().request(
        `/webhooks/slack/${route}`,
        { method: "POST", body: "payload=%7B%7D" },
        env,
      );
      expect(res.status).toBe(404);
      const body = (await res.json()) as { error: { code: string; requestId: string } };
      expect(body.error.code).toBe("not_found");
      expect(body.error.requestId).toBeTruthy();
    },
  );
});
