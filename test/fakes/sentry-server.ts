/**
 * A local stand-in for Sentry's ingestion endpoint: `POST /api/<project>/envelope/` takes an
 * envelope (newline-delimited JSON: envelope header, then item header and payload pairs) and
 * records its events. Control API for tests: `GET /_events` (the events received, oldest first),
 * `POST /_reset`.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

export interface SentryEvent {
  event_id: string;
  level?: string;
  message?: string | { formatted?: string; message?: string };
  exception?: { values: { type: string; value: string }[] };
  tags?: Record<string, string>;
  contexts?: Record<string, Record<string, unknown>>;
  fingerprint?: string[];
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return (req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
}

/** The events of an envelope: each item of type `event` is followed by its payload line. */
export function eventsOf(envelope: string): SentryEvent[] {
  const lines = envelope.split("\n").filter((l) => l.trim() !== "");
  const events: SentryEvent[] = [];
  for (let i = 1; i < lines.length; i += 2) {
    const header = JSON.parse(lines[i] ?? "{}") as { type?: string };
    if (header.type === "event") events.push(JSON.parse(lines[i + 1] ?? "{}") as SentryEvent);
  }
  return events;
}

export class FakeSentry {
  events: SentryEvent[] = [];
  private server: Server | null = null;

  async start(): Promise<number> {
    const server = createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.method === "POST" && /^\/api\/\d+\/envelope\/?$/.test(url.pathname)) {
        this.events.push(...eventsOf(await bodyOf(req)));
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
        return;
      }
      if (req.method === "GET" && url.pathname === "/_events") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(this.events));
        return;
      }
      if (req.method === "POST" && url.pathname === "/_reset") {
        this.events = [];
        res.writeHead(204).end();
        return;
      }
      res.writeHead(404).end();
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
