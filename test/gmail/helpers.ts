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
