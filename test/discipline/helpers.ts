import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import type { SendingStatus } from "../../src/gmail/mailbox-api";
import { api, eventually, type SentMail, sink } from "../integration/helpers";

export const MAILBOX = "deals@parley.example";

const bindings = env as unknown as { NEGOTIATIONS: DurableObjectNamespace };

export { sink };

/**
 * The clock of the Worker and its objects (they share the test's isolate): set explicitly, so
 * caps land on a known UTC day and slots are exact. Only Date is faked; timers run normally.
 */
export function setClock(iso: string | number): number {
  vi.useFakeTimers({ toFake: ["Date"] });
  const at = typeof iso === "number" ? iso : Date.parse(iso);
  vi.setSystemTime(at);
  return at;
}

export async function sentTo(address: string): Promise<SentMail[]> {
  return (await sink.sent()).filter((m) => m.to === address);
}

export async function createCampaign(name: string, extra: Record<string, unknown> = {}) {
  const c = await api("POST", "/api/campaigns", {
    name,
    cpmTargetCents: 2500,
    leniencyPct: 20,
    autonomy: "autonomous",
    sendWindow: null,
    ...extra,
  });
  expect(c.status).toBe(201);
  return c.json.id as string;
}

export async function startNegotiation(campaignId: string, email: string) {
  const n = await api("POST", `/api/campaigns/${campaignId}/negotiations`, {
    creator: {
      name: "Sam Rivera",
      email,
      platform: "instagram",
      averageViews: 50000,
      timezone: "America/New_York",
    },
  });
  expect(n.status).toBe(201);
  return n.json.id as string;
}

const stubFor = (id: string) => bindings.NEGOTIATIONS.get(bindings.NEGOTIATIONS.idFromString(id));

export interface EmailRow {
  key: string;
  status: string;
  dueAt: number;
}

/** The negotiation's outgoing email rows, read from its own storage. */
export async function emailRows(id: string): Promise<EmailRow[]> {
  return runInDurableObject(stubFor(id), async (_instance, state) =>
    state.storage.sql
      .exec<{ key: string; status: string; due_at: number }>(
        "SELECT key, status, due_at FROM outbox WHERE kind = 'email' ORDER BY created_at",
      )
      .toArray()
      .map((r) => ({ key: r.key, status: r.status, dueAt: Number(r.due_at) })),
  );
}

/** Waits until the negotiation's only email is back in the outbox, pending, due after `after`. */
export async function deferredPast(id: string, after: number): Promise<EmailRow> {
  return eventually(async () => {
    const rows = await emailRows(id);
    const row = rows[0];
    return rows.length === 1 && row?.status === "pending" && row.dueAt > after ? row : null;
  });
}

/**
 * Fires the negotiation's alarm (the test runner fires it at once, whatever it was armed for) and
 * waits until the queue has handed its email to the send gate again: sent, or back in the outbox.
 */
export async function fireAlarm(id: string): Promise<EmailRow> {
  expect(await runDurableObjectAlarm(stubFor(id))).toBe(true);
  return eventually(async () => {
    const row = (await emailRows(id))[0];
    return row && (row.status === "sent" || row.status === "pending") ? row : null;
  });
}

export async function mailboxStatus() {
  const response = await api("GET", `/api/mailboxes/${encodeURIComponent(MAILBOX)}`);
  expect(response.status).toBe(200);
  return response.json as SendingStatus;
}
