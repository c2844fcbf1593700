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

/** A transport whose one send delivers the message to every To and Cc address (Gmail). */
export interface MessageMailer {
  readonly delivers: "message";
  send(email: OutgoingEmail): Promise<SendReceipt>;
}

/**
 * A transport that takes one envelope recipient per send (the `send_email` binding): the caller
 * sends the same message, with every To and Cc header, once per recipient and remembers each.
 */
export interface EnvelopeMailer {
  readonly delivers: "envelope";
  sendTo(email: OutgoingEmail, envelope: { recipient: string; date: Date }): Promise<SendReceipt>;
}

export type Mailer = MessageMailer | EnvelopeMailer;

/** Every address an email is for, To first, each once. */
export const recipientsOf = (email: OutgoingEmail): string[] => [
  ...new Set([...email.to, ...email.cc].map((a) => a.toLowerCase())),
];
