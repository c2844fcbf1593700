/**
 * A local stand-in for the Anthropic Messages API, for the workerd tests. It speaks the real
 * request and response shapes, reads emails with the offline rules, writes gate-passing prose,
 * simulates prompt caching, and can be scripted to fail: status codes with Anthropic's error
 * envelope and Retry-After, malformed tool input, refusals and slow answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { OfflineReplyReader } from "../../src/adapters/offline/reply-reader";
import { formatUsd } from "../../src/domain/money";

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

const KNOWN_MODELS = new Set(["claude-haiku-5-5", "claude-sonnet-5-5", "claude-opus-5-5"]);

export class FakeAnthropic {
  private script: ScriptedReply[] = [];
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
      this.requests.length = 0;
      this.cachedPrefixes.clear();
      return send(200, { ok: true });
    }
    if (url.pathname === "/__requests") return send(200, this.requests);

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
      (toolName === "record_reading" ? await readingFor(body) : draftFor(body));
    return send(
      200,
      this.message(body, toolName, input, scripted?.stopReason ?? "tool_use"),
      scripted?.headers,
    );
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

/** Writes short prose around the scope placeholder, using only the amounts the brief allows. */
function draftFor(body: Record<string, unknown>) {
  const brief = userText(body);
  const purpose = /Purpose: ([a-z ]+)/.exec(brief)?.[1]?.trim() ?? "update";
  const offer = /Amounts you may write: (\$[\d,.]+) \(our offer\)/.exec(brief)?.[1];
  const scope = brief.includes("{{SCOPE_OF_WORK}}") ? "\n\n{{SCOPE_OF_WORK}}\n" : "";
  const lines = [`Hi there,`, ``, `Thank you for getting back to us about this ${purpose}.`];
  if (offer && purpose !== "walk away" && purpose !== "decline ack")
    lines.push(`We would love to work together at ${offer}.`);
  if (purpose === "agreement") {
    lines.push(
      scope,
      "Payment follows the payment terms above.",
      "",
      "Next steps:",
      "1. We send the brief.",
      "2. You share a draft for review.",
      "3. You post and we pay.",
    );
  } else if (scope) {
    lines.push(scope);
  }
  lines.push("", "Best,", "The team");
  return { subject: `About our ${purpose}`, body: lines.join("\n") };
}
