import { drizzle } from "drizzle-orm/d1";
import PostalMime, { type Email } from "postal-mime";
import { unmatchedEmails } from "../db/schema";
import { parseAddress } from "../domain/email-address";
import { sameAddress } from "../domain/mailbox-pool";
import type { Config, Env } from "../env";
import { ourSendingAddresses } from "../gmail/mailbox-pool";
import { negotiationIdFromAddress, negotiationIdFromMessageId } from "../negotiation/addressing";
import { negotiationStub } from "../negotiation/client";
import type { InboundEmail } from "../negotiation/types";
import { systemAuditEvent } from "../ports/audit-sink";
import { writeAudit } from "../queues/write-audit";
import { senderAuthentication } from "./authentication";
import {
  addressesIn,
  bodyText,
  embeddedMessageIds,
  firstHeader,
  headerValues,
  isAutoSubmitted,
  isBounce,
  messageIdsIn,
} from "./mail-kind";

export type InboundOutcome =
  | "processed"
  | "duplicate"
  | "deferred"
  | "own_message"
  | "unmatched"
  | "too_large"
  | "malformed"
  | "unknown_negotiation";

/** Message-IDs we can trust: bracketed, bounded, without whitespace. */
function normalizeMessageId(value: string | undefined): string | null {
  const trimmed = (value ?? "").trim();
  const bracketed = messageIdsIn(trimmed)[0];
  if (bracketed) return bracketed;
  return /^[^<>\s]{1,900}$/.test(trimmed) ? `<${trimmed}>` : null;
}

/** Stable across redeliveries of the same message, so dedupe works without a Message-ID. */
async function contentMessageId(email: Email, from: string, text: string, domain: string) {
  const basis = [from, firstHeader(email, "date") ?? "", email.subject ?? "", text].join("\n");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(basis));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `<no-message-id.${hex.slice(0, 40)}@${domain}>`;
}

/** The negotiation a plus-address of any of our sending mailboxes names (pool or MAIL_FROM). */
function negotiationIdFromOurAddress(address: string, config: Config): string | null {
  for (const mailbox of ourSendingAddresses(config)) {
    const found = negotiationIdFromAddress(address, mailbox);
    if (found) return found;
  }
  return null;
}

function findNegotiation(
  email: Email,
  envelopeTo: string,
  recipients: string[],
  config: Config,
): string | null {
  const byId = (ids: string[]) => {
    for (const id of ids) {
      const found = negotiationIdFromMessageId(id, config.mailDomain);
      if (found) return found;
    }
    return null;
  };
  const threaded = byId([
    ...messageIdsIn(firstHeader(email, "in-reply-to")),
    ...messageIdsIn(firstHeader(email, "references")).reverse(),
  ]);
  if (threaded) return threaded;
  for (const r of [parseAddress(envelopeTo)?.address ?? envelopeTo, ...recipients]) {
    const found = negotiationIdFromOurAddress(r, config);
    if (found) return found;
  }
  // A bounce carries the message that failed; a forwarded original carries its own id.
  return byId(embeddedMessageIds(email));
}

/** One raw RFC 822 message from Cloudflare Email Routing (or Wrangler's local endpoint). Never throws on bad mail. */
export async function receiveRawEmail(
  env: Env,
  config: Config,
  input: {
    raw: ArrayBuffer | ReadableStream;
    rawSize: number;
    envelopeFrom: string;
    envelopeTo: string;
    requestId: string;
  },
): Promise<InboundOutcome> {
  const record = async (reason: InboundOutcome, from: string, subject: string) => {
    const at = new Date().toISOString();
    const id = `${input.requestId}`;
    await drizzle(env.DB)
      .insert(unmatchedEmails)
      .values({
        id,
        receivedAt: at,
        fromAddress: from,
        toAddress: input.envelopeTo,
        subject: subject.slice(0, 300),
        reason,
      })
      .onConflictDoNothing();
    await writeAudit(
      env,
      systemAuditEvent({
        id: `inbound:${id}`,
        at,
        type: "email_unmatched",
        creatorEmail: from,
        requestId: input.requestId,
        data: { reason, to: input.envelopeTo, subject: subject.slice(0, 300) },
      }),
    );
    return reason;
  };
  const envelopeFrom = parseAddress(input.envelopeFrom)?.address ?? "";
  if (input.rawSize > config.MAX_EMAIL_BYTES) return record("too_large", envelopeFrom, "");
  let read: Awaited<ReturnType<typeof readMessage>>;
  try {
    const bytes = await new Response(input.raw).arrayBuffer();
    if (bytes.byteLength > config.MAX_EMAIL_BYTES) return record("too_large", envelopeFrom, "");
    read = await readMessage(bytes, { ...input, envelopeFrom }, config);
  } catch {
    // Whatever the parser or our reading of it chokes on is recorded, never thrown at the sender.
    return record("malformed", envelopeFrom, "");
  }
  if (read.own) return "own_message";
  const { inbound, negotiationId } = read;
  const stub = negotiationId ? negotiationStub(env, negotiationId) : null;
  if (!stub) return record("unmatched", inbound.from, inbound.subject);
  const result = await stub.receiveEmail(inbound);
  if (result.status === "unknown_negotiation")
    return record("unknown_negotiation", inbound.from, inbound.subject);
  if (result.status === "invalid") {
    // Our reading of the MIME produced something the object refuses: a bug on our side, kept
    // with the unmatched mail and the audit trail rather than lost.
    console.error(JSON.stringify({ msg: "inbound email refused", details: result.details }));
    return record("malformed", inbound.from, inbound.subject);
  }
  return result.status;
}

/** Parses one message into what a negotiation needs. Throws only when the MIME is beyond reading. */
async function readMessage(
  bytes: ArrayBuffer,
  input: { envelopeFrom: string; envelopeTo: string; requestId: string },
  config: Config,
): Promise<{ own: boolean; negotiationId: string | null; inbound: InboundEmail }> {
  const email = await PostalMime.parse(bytes);
  const from =
    parseAddress(firstHeader(email, "from") ?? "")?.address ??
    parseAddress(firstHeader(email, "sender") ?? "")?.address ??
    input.envelopeFrom;
  const text = bodyText(email, new TextDecoder().decode(bytes));
  const subject = (email.subject ?? "").replace(/[\r\n]+/g, " ").slice(0, 998);
  const messageId =
    normalizeMessageId(email.messageId) ??
    (await contentMessageId(email, from, text, config.mailDomain));
  const to = addressesIn(email, "to");
  const cc = addressesIn(email, "cc");
  // Our own mail coming back (a copy, a loop) is recognised by our Message-ID or our address.
  const own =
    negotiationIdFromMessageId(messageId, config.mailDomain) !== null ||
    ourSendingAddresses(config).some((a) => sameAddress(a, from)) ||
    negotiationIdFromOurAddress(from, config) !== null;
  const inbound: InboundEmail = {
    messageId,
    from,
    fromName: email.from?.name?.slice(0, 200) || null,
    to,
    cc,
    subject,
    text,
    inReplyTo: messageIdsIn(firstHeader(email, "in-reply-to"))[0] ?? null,
    references: messageIdsIn(firstHeader(email, "references")).slice(-50),
    autoSubmitted: isAutoSubmitted(email),
    bounce: isBounce(email),
    // The address we treat as the sender is the identity whose domain must have authenticated.
    authentication: senderAuthentication({
      fromDomain: parseAddress(from)?.domain ?? null,
      authenticationResults: headerValues(email, "authentication-results"),
      arcAuthenticationResults: headerValues(email, "arc-authentication-results"),
      trustedAuthservIds: config.TRUSTED_AUTHSERV_IDS,
    }),
    receivedAt: Date.now(),
    requestId: input.requestId,
  };
  const negotiationId = own
    ? null
    : findNegotiation(email, input.envelopeTo, [...to, ...cc], config);
  return { own, negotiationId, inbound };
}
