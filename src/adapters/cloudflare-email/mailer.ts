import { EmailMessage } from "cloudflare:email";
import { type Mailer, MailerError, type OutgoingEmail, type SendReceipt } from "../../ports/mailer";
import { buildMime } from "../mime/build-mime";

/** Sends through the Workers `send_email` binding (Cloudflare Email Routing). */
export class CloudflareMailer implements Mailer {
  constructor(
    private readonly binding: SendEmail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(email: OutgoingEmail): Promise<SendReceipt> {
    // The binding delivers one envelope recipient per send; copying others would need one send
    // each, and a retry after a partial failure would repeat some. Only the primary recipient
    // is addressed, so no header claims a copy that was never delivered.
    const raw = buildMime({ ...email, cc: [] }, this.now());
    const to = email.to[0];
    if (!to) throw new MailerError("email has no recipient", false);
    try {
      const result = (await this.binding.send(new EmailMessage(email.from.address, to, raw))) as
        | { messageId?: string }
        | undefined;
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
