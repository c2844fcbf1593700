import type { OutgoingEmail } from "../../ports/mailer";

const encoder = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** RFC 2047 encoded-word for header text that is not plain ASCII. */
function headerText(value: string): string {
  const clean = value.replace(/[\r\n]+/g, " ");
  return /^[\x20-\x7e]*$/.test(clean) ? clean : `=?UTF-8?B?${base64(encoder.encode(clean))}?=`;
}

function mailbox(name: string, address: string): string {
  const quoted = /^[\x20-\x7e]*$/.test(name)
    ? `"${name.replace(/["\\]/g, "\\$&")}"`
    : headerText(name);
  return `${quoted} <${address}>`;
}

/** Builds an RFC 5322 message: UTF-8 plain text, base64 body wrapped at 76 columns. */
export function buildMime(email: OutgoingEmail, date: Date): string {
  const headers = [
    `From: ${mailbox(email.from.name, email.from.address)}`,
    `To: ${email.to.join(", ")}`,
    ...(email.cc.length ? [`Cc: ${email.cc.join(", ")}`] : []),
    `Reply-To: ${email.replyTo}`,
    `Subject: ${headerText(email.subject)}`,
    `Date: ${date.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: ${email.messageId}`,
    ...(email.inReplyTo ? [`In-Reply-To: ${email.inReplyTo}`] : []),
    ...(email.references.length ? [`References: ${email.references.join(" ")}`] : []),
    "MIME-Version: 1.0",
    'Content-Type: text/plain; charset="utf-8"',
    "Content-Transfer-Encoding: base64",
  ];
  const body = base64(encoder.encode(email.text.replace(/\r?\n/g, "\r\n")))
    .match(/.{1,76}/g)
    ?.join("\r\n");
  return `${headers.join("\r\n")}\r\n\r\n${body ?? ""}\r\n`;
}
