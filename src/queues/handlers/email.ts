import { negotiationStub } from "../../negotiation/client";
import { MailerError } from "../../ports/mailer";
import type { Handler } from "../handler";

/**
 * Sends one email of a negotiation's outbox. The object is asked first (`beginDelivery`), so
 * pause, stop, takeover and the global pause win over queued sends, and an email already sent is
 * skipped; the send carries the email's deterministic Message-ID.
 */
export const handleEmail: Handler<"email"> = async (m, ctx) => {
  const { key, requestId } = m;
  const stub = negotiationStub(ctx.env, m.negotiationId);
  if (!stub) throw new MailerError(`bad negotiation id ${m.negotiationId}`, false);
  const ticket = await stub.beginDelivery({ key });
  if (ticket.action === "skip") return;
  const { mailer } = ctx.services;
  if (mailer.delivers === "message") {
    const receipt = await mailer.send(ticket.email);
    await stub.completeDelivery({ key, providerMessageId: receipt.providerMessageId, requestId });
    return;
  }
  // One envelope per recipient, each remembered as soon as it is out: a failure after the first
  // retries only those still missing, and `email_sent` is recorded once, after the last.
  const date = new Date(ticket.firstSendAt);
  for (const recipient of ticket.recipients) {
    const receipt = await mailer.sendTo(ticket.email, { recipient, date });
    await stub.deliveredTo({ key, recipient, providerMessageId: receipt.providerMessageId });
  }
  await stub.completeDelivery({ key, providerMessageId: null, requestId });
};
