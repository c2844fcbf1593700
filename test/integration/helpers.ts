import { env, exports } from "cloudflare:workers";

interface WorkerExports {
  default: {
    fetch(request: Request): Promise<Response>;
    email(message: unknown, env: unknown, ctx: unknown): Promise<void>;
  };
}
const worker = (exports as unknown as WorkerExports).default;

/**
 * One envelope send the transport took, as the test mail sink (test/integration/mail-sink.mjs)
 * recorded it: an email to several people is one entry per recipient, each with the same raw.
 */
export interface SentMail {
  from: string;
  to: string;
  raw: string;
}
export interface MailSink {
  sent(): Promise<SentMail[]>;
  /** Send attempts in all, or to one envelope recipient. */
  attempts(to?: string): Promise<number>;
  configure(options: { failNext?: number; failAlways?: boolean }): Promise<void>;
  /** The next `times` sends to this recipient fail. */
  failTo(to: string, times: number): Promise<void>;
  reset(): Promise<void>;
}
/** The sink that stands in for the EMAIL binding in the workerd projects. */
export const sink = (env as unknown as { MAIL_SINK: MailSink }).MAIL_SINK;

export const TOKEN = "test-token-0123456789abcdef";

export async function api(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await worker.fetch(
    new Request(`http://parley.test${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, json, text, headers: response.headers };
}

/** Waits until `check` returns a truthy value (queues and alarms run asynchronously). */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met in time${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Delivers a raw RFC 822 message to the Worker's email() handler, as Email Routing does. */
export async function deliverEmail(raw: string, from: string, to: string) {
  const bytes = new TextEncoder().encode(raw);
  const message = {
    from,
    to,
    raw: new Response(bytes).body as ReadableStream,
    rawSize: bytes.byteLength,
    headers: new Headers(),
    setReject() {},
    forward: async () => ({}),
    reply: async () => ({}),
  };
  const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} };
  await worker.email(message, env, ctx);
}

export function rawReply(opts: {
  from: string;
  to: string;
  cc?: string;
  subject: string;
  inReplyTo: string;
  messageId: string;
  text: string;
  /** Header lines above the rest, as a receiving server adds them (Authentication-Results…). */
  headers?: string[];
}) {
  return [
    ...(opts.headers ?? []),
    `From: ${opts.from}`,
    ...(opts.cc ? [`Cc: ${opts.cc}`] : []),
    `To: ${opts.to}`,
    `Subject: ${opts.subject}`,
    `Message-ID: ${opts.messageId}`,
    `In-Reply-To: ${opts.inReplyTo}`,
    `References: ${opts.inReplyTo}`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    opts.text,
    "",
  ].join("\r\n");
}

/**
 * A creator's reply to an email Parley sent (a timeline `email_sent` event), delivered through
 * email() the way Email Routing would. `from` may carry a display name.
 */
export async function replyTo(
  answered: Record<string, unknown>,
  reply: {
    from: string;
    text: string;
    messageId: string;
    subject?: string;
    cc?: string;
    /** Header lines on top, e.g. `Authentication-Results: mx.cloudflare.net; dmarc=pass`. */
    headers?: string[];
  },
) {
  const envelopeFrom = /<([^>]+)>/.exec(reply.from)?.[1] ?? reply.from;
  const raw = rawReply({
    from: reply.from,
    to: "deals@parley.example",
    ...(reply.cc ? { cc: reply.cc } : {}),
    subject: reply.subject ?? `Re: ${String(answered.subject)}`,
    inReplyTo: String(answered.messageId),
    messageId: reply.messageId,
    text: reply.text,
    ...(reply.headers ? { headers: reply.headers } : {}),
  });
  await deliverEmail(raw, envelopeFrom, "deals@parley.example");
}
