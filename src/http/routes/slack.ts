import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { slackApi } from "../../adapters/slack/web-api";
import { type Config, loadConfig } from "../../env";
import { negotiationStub } from "../../negotiation/client";
import type { EffectMessage, SlackAction, SlackUser } from "../../queues/messages";
import { enqueue as enqueueEffects } from "../../queues/routes";
import {
  ACTION_IDS,
  ANSWER_MODAL_CALLBACK_ID,
  answerModal,
  EDIT_MODAL_CALLBACK_ID,
  editDraftModal,
  escapeMrkdwn,
  parseButtonValue,
  textMessage,
} from "../../slack/blocks";
import { parseSlashCommand, usageFor } from "../../slack/commands";
import {
  type BlockActions,
  BlockActionsSchema,
  CommandFormSchema,
  EditModalMetadataSchema,
  EventEnvelopeSchema,
  InteractionSchema,
  ViewSubmissionSchema,
} from "../../slack/payloads";
import { claimSlackNonce } from "../../slack/verify";
import type { AppEnv } from "../context";
import { ApiError, misconfigured, validationError } from "../errors";
import { background } from "../security-events";
import { allowed, requestKey, verified } from "../slack-guard";
import { parse } from "../validate";

type Ctx = Context<AppEnv>;

/**
 * Commands are a few hundred bytes. Interactions and events carry the whole message they came
 * from (a notification with a long draft fills tens of kilobytes once form-encoded).
 */
const LIMITS = { commands: 64 * 1024, interactions: 256 * 1024, events: 256 * 1024 };
/** Slack wants an answer within 3 s, and a trigger_id dies after 3 s: the modal must open first. */
const OPEN_VIEW_DEADLINE_MS = 2_500;
const NOT_ALLOWED = "You are not allowed to use Parley from Slack. Ask an admin to add you.";

/** The modals Parley opens, by callback id: which command a submission runs, from which input. */
const MODALS = new Map<string, { action: SlackAction; block: string; empty: string }>([
  [
    EDIT_MODAL_CALLBACK_ID,
    { action: "approve", block: "draft", empty: "The reply cannot be empty." },
  ],
  [
    ANSWER_MODAL_CALLBACK_ID,
    { action: "answer", block: "answer", empty: "The answer cannot be empty." },
  ],
]);

const BUTTONS = new Map<string, SlackAction | "edit">(
  Object.entries(ACTION_IDS).map(([action, actionId]) => [
    actionId,
    action as SlackAction | "edit",
  ]),
);

const sizeLimit = (max: number) =>
  bodyLimit({
    maxSize: max,
    onError: () => {
      throw new ApiError("payload_too_large", `Slack bodies are limited to ${max} bytes.`);
    },
  });

/**
 * Slack over HTTP: slash commands, buttons and modals, and the Events API. Each request is
 * verified (signature over the raw body, five-minute window, no replays) before it is parsed,
 * answered within Slack's three seconds, and its work queued.
 */
export const slackRoutes = new Hono<AppEnv>();

slackRoutes.use("*", async (c, next) => {
  const loaded = loadConfig(c.env);
  if (!loaded.ok) throw misconfigured();
  if (!loaded.config.SLACK_SIGNING_SECRET) throw new ApiError("not_found", "No such route.");
  c.set("config", loaded.config);
  await next();
});

slackRoutes.post("/commands", sizeLimit(LIMITS.commands), async (c) => {
  const raw = await verified(c, "commands");
  const form = parse(CommandFormSchema, Object.fromEntries(new URLSearchParams(raw)));
  const user: SlackUser = { id: form.user_id, name: form.user_name ?? null };
  if (!allowed(c, "commands", form.team_id, user.id))
    return c.json({ response_type: "ephemeral", text: NOT_ALLOWED });
  const command = parseSlashCommand(form.text);
  if (command.kind === "help" || command.kind === "unknown")
    return c.json({ response_type: "ephemeral", ...textMessage(escapeMrkdwn(usageFor(command))) });
  await enqueue(c, {
    type: "slack_command",
    version: 1,
    key: `slack_command:${await requestKey(c)}`,
    text: form.text,
    user,
    channelId: form.channel_id ?? null,
    responseUrl: form.response_url,
    requestId: c.var.requestId,
  });
  return c.json({ response_type: "ephemeral", text: "Working on it…" });
});

slackRoutes.post("/interactions", sizeLimit(LIMITS.interactions), async (c) => {
  const raw = await verified(c, "interactions");
  const payload = parseJsonOr400(new URLSearchParams(raw).get("payload") ?? "");
  const base = parse(InteractionSchema, payload);
  const user: SlackUser = { id: base.user.id, name: base.user.username ?? base.user.name ?? null };
  const teamId = base.team?.id ?? base.user.team_id ?? null;
  if (base.type === "view_submission") {
    const submission = parse(ViewSubmissionSchema, payload);
    if (!allowed(c, "interactions", teamId, user.id))
      return c.json({ response_action: "errors", errors: { draft: NOT_ALLOWED } });
    const modal = MODALS.get(submission.view.callback_id);
    if (!modal) return c.body(null, 200);
    const meta = EditModalMetadataSchema.safeParse(parseJson(submission.view.private_metadata));
    if (!meta.success) throw validationError(meta.error);
    const text = submission.view.state.values[modal.block]?.text?.value;
    if (!text?.trim())
      return c.json({ response_action: "errors", errors: { [modal.block]: modal.empty } });
    await enqueueAction(
      c,
      modal.action,
      meta.data.n,
      meta.data.id,
      user,
      meta.data.r ?? null,
      text,
    );
    return c.json({ response_action: "clear" });
  }
  if (base.type !== "block_actions") return c.body(null, 200);
  const actions = parse(BlockActionsSchema, payload);
  if (!allowed(c, "interactions", teamId, user.id)) {
    if (actions.response_url)
      background(c, respond(c.var.config, actions.response_url, NOT_ALLOWED));
    return c.json({ response_type: "ephemeral", replace_original: false, text: NOT_ALLOWED });
  }
  for (const action of actions.actions) {
    const name = BUTTONS.get(action.action_id);
    const target = action.value ? parseButtonValue(action.value) : null;
    if (!name || !target) continue;
    if (name === "edit" || name === "answer") await openEditor(c, actions, target, name);
    else
      await enqueueAction(
        c,
        name,
        target.negotiationId,
        target.notificationId,
        user,
        actions.response_url ?? null,
        null,
      );
  }
  return c.body(null, 200);
});

slackRoutes.post("/events", sizeLimit(LIMITS.events), async (c) => {
  const raw = await verified(c, "events");
  const envelope = EventEnvelopeSchema.safeParse(parseJsonOr400(raw));
  // Event types Parley does not subscribe to are acknowledged, so Slack does not retry them.
  if (!envelope.success) return c.body(null, 200);
  const event = envelope.data;
  if (event.type === "url_verification") return c.json({ challenge: event.challenge });
  if (event.type === "event_callback" && allowed(c, "events", event.team_id, null))
    // Slack retries events it thinks were missed; the id makes a redelivery a no-op.
    await claimSlackNonce(c.env.DB, `event:${event.event_id}`, Date.now());
  return c.body(null, 200);
});

/**
 * Opens the edit or answer modal in the request: the trigger_id expires in three seconds. The
 * draft and the open questions come from the negotiation object (the source of truth), not from
 * the message, which may be stale.
 */
async function openEditor(
  c: Ctx,
  actions: BlockActions,
  target: { negotiationId: string; notificationId: string },
  kind: "edit" | "answer",
): Promise<void> {
  const config = c.var.config;
  const responseUrl = actions.response_url;
  const tell = (text: string) => {
    if (responseUrl) background(c, respond(config, responseUrl, text));
  };
  const work = async () => {
    const view = await negotiationStub(c.env, target.negotiationId)?.get();
    const draft = view?.pendingApproval;
    const questions = view?.openQuestions ?? [];
    if (kind === "edit" && !draft) {
      tell("There is no draft waiting for approval on this negotiation any more.");
      return;
    }
    if (kind === "answer" && questions.length === 0) {
      tell("There is no question waiting for an answer on this negotiation any more.");
      return;
    }
    if (!actions.trigger_id) throw new Error("block_actions without a trigger_id");
    const modal =
      kind === "edit" && draft
        ? editDraftModal({ ...target, subject: draft.subject, body: draft.text })
        : answerModal({ ...target, questions });
    const metadata = JSON.stringify({
      n: target.negotiationId,
      id: target.notificationId,
      ...(responseUrl ? { r: responseUrl } : {}),
    });
    const api = slackApi(config, undefined, { timeoutMs: OPEN_VIEW_DEADLINE_MS });
    await api.openView({
      triggerId: actions.trigger_id,
      view: { ...(modal as Record<string, unknown>), private_metadata: metadata },
    });
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("views.open took too long")), OPEN_VIEW_DEADLINE_MS);
  });
  try {
    await Promise.race([work(), deadline]);
  } catch (error) {
    console.error(JSON.stringify({ msg: "slack edit modal failed", error: String(error) }));
    tell("Could not open the editor in time. Try again in a moment.");
  } finally {
    clearTimeout(timer);
  }
}

async function enqueueAction(
  c: Ctx,
  action: SlackAction,
  negotiationId: string,
  notificationId: string,
  user: SlackUser,
  responseUrl: string | null,
  text: string | null,
): Promise<void> {
  await enqueue(c, {
    type: "slack_action",
    version: 1,
    key: `slack_action:${await requestKey(c)}:${action}`,
    action,
    negotiationId,
    notificationId,
    text,
    user,
    responseUrl,
    requestId: c.var.requestId,
  });
}

const enqueue = (c: Ctx, message: EffectMessage) => enqueueEffects(c.env, message);

function respond(config: Config, responseUrl: string, text: string): Promise<void> {
  return slackApi(config)
    .respond(responseUrl, {
      ...textMessage(text),
      response_type: "ephemeral",
      replace_original: false,
    })
    .catch((error: unknown) =>
      console.error(JSON.stringify({ msg: "slack response_url failed", error: String(error) })),
    );
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

function parseJsonOr400(text: string): unknown {
  const value = parseJson(text);
  if (value === undefined) throw new ApiError("invalid_json", "The payload is not valid JSON.");
  return value;
}
