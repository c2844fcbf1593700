import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App, makeQueryClient } from "../src/app";

type Handler = (request: { url: string; method: string; headers: Headers }) => unknown;

const CAMPAIGN = {
  id: "c1",
  name: "Spring launch",
  externalId: null,
  cpmTargetCents: 2500,
  leniencyPct: 20,
  budgetCents: 1_000_000,
  autonomy: "review",
  deliverableTiers: ["1 Reel"],
  stats: {
    negotiations: 3,
    byState: { agreed: 1 },
    agreed: 1,
    avgAgreedCpmCents: 2600,
    budgetUsedCents: 50000,
    active: 2,
    escalated: 0,
    dealRate: 1,
    medianRounds: 2,
    band: { floorCpmCents: 2500, ceilingCpmCents: 3000 },
  },
};

/** A fake of the API at the fetch boundary: each test says what each route answers. */
function fakeApi(routes: Record<string, Handler>) {
  const calls: { url: string; method: string; headers: Headers }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, "http://parley.test");
      const request = {
        url: url.pathname,
        method: init.method ?? "GET",
        headers: new Headers(init.headers),
      };
      calls.push(request);
      const handler = routes[`${request.method} ${url.pathname}`];
      const answer = handler
        ? handler(request)
        : { status: 404, body: { error: { code: "not_found", message: "No such route." } } };
      const { status = 200, body } = answer as { status?: number; body: unknown };
      return new Response(JSON.stringify(body), {
        status,
        headers: { "content-type": "application/json" },
      });
    }),
  );
  return calls;
}

const me = (role: string) => (r: { headers: Headers }) =>
  r.headers.get("authorization") === "Bearer prl_good"
    ? { body: { actor: "token:ci", role, via: "token" } }
    : { status: 401, body: { error: { code: "unauthorized", message: "Sign in." } } };

beforeEach(() => {
  sessionStorage.clear();
  window.history.pushState({}, "", "/");
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const common = {
  "GET /api/campaigns": () => ({ body: { campaigns: [CAMPAIGN] } }),
  "GET /api/notifications": () => ({ body: { notifications: [] } }),
};

describe("signing in with a token", () => {
  it("asks for a token, keeps it for the session and shows who is signed in", async () => {
    const calls = fakeApi({ ...common, "GET /api/me": me("operator") });
    render(<App client={makeQueryClient()} />);
    const field = await screen.findByLabelText("API token");
    fireEvent.change(field, { target: { value: "prl_bad" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveProperty(
      "textContent",
      expect.stringContaining("not accepted"),
    );
    expect(sessionStorage.getItem("parley.apiToken")).toBeNull();

    fireEvent.change(field, { target: { value: "prl_good" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Spring launch")).toBeTruthy();
    expect(screen.getByTestId("signed-in-as").textContent).toContain("token:ci");
    expect(screen.getByRole("link", { name: "New campaign" })).toBeTruthy();
    expect(sessionStorage.getItem("parley.apiToken")).toBe("prl_good");
    // Every request carries the cross-site header; the token goes as a bearer.
    expect(calls.every((c) => c.headers.get("x-parley-request") === "1")).toBe(true);
  });

  it("hides what a viewer may not do", async () => {
    sessionStorage.setItem("parley.apiToken", "prl_good");
    fakeApi({ ...common, "GET /api/me": me("viewer") });
    render(<App client={makeQueryClient()} />);
    expect(await screen.findByText("Spring launch")).toBeTruthy();
    expect(screen.queryByRole("link", { name: "New campaign" })).toBeNull();
    expect(screen.queryByRole("link", { name: "Operations" })).toBeNull();
    expect(screen.getAllByText("$26.00").length).toBeGreaterThan(0);
  });

  it("says what to do when the campaign list fails", async () => {
    sessionStorage.setItem("parley.apiToken", "prl_good");
    fakeApi({
      ...common,
      "GET /api/me": me("admin"),
      "GET /api/campaigns": () => ({
        status: 503,
        body: {
          error: { code: "unavailable", message: "D1 is down; try again.", requestId: "r-1" },
        },
      }),
    });
    render(<App client={makeQueryClient()} />);
    await waitFor(() => expect(screen.getByText("Campaigns could not be loaded")).toBeTruthy(), {
      timeout: 5000,
    });
    expect(screen.getByText(/D1 is down/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Try again" })).toBeTruthy();
  });
});
