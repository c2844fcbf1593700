import { drizzle } from "drizzle-orm/d1";
import PostalMime, { type Email } from "postal-mime";
import { unmatchedEmails } from "../db/schema";
import { parseAddress } from "../domain/email-address";
import type { Config, Env } from "../env";
import { negotiationIdFromAddress, negotiationIdFromMessageId } from "../negotiation/addressing";
import { negotiationStub } from "../negotiation/client";
import type { InboundEmail } from "../negotiation/types";
import { writeAudit } from "../queues/consumer";

export type InboundOutcome =
  | "processed"
  | "duplicate"
  | "deferred"
  | "own_message"
  | "unmatched"
  | "too_large"
  | "malformed"
  | "unknown_negotiation";

const header = (email: Email, name: string) =>
  email.headers.find((h) => h.key === name)?.value ?? null;

const idsIn = (value: string | null | undefined) => (value ?? "").match(/<[^<>\s]+>/g) ?? [];

/** RFC 3834 / common auto-responder markers. */
function isAutoSubmitted(email: Email): boolean {
  const auto = header(email, "auto-submitted");
  const precedence = header(email, "precedence")?.toLowerCase();
  return (
    (auto !== null && auto.toLowerCase() !== "no") ||
    precedence === "bulk" ||
    precedence === "auto_reply" ||
    precedence === "junk" ||
    header(email, "x-autoreply") !== null ||
    header(email, "x-autorespond") !== null
  );
}

function isBounce(email: Email, from: string): boolean {
  const type = header(email, "content-type")?.toLowerCase() ?? "";
  return (
    (type.includes("multipart/report") && type.includes("delivery-status")) ||
    /^(mailer-daemon|postmaster)@/i.test(from)
  );
}

/** Crude HTML fallback for HTML-only mail: tags out, entities decoded by the parser's text pass. */
const htmlToText = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");

function findNegotiation(email: Email, envelopeTo: string, config: Config): string | null {
  for (const id of [
    ...idsIn(header(email, "in-reply-to")),
    ...idsIn(header(email, "references")).reverse(),
  ]) {
    const found = negotiationIdFromMessageId(id, config.mailDomain);
    if (found) return found;
  }
  const recipients = [
    envelopeTo,
    ...(email.to ?? []).map((a) => a.address ?? ""),
    ...(email.cc ?? []).map((a) => a.address ?? ""),
  ];
  for (const r of recipients) {
    const found = negotiationIdFromAddress(r, config.MAIL_FROM);
    if (found) return found;
  }
  return null;
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
    await writeAudit(env, {
      id: `inbound:${id}`,
      at,
      type: "email_unmatched",
      campaignId: null,
      negotiationId: null,
      creatorName: null,
      creatorEmail: from,
      actor: "system",
      stateFrom: null,
      stateTo: null,
      amountCents: null,
      requestId: input.requestId,
      data: { reason, to: input.envelopeTo, subject: subject.slice(0, 300) },
    });
    return reason;
  };
  if (input.rawSize > config.MAX_EMAIL_BYTES) return record("too_large", input.envelopeFrom, "");
  let email: Email;
  try {
    email = await PostalMime.parse(input.raw);
  } catch {
    return record("malformed", input.envelopeFrom, "");
  }
  const from =
    parseAddress(header(email, "from") ?? input.envelopeFrom)?.address ??
    input.envelopeFrom.toLowerCase();
  const messageId = email.messageId?.trim() || `<no-id.${input.requestId}@${config.mailDomain}>`;
  // Our own mail coming back (a copy, a loop) is recognised by our Message-ID or our address.
  if (
    negotiationIdFromMessageId(messageId, config.mailDomain) ||
    from === config.MAIL_FROM.toLowerCase()
  )
    return "own_message";
  const negotiationId = findNegotiation(email, input.envelopeTo, config);
  const stub = negotiationId ? negotiationStub(env, negotiationId) : null;
  if (!stub) return record("unmatched", from, email.subject ?? "");
  const inbound: InboundEmail = {
    messageId,
    from,
    fromName: email.from?.name || null,
    to: (email.to ?? []).map((a) => a.address ?? "").filter(Boolean),
    cc: (email.cc ?? []).map((a) => a.address ?? "").filter(Boolean),
    subject: email.subject ?? "",
    text: email.text ?? (email.html ? htmlToText(email.html) : ""),
    inReplyTo: idsIn(header(email, "in-reply-to"))[0] ?? null,
    references: idsIn(header(email, "references")),
    autoSubmitted: isAutoSubmitted(email),
    bounce: isBounce(email, from),
    receivedAt: Date.now(),
    requestId: input.requestId,
  };
  const result = await stub.receiveEmail(inbound);
  if (result.status === "unknown_negotiation")
    return record("unknown_negotiation", from, inbound.subject);
  return result.status;
}
