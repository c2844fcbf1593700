/** Block Kit elements and the summary sections of a notification message (facts, deal, failure, conversation). */
import { formatUsd } from "../domain/money";
import type { Notification, NotificationData } from "../ports/notifier";
import { clipPlain, escapeMrkdwn, fitText, humanize, LIMITS, quote, quotedChunks } from "./mrkdwn";

export type Block = Record<string, unknown>;

export const plain = (text: string, max: number) => ({
  type: "plain_text",
  text: clipPlain(text, max),
  emoji: true,
});
export const mrkdwn = (text: string) => ({ type: "mrkdwn", text, verbatim: true });
export const section = (text: string): Block => ({ type: "section", text: mrkdwn(text) });
export const context = (...parts: string[]): Block => ({
  type: "context",
  elements: [mrkdwn(clipPlain(parts.join("  ·  "), LIMITS.contextText))],
});
/** A label and user-provided value as one section field. */
export const field = (label: string, value: string) =>
  mrkdwn(fitText(value, LIMITS.fieldText, (v) => `*${label}*\n${escapeMrkdwn(v)}`));

function factsBlock(n: Notification): Block | null {
  const d = n.data;
  const fields = [];
  if (d.creator) {
    const { name, email, platform, handle } = d.creator;
    fields.push(field("Creator", `${name} <${email}>`));
    fields.push(field("Platform", handle ? `${platform} · ${handle}` : platform));
  }
  if (d.campaignName) fields.push(field("Campaign", d.campaignName));
  if (d.state) fields.push(field("State", humanize(d.state)));
  if (d.round !== undefined) fields.push(field("Round", String(d.round)));
  return fields.length ? { type: "section", fields } : null;
}

function cpmVersusTarget(cpm: number | null, target: number | null): string {
  if (cpm === null) return "Not known";
  if (target === null || target <= 0) return `${formatUsd(cpm)} CPM`;
  const pct = Math.round(((cpm - target) / target) * 100);
  const where = pct === 0 ? "on target" : `${Math.abs(pct)}% ${pct < 0 ? "under" : "over"}`;
  return `${formatUsd(cpm)} CPM vs ${formatUsd(target)} target (${where})`;
}

function dealBlocks(deal: NonNullable<NotificationData["deal"]>): Block[] {
  const fields = [
    field("Amount", formatUsd(deal.amountCents)),
    field("CPM", cpmVersusTarget(deal.cpmCents, deal.targetCpmCents)),
    field("Platform", deal.platform),
    field("Deliverables", deal.deliverables),
    field("Usage rights", deal.usageDays === null ? "None" : `${deal.usageDays} days`),
  ];
  if (deal.product) fields.push(field("Product", deal.product));
  const blocks: Block[] = [{ type: "section", fields }];
  if (deal.nextSteps.length > 0) {
    const steps = deal.nextSteps.join("\n");
    blocks.push(
      section(
        fitText(steps, LIMITS.sectionText, (s) =>
          ["*Next steps*", ...s.split("\n").map((x) => `• ${escapeMrkdwn(x)}`)].join("\n"),
        ),
      ),
    );
  }
  return blocks;
}

function failureBlocks(f: NonNullable<NotificationData["failure"]>): Block[] {
  return [
    {
      type: "section",
      fields: [
        field("Queue", f.queue),
        field("Kind", f.kind),
        field("Key", f.key ?? "none"),
        field("Attempts", String(f.attempts)),
      ],
    },
    section(fitText(f.reason, LIMITS.sectionText, (r) => `*Reason*\n${escapeMrkdwn(r)}`)),
  ];
}

function conversationBlocks(n: Notification, draftSections: number): Block[] {
  const d = n.data;
  const blocks: Block[] = [];
  // An unverified sender's words are theirs, not the creator's side's.
  const heading =
    n.kind === "unverified_sender" ? "*The unverified message*" : "*Their latest message*";
  if (d.excerpt)
    blocks.push(section(fitText(d.excerpt, LIMITS.sectionText, (x) => `${heading}\n${quote(x)}`)));
  if (d.questions?.length)
    blocks.push(
      section(
        fitText(d.questions.join("\n"), LIMITS.sectionText, (q) => `*For the team*\n${quote(q)}`),
      ),
    );
  if (d.reason || (d.evidence?.length ?? 0) > 0) {
    const trigger = d.reason ? `*Trigger:* ${escapeMrkdwn(humanize(d.reason))}` : "*Trigger*";
    const evidence = (d.evidence ?? []).join("\n");
    blocks.push(
      section(
        fitText(evidence, LIMITS.sectionText, (e) =>
          [trigger, ...(e ? e.split("\n").map((x) => `• ${escapeMrkdwn(x)}`) : [])].join("\n"),
        ),
      ),
    );
  }
  if (d.rationale)
    blocks.push(
      section(
        fitText(d.rationale, LIMITS.sectionText, (r) => `*Engine's rationale*\n${escapeMrkdwn(r)}`),
      ),
    );
  if (d.draft) {
    const subject = fitText(d.draft.subject, 500, escapeMrkdwn);
    blocks.push(section(`*Proposed reply*\n*Subject:* ${subject}`));
    for (const chunk of quotedChunks(d.draft.body, LIMITS.sectionText, draftSections))
      blocks.push(section(chunk));
  }
  return blocks;
}

/** Everything a person needs to decide, in reading order; empty parts are left out. */
export function summaryBlocks(n: Notification, draftSections: number): Block[] {
  const d = n.data;
  const blocks: Block[] = [];
  if (n.detail.trim()) blocks.push(section(fitText(n.detail, LIMITS.sectionText, escapeMrkdwn)));
  const facts = factsBlock(n);
  if (facts) blocks.push(facts);
  if (d.deal) blocks.push(...dealBlocks(d.deal));
  if (d.failure) blocks.push(...failureBlocks(d.failure));
  blocks.push(...conversationBlocks(n, draftSections));
  return blocks;
}
