import { exportPKCS8, generateKeyPair, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { readCustomField } from "../../src/adapters/clickup/campaign-source";
import { fetchWithRetry } from "../../src/adapters/fetch-retry/retrying-fetch";
import { ServiceAccountTokenSource } from "../../src/adapters/google-sheets/service-account";
import { SourceError } from "../../src/ports/campaign-source";

const dropDown = (value: unknown) => ({
  id: "f1",
  name: "Autonomy",
  type: "drop_down",
  type_config: {
    options: [
      { id: "a", name: "Review", orderindex: 0 },
      { id: "b", name: "Autonomus", orderindex: 1 },
    ],
  },
  value,
});

describe("ClickUp custom fields", () => {
  it("reads dropdowns by orderindex or option id, labels by id, and reports unknown options", () => {
    expect(readCustomField(dropDown(1))).toEqual({ ok: true, raw: "Autonomus" });
    expect(readCustomField(dropDown("a"))).toEqual({ ok: true, raw: "Review" });
    expect(readCustomField(dropDown(9))).toEqual({
      ok: false,
      problem: "the chosen option (9) is not one of the field's options",
    });
    expect(readCustomField(dropDown(undefined))).toEqual({ ok: true, raw: null });
    expect(
      readCustomField({
        id: "f2",
        name: "Tiers",
        type: "labels",
        type_config: {
          options: [
            { id: "x", label: "1 Reel" },
            { id: "y", label: "2 Stories" },
          ],
        },
        value: ["y", "x"],
      }),
    ).toEqual({ ok: true, raw: ["2 Stories", "1 Reel"] });
    expect(readCustomField({ id: "f3", name: "Budget", type: "currency", value: "10000" })).toEqual(
      {
        ok: true,
        raw: "10000",
      },
    );
    expect(
      readCustomField({ id: "f4", name: "Brief", type: "location", value: { lat: 1 } }).ok,
    ).toBe(false);
  });
});

describe("calls to third-party APIs", () => {
  const request = () => new Request("https://api.test/x");
  const answers = (...responses: Response[]) => {
    const calls: string[] = [];
    const fetchFake = (async () => {
      calls.push("call");
      const next = responses.shift();
      if (!next) throw new Error("no more answers");
      return next;
    }) as unknown as typeof fetch;
    return { calls, fetchFake };
  };

  it("retries 429 after Retry-After and 5xx with backoff, then answers", async () => {
    const waits: number[] = [];
    const { calls, fetchFake } = answers(
      new Response("", { status: 429, headers: { "retry-after": "2" } }),
      new Response("", { status: 503 }),
      new Response("ok", { status: 200 }),
    );
    const response = await fetchWithRetry("Test", request, {
      fetch: fetchFake,
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0,
      baseDelayMs: 100,
    });
    expect(await response.text()).toBe("ok");
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([2000, 200]);
  });

  it("hands 4xx back without retrying, and gives up on lasting 5xx as retryable", async () => {
    const four = answers(new Response("", { status: 404 }));
    expect((await fetchWithRetry("Test", request, { fetch: four.fetchFake })).status).toBe(404);
    expect(four.calls).toHaveLength(1);
    const five = answers(...[1, 2, 3].map(() => new Response("", { status: 500 })));
    const error = await fetchWithRetry("Test", request, {
      fetch: five.fetchFake,
      attempts: 3,
      sleep: async () => {},
    }).catch((e) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error.retryable).toBe(true);
  });

  it("does not wait here for a Retry-After longer than the limit: the queue retries later", async () => {
    const { calls, fetchFake } = answers(
      new Response("", { status: 429, headers: { "retry-after": "120" } }),
    );
    const error = await fetchWithRetry("Test", request, { fetch: fetchFake }).catch((e) => e);
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ retryable: true, retryAfterSeconds: 120 });
  });
});

describe("Google service-account tokens", () => {
  it("signs a JWT grant, caches the token until shortly before expiry, shares one exchange", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
    let now = 1_000_000_000_000;
    const grants: string[] = [];
    const fetchFake = (async (input: Request) => {
      const form = new URLSearchParams(await input.text());
      grants.push(form.get("assertion") ?? "");
      expect(form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
      return Response.json({ access_token: `t${grants.length}`, expires_in: 3600 });
    }) as unknown as typeof fetch;
    const tokens = new ServiceAccountTokenSource({
      clientEmail: "sa@p.iam.gserviceaccount.com",
      privateKey: await exportPKCS8(privateKey),
      tokenUrl: "https://oauth2.test/token",
      scope: "https://www.googleapis.com/auth/spreadsheets",
      fetch: fetchFake,
      now: () => now,
    });
    const [a, b] = await Promise.all([tokens.accessToken(), tokens.accessToken()]);
    expect([a, b]).toEqual(["t1", "t1"]);
    const { payload } = await jwtVerify(grants[0] ?? "", publicKey, {
      currentDate: new Date(now),
    });
    expect(payload).toMatchObject({
      iss: "sa@p.iam.gserviceaccount.com",
      aud: "https://oauth2.test/token",
      scope: "https://www.googleapis.com/auth/spreadsheets",
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
    now += 3_000_000;
    expect(await tokens.accessToken()).toBe("t1");
    now += 560_000;
    expect(await tokens.accessToken()).toBe("t2");
    tokens.invalidate();
    expect(await tokens.accessToken()).toBe("t3");
  });
});
