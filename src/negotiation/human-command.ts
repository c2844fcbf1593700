import type { GateContext } from "../domain/draft-rules";
import { checkDraft, subjectFor } from "../domain/draft-rules";
import { fillSlots, slotValues } from "../domain/draft-slots";
import { teamAnswerIntent } from "../domain/negotiation-commands";
import type { Command } from "../domain/negotiation-decide";
import type { Draft, Negotiation } from "../domain/negotiation-state";
import { teamAnswerBody } from "../domain/team-answer";
import type { CommandInput, CommandOutcome } from "./types";

type Refused = Extract<CommandOutcome, { ok: false }>;

/**
 * A person's command as the engine's command. What a person sends (an edited draft, an answer)
 * passes the same outgoing-email gate as the agent's drafts: no amount the engine did not decide,
 * and a draft the gate refused goes out only once fixed.
 */
export function humanCommand(
  n: Negotiation,
  input: CommandInput,
  sender: GateContext,
  at: number,
): { ok: true; command: Command } | Refused {
  const refuse = (message: string, failures: string[]): Refused => ({
    ok: false,
    code: "validation_failed",
    message,
    details: failures,
  });
  switch (input.command) {
    case "approve": {
      const pending = n.pendingApproval;
      const draft: Draft | null = pending
        ? { ...pending.draft, body: input.text ?? pending.draft.body }
        : null;
      if (pending && draft) {
        const verdict = checkDraft(n, pending.intent, draft, sender);
        if (!verdict.ok)
          return refuse("The edited draft fails the outgoing-email gate.", verdict.failures);
      }
      const approved = draft ?? { subject: "", body: "" };
      return { ok: true, command: { type: "approve", at, actor: input.actor, draft: approved } };
    }
    case "answer": {
      const intent = teamAnswerIntent(n);
      const draft: Draft = {
        subject: subjectFor(n, intent.purpose, sender),
        body: fillSlots(teamAnswerBody(n, input.text ?? ""), slotValues(n, intent, sender)),
      };
      const verdict = checkDraft(n, intent, draft, sender);
      if (!verdict.ok) return refuse("The answer fails the outgoing-email gate.", verdict.failures);
      return { ok: true, command: { type: "answer", at, actor: input.actor, draft } };
    }
    case "reject_draft":
      return {
        ok: true,
        command: {
          type: "reject_draft",
          at,
          actor: input.actor,
          reason: input.reason ?? "rejected",
        },
      };
    default:
      return { ok: true, command: { type: input.command, at, actor: input.actor } };
  }
}
