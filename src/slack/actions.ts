import { slackApi } from "../adapters/slack/web-api";
import { type Env, requireConfig } from "../env";
import { negotiationStub } from "../negotiation/client";
import type { CommandInput } from "../negotiation/types";
import type { EffectMessage, SlackAction } from "../queues/messages";
import { mayActInSlack, NEEDS_OPERATOR, respondEphemeral, slackActor } from "./actor";
import { textMessage } from "./blocks";

type SlackActionMessage = Extract<EffectMessage, { type: "slack_action" }>;

const LABELS: Record<SlackAction, string> = {
  approve: "approve the draft",
  reject: "reject the draft",
  takeover: "take over",
  stop: "stop the negotiation",
  resume: "resume",
  release: "hand the thread back to the agent",
  answer: "send the answer",
};

function commandFor(m: SlackActionMessage): Omit<CommandInput, "actor" | "requestId"> {
  switch (m.action) {
    case "approve":
      return { command: "approve", text: m.text };
    case "reject":
      return { command: "reject_draft", reason: "rejected in Slack" };
    case "answer":
      return { command: "answer", text: m.text };
    default:
      return { command: m.action };
  }
}

/**
 * A verified Slack button or modal submission, run on the negotiation object as the person who
 * clicked. Success needs nothing more here: leaving the approval/escalation state resolves the
 * notification and its Slack message. A refusal (illegal now, an edit failing the outgoing-email
 * gate) is an answer, not a failure: it goes back to the person and is never retried. Only
 * transient errors (the object or Slack unreachable) throw.
 */
export async function runSlackAction(env: Env, m: SlackActionMessage): Promise<void> {
  const api = slackApi(requireConfig(env));
  const reply = (text: string) =>
    m.responseUrl ? respondEphemeral(api, m.responseUrl, textMessage(text)) : Promise.resolve();
  const stub = negotiationStub(env, m.negotiationId);
  if (!stub) return reply(`Could not ${LABELS[m.action]}: that negotiation does not exist.`);
  const actor = await slackActor(api, m.user);
  const allowed = await mayActInSlack(env, actor, {
    action: m.action,
    userId: m.user.id,
    requestId: m.requestId,
  });
  if (!allowed) return reply(`Could not ${LABELS[m.action]}: ${NEEDS_OPERATOR}`);
  const outcome = await stub.command({
    ...commandFor(m),
    actor,
    requestId: m.requestId,
  });
  if (outcome.ok) return;
  console.log(
    JSON.stringify({
      msg: "slack action refused",
      action: m.action,
      negotiationId: m.negotiationId,
      code: outcome.code,
      requestId: m.requestId,
    }),
  );
  const details = outcome.details?.length
    ? `\n${outcome.details.map((d) => `• ${d}`).join("\n")}`
    : "";
  return reply(`Could not ${LABELS[m.action]}: ${outcome.message}${details}`);
}
