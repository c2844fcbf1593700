/**
 * Block Kit messages for notifications: pure functions of a Notification, so the same input
 * always renders the same JSON (docs/slack-blocks.md is generated from them).
 */
import * as z from "zod/mini";
import type { Notification, NotificationData } from "../ports/notifier";
import { actorMrkdwn, clipPlain, escapeMrkdwn, fitText, LIMITS, slackDate } from "./mrkdwn";
import { type Block, context, plain, section, summaryBlocks } from "./summary-blocks";

export { escapeMrkdwn } from "./mrkdwn";

export const ACTION_IDS = {
  approve: "parley_approve",
  edit: "parley_edit",
  reject: "parley_reject",
  takeover: "parley_takeover",
  stop: "parley_stop",
  resume: "parley_resume",
  release: "parley_release",
  answer: "parley_answer",
} as const;
type ActionName = keyof typeof ACTION_IDS;

export const EDIT_MODAL_CALLBACK_ID = "parley_edit_draft";
export const ANSWER_MODAL_CALLBACK_ID = "parley_answer_question";
const ACTIONS_BLOCK_ID = "parley_actions";

const ButtonValueSchema = z.object({
  n: z.string().check(z.minLength(1)),
  id: z.string().check(z.minLength(1)),
});

/** Button `value` is JSON: {"n": negotiationId, "id": notificationId} */
export function buttonValue(negotiationId: string, notificationId: string): string {
  return JSON.stringify({ n: negotiationId, id: notificationId });
}

export function parseButtonValue(
  value: string,
): { negotiationId: string; notificationId: string } | null {
  try {
    const parsed = ButtonValueSchema.safeParse(JSON.parse(value));
    return parsed.success ? { negotiationId: parsed.data.n, notificationId: parsed.data.id } : null;
  } catch {
    return null;
  }
}

export interface MessageOptions {
  dashboardUrl?: string;
}
export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

interface KindStyle {
  emoji: string;
  label: string;
  /** How many sections a draft may fill before it is clipped. */
  draftSections: number;
  actions: (data: NotificationData) => ActionName[];
}

const KINDS: Record<string, KindStyle> = {
  escalation: {
    emoji: "🚨",
    label: "Needs a person",
    draftSections: 2,
    // Approving an escalation sends the draft the gate held back, so only with a draft to show.
    actions: (d) => (d.draft ? ["approve", "edit", "takeover", "stop"] : ["takeover", "stop"]),
  },
  approval_needed: {
    emoji: "✍️",
    label: "Draft awaiting approval",
    draftSections: 6,
    actions: () => ["approve", "edit", "reject"],
  },
  agreement: { emoji: "🤝", label: "Agreement", draftSections: 1, actions: () => [] },
  // An unresponsive negotiation only leaves that state through a person (resume is for pauses).
  unresponsive: {
    emoji: "🔕",
    label: "Creator unresponsive",
    draftSections: 1,
    actions: () => ["takeover", "stop"],
  },
  stopped: { emoji: "⛔", label: "Stopped", draftSections: 1, actions: () => [] },
  failure: { emoji: "💥", label: "Failed side effect", draftSections: 1, actions: () => [] },
  mailbox_paused: { emoji: "⏸️", label: "Mailbox paused", draftSections: 1, actions: () => [] },
  // The creator waits for a person's answer; it goes out through the outgoing-email gate.
  question: {
    emoji: "❓",
    label: "Question for the team",
    draftSections: 1,
    actions: () => ["answer", "takeover"],
  },
  // Nothing happened to the negotiation; a person who knows the sender can take the thread over.
  unverified_sender: {
    emoji: "🕵️",
    label: "Unverified sender",
    draftSections: 1,
    actions: () => ["takeover"],
  },
};
const GENERIC: KindStyle = {
  emoji: "🔔",
  label: "Notification",
  draftSections: 1,
  actions: () => [],
};

const BUTTONS: Record<ActionName, { text: string; style?: "primary" | "danger" }> = {
  approve: { text: "Approve & send", style: "primary" },
  edit: { text: "Edit reply" },
  reject: { text: "Reject draft", style: "danger" },
  takeover: { text: "Take over" },
  stop: { text: "Stop negotiation", style: "danger" },
  resume: { text: "Resume" },
  release: { text: "Hand back to agent" },
  answer: { text: "Answer", style: "primary" },
};

const styleOf = (kind: string): KindStyle => KINDS[kind] ?? GENERIC;

function actionsBlock(n: Notification, names: ActionName[]): Block | null {
  if (!n.negotiationId || names.length === 0) return null;
  const value = buttonValue(n.negotiationId, n.id);
  const who = n.data.creator?.name ?? "this creator";
  return {
    type: "actions",
    block_id: ACTIONS_BLOCK_ID,
    elements: names.map((name) => ({
      type: "button",
      action_id: ACTION_IDS[name],
      text: plain(BUTTONS[name].text, 75),
      value,
      ...(BUTTONS[name].style ? { style: BUTTONS[name].style } : {}),
      ...(name === "stop"
        ? {
            confirm: {
              title: plain("Stop this negotiation?", 100),
              text: plain(`Parley will send nothing more to ${who}. This cannot be undone.`, 300),
              confirm: plain("Stop", 30),
              deny: plain("Cancel", 30),
              style: "danger",
            },
          }
        : {}),
    })),
  };
}

function footer(n: Notification, options: MessageOptions): Block {
  const parts = [slackDate(n.at)];
  if (n.negotiationId) parts.push(`Negotiation \`${escapeMrkdwn(n.negotiationId)}\``);
  if (n.negotiationId && options.dashboardUrl) {
    const url = `${options.dashboardUrl.replace(/\/+$/, "")}/negotiations/${encodeURIComponent(n.negotiationId)}`;
    parts.push(`<${url.replace(/[<>|]/g, "")}|Open in dashboard>`);
  }
  return context(...parts);
}

function fallback(n: Notification, style: KindStyle, prefix = ""): string {
  const who = n.data.creator ? ` (${n.data.creator.name})` : "";
  const head = `${escapeMrkdwn(prefix)}${style.emoji} ${style.label}: `;
  return head + fitText(`${n.title}${who}`, LIMITS.fallbackText - head.length, escapeMrkdwn);
}

interface BuildInput {
  resolved?: { label: string; actor: string; at: string };
}

function build(n: Notification, options: MessageOptions, input: BuildInput): Block[] {
  const style = styleOf(n.kind);
  const d = n.data;
  const body: Block[] = [
    { type: "header", text: plain(`${style.emoji} ${n.title}`, LIMITS.headerText) },
  ];
  body.push(...summaryBlocks(n, style.draftSections));
  const tail: Block[] = [];
  if (input.resolved) {
    const { label, actor, at } = input.resolved;
    tail.push(context(`✅ ${escapeMrkdwn(label)} by ${actorMrkdwn(actor)} · ${slackDate(at)}`));
  } else {
    if (d.draft?.autoSendAt)
      tail.push(
        context(`⏱ Sends automatically ${slackDate(d.draft.autoSendAt)} unless someone acts first`),
      );
    const actions = actionsBlock(n, style.actions(d));
    if (actions) tail.push(actions);
  }
  tail.push(footer(n, options));
  // Never over Slack's block limit: the summary gives way, the buttons and footer stay.
  return [...body.slice(0, LIMITS.blocks - tail.length), ...tail];
}

export function notificationMessage(n: Notification, options: MessageOptions): SlackMessage {
  return { text: fallback(n, styleOf(n.kind)), blocks: build(n, options, {}) };
}

/** The same summary without buttons, plus who resolved it and when. */
export function resolvedMessage(
  n: Notification,
  resolution: { label: string; actor: string; at: string },
  options: MessageOptions,
): SlackMessage {
  const prefix = `✅ ${resolution.label} · `;
  return {
    text: fallback(n, styleOf(n.kind), prefix),
    blocks: build(n, options, { resolved: resolution }),
  };
}

/** The edit modal: a multiline plain_text_input (block_id "draft", action_id "text") prefilled with the draft; private_metadata = buttonValue(...) */
export function editDraftModal(input: {
  negotiationId: string;
  notificationId: string;
  subject: string;
  body: string;
}): unknown {
  const base = {
    type: "modal",
    callback_id: EDIT_MODAL_CALLBACK_ID,
    private_metadata: buttonValue(input.negotiationId, input.notificationId),
    title: plain("Edit reply", 24),
    close: plain("Cancel", 24),
  };
  const subject = context(`*Subject:* ${fitText(input.subject, 500, escapeMrkdwn)}`);
  // A plain_text_input holds at most 3000 characters; prefilling a clipped draft would send it clipped.
  if (input.body.length > 3000)
    return {
      ...base,
      blocks: [
        subject,
        section(
          "This draft is longer than Slack can edit (3,000 characters). Approve it as it is, or send an edited text with `POST /api/negotiations/:id/approve`.",
        ),
      ],
    };
  return {
    ...base,
    submit: plain("Approve & send", 24),
    blocks: [
      subject,
      {
        type: "input",
        block_id: "draft",
        label: plain("Reply", 2000),
        element: {
          type: "plain_text_input",
          action_id: "text",
          multiline: true,
          initial_value: input.body,
          min_length: 1,
          max_length: 3000,
        },
      },
    ],
  };
}

/**
 * The answer modal: their open questions and a multiline input (block_id "answer", action_id
 * "text"). The answer is sent between a greeting and the offer, through the outgoing-email gate.
 */
export function answerModal(input: {
  negotiationId: string;
  notificationId: string;
  questions: string[];
}): unknown {
  const asked = input.questions.map((q) => `> ${escapeMrkdwn(q)}`).join("\n");
  return {
    type: "modal",
    callback_id: ANSWER_MODAL_CALLBACK_ID,
    private_metadata: buttonValue(input.negotiationId, input.notificationId),
    title: plain("Answer the creator", 24),
    close: plain("Cancel", 24),
    submit: plain("Send answer", 24),
    blocks: [
      section(fitText(asked, LIMITS.sectionText, (q) => `*They asked*\n${q}`)),
      context(
        "Amounts only as the engine writes them (e.g. the current offer); no dates, links or payment details. Put new facts in the campaign brief instead.",
      ),
      {
        type: "input",
        block_id: "answer",
        label: plain("Your answer", 2000),
        element: {
          type: "plain_text_input",
          action_id: "text",
          multiline: true,
          min_length: 1,
          max_length: 3000,
        },
      },
    ],
  };
}

/** Already-formatted mrkdwn (slash command answers), split into sections that fit. */
export function textMessage(text: string): SlackMessage {
  const sections: Block[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length <= LIMITS.sectionText) current = next;
    else {
      if (current) sections.push(section(current));
      current = clipPlain(line, LIMITS.sectionText);
    }
  }
  if (current || sections.length === 0) sections.push(section(current || "—"));
  return {
    text: clipPlain(text, LIMITS.fallbackText) || "—",
    blocks: sections.slice(0, LIMITS.blocks),
  };
}
