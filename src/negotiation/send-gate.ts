import type { Negotiation } from "../domain/negotiation-state";
import { afterDailyCap, type DeferReason } from "../domain/send-discipline";
import type { Config, Env } from "../env";
import { recipientLedger, sendingMailbox } from "../gmail/mailbox-client";
import type { EmailEffect } from "./types";

/** A slot this close counts as now: the email goes out at once rather than waking for seconds. */
export const SEND_EARLY_MS = 5_000;

export type Gate = { action: "send" } | { action: "defer"; until: number; reason: DeferReason };

/**
 * Asks the sending mailbox's ledger for a slot for this outbox email (its daily cap, the spacing
 * between its sends, a bounce pause), then the recipient's object to count it on the slot's day
 * (`CREATOR_DAILY_CAP`, across every mailbox). A full recipient day gives the slot back and waits
 * for the next day. The primary recipient is who the cap counts.
 */
export async function gateDelivery(
  env: Env,
  config: Config,
  input: { key: string; effect: EmailEffect; n: Negotiation; now: number },
): Promise<Gate> {
  const { email } = input.effect;
  const recipient = email.to[0] ?? input.n.creator.email;
  const window = { sendWindow: input.n.terms.sendWindow, timeZone: input.n.creator.timezone };
  const { mailbox, stub } = sendingMailbox(env, config, email.from.address);
  const reservation = await stub.reserveSend({
    mailbox,
    key: input.key,
    negotiationId: input.n.id,
    creatorEmail: recipient,
    now: input.now,
    window,
  });
  if (reservation.status === "deferred")
    return { action: "defer", until: reservation.until, reason: reservation.reason };
  const counted = await recipientLedger(env, recipient).reserve({
    key: input.key,
    day: reservation.day,
    cap: config.CREATOR_DAILY_CAP,
    now: input.now,
  });
  if (!counted.granted) {
    await stub.releaseSend({ mailbox, key: input.key });
    const until = afterDailyCap(reservation.slotAt, window, Math.random());
    return { action: "defer", until, reason: "creator_cap" };
  }
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
