import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CampaignBudgetApi } from "../../src/negotiation/budget-api";
import type { SentryEvent } from "../fakes/sentry-server";
import { api, eventually } from "../integration/helpers";

/**
 * With SENTRY_DSN set, a Durable Object reports from inside itself: its alarm runs with no
 * request and no queue consumer around it, so what reaches the fake Sentry ingestion endpoint
 * (test/fakes/sentry-server.ts) here can only come from the object's own instrumentation.
 */

const testEnv = env as unknown as {
  NEGOTIATIONS: DurableObjectNamespace;
  MAILBOXES: DurableObjectNamespace;
  BUDGETS: DurableObjectNamespace<CampaignBudgetApi & Rpc.DurableObjectBranded>;
  SENTRY_FAKE_URL: string;
};
const fake = testEnv.SENTRY_FAKE_URL;
const events = async () => (await (await fetch(`${fake}/_events`)).json()) as SentryEvent[];
const stubFor = (id: string) => testEnv.NEGOTIATIONS.get(testEnv.NEGOTIATIONS.idFromString(id));

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation(() => {});
});

async function startNegotiation(email: string): Promise<string> {
  const campaign = await api("POST", "/api/campaigns", {
    name: `Sentry ${email}`,
    cpmTargetCents: 2500,
    leniencyPct: 20,
    autonomy: "autonomous",
    sendWindow: null,
  });
  expect(campaign.status).toBe(201);
  const started = await api("POST", `/api/campaigns/${campaign.json.id}/negotiations`, {
    creator: { name: "Sam Rivera", email, platform: "youtube", averageViews: 50000 },
  });
  expect(started.status).toBe(201);
  return started.json.id as string;
}

describe("Sentry in the Durable Objects", () => {
  it("reports stored state the negotiation's alarm cannot read, without a request around it", async () => {
    const id = await startNegotiation("sentry-corrupt@gmail.com");
    await runInDurableObject(stubFor(id), async (_instance, state: DurableObjectState) => {
      state.storage.sql.exec(
        "UPDATE meta SET value = ? WHERE key = 'negotiation'",
        JSON.stringify({ v: 1, data: { id, state: "haggling" } }),
      );
    });
    await fetch(`${fake}/_reset`, { method: "POST" });

    // The follow-up alarm armed by the opening email fires, finds the aggregate unreadable and
    // reports it; nothing else runs, so the event is the object's own.
    expect(await runDurableObjectAlarm(stubFor(id))).toBe(true);
    const reported = await eventually(async () => {
      const found = (await events()).filter(
        (e) => e.exception?.values[0]?.type === "StoredStateError",
      );
      return found.length ? found : null;
    });
    expect(reported).toHaveLength(1);
    const [value] = reported[0]?.exception?.values ?? [];
    expect(value?.value).toContain("stored meta negotiation is unreadable");
    // The report names what is broken, never the stored values (they hold addresses and names).
    expect(JSON.stringify(reported[0])).not.toContain("sentry-corrupt@gmail.com");
  });

  it("reports a mailbox's stored message it cannot read, from the mailbox's own alarm", async () => {
    const mailbox = testEnv.MAILBOXES.get(testEnv.MAILBOXES.idFromName("sentry@parley.test"));
    await fetch(`${fake}/_reset`, { method: "POST" });
    await runInDurableObject(mailbox, async (_instance, state: DurableObjectState) => {
      state.storage.sql.exec(
        "INSERT INTO send_effects (key, body, created_at) VALUES (?, ?, ?)",
        "effect-broken",
        '{"type":"audit","to":"someone@gmail.com"}',
        Date.now(),
      );
      // The hand-over retry the mailbox arms when a queue refused its messages.
      await state.storage.setAlarm(Date.now() + 60_000);
    });

    expect(await runDurableObjectAlarm(mailbox)).toBe(true);
    const reported = await eventually(async () => {
      const found = (await events()).filter(
        (e) => e.exception?.values[0]?.type === "StoredStateError",
      );
      return found.length ? found : null;
    });
    expect(reported).toHaveLength(1);
    expect(reported[0]?.exception?.values[0]?.value).toContain("stored send_effects effect-broken");
    expect(JSON.stringify(reported[0])).not.toContain("someone@gmail.com");
  });

  it("reports an RPC call a campaign budget refuses, from inside the object", async () => {
    const budget = testEnv.BUDGETS.get(testEnv.BUDGETS.idFromName("sentry-campaign"));
    await fetch(`${fake}/_reset`, { method: "POST" });
    // A caller on another version, or a bug: the object refuses the input and says so. (Handled
    // with then(): expect().rejects leaves the RPC promise's rejection unhandled in workerd.)
    const garbage = { negotiationId: "", amountCents: -5, budgetCents: 100 };
    const refused = await budget.reserve(garbage).then(
      () => null,
      (error: unknown) => error,
    );
    expect(String(refused)).toMatch(/budget\.reserve: invalid input/);
    const reported = await eventually(async () => {
      const found = (await events()).filter((e) =>
        e.exception?.values[0]?.value.includes("budget.reserve: invalid input"),
      );
      return found.length ? found : null;
    });
    expect(reported).toHaveLength(1);
  });
});
