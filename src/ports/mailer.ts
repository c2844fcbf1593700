/** One outgoing email, fully decided: addresses, threading headers and the text that passed the gate. */
export interface OutgoingEmail {
  from: { name: string; address: string };
  to: string[];
  cc: string[];
  replyTo: string;
  subject: string;
  text: string;
  /** Deterministic, derived from the effect's idempotency key: "<…@domain>". */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
}

export interface SendReceipt {
  /** The id the provider assigned, when it differs from ours (threading falls back to it). */
  providerMessageId: string | null;
}

/** Thrown by mailers; `retryable` tells the queue consumer whether another attempt can help. */
export class MailerError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "MailerError";
  }
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<SendReceipt>;
}
