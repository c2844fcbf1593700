/**
 * A local stand-in for the Slack Web API and response_url hooks, speaking Slack's request and
 * response shapes: HTTP 200 with `{ok:false,error}` for API errors, 429 with Retry-After when rate
 * limited. Every call is recorded, faulted ones included (with the status they got).
 *
 * Web API: POST (JSON or form) or GET (query) `/api/<method>`: chat.postMessage, chat.update,
 * views.open, conversations.history, users.info, auth.test. Response URLs: POST `/hooks/<anything>`.
 * Control API for tests: GET `/_calls`, GET `/_messages`, POST `/_reset` (calls and faults; with
 * `{"messages":true}` channel history too), POST `/_fault`, and
 * POST `/_seed` (puts a message straight into a channel's history, as if posted earlier).
 * A fault may carry `match`, so tests running side by side only fault their own calls.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_SLACK_TOKEN = "xoxb-test-token";
const BOT = { user: "U0PARLEYBOT", bot_id: "B0PARLEY", app_id: "A0PARLEY", team: "T0PARLEY" };
const USERS: Record<string, { name: string; real: string; email: string }> = {
  U0ALICE: { name: "alice", real: "Alice Archer", email: "alice@brand.example" },
  U0BOB: { name: "bob", real: "Bob Baker", email: "bob@brand.example" },
  U0MALLORY: { name: "mallory", real: "Mallory Mint", email: "mallory@brand.example" },
};

export interface SlackCall {
  /** The Web API method name, or "response_url" for hooks. */
  method: string;
  path: string;
  body: Record<string, unknown>;
  at: string;
  /** HTTP status the fake answered with, and whether the Slack payload said ok. */
  status: number;
  ok: boolean;
}

export interface SlackFault {
  method: string;
  status?: number;
  retryAfter?: number;
  times?: number;
  hangMs?: number;
  okFalseError?: string;
  /** Only calls whose JSON body contains this text (e.g. a notification id) get the fault. */
  match?: string;
}

export interface StoredSlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  edited?: { ts: string };
}

type Answer = { status: number; payload: unknown; headers?: Record<string, string> };

export class FakeSlack {
  calls: SlackCall[] = [];
  messages: StoredSlackMessage[] = [];
  private faults: (SlackFault & { times: number })[] = [];
  private seq = 0;
  private server: Server | null = null;

  /** Clears calls and faults; channel history only when asked (other tests may still read it). */
  reset(options: { messages?: boolean } = {}): void {
    this.calls = [];
    this.faults = [];
    if (options.messages) this.messages = [];
  }

  fault(f: SlackFault): void {
    this.faults.push({ ...f, times: f.times ?? 1 });
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        this.handle(req, Buffer.concat(chunks).toString("utf8"))
          .then((a) => send(res, a))
          .catch((e: unknown) => send(res, { status: 500, payload: { error: String(e) } }));
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Slack ts: seconds.micro, strictly increasing so `oldest` filters behave. */
  private nextTs(): string {
    this.seq += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.seq).padStart(6, "0")}`;
  }

  private async handle(req: IncomingMessage, raw: string): Promise<Answer> {
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname;
    if (path === "/_calls") return ok200({ calls: this.calls });
    if (path === "/_messages") return ok200({ messages: this.messages });
    if (path === "/_reset") {
      this.reset(raw ? (JSON.parse(raw) as { messages?: boolean }) : {});
      return ok200({ ok: true });
    }
    if (path === "/_fault") {
      this.fault(JSON.parse(raw || "{}") as SlackFault);
      return ok200({ ok: true });
    }
    if (path === "/_seed") {
      const m = JSON.parse(raw) as Omit<StoredSlackMessage, "ts" | "blocks"> & { blocks?: [] };
      const stored = { blocks: [], ...m, ts: this.nextTs() };
      this.messages.push(stored);
      return ok200({ ok: true, ts: stored.ts });
    }
    const hook = path.startsWith("/hooks/");
    const api = /^\/api\/([A-Za-z.]+)$/.exec(path);
    if (!hook && !api) return { status: 404, payload: "not found" };
    const method = hook ? "response_url" : (api?.[1] ?? "");
    const body = parseBody(req, raw, url);
    const answer = await this.answer(method, req, body);
    this.calls.push({
      method,
      path,
      body,
      at: new Date().toISOString(),
      status: answer.status,
      ok: answer.status === 200 && (hook || (answer.payload as { ok?: boolean }).ok === true),
    });
    return answer;
  }

  private async answer(
    method: string,
    req: IncomingMessage,
    body: Record<string, unknown>,
  ): Promise<Answer> {
    const fault = this.takeFault(method, body);
    if (fault?.hangMs && !fault.status && !fault.okFalseError) {
      // The call takes effect; only the answer is late (a client timeout may never see it).
      const answer = this.perform(method, req, body);
      await sleep(fault.hangMs);
      return answer;
    }
    if (fault?.hangMs) await sleep(fault.hangMs);
    if (fault?.status === 429)
      return {
        status: 429,
        payload: { ok: false, error: "ratelimited" },
        headers: { "retry-after": String(fault.retryAfter ?? 1) },
      };
    if (fault?.status && fault.status >= 400)
      return { status: fault.status, payload: "upstream connect error or disconnect" };
    if (fault?.okFalseError) return slackError(fault.okFalseError);
    return this.perform(method, req, body);
  }

  private takeFault(method: string, body: Record<string, unknown>): SlackFault | undefined {
    const json = JSON.stringify(body);
    const i = this.faults.findIndex(
      (f) => f.method === method && f.times > 0 && (!f.match || json.includes(f.match)),
    );
    const f = this.faults[i];
    if (!f) return undefined;
    f.times -= 1;
    if (f.times <= 0) this.faults.splice(i, 1);
    return f;
  }

  private perform(method: string, req: IncomingMessage, body: Record<string, unknown>): Answer {
    if (method === "response_url") return { status: 200, payload: "ok" };
    const bearer = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
    if ((bearer || body.token) !== FAKE_SLACK_TOKEN) return slackError("invalid_auth");
    switch (method) {
      case "chat.postMessage":
        return this.postMessage(body);
      case "chat.update":
        return this.update(body);
      case "views.open":
        return this.viewsOpen(body);
      case "conversations.history":
        return this.history(body);
      case "users.info":
        return this.userInfo(body);
      case "auth.test":
        return {
          status: 200,
          payload: {
            ok: true,
            url: "https://brand.slack.com/",
            team: "Brand",
            user: "parley",
            team_id: BOT.team,
            user_id: BOT.user,
            bot_id: BOT.bot_id,
          },
        };
      default:
        return slackError("unknown_method");
    }
  }

  private postMessage(body: Record<string, unknown>): Answer {
    const channel = str(body.channel);
    if (!channel) return slackError("channel_not_found");
    const blocks = Array.isArray(body.blocks) ? body.blocks : [];
    if (!str(body.text) && blocks.length === 0) return slackError("no_text");
    const invalid = validateBlocks(blocks);
    if (invalid) return slackError("invalid_blocks", [invalid]);
    const metadata = parseMetadata(body.metadata);
    const stored: StoredSlackMessage = {
      channel,
      ts: this.nextTs(),
      text: str(body.text),
      blocks,
      ...(metadata ? { metadata } : {}),
    };
    this.messages.push(stored);
    return ok200({ ok: true, channel, ts: stored.ts, message: messageJson(stored, true) });
  }

  private update(body: Record<string, unknown>): Answer {
    const channel = str(body.channel);
    const m = this.messages.find((x) => x.channel === channel && x.ts === str(body.ts));
    if (!channel) return slackError("channel_not_found");
    if (!m) return slackError("message_not_found");
    const blocks = Array.isArray(body.blocks) ? body.blocks : m.blocks;
    const invalid = validateBlocks(blocks);
    if (invalid) return slackError("invalid_blocks", [invalid]);
    m.text = body.text === undefined ? m.text : str(body.text);
    m.blocks = blocks;
    m.edited = { ts: this.nextTs() };
    return ok200({ ok: true, channel, ts: m.ts, text: m.text, message: messageJson(m, false) });
  }

  private viewsOpen(body: Record<string, unknown>): Answer {
    if (!str(body.trigger_id)) return slackError("invalid_arguments");
    const view = body.view as Record<string, unknown> | undefined;
    if (!view || typeof view !== "object") return slackError("invalid_arguments");
    const invalid = validateBlocks(Array.isArray(view.blocks) ? view.blocks : []);
    if (invalid) return slackError("invalid_blocks", [invalid]);
    this.seq += 1;
    const id = `V0${String(this.seq).padStart(8, "0")}`;
    return ok200({ ok: true, view: { ...view, id, team_id: BOT.team, hash: `h${this.seq}` } });
  }

  private history(body: Record<string, unknown>): Answer {
    const channel = str(body.channel);
    if (!channel) return slackError("channel_not_found");
    const oldest = Number(body.oldest ?? 0);
    const inclusive = truthy(body.inclusive);
    const limit = Math.min(Math.max(Number(body.limit ?? 100) || 100, 1), 999);
    const offset = Number(str(body.cursor).replace(/^offset:/, "")) || 0;
    const withMeta = truthy(body.include_all_metadata);
    const all = this.messages
      .filter((m) => m.channel === channel)
      .filter((m) => (inclusive ? Number(m.ts) >= oldest : Number(m.ts) > oldest))
      .sort((a, b) => Number(b.ts) - Number(a.ts));
    const page = all.slice(offset, offset + limit);
    const more = offset + limit < all.length;
    return ok200({
      ok: true,
      messages: page.map((m) => {
        const { metadata, ...json } = messageJson(m, true);
        return withMeta && metadata ? { ...json, metadata } : json;
      }),
      has_more: more,
      pin_count: 0,
      response_metadata: { next_cursor: more ? `offset:${offset + limit}` : "" },
    });
  }

  private userInfo(body: Record<string, unknown>): Answer {
    const id = str(body.user);
    const u = USERS[id];
    if (!u) return slackError("user_not_found");
    return ok200({
      ok: true,
      user: {
        id,
        team_id: BOT.team,
        name: u.name,
        deleted: false,
        real_name: u.real,
        is_bot: false,
        profile: { real_name: u.real, display_name: u.name, email: u.email },
      },
    });
  }
}

/** Slack's Block Kit limits that a message builder can trip; the first broken one, or null. */
function validateBlocks(blocks: unknown[]): string | null {
  if (blocks.length > 50) return "[ERROR] no more than 50 items allowed [json-pointer:/blocks]";
  const seen = new Set<string>();
  for (const [i, b] of blocks.entries()) {
    const block = b as { type?: string; block_id?: string; text?: { text?: string } };
    if (!block || typeof block.type !== "string") return `[ERROR] missing type [/blocks/${i}]`;
    if (block.block_id) {
      if (seen.has(block.block_id)) return `[ERROR] duplicate block_id [/blocks/${i}]`;
      seen.add(block.block_id);
    }
    if (block.type === "section" && (block.text?.text?.length ?? 0) > 3000)
      return `[ERROR] must be less than 3001 characters [/blocks/${i}/text]`;
    for (const el of (b as { elements?: { value?: string; action_id?: string }[] }).elements ??
      []) {
      if ((el.value?.length ?? 0) > 2000)
        return `[ERROR] must be less than 2001 characters [/blocks/${i}/elements/value]`;
      if ((el.action_id?.length ?? 0) > 255)
        return `[ERROR] must be less than 256 characters [/blocks/${i}/elements/action_id]`;
    }
  }
  return null;
}

function messageJson(m: StoredSlackMessage, withBot: boolean) {
  return {
    type: "message",
    ...(withBot ? { subtype: "bot_message", bot_id: BOT.bot_id, app_id: BOT.app_id } : {}),
    user: BOT.user,
    team: BOT.team,
    text: m.text,
    ts: m.ts,
    blocks: m.blocks,
    ...(m.edited ? { edited: { user: BOT.user, ts: m.edited.ts } } : {}),
    ...(m.metadata ? { metadata: m.metadata } : {}),
  };
}

/** Query params, then a JSON or form body; form fields holding JSON (blocks, view…) are decoded. */
function parseBody(req: IncomingMessage, raw: string, url: URL): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const type = req.headers["content-type"] ?? "";
  if (raw && type.includes("application/json")) {
    try {
      Object.assign(out, JSON.parse(raw) as Record<string, unknown>);
    } catch {
      out._unparsable = raw;
    }
  } else if (raw) {
    Object.assign(out, Object.fromEntries(new URLSearchParams(raw)));
  }
  for (const key of ["blocks", "view", "metadata", "attachments"]) {
    const v = out[key];
    if (typeof v === "string" && /^[[{]/.test(v)) {
      try {
        out[key] = JSON.parse(v);
      } catch {
        // Left as text: the method answers as Slack would to a malformed field.
      }
    }
  }
  return out;
}

function parseMetadata(v: unknown): StoredSlackMessage["metadata"] {
  if (!v || typeof v !== "object") return undefined;
  const m = v as { event_type?: unknown; event_payload?: unknown };
  if (typeof m.event_type !== "string") return undefined;
  const payload = m.event_payload && typeof m.event_payload === "object" ? m.event_payload : {};
  return { event_type: m.event_type, event_payload: payload as Record<string, unknown> };
}

const str = (v: unknown) => (typeof v === "string" ? v : "");
const truthy = (v: unknown) => v === true || v === "true" || v === "1" || v === 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ok200 = (payload: unknown): Answer => ({ status: 200, payload });
const slackError = (error: string, messages?: string[]): Answer =>
  ok200({ ok: false, error, ...(messages ? { response_metadata: { messages } } : {}) });

function send(res: ServerResponse, a: Answer): void {
  const text = typeof a.payload === "string";
  res.writeHead(a.status, {
    "content-type": text ? "text/plain; charset=utf-8" : "application/json; charset=utf-8",
    ...a.headers,
  });
  res.end(text ? a.payload : JSON.stringify(a.payload));
}
