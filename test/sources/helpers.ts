import { env, exports } from "cloudflare:workers";
import { signClickUpBody } from "../../src/adapters/clickup/signature";
import type { FakeSheet, FakeTask } from "../fakes/sources-server";

/** The fakes of ClickUp and Google (test/fakes/sources-server.ts), shared by the sources tests. */

const testEnv = env as unknown as {
  SOURCES_BASE_URL: string;
  CLICKUP_WEBHOOK_SECRET: string;
  DB: D1Database;
};

const control = (path: string, method = "GET", body?: unknown) =>
  fetch(`${testEnv.SOURCES_BASE_URL}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });

export interface FakeState {
  comments: { taskId: string; text: string }[];
  taskReads: number;
  tokensIssued: number;
  sheetCalls: number;
  batchUpdates: number;
  sheets: Record<string, FakeSheet>;
}

export const state = async () => (await (await control("/__state")).json()) as FakeState;
export const putTask = (task: FakeTask) => control("/__task", "PUT", task);
export const deleteTask = (id: string) => control(`/__task/${id}`, "DELETE", {});
export const putSheet = (id: string, sheet: FakeSheet) => control(`/__sheet/${id}`, "PUT", sheet);
export const sheetFaults = (statuses: number[]) => control("/__fault", "POST", statuses);
export const expireGoogleTokens = () => control("/__expire-tokens", "POST", {});
export const sheetUrl = (id: string) => `https://docs.google.com/spreadsheets/d/${id}/edit#gid=0`;

const fetchWorker = (request: Request) =>
  (exports as unknown as { default: { fetch(r: Request): Promise<Response> } }).default.fetch(
    request,
  );

/** A ClickUp webhook delivery, signed as ClickUp signs it (or with `signature` instead). */
export async function deliver(body: unknown, signature?: string): Promise<Response> {
  const raw = JSON.stringify(body);
  return fetchWorker(
    new Request("http://parley.test/webhooks/clickup", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-signature": signature ?? (await signClickUpBody(testEnv.CLICKUP_WEBHOOK_SECRET, raw)),
      },
      body: raw,
    }),
  );
}

/** A task event shaped like ClickUp's (taskCreated, taskUpdated, taskStatusUpdated). */
export const taskEvent = (event: string, taskId: string, historyId: string) => ({
  event,
  history_items: [
    {
      id: historyId,
      type: 1,
      date: String(Date.now()),
      field: event === "taskStatusUpdated" ? "status" : "task_creation",
      parent_id: "901",
      data: {},
      source: null,
      user: { id: 183, username: "Ana", email: "ana@brand.example" },
    },
  ],
  task_id: taskId,
  webhook_id: "7fa3ec74-69a8-4530-a251-8a13730bd204",
});

export const query = async <T>(sql: string, ...params: unknown[]) =>
  (
    await testEnv.DB.prepare(sql)
      .bind(...params)
      .all<T>()
  ).results;

/** When the campaign's sheet was last polled (null before the first poll finished). */
export const polledAt = async (campaignId: string) =>
  (
    await query<{ polled_at: string | null }>(
      "select polled_at from sheet_polls where campaign_id = ?",
      campaignId,
    )
  )[0]?.polled_at ?? null;
