import { describe, expect, it } from "vitest";
import { backoffMs, retryAfterMs } from "../../src/adapters/anthropic/client";
import { ConfigSchema } from "../../src/env";
import { checkModels } from "../../src/http/model-check";
import { testConfig } from "./fixtures/config";

const config = testConfig;

/** Answers GET /v1/models/:id like the Anthropic API: 200 for known ids, 404 with its error envelope otherwise. */
const modelsApi =
  (known: string[]): typeof fetch =>
  async (input) => {
    const id =
      new URL(String(input instanceof Request ? input.url : input)).pathname.split("/").pop() ?? "";
    return known.includes(id)
      ? Response.json({ type: "model", id, display_name: id, created_at: "2026-09-01T00:00:00Z" })
      : Response.json(
          { type: "error", error: { type: "not_found_error", message: `model: ${id}` } },
          { status: 404 },
        );
  };

describe("/ready model check", () => {
  it("is skipped without an API key", async () => {
    expect(await checkModels(config({}))).toBeNull();
  });

  it("names a model id the API does not know", async () => {
    const c = config({
      ANTHROPIC_API_KEY: "k1",
      ANTHROPIC_BASE_URL: "https://models.test",
      ANTHROPIC_WRITER_MODEL: "claude-sonnet-9-9",
    });
    expect(await checkModels(c, modelsApi(["claude-haiku-5-5"]))).toEqual({
      ok: false,
      detail: "unknown model id: claude-sonnet-9-9",
    });
  });

  it("passes when both ids exist", async () => {
    const c = config({ ANTHROPIC_API_KEY: "k2", ANTHROPIC_BASE_URL: "https://models2.test" });
    expect(await checkModels(c, modelsApi(["claude-haiku-5-5", "claude-sonnet-5-5"]))).toEqual({
      ok: true,
    });
  });

  it("rejects a malformed model id at start-up", () => {
    expect(
      ConfigSchema.safeParse({
        PARLEY_API_TOKEN: "x".repeat(20),
        MAIL_FROM: "a@b.co",
        BRAND_NAME: "B",
        ANTHROPIC_READER_MODEL: "gpt-4",
      }).success,
    ).toBe(false);
  });
});

describe("retry timing", () => {
  it("reads Retry-After as seconds or a date", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "3" }))).toBe(3000);
    expect(retryAfterMs(new Headers({ "retry-after": new Date(10_000).toUTCString() }), 4000)).toBe(
      6000,
    );
    expect(retryAfterMs(new Headers())).toBeNull();
  });

  it("backs off exponentially with jitter, four times longer when overloaded, capped", () => {
    expect(backoffMs(1, 500, false, 0)).toBe(250);
    expect(backoffMs(3, 500, false, 1)).toBe(2000);
    expect(backoffMs(3, 500, true, 1)).toBe(8000);
    expect(backoffMs(20, 500, true, 1)).toBe(30_000);
  });
});
