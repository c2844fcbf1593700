import { EmailMessage } from "cloudflare:email";
import {
  type EnvelopeMailer,
  MailerError,
  type OutgoingEmail,
  type SendReceipt,
} from "../../ports/mailer";
import { buildMime } from "../mime/build-mime";

/**
 * Sends through the Workers `send_email` binding (Cloudflare Email Routing). A raw `EmailMessage`
 * has one envelope recipient, and raw MIME is what lets us set our own Message-ID (threading and
 * duplicate detection depend on it), so the caller sends once per recipient: the same message,
 * the same To and Cc headers, the same Date.
 */
export class CloudflareMailer implements EnvelopeMailer {
  readonly delivers = "envelope" as const;

  constructor(private readonly binding: SendEmail) {}

  async sendTo(
    email: OutgoingEmail,
    envelope: { recipient: string; date: Date },
  ): Promise<SendReceipt> {
    const raw = buildMime(email, envelope.date);
    try {
      const result = (await this.binding.send(
        new EmailMessage(email.from.address, envelope.recipient, raw),
      )) as { messageId?: string } | undefined;
      const providerId = result?.messageId ?? null;
      return {
        providerMessageId: providerId && providerId !== email.messageId ? providerId : null,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Destination or sender not allowed is configuration, not a passing fault.
      throw new MailerError(`send_email failed: ${message}`, !/not allowed/i.test(message));
    }
  }
}
