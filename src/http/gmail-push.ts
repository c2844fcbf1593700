import * as z from "zod/mini";
import "../zod-config";
import type { FieldIssue } from "./errors";

/** The body Pub/Sub POSTs to a push endpoint. Unknown fields (message_id, deliveryAttempt) pass. */
const PushBodySchema = z.object({
  message: z.object({
    data: z.string().check(z.minLength(1), z.maxLength(64 * 1024)),
    messageId: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
    publishTime: z.optional(z.string()),
    attributes: z.optional(z.record(z.string(), z.string())),
  }),
  subscription: z.string().check(z.minLength(1), z.maxLength(512)),
});

/** What Gmail publishes: the mailbox and the history id it has reached. */
const GmailNotificationSchema = z.object({
  emailAddress: z.pipe(
    z.email(),
    z.transform((e) => e.toLowerCase()),
  ),
  historyId: z.pipe(
    z.union([
      z.string().check(z.regex(/^\d{1,20}$/, "must be a decimal history id")),
      z.int().check(z.minimum(0)),
    ]),
    z.transform(String),
  ),
});

export interface GmailPush {
  messageId: string;
  subscription: string;
  publishTime?: string;
  emailAddress: string;
  historyId: string;
}

export type PushBodyResult = { ok: true; push: GmailPush } | { ok: false; issues: FieldIssue[] };

const issuesOf = (error: z.core.$ZodError, prefix = ""): FieldIssue[] =>
  error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join(".") || "body",
    message: i.message,
  }));

/** Validates a Pub/Sub push body and decodes its Gmail notification. Pure; never throws. */
export function parsePushBody(body: unknown): PushBodyResult {
  const outer = PushBodySchema.safeParse(body);
  if (!outer.success) return { ok: false, issues: issuesOf(outer.error) };
  const { message, subscription } = outer.data;
  const text = decodeBase64Utf8(message.data);
  if (text === undefined)
    return { ok: false, issues: [{ field: "message.data", message: "must be base64 UTF-8" }] };
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    return { ok: false, issues: [{ field: "message.data", message: "must encode JSON" }] };
  }
  const inner = GmailNotificationSchema.safeParse(decoded);
  if (!inner.success) return { ok: false, issues: issuesOf(inner.error, "message.data") };
  return {
    ok: true,
    push: {
      messageId: message.messageId,
      subscription,
      ...(message.publishTime ? { publishTime: message.publishTime } : {}),
      emailAddress: inner.data.emailAddress,
      historyId: inner.data.historyId,
    },
  };
}

/** Standard or URL-safe base64, padded or not, to UTF-8 text; undefined when it is neither. */
export function decodeBase64Utf8(input: string): string | undefined {
  const normalized = input.trim().replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(normalized) || normalized.length % 4 === 1) return undefined;
  try {
    const binary = atob(normalized.padEnd(Math.ceil(normalized.length / 4) * 4, "="));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}
