import type { Negotiation } from "../domain/negotiation-state";
import type { DeferReason } from "../domain/send-discipline";
import type { Config, Env } from "../env";
import { sendingMailbox } from "../gmail/mailbox-client";
import type { EmailEffect } from "./types";

/** A slot this close counts as now: the email goes out at once rather than waking for seconds. */
export const SEND_EARLY_MS = 5_000;

export type Gate = { action: "send" } | { action: "defer"; until: number; reason: DeferReason };

/**
 * Asks the sending mailbox's ledger for a slot for this outbox email: the mailbox's and the
 * recipient's daily caps, the spacing between sends and a bounce pause all apply. The primary
 * recipient is who the creator cap counts.
 */
export async function gateDelivery(
  env: Env,
  config: Config,
  input: { key: string; effect: EmailEffect; n: Negotiation; now: number },
): Promise<Gate> {
  const { email } = input.effect;
  const { mailbox, stub } = sendingMailbox(env, config, email.from.address);
  const reservation = await stub.reserveSend({
    mailbox,
    key: input.key,
    negotiationId: input.n.id,
    creatorEmail: email.to[0] ?? input.n.creator.email,
    now: input.now,
    window: { sendWindow: input.n.terms.sendWindow, timeZone: input.n.creator.timezone },
  });
  if (reservation.status === "deferred")
    return { action: "defer", until: reservation.until, reason: reservation.reason };
  if (reservation.slotAt <= input.now + SEND_EARLY_MS) return { action: "send" };
  // Granted for later: the same key finds the same slot when the alarm brings it back.
  return { action: "defer", until: reservation.slotAt, reason: "spacing" };
}

/**
 * A bounce counts against the mailbox that sent the bounced email: the thread's own, so a bounce
 * spike pauses that mailbox alone and the rest of the pool keeps sending. Counting is best effort:
 * a failure here is logged and never fails the inbound mail.
 */
export async function countBounce(
  env: Env,
  config: Config,
  input: { mailbox: string; messageId: string; requestId: string | null },
): Promise<void> {
  try {
    const { mailbox, stub } = sendingMailbox(env, config, input.mailbox);
    await stub.recordBounce({
      mailbox,
      messageId: input.messageId,
      requestId: input.requestId,
    });
  } catch (error) {
    console.error(
      JSON.stringify({
        msg: "bounce not counted against the mailbox",
        requestId: input.requestId,
        error: String(error),
      }),
    );
  }
}
