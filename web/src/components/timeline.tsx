import type { TimelineEvent } from "../api/types";
import { formatCents } from "../lib/money";
import { stateLabel } from "../lib/states";
import { formatTime } from "../lib/time";

const str = (v: unknown): string =>
  typeof v === "string" ? v : v === null || v === undefined ? "" : JSON.stringify(v);
const num = (v: unknown): number | null => (typeof v === "number" ? v : null);

const LABELS: Record<string, string> = {
  email_sent: "Email sent",
  email_received: "Email received",
  email_queued: "Email queued",
  email_unverified: "Unverified sender",
  offer: "Offer",
  state_changed: "State changed",
  escalated: "Escalated",
  approval_requested: "Draft awaiting approval",
  approved: "Draft approved",
  rejected_draft: "Draft rejected",
  draft_superseded: "Draft superseded",
  human_action: "Action",
  follow_up_scheduled: "Follow-ups scheduled",
  notification: "Team notified",
  agreement: "Agreement",
};

/** What happened, oldest first: emails as readable messages, offers with the engine's reasons. */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  return (
    <ol className="space-y-3" aria-label="Timeline">
      {events.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the timeline is append-only
        <li key={i} className="flex gap-3">
          <div className="w-28 shrink-0 pt-0.5 text-xs text-slate-500 sm:w-36">
            <time dateTime={e.at}>{formatTime(e.at)}</time>
          </div>
          <div className="min-w-0 flex-1">
            <Entry event={e} />
          </div>
        </li>
      ))}
    </ol>
  );
}

function Who({ actor }: { actor: string }) {
  return <span className="text-xs text-slate-500"> · {actor}</span>;
}

function Entry({ event: e }: { event: TimelineEvent }) {
  const label = LABELS[e.type] ?? e.type.replace(/_/g, " ");
  if (e.type === "email_sent" || e.type === "email_received") {
    const outgoing = e.type === "email_sent";
    return (
      <article
        className={`rounded-lg border p-3 ${outgoing ? "ml-0 border-indigo-200 bg-indigo-50 sm:ml-8" : "mr-0 border-slate-200 bg-white sm:mr-8"}`}
        aria-label={`${label}: ${str(e.subject)}`}
        data-timeline={e.type}
      >
        <header className="text-xs text-slate-600">
          <strong className="text-slate-900">{outgoing ? "Parley" : str(e.from)}</strong> →{" "}
          {str(e.to)}
          {str(e.cc) && <> · cc {str(e.cc)}</>}
          <Who actor={e.actor} />
        </header>
        <p className="mt-1 text-sm font-medium">{str(e.subject)}</p>
        <pre className="mt-2 whitespace-pre-wrap break-words font-sans text-sm text-slate-800">
          {str(e.text)}
        </pre>
        {!outgoing && (str(e.intent) || num(e.amountCents) !== null) && (
          <p className="mt-2 text-xs text-slate-600">
            Read as <strong>{str(e.intent) || "unknown"}</strong>
            {num(e.confidence) !== null && ` (confidence ${num(e.confidence)?.toFixed(2)})`}
            {num(e.amountCents) !== null && ` · their amount ${formatCents(num(e.amountCents))}`}
            {str(e.authentication) &&
              str(e.authentication) !== "pass" &&
              ` · sender authentication: ${str(e.authentication)}`}
          </p>
        )}
      </article>
    );
  }
  const rationale = (e.rationale ?? null) as {
    reason?: string;
    decision?: string;
    cappedBy?: string[];
  } | null;
  let body: React.ReactNode = null;
  switch (e.type) {
    case "offer":
    case "agreement":
      body = (
        <>
          <strong>{formatCents(num(e.amountCents))}</strong> ({formatCents(num(e.cpmCents))} CPM)
          for {str(e.deliverables)}
          {num(e.usageDays) !== null && `, ${num(e.usageDays)} days of usage rights`}
          {rationale?.reason && <p className="mt-1 text-slate-700">Why: {rationale.reason}</p>}
          {rationale?.cappedBy && rationale.cappedBy.length > 0 && (
            <p className="text-xs text-slate-500">Capped by: {rationale.cappedBy.join(", ")}</p>
          )}
        </>
      );
      break;
    case "state_changed":
      body = (
        <>
          {e.from ? `${stateLabel(str(e.from))} → ` : ""}
          <strong>{stateLabel(str(e.to))}</strong>
          {str(e.reason) && (
            <span className="text-slate-600"> ({str(e.reason).replace(/_/g, " ")})</span>
          )}
        </>
      );
      break;
    case "escalated":
      body = (
        <>
          <strong>{str(e.reason).replace(/_/g, " ")}</strong>
          {Array.isArray(e.evidence) && e.evidence.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-slate-700">
              {(e.evidence as unknown[]).map((x, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: evidence is a fixed list
                <li key={i}>{str(x)}</li>
              ))}
            </ul>
          )}
        </>
      );
      break;
    case "approval_requested":
      body = (
        <details>
          <summary className="cursor-pointer">
            {str(e.purpose)} draft: {str(e.subject)}
          </summary>
          <pre className="mt-1 whitespace-pre-wrap font-sans text-slate-700">{str(e.text)}</pre>
        </details>
      );
      break;
    case "approved":
    case "rejected_draft":
    case "draft_superseded":
      body = str(e.reason) ? <span className="text-slate-700">{str(e.reason)}</span> : null;
      break;
    case "human_action":
      body = (
        <>
          <strong>{str(e.command)}</strong>
          {str(e.note) && <span className="text-slate-600"> — {str(e.note)}</span>}
        </>
      );
      break;
    case "notification":
      body = (
        <>
          {str(e.kind).replace(/_/g, " ")}: {str(e.title)}
        </>
      );
      break;
    case "email_queued":
      body = (
        <>
          {str(e.purpose)}: {str(e.subject)}
          {str(e.sendAt) && (
            <span className="text-slate-600"> (sends {formatTime(str(e.sendAt))})</span>
          )}
        </>
      );
      break;
    case "follow_up_scheduled":
      body = Array.isArray(e.followUpsAt)
        ? (e.followUpsAt as string[]).map(formatTime).join(", ")
        : null;
      break;
    default: {
      const rest = Object.fromEntries(
        Object.entries(e).filter(([k]) => !["at", "type", "actor", "requestId"].includes(k)),
      );
      const reason = str(e.reason);
      body = reason ? (
        reason
      ) : Object.keys(rest).length ? (
        <code className="text-xs">{JSON.stringify(rest)}</code>
      ) : null;
    }
  }
  return (
    <div className="text-sm" data-timeline={e.type}>
      <span className="font-medium">{label}</span>
      <Who actor={e.actor} />
      {body && <div className="mt-0.5">{body}</div>}
    </div>
  );
}
