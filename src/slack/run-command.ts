import { type SlackApi, slackApi } from "../adapters/slack/web-api";
import { queryAudit } from "../audit/query";
import { type Env, requireConfig } from "../env";
import { negotiationStub } from "../negotiation/client";
import { stopAgency } from "../negotiation/stop-agency";
import { setGlobalPause } from "../operations/global-pause";
import type { EffectMessage } from "../queues/messages";
import { mayActInSlack, NEEDS_ADMIN, NEEDS_OPERATOR, respondEphemeral, slackActor } from "./actor";
import { escapeMrkdwn, textMessage } from "./blocks";
import { auditLine, statusText, whoLine } from "./command-answers";
import {
  AUDIT_PAGE_SIZE,
  type AuditFilter,
  type ControlCommand,
  parseSlashCommand,
  type SlashCommand,
  usageFor,
} from "./commands";
import { findNegotiations, MAX_MATCHES, type NegotiationMatch } from "./find-negotiations";

type SlackCommandMessage = Extract<EffectMessage, { type: "slack_command" }>;

const DONE: Record<ControlCommand, string> = {
  pause: "Paused",
  resume: "Resumed",
  stop: "Stopped",
  takeover: "Took over",
  release: "Handed back to the agent",
};

/**
 * A verified `/parley …` command, run after Slack was answered; the result goes back to the person
 * on the command's response_url. Refusals and no-matches are answers; only transient failures
 * (D1, an object or Slack unreachable) throw, so the queue retries.
 */
export async function runSlackCommand(env: Env, m: SlackCommandMessage): Promise<void> {
  const api = slackApi(requireConfig(env));
  const answer = await answerFor(env, api, parseSlashCommand(m.text), m);
  await respondEphemeral(api, m.responseUrl, textMessage(answer));
}

async function answerFor(
  env: Env,
  api: SlackApi,
  command: SlashCommand,
  m: SlackCommandMessage,
): Promise<string> {
  switch (command.kind) {
    case "help":
    case "unknown":
      return escapeMrkdwn(usageFor(command));
    case "status":
    case "control": {
      const matches = await findNegotiations(env.DB, command.target);
      const picked = pickOne(matches, command.target.query);
      if (typeof picked === "string") return picked;
      if (command.kind === "status") {
        const view = await negotiationStub(env, picked.id)?.get();
        return statusText(picked, view ?? null);
      }
      return control(env, api, command.command, picked, m);
    }
    case "stop_agency": {
      const actor = await slackActor(api, m.user);
      const what = { action: "stop_agency", userId: m.user.id, requestId: m.requestId };
      if (!(await mayActInSlack(env, actor, what)))
        return `Could not stop the agency: ${NEEDS_OPERATOR}`;
      const result = await stopAgency(env, {
        domain: command.domain,
        actor,
        requestId: m.requestId,
      });
      const domain = escapeMrkdwn(command.domain);
      if (result.stopped.length === 0 && result.alreadyClosed.length === 0)
        return `No negotiation has a contact at ${domain}.`;
      return [
        `Stopped ${result.stopped.length} negotiation${result.stopped.length === 1 ? "" : "s"} with contacts at ${domain}.`,
        ...(result.alreadyClosed.length
          ? [`${result.alreadyClosed.length} more were already closed.`]
          : []),
      ].join(" ");
    }
    case "global_pause": {
      const actor = await slackActor(api, m.user);
      const what = {
        action: command.paused ? "pause_all" : "resume_all",
        userId: m.user.id,
        requestId: m.requestId,
      };
      if (!(await mayActInSlack(env, actor, what, "admin")))
        return `Could not ${command.paused ? "pause" : "resume"} sending: ${NEEDS_ADMIN}`;
      const { changed } = await setGlobalPause(env, {
        paused: command.paused,
        actor,
        reason: command.paused ? "paused from Slack" : null,
        requestId: m.requestId,
      });
      if (!changed)
        return command.paused ? "Sending was already paused." : "Sending was not paused.";
      return command.paused
        ? "Paused sending for every negotiation: nothing leaves, queued emails included, until `/parley resume-all`."
        : "Resumed sending: held emails are going out now.";
    }
    case "audit":
      return audit(env, command.filter);
  }
}

/** The one negotiation a command is about, or the answer explaining why there is none. */
function pickOne(matches: NegotiationMatch[], query: string): NegotiationMatch | string {
  const [only] = matches;
  if (matches.length === 1 && only) return only;
  if (matches.length === 0) return `No negotiation found for “${escapeMrkdwn(query)}”.`;
  const more = matches.length > MAX_MATCHES ? `\n…and more; be more specific.` : "";
  return [
    `Several negotiations match “${escapeMrkdwn(query)}”, so nothing was done. Say which one by email (add \`campaign:&lt;id&gt;\` when the creator is in several campaigns):`,
    ...matches.slice(0, MAX_MATCHES).map(whoLine),
  ]
    .join("\n")
    .concat(more);
}

async function control(
  env: Env,
  api: SlackApi,
  command: ControlCommand,
  target: NegotiationMatch,
  m: SlackCommandMessage,
): Promise<string> {
  const stub = negotiationStub(env, target.id);
  const who = `*${escapeMrkdwn(target.creatorName)}* (${escapeMrkdwn(target.creatorEmail)})`;
  if (!stub) return `Could not ${command} ${who}: the negotiation does not exist.`;
  const actor = await slackActor(api, m.user);
  const what = { action: command, userId: m.user.id, requestId: m.requestId };
  if (!(await mayActInSlack(env, actor, what)))
    return `Could not ${command} ${who}: ${NEEDS_OPERATOR}`;
  const outcome = await stub.command({ command, actor, requestId: m.requestId });
  if (outcome.ok) return `${DONE[command]} ${who}: now \`${outcome.negotiation.state}\`.`;
  return `Could not ${command} ${who}: ${escapeMrkdwn(outcome.message)}`;
}

async function audit(env: Env, filter: AuditFilter): Promise<string> {
  const { events, nextCursor } = await queryAudit(env.DB, {
    ...(filter.creator ? { creator: filter.creator } : {}),
    ...(filter.campaignId ? { campaignId: filter.campaignId } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.sinceMs ? { from: new Date(Date.now() - filter.sinceMs).toISOString() } : {}),
    limit: AUDIT_PAGE_SIZE,
    offset: (filter.page - 1) * AUDIT_PAGE_SIZE,
  });
  if (events.length === 0)
    return filter.page > 1 ? `No audit events on page ${filter.page}.` : "No audit events match.";
  const footer = nextCursor
    ? `Page ${filter.page}. More: repeat the command with \`page:${filter.page + 1}\`.`
    : `Page ${filter.page} (last).`;
  return [`*Audit trail*, newest first`, ...events.map(auditLine), footer].join("\n");
}
