import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { api, eventually, sink } from "../integration/helpers";

export { api, eventually, replyTo } from "../integration/helpers";

/** What the Worker or the fake answered; the assertions check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: parsed JSON under test
export type Json = any;

const testEnv = env as unknown as {
  NEGOTIATIONS: DurableObjectNamespace;
  SLACK_BASE_URL: string;
  SLACK_SIGNING_SECRET: string;
};
const worker = (exports as unknown as { default: { fetch(r: Request): Promise<Response> } })
  .default;

export const SLACK = testEnv.SLACK_BASE_URL;
export const SIGNING_SECRET = testEnv.SLACK_SIGNING_SECRET;
export const TEAM_ID = "T0PARLEY";

// ---------------------------------------------------------------------------------------------
// Signed requests, as Slack sends them

const encoder = new TextEncoder();

export async function slackSignature(secret: string, timestamp: string, body: string) {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`v0:${timestamp}:${body}`));
  return `v0=${[...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export interface SignOptions {
  secret?: string;
  /** Epoch seconds; now by default. */
  timestamp?: number;
  /** Sign this body but send `body` (a tampered request). */
  signedBody?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A request to the Worker signed the way Slack signs it. Returns the request too, to replay it. */
export async function signedRequest(path: string, body: string, options: SignOptions = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = await slackSignature(
    options.secret ?? SIGNING_SECRET,
    timestamp,
    options.signedBody ?? body,
  );
  return new Request(`http://parley.test${path}`, {
    method: "POST",
    headers: {
      "content-type": options.contentType ?? "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signature,
      ...options.headers,
    },
    body,
  });
}

export async function send(request: Request) {
  const response = await worker.fetch(request);
  const text = await response.text();
  let json: Json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, json, text };
}

let hook = 0;
/** A response_url at the fake, unique per request so its answers can be told apart. */
export const responseUrl = (name: string) => `${SLACK}/hooks/${name}-${++hook}`;

/** `/parley <text>` from a user; the answer's response_url is returned with the response. */
export async function slash(text: string, user = "U0ALICE", options: SignOptions = {}) {
  const url = responseUrl("command");
  const body = new URLSearchParams({
    token: "legacy-verification-token",
    team_id: TEAM_ID,
    team_domain: "brand",
    channel_id: "C0OPS",
    channel_name: "ops",
    user_id: user,
    user_name: user.slice(2).toLowerCase(),
    command: "/parley",
    text,
    api_app_id: "A0PARLEY",
    response_url: url,
    trigger_id: `trigger-${hook}`,
  }).toString();
  const response = await send(await signedRequest("/webhooks/slack/commands", body, options));
  return { ...response, responseUrl: url };
}

export const interactionBody = (payload: unknown) =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

/** A click on one of a notification's buttons. */
export async function click(actionId: string, value: { n: string; id: string }, user = "U0ALICE") {
  const url = responseUrl("action");
  const payload = {
    type: "block_actions",
    team: { id: TEAM_ID, domain: "brand" },
    user: { id: user, username: user.slice(2).toLowerCase(), team_id: TEAM_ID },
    api_app_id: "A0PARLEY",
    trigger_id: `trigger-${hook}`,
    response_url: url,
    container: { type: "message", channel_id: "C0APPROVE", message_ts: "1.000001" },
    actions: [
      {
        type: "button",
        action_id: actionId,
        block_id: "parley_actions",
        value: JSON.stringify(value),
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  const response = await send(
    await signedRequest("/webhooks/slack/interactions", interactionBody(payload)),
  );
  return { ...response, responseUrl: url, triggerId: payload.trigger_id };
}

/** Submits the edit modal as Slack would, with the metadata the modal was opened with. */
/** Submits one of Parley's modals (its one text input) as a Slack user would. */
async function submitModal(
  callbackId: string,
  block: string,
  privateMetadata: string,
  text: string,
  user: string,
) {
  const payload = {
    type: "view_submission",
    team: { id: TEAM_ID, domain: "brand" },
    user: { id: user, username: user.slice(2).toLowerCase(), team_id: TEAM_ID },
    view: {
      id: "V0MODAL",
      type: "modal",
      callback_id: callbackId,
      private_metadata: privateMetadata,
      state: { values: { [block]: { text: { type: "plain_text_input", value: text } } } },
    },
  };
  return send(await signedRequest("/webhooks/slack/interactions", interactionBody(payload)));
}

export const submitEdit = (privateMetadata: string, text: string, user = "U0ALICE") =>
  submitModal("parley_edit_draft", "draft", privateMetadata, text, user);

export const submitAnswer = (privateMetadata: string, text: string, user = "U0ALICE") =>
  submitModal("parley_answer_question", "answer", privateMetadata, text, user);

// ---------------------------------------------------------------------------------------------
// The fake Slack server

export interface SlackCall {
  method: string;
  path: string;
  body: Record<string, Json>;
  /** The HTTP status the fake answered with. */
  status: number;
}

export async function slackCalls(method?: string): Promise<SlackCall[]> {
  const { calls } = (await (await fetch(`${SLACK}/_calls`)).json()) as { calls: SlackCall[] };
  return method ? calls.filter((c) => c.method === method) : calls;
}

/** What Parley answered on one response_url. */
export async function answersOn(url: string): Promise<string[]> {
  const path = new URL(url).pathname;
  return (await slackCalls("response_url"))
    .filter((c) => c.path === path)
    .map((c) => String(c.body.text ?? ""));
}

/** Waits for the first answer on a response_url. */
export const answerOn = (url: string) => eventually(async () => (await answersOn(url))[0], 15_000);

// ---------------------------------------------------------------------------------------------
// Parley state

/** Decoded plain-text bodies of the emails the transport took for `to`. */
export async function mailTo(to: string): Promise<string[]> {
  return (await sink.sent())
    .filter((m) => m.to === to)
    .map((m) => {
      const [, body = ""] = m.raw.split(/\r\n\r\n/, 2);
      const bytes = Uint8Array.from(atob(body.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
      return new TextDecoder().decode(bytes);
    });
}

/** Lets queued work settle, then reads (checks that nothing more arrives late). */
export async function settled<T>(read: () => Promise<T>): Promise<T> {
  await new Promise((r) => setTimeout(r, 1500));
  return read();
}

export async function startNegotiation(
  campaign: Record<string, unknown>,
  creator: { name: string; email: string },
) {
  const c = await api("POST", "/api/campaigns", {
    cpmTargetCents: 2000,
    leniencyPct: 50,
    sendWindow: null,
    ...campaign,
  });
  if (c.status !== 201) throw new Error(`campaign: ${c.text}`);
  const n = await api("POST", `/api/campaigns/${c.json.id}/negotiations`, {
    creator: {
      platform: "tiktok",
      averageViews: 100000,
      timezone: "Europe/Berlin",
      ...creator,
    },
  });
  if (n.status !== 201) throw new Error(`negotiation: ${n.text}`);
  return { campaignId: c.json.id as string, id: n.json.id as string, view: n.json };
}

export const stateOf = async (id: string) => (await api("GET", `/api/negotiations/${id}`)).json;

export const waitForState = (id: string, state: string) =>
  eventually(async () => {
    const v = await stateOf(id);
    return v.state === state ? v : null;
  }, 15_000);

/**
 * `/parley` finds negotiations in the D1 projection, which is written from its own queue (it may
 * trail the object): waits until the projection shows the negotiation in `state`.
 */
export const waitForProjection = (campaignId: string, id: string, state: string) =>
  eventually(async () => {
    const { json } = await api("GET", `/api/campaigns/${campaignId}/negotiations`);
    const rows = json.negotiations as { id: string; state: string }[];
    return rows.some((n) => n.id === id && n.state === state);
  }, 15_000);

/** The open notification of a kind for a negotiation (its id goes in button values). */
export const notificationFor = (id: string, kind: string) =>
  eventually(async () => {
    const all = (await api("GET", "/api/notifications")).json.notifications as {
      id: string;
      kind: string;
      negotiationId: string;
    }[];
    return all.find((x) => x.negotiationId === id && x.kind === kind);
  }, 15_000);

export async function securityEvents(reason: string): Promise<Record<string, Json>[]> {
  const { json } = await api("GET", "/api/audit?type=security_event&limit=1000");
  return (json.events as { data: Record<string, Json> }[]).filter(
    (e) => e.data.source === "slack" && e.data.reason === reason,
  );
}

/**
 * Lets a `delayed` campaign's cancel window run out now: every approval-window timer is moved
 * into the past, then the object's alarm runs. Returns how many windows were open.
 */
export async function runOutApprovalWindow(id: string): Promise<number> {
  const stub = testEnv.NEGOTIATIONS.get(testEnv.NEGOTIATIONS.idFromString(id));
  return runInDurableObject(stub, async (instance: DurableObject, state: DurableObjectState) => {
    const sql = state.storage.sql;
    const row = sql
      .exec<{ value: string }>("SELECT value FROM meta WHERE key = 'negotiation'")
      .one();
    const stored = JSON.parse(row.value) as { data: { timers: { name: string; at: number }[] } };
    const windows = stored.data.timers.filter((t) => t.name === "approval_window");
    for (const t of windows) t.at = Date.now() - 1000;
    sql.exec("UPDATE meta SET value = ? WHERE key = 'negotiation'", JSON.stringify(stored));
    await (instance as unknown as { alarm(): Promise<void> }).alarm();
    return windows.length;
  });
}
