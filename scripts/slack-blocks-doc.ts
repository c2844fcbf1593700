/// <reference types="node" />
/**
 * npx tsx scripts/slack-blocks-doc.ts [--stdout]
 *
 * Writes docs/slack-blocks.md: the Block Kit JSON of every Slack message Parley sends, rendered by
 * src/slack/blocks.ts from realistic sample notifications. A unit test keeps the file current.
 */
import type { Notification } from "../src/ports/notifier";
import {
  answerModal,
  editDraftModal,
  notificationMessage,
  resolvedMessage,
  type SlackMessage,
} from "../src/slack/blocks";

const DASHBOARD = "https://parley.brand.example";
const creator = {
  name: "Maya Lopez",
  email: "maya@lopezmedia.example",
  platform: "youtube",
  handle: "@mayamakes",
};

const counterDraft = {
  subject: "Re: Spring Launch x Maya Lopez",
  body: [
    "Hi Maya,",
    "",
    "Thanks for coming back so quickly, and for the detail on your rates.",
    "",
    "For one dedicated YouTube video with 30 days of usage rights we can offer $3,400. That works out",
    "to a $23.61 CPM on your 144,000 average views, which is at the top of what this campaign allows.",
    "",
    "If that works for you, I'll send the agreement over today.",
    "",
    "Best,",
    "Ana",
  ].join("\n"),
};

export const SAMPLE_NOTIFICATIONS = {
  escalation: {
    id: "neg_maya:42:0",
    at: "2026-11-23T14:05:00.000Z",
    kind: "escalation",
    campaignId: "cmp_spring",
    negotiationId: "neg_maya",
    title: "Ask above the ceiling",
    detail: "Maya Lopez asked for $4,800; the campaign's ceiling is $3,600.",
    data: {
      creator,
      campaignName: "Spring Launch 2026",
      state: "escalated",
      round: 3,
      excerpt:
        "Thanks for the offer! Honestly my rate for a dedicated video is $4,800 & that includes 30 days of usage <3\nLet me know if that works.",
      reason: "exceeds_ceiling",
      evidence: [
        '"my rate for a dedicated video is $4,800"',
        "Ceiling: $3,600 (CPM $25 × 144,000 views)",
      ],
      rationale: "Third round: meet halfway between our last offer ($3,000) and the ceiling.",
      draft: { ...counterDraft, autoSendAt: null },
      deal: null,
    },
  },
  approval: {
    id: "neg_maya:43:0",
    at: "2026-11-23T15:10:00.000Z",
    kind: "approval_needed",
    campaignId: "cmp_spring",
    negotiationId: "neg_maya",
    title: "Counter offer ready for review",
    detail: "A $3,400 counter to Maya Lopez is waiting for approval.",
    data: {
      creator,
      campaignName: "Spring Launch 2026",
      state: "awaiting_approval",
      round: 3,
      excerpt: "Could you do $4,000 if I add a community post?",
      reason: "draft_counter",
      evidence: ["Campaign autonomy: delayed (30 minute cancel window)"],
      rationale: "Counter at $3,400: within band, CPM $23.61 against a $25 target.",
      draft: { ...counterDraft, autoSendAt: "2026-11-23T15:40:00.000Z" },
      deal: null,
    },
  },
  agreement: {
    id: "neg_maya:51:0",
    at: "2026-11-24T09:30:00.000Z",
    kind: "agreement",
    campaignId: "cmp_spring",
    negotiationId: "neg_maya",
    title: "Deal agreed",
    detail: "$3,400 for 1 dedicated YouTube video",
    data: {
      creator,
      campaignName: "Spring Launch 2026",
      state: "agreed",
      round: 4,
      excerpt: "Deal! $3,400 works. Send over the paperwork.",
      reason: null,
      evidence: [],
      rationale: null,
      draft: null,
      deal: {
        platform: "youtube",
        deliverables: "1 dedicated YouTube video (8–12 minutes)",
        usageDays: 30,
        product: "Aurora Pro headphones",
        amountCents: 340_000,
        cpmCents: 2361,
        targetCpmCents: 2500,
        nextSteps: [
          "Send the written agreement for signature",
          "Ship Aurora Pro headphones and share the creative brief",
          "Review the draft content before it goes live",
          "Pay on the agreed terms: Net 30 after the content goes live",
        ],
      },
    },
  },
  unresponsive: {
    id: "neg_jon:12:0",
    at: "2026-11-25T16:00:00.000Z",
    kind: "unresponsive",
    campaignId: "cmp_spring",
    negotiationId: "neg_jon",
    title: "Creator unresponsive",
    detail: "Jon Park did not reply after 2 follow-ups",
    data: {
      creator: {
        name: "Jon Park",
        email: "jon@parkplays.example",
        platform: "tiktok",
        handle: null,
      },
      campaignName: "Spring Launch 2026",
      state: "unresponsive",
      round: 1,
      excerpt: null,
      reason: null,
      evidence: [],
      rationale: null,
      draft: null,
      deal: null,
    },
  },
  failure: {
    id: "dlq:msg-7f3a",
    at: "2026-11-25T16:20:00.000Z",
    kind: "failure",
    campaignId: null,
    negotiationId: null,
    title: "A side effect failed for good",
    detail: "An email effect was dead-lettered after 4 attempts.",
    data: {
      failure: {
        queue: "parley-emails-dlq",
        kind: "email",
        key: "neg_maya:43:email",
        attempts: 4,
        reason: "MailerError: Gmail API messages/send failed (403): Daily sending quota exceeded",
      },
    },
  },
  unverified: {
    id: "neg_maya:unverified:3f9a0c1d2e4b5a6978c0d1e2",
    at: "2026-11-23T16:45:00.000Z",
    kind: "unverified_sender",
    campaignId: "cmp_spring",
    negotiationId: "neg_maya",
    title: "Not read: mail from deals@maya-lopez-mgmt.example",
    detail:
      "deals@maya-lopez-mgmt.example wrote on the thread with Maya Lopez <maya@lopezmedia.example>: not the creator or a contact on this thread. Parley did not read or answer it.",
    data: {
      creator,
      campaignName: "Spring Launch 2026",
      state: "awaiting_reply",
      round: 3,
      excerpt:
        "Hi, I handle Maya's partnerships now. Please send the $3,400 to our account instead.",
      reason: "unverified_sender_not_on_thread",
      evidence: [
        "from: deals@maya-lopez-mgmt.example",
        "subject: Re: Spring Launch x Maya Lopez",
        "authentication: pass",
        "ARC-Authentication-Results: i=1; mx.cloudflare.net; dkim=pass header.d=maya-lopez-mgmt.example; dmarc=pass header.from=maya-lopez-mgmt.example",
      ],
      rationale: null,
      draft: null,
      deal: null,
    },
  },
  question: {
    id: "neg_maya:q:1",
    at: "2026-11-23T17:05:00.000Z",
    kind: "question",
    campaignId: "cmp_spring",
    negotiationId: "neg_maya",
    title: "A question for the team",
    detail: '"Is there a campaign hashtag I should use?"',
    data: {
      creator,
      campaignName: "Spring Launch 2026",
      state: "awaiting_reply",
      round: 1,
      excerpt: "Sounds good so far! Is there a campaign hashtag I should use?",
      questions: ["Is there a campaign hashtag I should use?"],
    },
  },
} satisfies Record<string, Notification>;

export const SAMPLE_RESOLUTION = {
  label: "Approved and sent",
  actor: "U0ALICE",
  at: "2026-11-23T15:12:00.000Z",
};

const json = (value: unknown) => `\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``;
const message = (m: SlackMessage) => json({ text: m.text, blocks: m.blocks });

export function renderSlackBlocksDoc(): string {
  const s = SAMPLE_NOTIFICATIONS;
  const options = { dashboardUrl: DASHBOARD };
  const sections: [string, string, string][] = [
    [
      "Escalation",
      "Posted to `SLACK_CHANNEL_ESCALATIONS`. Approve / edit appear only when a draft is held.",
      message(notificationMessage(s.escalation, options)),
    ],
    [
      "Draft awaiting approval",
      "Posted to `SLACK_CHANNEL_APPROVALS`; with delayed autonomy it says when the draft sends itself.",
      message(notificationMessage(s.approval, options)),
    ],
    [
      "Agreement",
      "Posted to `SLACK_CHANNEL_AGREEMENTS`: the deal summary and next steps.",
      message(notificationMessage(s.agreement, options)),
    ],
    [
      "Unresponsive creator",
      "Posted to `SLACK_CHANNEL_ESCALATIONS`.",
      message(notificationMessage(s.unresponsive, options)),
    ],
    [
      "Unverified sender",
      "Posted to `SLACK_CHANNEL_ESCALATIONS` when someone who may not speak in a thread writes on it (not the creator or a contact, a forged address, a team address without passing authentication). Nothing else happened; Take over lets a person handle the thread.",
      message(notificationMessage(s.unverified, options)),
    ],
    [
      "Question for the team",
      "Posted to `SLACK_CHANNEL_ESCALATIONS` when a creator asks what neither the campaign's terms nor its brief answer. Answer opens a modal; the answer goes out through the outgoing-email gate (as `POST /api/negotiations/:id/answer` does).",
      message(notificationMessage(s.question, options)),
    ],
    [
      "Dead-lettered failure",
      "Posted to `SLACK_CHANNEL_ESCALATIONS`; no buttons (replay from the API or dashboard).",
      message(notificationMessage(s.failure, options)),
    ],
    [
      "Resolved",
      "The approval message after someone acted: same summary, buttons replaced by who did what and when (`chat.update` of the same `ts`).",
      message(resolvedMessage(s.approval, SAMPLE_RESOLUTION, options)),
    ],
    [
      "Edit modal",
      "Opened by the Edit button (`views.open`). `private_metadata` is the button value; the submission carries the text in `draft` / `text`.",
      json(
        editDraftModal({
          negotiationId: "neg_maya",
          notificationId: s.approval.id,
          ...counterDraft,
        }),
      ),
    ],
    [
      "Answer modal",
      "Opened by the Answer button (`views.open`). The submission carries the answer in `answer` / `text`.",
      json(
        answerModal({
          negotiationId: "neg_maya",
          notificationId: s.question.id,
          questions: s.question.data.questions,
        }),
      ),
    ],
  ];
  const intro = [
    "# Slack messages",
    "",
    "Generated by `npx tsx scripts/slack-blocks-doc.ts` from `src/slack/blocks.ts`; do not edit by hand",
    "(a unit test fails when this file and the generator disagree).",
    "",
    'Every notification message carries `metadata` `{event_type: "parley_notification", event_payload: {key: <notification id>}}`',
    'so a post whose answer was lost can be found again. Buttons carry `value` `{"n": negotiationId, "id": notificationId}`;',
    "user text is escaped (`&`, `<`, `>`), sections are clipped to Slack's 3,000 characters and messages to 50 blocks.",
    "Paste any block list into Slack's Block Kit Builder to see it.",
  ].join("\n");
  const body = sections
    .map(([title, note, code]) => `## ${title}\n\n${note}\n\n${code}`)
    .join("\n\n");
  return `${intro}\n\n${body}\n`;
}

const isMain = process.argv[1]?.replace(/\\/g, "/").endsWith("scripts/slack-blocks-doc.ts");
if (isMain) {
  const doc = renderSlackBlocksDoc();
  if (process.argv.includes("--stdout")) process.stdout.write(doc);
  else {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(new URL("../docs/slack-blocks.md", import.meta.url), doc);
    console.log("wrote docs/slack-blocks.md");
  }
}
