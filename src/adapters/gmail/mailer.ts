import type { MessageMailer, OutgoingEmail, SendReceipt } from "../../ports/mailer";
import { buildMime } from "../mime/build-mime";
import type { GmailApi } from "./api";

const base64Url = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

/**
 * Sends through the Gmail API from the team's own mailbox. Before every send it looks the
 * deterministic Message-ID up (`rfc822msgid:`), so a send that succeeded but timed out is found
 * instead of sent again. Replies join the Gmail thread of the message they answer. One send
 * delivers to every To and Cc address.
 */
export class GmailMailer implements MessageMailer {
  readonly delivers = "message" as const;

  constructor(
    private readonly api: GmailApi,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(email: OutgoingEmail): Promise<SendReceipt> {
    const already = await this.api.findByMessageId(email.messageId);
    if (already) return { providerMessageId: already.id };
    const threadId = email.inReplyTo
      ? (await this.api.findByMessageId(email.inReplyTo))?.threadId
      : undefined;
    const sent = await this.api.send(base64Url(buildMime(email, this.now())), threadId);
    return { providerMessageId: sent.id };
  }
}

/**
 * Several Gmail accounts: each email goes out through the mailer of the account its From address
 * belongs to (its token, its `messages/send`, its Message-ID look-up).
 */
export class GmailAccountsMailer implements MessageMailer {
  readonly delivers = "message" as const;

  constructor(private readonly mailerFor: (from: string) => MessageMailer) {}

  send(email: OutgoingEmail): Promise<SendReceipt> {
    return this.mailerFor(email.from.address).send(email);
  }
}
