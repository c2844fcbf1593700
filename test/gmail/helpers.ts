import { env } from "cloudflare:workers";
import type { MailboxObject } from "../../src/gmail/mailbox-object";

/** The fake Google APIs (test/fakes/gmail-server.ts) and the mailbox object, shared by the Gmail tests. */

const testEnv = env as unknown as {
  GOOGLE_BASE_URL: string;
  MAILBOXES: DurableObjectNamespace<MailboxObject>;
  MAIL_FROM: string;
};

/** A call to the fake's control API: GET without a body, POST with one. */
export const google = (path: string, body?: string) =>
  fetch(`${testEnv.GOOGLE_BASE_URL}${path}`, { method: body === undefined ? "GET" : "POST", body });

export interface FakeMessage {
  id: string;
  threadId: string;
  raw: string;
  messageId: string;
  labelIds: string[];
}

/** What the fake Gmail holds and has counted. */
export const state = async () =>
  (await (await google("/__state")).json()) as {
    historyId: number;
    sendCalls: number;
    tokensIssued: number;
    watchCalls: number;
    messages: FakeMessage[];
  };

/** The mailbox object of the sending address (cursor, seen ids, watch). */
export const mailbox = () => testEnv.MAILBOXES.get(testEnv.MAILBOXES.idFromName(testEnv.MAIL_FROM));

/** A header of a raw message (first occurrence, unfolded lines only). */
export const header = (raw: string, name: string) =>
  new RegExp(`^${name}:\\s*(.+)$`, "im").exec(raw)?.[1]?.trim() ?? "";

/** A creator's raw reply to an email the fake sent, threaded as a mail client would. */
export function replyTo(
  sent: FakeMessage,
  from: string,
  messageId: string,
  text: string,
  name = "Maya",
): string {
  return [
    `From: ${name} <${from}>`,
    `To: ${header(sent.raw, "Reply-To")}`,
    `Subject: Re: ${header(sent.raw, "Subject")}`,
    `Message-ID: <${messageId}>`,
    `In-Reply-To: ${header(sent.raw, "Message-ID")}`,
    `References: ${header(sent.raw, "Message-ID")}`,
    `Date: ${new Date().toUTCString()}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    text,
    "",
  ].join("\r\n");
}
