import type { AuditRow } from "../audit/query";
import { formatUsd } from "../domain/money";
import type { NegotiationView } from "../negotiation/types";
import { escapeMrkdwn } from "./blocks";
import type { NegotiationMatch } from "./find-negotiations";

/** Slash command answers as mrkdwn. Every value that came from outside is escaped. */

const e = escapeMrkdwn;
const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** One line per candidate, so the person can pick by email (and campaign). */
export function whoLine(m: NegotiationMatch): string {
  const campaign = m.campaignName ? `${e(m.campaignName)} ` : "";
  return `• ${e(m.creatorName)} · ${e(m.creatorEmail)} · ${campaign}(\`campaign:${e(m.campaignId)}\`) · \`${m.state}\``;
}

/** The object's own view when it answers; the projection row otherwise. */
export function statusText(m: NegotiationMatch, view: NegotiationView | null): string {
  const lines = [`*${e(m.creatorName)}* · ${e(m.creatorEmail)}`];
  lines.push(`Campaign: ${e(m.campaignName ?? "unknown")} (\`${e(m.campaignId)}\`)`);
  if (!view) {
    lines.push(`State: \`${m.state}\` (from the list; the negotiation did not answer)`);
    return lines.join("\n");
  }
  const paused = view.previousState ? ` (was \`${view.previousState}\`)` : "";
  lines.push(`State: \`${view.state}\`${paused} · round ${view.round}`);
  const offer = view.lastOffer;
  lines.push(
    offer
      ? `Last offer: ${formatUsd(offer.amountCents)} (CPM ${formatUsd(offer.cpmCents)}) for ${e(offer.deliverables)}${offer.usageRights ? `, ${offer.usageRights.days} days of usage rights` : ""}`
      : "Last offer: none yet",
  );
  if (view.theirAsk) lines.push(`Their ask: ${formatUsd(view.theirAsk.amountCents)}`);
  lines.push(`Next timer: ${view.nextTimerAt ? when(view.nextTimerAt) : "none"}`);
  const draft = view.pendingApproval;
  if (draft) {
    const auto = draft.autoSendAt ? `, sends automatically at ${when(draft.autoSendAt)}` : "";
    lines.push(`Pending draft (${e(draft.purpose)}${auto}): “${e(draft.subject)}”`);
    lines.push(
      draft.text
        .split(/\r?\n/)
        .slice(0, 12)
        .map((l) => `>${e(l)}`)
        .join("\n"),
    );
  } else lines.push("Pending draft: none");
  if (view.escalation) lines.push(`Escalated: ${e(view.escalation.reason)}`);
  return lines.join("\n");
}

export function auditLine(r: AuditRow): string {
  const parts = [when(r.at), `*${e(r.type)}*`];
  if (r.creatorName || r.creatorEmail) parts.push(e(r.creatorName ?? r.creatorEmail ?? ""));
  parts.push(e(r.actor));
  if (r.stateFrom || r.stateTo) parts.push(`${r.stateFrom ?? "–"} → ${r.stateTo ?? "–"}`);
  if (r.amountCents !== null) parts.push(formatUsd(r.amountCents));
  return `• ${parts.join(" · ")}`;
}
