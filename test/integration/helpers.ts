import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { importJWK, type JWTPayload, SignJWT } from "jose";
import entry from "../../src/index";

interface WorkerExports {
  default: {
    fetch(request: Request): Promise<Response>;
    email(message: unknown, env: unknown, ctx: unknown): Promise<void>;
  };
}
const worker = (exports as unknown as WorkerExports).default;

/**
 * Runs the Worker's cron handler, as Cloudflare would on a tick, and waits for its work. (The
 * module's own handler: a controller cannot cross the `exports` loopback.)
 */
export async function runCron(): Promise<void> {
  const ctx = createExecutionContext();
  const scheduled = entry.scheduled as unknown as (
    controller: ScheduledController,
    env: unknown,
    ctx: ExecutionContext,
  ) => Promise<void>;
  await scheduled(createScheduledController({ cron: "*/5 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

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

const accessEnv = env as unknown as {
  ACCESS_TEAM_DOMAIN: string;
  ACCESS_AUD: string;
  ACCESS_PRIVATE_JWK: string;
};

/**
 * A Cloudflare Access application token for `email`, signed with the fake team's key
 * (test/fakes/access-setup.ts); `claims` and `header` override any part of it.
 */
export async function accessJwt(
  email: string | null,
  options: {
    claims?: JWTPayload;
    header?: Record<string, unknown>;
    key?: CryptoKey;
    expiresIn?: number;
  } = {},
): Promise<string> {
  const jwk = JSON.parse(accessEnv.ACCESS_PRIVATE_JWK) as { kid: string };
  const key = options.key ?? ((await importJWK(jwk, "RS256")) as CryptoKey);
  const now = Math.floor(Date.now() / 1000);
  // Claims are set in one object, so `claims` can override the standard ones too.
  return new SignJWT({
    iss: accessEnv.ACCESS_TEAM_DOMAIN,
    aud: [accessEnv.ACCESS_AUD],
    sub: `sub-${email ?? "service"}`,
    iat: now - 5,
    nbf: now - 5,
    exp: now + (options.expiresIn ?? 3600),
    ...(email === null ? {} : { email }),
    type: "app",
    identity_nonce: "nonce",
    country: "XX",
    ...options.claims,
  })
    .setProtectedHeader({ alg: "RS256", kid: jwk.kid, ...options.header })
    .sign(key);
}

/** Headers that sign a request in as `email` through Cloudflare Access (the header, no token). */
export async function asPerson(email: string): Promise<Record<string, string>> {
  return { authorization: "", "cf-access-jwt-assertion": await accessJwt(email) };
}

export async function api(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await worker.fetch(
    new Request(`http://parley.test${path}`, {
      method,
      // An empty value leaves the header out (`authorization: ""` sends no token).
      headers: Object.fromEntries(
        Object.entries({
          authorization: `Bearer ${TOKEN}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        }).filter(([, value]) => value !== ""),
      ),
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
