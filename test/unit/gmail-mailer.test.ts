import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GmailApi } from "../../src/adapters/gmail/api";
import { GmailMailer } from "../../src/adapters/gmail/mailer";
import { GoogleTokenSource } from "../../src/adapters/gmail/token-source";
import { MailerError, type OutgoingEmail } from "../../src/ports/mailer";
import { FakeGmail } from "../fakes/gmail-server";

let fake: FakeGmail;
let baseUrl: string;
let clock: number;

beforeAll(async () => {
  fake = new FakeGmail();
  baseUrl = await fake.start();
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.messages.length = 0;
  fake.sendCalls = 0;
  fake.tokensIssued = 0;
  fake.expireAllTokens();
  clock = Date.UTC(2026, 10, 23, 12);
});

function mailer(timeoutMs = 2000) {
  const tokens = new GoogleTokenSource({
    clientId: "client",
    clientSecret: "secret",
    refreshToken: "refresh-1",
    tokenUrl: `${baseUrl}/token`,
    now: () => clock,
  });
  return new GmailMailer(new GmailApi({ tokens, apiBaseUrl: baseUrl, user: "me", timeoutMs }));
}

const email = (messageId: string, inReplyTo: string | null = null): OutgoingEmail => ({
  from: { name: "Ana at Brand", address: "ana@brand.test" },
  to: ["maya@gmail.com"],
  cc: ["manager@agency.test"],
  replyTo: "ana+token@brand.test",
  subject: inReplyTo ? "Re: Partnership" : "Partnership",
  text: "Hi Maya,\n\nWe would love to work together.\n\nAna",
  messageId,
  inReplyTo,
  references: inReplyTo ? [inReplyTo] : [],
});

describe("Gmail transport", () => {
  it("sends with the deterministic Message-ID, Cc and threading, joining the thread it answers", async () => {
    const m = mailer();
    const first = await m.send(email("<1.1.abc@brand.test>"));
    const reply = await m.send(email("<2.1.abc@brand.test>", "<1.1.abc@brand.test>"));
    expect(fake.messages).toHaveLength(2);
    const [opening, answer] = fake.messages;
    expect(opening?.raw).toMatch(/^Cc: manager@agency.test$/m);
    expect(answer?.raw).toMatch(/^In-Reply-To: <1.1.abc@brand.test>$/m);
    expect(answer?.raw).toMatch(/^Subject: Re: Partnership$/m);
    expect(answer?.threadId).toBe(opening?.threadId);
    expect(first.providerMessageId).toBe(opening?.id);
    expect(reply.providerMessageId).toBe(answer?.id);
    // One token for both sends: cached until it expires.
    expect(fake.tokensIssued).toBe(1);
  });

  it("never sends twice when a send succeeded but answered too late", async () => {
    const m = mailer(300);
    fake.fault({}); // the look-up before the send is fine
    fake.fault({ slowSendMs: 800 });
    const e = email("<slow.1@brand.test>");
    await expect(m.send(e)).rejects.toMatchObject({ retryable: true });
    // The queue retries: the look-up finds the message, nothing is sent again.
    const retry = await m.send(e);
    expect(fake.sendCalls).toBe(1);
    expect(fake.messages).toHaveLength(1);
    expect(retry.providerMessageId).toBe(fake.messages[0]?.id);
  });

  it("refreshes the token when it expires, and when the API says it is no longer valid", async () => {
    const m = mailer();
    await m.send(email("<t.1@brand.test>"));
    clock += 3600_000; // past expiry: refreshed before the call
    await m.send(email("<t.2@brand.test>"));
    expect(fake.tokensIssued).toBe(2);
    fake.expireAllTokens(); // revoked mid-run: 401, refresh, retry once
    await m.send(email("<t.3@brand.test>"));
    expect(fake.tokensIssued).toBe(3);
    expect(fake.messages).toHaveLength(3);
  });

  it("marks rate limits and outages retryable, a revoked refresh token permanent", async () => {
    const m = mailer();
    fake.fault({ status: 429 });
    await expect(m.send(email("<r.1@brand.test>"))).rejects.toMatchObject({ retryable: true });
    fake.fault({ status: 503 });
    await expect(m.send(email("<r.2@brand.test>"))).rejects.toMatchObject({ retryable: true });
    const revoked = new GmailMailer(
      new GmailApi({
        tokens: new GoogleTokenSource({
          clientId: "c",
          clientSecret: "s",
          refreshToken: "revoked",
          tokenUrl: `${baseUrl}/token`,
        }),
        apiBaseUrl: baseUrl,
        user: "me",
      }),
    );
    const error = await revoked.send(email("<r.3@brand.test>")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailerError);
    expect((error as MailerError).retryable).toBe(false);
  });
});
