import { AUTOMATIC } from "../domain/negotiation-replies";
import { verifiedQuestionTopics } from "../domain/question-topics";
import type { Speaker } from "../domain/thread-people";
import type { ReplyReading } from "../domain/types";
import type { NegotiationStore } from "./store";
import type { InboundEmail } from "./types";

/** A reply being handled: recorded on the timeline in the same commit as what it leads to. */
export interface InboundRecord {
  email: InboundEmail;
  reply: string;
  speaker: Speaker;
  reading: ReplyReading | null;
}

/** The reply on the timeline, its Message-ID on the thread, and its inbox row done. */
export function recordInbound(
  store: NegotiationStore,
  { email, reply, speaker, reading }: InboundRecord,
): void {
  store.appendHistory(
    email.receivedAt,
    "email_received",
    speaker.kind === "team" ? `user:${email.from}` : "creator",
    email.requestId,
    {
      subject: email.subject,
      from: email.from,
      to: email.to.join(", "),
      text: reply,
      messageId: email.messageId,
      intent: reading?.intent ?? null,
      confidence: reading?.confidence ?? null,
      authentication: email.authentication.verdict,
      // What the writer may later see of this reply: facts checked by code, never its words.
      amountCents: reading?.proposedAmountCents ?? null,
      questionTopics: reading ? verifiedQuestionTopics(reading.questions, reply) : [],
    },
  );
  const thread = store.thread();
  store.saveThread({
    ...thread,
    messageIds: [...thread.messageIds, email.messageId],
    // We answer whoever last wrote for the creator's side; the team and machines never count.
    replyTo:
      speaker.kind === "creator_side" && reading && !AUTOMATIC.has(reading.intent)
        ? email.from
        : thread.replyTo,
  });
  store.markInboundDone(email.messageId);
}
