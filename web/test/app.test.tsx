import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Settings } from "../src/api/types";
import { App, makeQueryClient } from "../src/app";

type Handler = (request: {
  url: string;
  method: string;
  headers: Headers;
  query: URLSearchParams;
}) => unknown;

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
  const calls: { url: string; method: string; headers: Headers; query: URLSearchParams }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, "http://parley.test");
      const request = {
        url: url.pathname,
        method: init.method ?? "GET",
        headers: new Headers(init.headers),
        query: url.searchParams,
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

const NOT_PAUSED: Settings = {
  globalPause: { paused: false, since: null, by: null, reason: null },
  heldSends: 0,
};
const PAUSED: Settings = {
  globalPause: {
    paused: true,
    since: "2026-12-04T15:00:00.000Z",
    by: "user:ana@brand.example",
    reason: "wrong price list",
  },
  heldSends: 3,
};

const common = {
  "GET /api/campaigns": () => ({ body: { campaigns: [CAMPAIGN] } }),
  "GET /api/notifications": () => ({ body: { notifications: [] } }),
  "GET /api/settings": () => ({ body: NOT_PAUSED }),
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

describe("the global pause", () => {
  it("is on every page while on, and an admin resumes it from the banner", async () => {
    sessionStorage.setItem("parley.apiToken", "prl_good");
    let settings = PAUSED;
    const calls = fakeApi({
      ...common,
      "GET /api/me": me("admin"),
      "GET /api/settings": () => ({ body: settings }),
      "POST /api/settings/resume": () => {
        settings = NOT_PAUSED;
        return { body: { globalPause: NOT_PAUSED.globalPause, changed: true } };
      },
    });
    render(<App client={makeQueryClient()} />);
    const banner = await screen.findByTestId("global-pause-banner");
    expect(banner.textContent).toContain("All sending is paused");
    expect(banner.textContent).toContain("user:ana@brand.example");
    expect(banner.textContent).toContain("wrong price list");
    expect(banner.textContent).toContain("3 negotiations are holding an email");
    fireEvent.click(screen.getByRole("button", { name: "Resume all sending" }));
    await waitFor(() => expect(screen.queryByTestId("global-pause-banner")).toBeNull());
    expect(calls.some((c) => c.method === "POST" && c.url === "/api/settings/resume")).toBe(true);
  });

  it("tells a viewer who can resume, with no control to do it", async () => {
    sessionStorage.setItem("parley.apiToken", "prl_good");
    fakeApi({
      ...common,
      "GET /api/me": me("viewer"),
      "GET /api/settings": () => ({ body: PAUSED }),
    });
    render(<App client={makeQueryClient()} />);
    const banner = await screen.findByTestId("global-pause-banner");
    expect(banner.textContent).toContain("An admin can resume it");
    expect(screen.queryByRole("button", { name: /Resume/ })).toBeNull();
  });
});

describe("operations", () => {
  const FAILED = {
    id: "failed:1",
    queue: "parley-emails-dlq",
    kind: "email",
    effectKey: "email:n1:1",
    negotiationId: "n1",
    body: {},
    attempts: 5,
    failedAt: "2026-12-04T15:00:00.000Z",
    replayedAt: null,
    replayedBy: null,
  };
  const MAILBOX = {
    address: "deals@parley.example",
    paused: true,
    pausedAt: "2026-12-04T15:00:00.000Z",
    pauseReason: "bounce rate 12% over 20 sends",
    sentToday: 40,
    capToday: 100,
    bounceRate: 0.12,
    sends7d: 20,
    bounces7d: 3,
    assigned: 17,
    emailsPerDay: 100,
    gapSeconds: 60,
    retired: false,
    gmailAccount: "deals@parley.example",
  };
  /** A send-as alias of another Gmail account of the pool. */
  const ALIAS = {
    ...MAILBOX,
    address: "offers@parley.example",
    paused: false,
    pausedAt: null,
    pauseReason: null,
    gmailAccount: "partners@parley.example",
  };
  /** Retired: finishing its threads, taking no new negotiation. */
  const RETIRED = {
    ...ALIAS,
    address: "old@parley.example",
    sentToday: 2,
    capToday: 50,
    bounceRate: 0,
    sends7d: 9,
    bounces7d: 0,
    assigned: 0,
    retired: true,
    gmailAccount: "old@parley.example",
  };
  const operations = {
    ...common,
    "GET /api/failed-jobs": () => ({
      body: { failedJobs: [FAILED], nextBefore: null, waiting: 1 },
    }),
    "GET /api/mailboxes": () => ({ body: { mailboxes: [MAILBOX, ALIAS, RETIRED] } }),
    "GET /api/tokens": () => ({ body: { tokens: [] } }),
    "GET /ready": () => ({
      body: { status: "ready", checks: { d1: { ok: true } }, warnings: [] },
    }),
  };

  it("gives an admin the pause, replay one or all, and the mailbox's resume", async () => {
    sessionStorage.setItem("parley.apiToken", "prl_good");
    window.history.pushState({}, "", "/operations");
    const calls = fakeApi({
      ...operations,
      "GET /api/me": me("admin"),
      "POST /api/failed-jobs/replay": () => ({ body: { replayed: 1, skipped: 0, more: false } }),
    });
    vi.stubGlobal("confirm", () => true);
    render(<App client={makeQueryClient()} />);
    expect(await screen.findByRole("button", { name: "Pause all sending" })).toBeTruthy();
    expect(await screen.findByText("deals@parley.example")).toBeTruthy();
    expect(screen.getAllByText("40 of 100")).toHaveLength(2);
    expect(screen.getAllByText("12.0%")).toHaveLength(2);
    expect(screen.getAllByText("17")).toHaveLength(2);
    // A mailbox on its own account says nothing more; an alias names the account it sends through.
    expect(screen.getAllByText(/^alias of /)).toHaveLength(1);
    expect(screen.getByText("alias of partners@parley.example")).toBeTruthy();
    expect(screen.getByText("Retired: finishing its threads")).toBeTruthy();
    expect(screen.getAllByText("Sending")).toHaveLength(1);
    expect(screen.getByRole("button", { name: "Resume sending from deals@parley.example" }));
    expect(screen.getByRole("button", { name: /^Replay email/ })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Replay all not yet replayed" }));
    expect(await screen.findByText(/Replayed 1/)).toBeTruthy();
    expect(calls.some((c) => c.method === "POST" && c.url === "/api/failed-jobs/replay")).toBe(
      true,
    );
    expect(screen.getByRole("heading", { name: "API tokens" })).toBeTruthy();
  });

  it("pages to older failed jobs, and counts every one waiting", async () => {
    sessionStorage.setItem("parley.apiToken", "prl_good");
    window.history.pushState({}, "", "/operations");
    const older = {
      ...FAILED,
      id: "failed:0",
      kind: "notify",
      failedAt: "2026-12-01T15:00:00.000Z",
    };
    fakeApi({
      ...operations,
      "GET /api/me": me("operator"),
      "GET /api/failed-jobs": ({ query }) =>
        query.get("before") === "cursor-1"
          ? { body: { failedJobs: [older], nextBefore: null, waiting: 240 } }
          : { body: { failedJobs: [FAILED], nextBefore: "cursor-1", waiting: 240 } },
    });
    render(<App client={makeQueryClient()} />);
    expect(await screen.findByText(/240 not yet replayed/)).toBeTruthy();
    expect(screen.getAllByRole("button", { name: /^Replay (email|notify)/ })).toHaveLength(1);
    fireEvent.click(screen.getByRole("button", { name: "Show older" }));
    await waitFor(() =>
      expect(screen.getAllByRole("button", { name: /^Replay (email|notify)/ })).toHaveLength(2),
    );
    expect(screen.queryByRole("button", { name: "Show older" })).toBeNull();
  });

  it("shows a viewer the same state with no pause, replay or resume", async () => {
    sessionStorage.setItem("parley.apiToken", "prl_good");
    window.history.pushState({}, "", "/operations");
    fakeApi({ ...operations, "GET /api/me": me("viewer") });
    render(<App client={makeQueryClient()} />);
    expect(await screen.findByText("deals@parley.example")).toBeTruthy();
    expect(await screen.findByText("Not replayed")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Pause|Replay|Resume/ })).toBeNull();
    expect(screen.queryByRole("heading", { name: "API tokens" })).toBeNull();
  });
});
