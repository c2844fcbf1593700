/**
 * A local stand-in for the Anthropic Messages API, for the workerd tests. It speaks the real
 * request and response shapes, reads emails with the offline rules, writes gate-passing prose,
 * simulates prompt caching, and can be scripted to fail: status codes with Anthropic's error
 * envelope and Retry-After, malformed tool input, refusals and slow answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { PURPOSE_NOTES } from "../../src/adapters/anthropic/email-writer";
import { OfflineReplyReader } from "../../src/adapters/offline/reply-reader";
import { formatUsd } from "../../src/domain/money";
import type { EmailPurpose } from "../../src/domain/types";
import { OBEDIENT, wordRuns } from "../fixtures/injection-corpus";

export interface ScriptedReply {
  status?: number;
  /** Replaces the whole JSON body. */
  body?: unknown;
  /** Raw text body (e.g. malformed JSON). */
  raw?: string;
  headers?: Record<string, string>;
  /** Tool input to return instead of the default (may break the schema on purpose). */
  toolInput?: unknown;
  stopReason?: string;
  delayMs?: number;
}

interface Recorded {
  path: string;
  body: Record<string, unknown>;
}

/**
 * A model that obeys injected emails: the reader answers with a case's reading whenever the
 * case's email is in its request; the writer, drafting for the creator named `name`, hands back
 * the case's prose whenever any run of the email's words is in its request (it "saw" the
 * injection), and always for the `compromised` purpose (a writer gone wrong whatever it was
 * shown). Several cases can be registered at once; creator names and texts tell them apart.
 */
export interface ObeyCase {
  name: string;
  text: string;
  subject?: string;
  reading: Record<string, unknown>;
  prose: string;
  compromised: EmailPurpose | null;
}

const PURPOSE_BY_NOTE = Object.entries(PURPOSE_NOTES).map(
  ([purpose, note]) => [purpose as EmailPurpose, `Purpose: ${note}`] as const,
);

const KNOWN_MODELS = new Set(["claude-haiku-5-5", "claude-sonnet-5-5", "claude-opus-5-5"]);

export class FakeAnthropic {
  private script: ScriptedReply[] = [];
  /** Registered cases, with how many writer calls carried their words. */
  private cases = new Map<string, ObeyCase & { writerSaw: number }>();
  readonly requests: Recorded[] = [];
  private cachedPrefixes = new Set<string>();
  private server: Server | null = null;

  async start(): Promise<number> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        "content-type": "application/json",
        "request-id": `req_${this.requests.length}`,
        ...headers,
      });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    // Control endpoints used by the tests.
    if (url.pathname === "/__script" && req.method === "POST") {
      this.script.push(...(JSON.parse(text) as ScriptedReply[]));
      return send(200, { queued: this.script.length });
    }
    if (url.pathname === "/__reset" && req.method === "POST") {
      this.script = [];
      this.cases.clear();
      this.requests.length = 0;
      this.cachedPrefixes.clear();
      return send(200, { ok: true });
    }
    if (url.pathname === "/__requests") return send(200, this.requests);
    if (url.pathname === "/__obey" && req.method === "POST") {
      const c = JSON.parse(text) as ObeyCase;
      this.cases.set(c.name, { ...c, writerSaw: 0 });
      return send(200, { ok: true });
    }
    if (url.pathname === "/__obey") {
      const c = this.cases.get(url.searchParams.get("name") ?? "");
      return send(c ? 200 : 404, { writerSaw: c?.writerSaw ?? null });
    }

    const model = /^\/v1\/models\/([^/]+)$/.exec(url.pathname)?.[1];
    if (model && req.method === "GET") {
      return KNOWN_MODELS.has(model)
        ? send(200, {
            type: "model",
            id: model,
            display_name: model,
            created_at: "2026-09-01T00:00:00Z",
          })
        : send(404, {
            type: "error",
            error: { type: "not_found_error", message: `model: ${model}` },
          });
    }
    if (url.pathname !== "/v1/messages" || req.method !== "POST") {
      return send(404, { type: "error", error: { type: "not_found_error", message: "Not found" } });
    }
    const key =
      req.headers["x-api-key"] ?? /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (key !== "test-anthropic-key") {
      return send(401, {
        type: "error",
        error: { type: "authentication_error", message: "invalid x-api-key" },
      });
    }
    const body = JSON.parse(text) as Record<string, unknown>;
    this.requests.push({ path: url.pathname, body });
    const scripted = this.script.shift();
    if (scripted?.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
    if (scripted?.raw !== undefined)
      return send(scripted.status ?? 200, scripted.raw, scripted.headers);
    if (scripted?.status && scripted.status !== 200) {
      return send(scripted.status, scripted.body ?? errorBody(scripted.status), scripted.headers);
    }
    if (scripted?.body) return send(200, scripted.body, scripted.headers);
    const toolName = (body.tool_choice as { name?: string } | undefined)?.name ?? "";
    const input =
      scripted?.toolInput ??
      this.obedient(toolName, body) ??
      (toolName === "record_reading" ? await readingFor(body) : draftFor(body));
    return send(
      200,
      this.message(body, toolName, input, scripted?.stopReason ?? "tool_use"),
      scripted?.headers,
    );
  }

  private obedient(toolName: string, body: Record<string, unknown>): unknown {
    const request = userText(body);
    // Runs of five words detect any of their words reaching the writer; the reader, which sees
    // every reply, matches on longer runs so that a clean "Sounds good, let's do it!" is not
    // taken for a case that starts the same way.
    const sees = (c: ObeyCase, size = 5) =>
      [c.text, c.subject ?? ""]
        .filter(Boolean)
        .flatMap((t) => wordRuns(t, size))
        .some((run) => request.includes(run));
    const cases = [...this.cases.values()];
    if (toolName === "record_reading") {
      const c = cases.find((x) => sees(x, 8));
      return c ? { ...OBEDIENT, ...c.reading } : null;
    }
    const c = cases.find(
      (x) => request.includes(`Writing to: ${x.name} on`) || request.includes(`of ${x.name} on`),
    );
    if (!c) return null;
    const purpose = PURPOSE_BY_NOTE.find(([, note]) => request.includes(note))?.[0] ?? null;
    const saw = sees(c);
    if (saw) c.writerSaw += 1;
    return saw || purpose === c.compromised ? { body: c.prose } : null;
  }

  private message(
    body: Record<string, unknown>,
    toolName: string,
    input: unknown,
    stopReason: string,
  ) {
    const system = JSON.stringify(body.system ?? "");
    const systemTokens = Math.ceil(system.length / 4);
    const cached = this.cachedPrefixes.has(system);
    this.cachedPrefixes.add(system);
    const userTokens = Math.ceil(JSON.stringify(body.messages ?? "").length / 4);
    return {
      id: `msg_${this.requests.length.toString().padStart(6, "0")}`,
      type: "message",
      role: "assistant",
      model: body.model,
      content:
        stopReason === "refusal"
          ? []
          : [{ type: "tool_use", id: `toolu_${this.requests.length}`, name: toolName, input }],
      stop_reason: stopReason,
      stop_sequence: null,
      usage: {
        input_tokens: userTokens,
        cache_creation_input_tokens: cached ? 0 : systemTokens,
        cache_read_input_tokens: cached ? systemTokens : 0,
        output_tokens: Math.ceil(JSON.stringify(input).length / 4),
      },
    };
  }
}

function errorBody(status: number) {
  const type =
    status === 429
      ? "rate_limit_error"
      : status === 529
        ? "overloaded_error"
        : status === 401
          ? "authentication_error"
          : status === 400
            ? "invalid_request_error"
            : "api_error";
  return { type: "error", error: { type, message: `simulated ${type}` } };
}

function userText(body: Record<string, unknown>): string {
  const messages = body.messages as { content: string }[];
  return messages.map((m) => m.content).join("\n");
}

/** Reads the delimited email with the offline rules and answers like the model would. */
async function readingFor(body: Record<string, unknown>) {
  const text = userText(body);
  const email = /<creator_email>\n([\s\S]*)\n<\/creator_email>/.exec(text)?.[1] ?? "";
  const reading = await new OfflineReplyReader({ referenceDate: "2026-11-23" }).read({
    text: email,
    subject: "",
    ourOfferCents: null,
    headers: { autoSubmitted: false, bounce: false },
  });
  return {
    intent: reading.intent,
    confidence: reading.confidence,
    proposedAmount:
      reading.proposedAmountCents === null ? null : formatUsd(reading.proposedAmountCents),
    proposedDeliverables: reading.proposedDeliverables,
    usageRightsMentioned: reading.usageRightsMentioned,
    exclusivityMentioned: reading.exclusivityMentioned,
    questions: reading.questions,
    concerns: reading.concerns,
    tone: reading.tone,
    signals: reading.signals.filter((s) => s.kind !== "keyword"),
    returnDate: reading.returnDate,
  };
}

/** Writes short prose with the slot tokens the brief lists, and no figures of its own. */
function draftFor(body: Record<string, unknown>) {
  const brief = userText(body);
  const slots = new Set([...brief.matchAll(/^- \{\{([A-Z_]+)\}\}:/gm)].map((m) => m[1]));
  const closing = /Purpose: (?:a graceful exit|they declined)/.test(brief);
  const lines = [`Hi {{CREATOR_FIRST_NAME}},`, ``, `Thank you for getting back to us about this.`];
  if (slots.has("AMOUNT") && !closing) lines.push(`We would love to work together at {{AMOUNT}}.`);
  if (slots.has("SCOPE_OF_WORK")) lines.push("", "{{SCOPE_OF_WORK}}");
  if (slots.has("NEXT_STEPS")) lines.push("", "{{NEXT_STEPS}}");
  lines.push("", "Best,", "{{SENDER_NAME}}", "{{BRAND}}");
  return { body: lines.join("\n") };
}
