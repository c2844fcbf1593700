import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { api } from "../api/client";
import { keys } from "../api/queries";
import type { NotificationRow } from "../api/types";
import { useSession } from "../auth/session";
import { AnswerBox } from "../components/answer-box";
import { EmptyState, ErrorState, Loading, Notice, PageHeader, ShowOlder } from "../components/ui";
import { formatCents } from "../lib/money";
import { formatTime, fromNow } from "../lib/time";

const KINDS: Record<string, string> = {
  escalation: "Escalation",
  question: "Question",
  approval_needed: "Approval",
  agreement: "Agreement",
  unresponsive: "Unresponsive",
  failure: "Failure",
  stopped: "Stopped",
  mailbox_paused: "Mailbox paused",
  unverified_sender: "Unverified sender",
};
/** Settled only by acting on the negotiation; the rest can be marked done. */
const DECISIONS = new Set(["escalation", "approval_needed", "unresponsive", "question"]);

/** Notifications per page, newest first; older pages on request. */
const PAGE = 100;

interface NotificationPage {
  notifications: NotificationRow[];
  nextBefore: string | null;
}

export function InboxPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get("status") === "resolved" ? "resolved" : "open";
  const kind = params.get("kind") ?? "";
  const q = useInfiniteQuery({
    queryKey: keys.notifications({ page: "inbox", status, kind }),
    queryFn: ({ pageParam }) =>
      api.get<NotificationPage>("/api/notifications", {
        status,
        kind,
        limit: PAGE,
        ...(pageParam ? { before: pageParam } : {}),
      }),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    refetchInterval: 10_000,
  });
  const shown = q.data?.pages.flatMap((p) => p.notifications) ?? [];
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  return (
    <>
      <PageHeader title="Inbox">
        What needs the team: escalations, questions, drafts to approve, agreements, unresponsive
        creators and failures. Acting here settles it everywhere, Slack included.
      </PageHeader>
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <div role="tablist" aria-label="Which notifications" className="flex gap-1">
          {(["open", "resolved"] as const).map((s) => (
            <button
              key={s}
              type="button"
              role="tab"
              aria-selected={status === s}
              className={`btn ${status === s ? "btn-primary" : ""}`}
              onClick={() => set("status", s === "open" ? "" : s)}
            >
              {s === "open" ? "Open" : "Resolved"}
            </button>
          ))}
        </div>
        <label className="text-sm">
          <span className="label">Kind</span>
          <select className="input mt-1" value={kind} onChange={(e) => set("kind", e.target.value)}>
            <option value="">All kinds</option>
            {Object.entries(KINDS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorState
          title="The inbox could not be loaded"
          error={q.error}
          onRetry={() => q.refetch()}
        />
      ) : shown.length === 0 ? (
        <EmptyState title={status === "open" ? "Nothing waiting for you" : "Nothing resolved yet"}>
          {status === "open"
            ? "New escalations, questions and drafts appear here as they happen."
            : "Notifications someone acted on appear here."}
        </EmptyState>
      ) : (
        <>
          <ul className="space-y-3" aria-label="Notifications">
            {shown.map((n) => (
              <li key={n.id}>
                <NotificationCard n={n} />
              </li>
            ))}
          </ul>
          <ShowOlder query={q} />
        </>
      )}
    </>
  );
}

function NotificationCard({ n }: { n: NotificationRow }) {
  const { can } = useSession();
  const client = useQueryClient();
  const act = useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) => api.post(path, body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["notifications"] });
      if (n.negotiationId)
        void client.invalidateQueries({ queryKey: keys.negotiation(n.negotiationId) });
    },
  });
  const d = n.data;
  const neg = n.negotiationId;
  const open = !n.resolvedAt;
  return (
    <article className="card" aria-labelledby={`n-${n.id}`}>
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium">
            {KINDS[n.kind] ?? n.kind}
          </span>
          <h2 id={`n-${n.id}`} className="inline font-semibold">
            {n.title}
          </h2>
        </div>
        <time dateTime={n.at} className="text-xs text-slate-500" title={formatTime(n.at)}>
          {fromNow(n.at)}
        </time>
      </header>
      <p className="mt-1 text-sm text-slate-700">{n.detail}</p>
      <p className="mt-1 text-xs text-slate-500">
        {d.creator && `${d.creator.name} (${d.creator.email}) · `}
        {d.campaignName && `${d.campaignName} · `}
        {d.round !== undefined && `round ${d.round}`}
      </p>
      {d.excerpt && (
        <blockquote className="mt-2 border-l-4 border-slate-200 pl-3 text-sm text-slate-700">
          {d.excerpt}
        </blockquote>
      )}
      {d.reason && (
        <p className="mt-2 text-sm">
          Why: <strong>{d.reason.replace(/_/g, " ")}</strong>
        </p>
      )}
      {d.evidence && d.evidence.length > 0 && (
        <ul className="mt-1 list-disc pl-5 text-sm text-slate-700" aria-label="Evidence">
          {d.evidence.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {d.rationale && <p className="mt-1 text-xs text-slate-600">Engine: {d.rationale}</p>}
      {d.deal && (
        <p className="mt-2 text-sm">
          Deal: <strong>{formatCents(d.deal.amountCents)}</strong> for {d.deal.deliverables}
          {d.deal.cpmCents !== null && ` (${formatCents(d.deal.cpmCents)} CPM`}
          {d.deal.cpmCents !== null &&
            d.deal.targetCpmCents !== null &&
            ` vs ${formatCents(d.deal.targetCpmCents)} target`}
          {d.deal.cpmCents !== null && ")"}
        </p>
      )}
      {d.failure && (
        <p className="mt-2 text-sm">
          {d.failure.kind} on {d.failure.queue} failed {d.failure.attempts} times:{" "}
          {d.failure.reason}
        </p>
      )}
      {d.draft && open && (
        <details className="mt-2">
          <summary className="cursor-pointer text-sm font-medium">Draft: {d.draft.subject}</summary>
          <pre className="mt-1 whitespace-pre-wrap rounded bg-slate-50 p-2 font-sans text-sm">
            {d.draft.body}
          </pre>
        </details>
      )}
      {n.kind === "question" && open && (
        <div className="mt-3">
          <AnswerBox notification={n} />
        </div>
      )}
      {!open && (
        <p className="mt-2 text-xs text-slate-600">
          {n.resolution ?? "Resolved"} by {n.resolvedBy ?? "system"}, {formatTime(n.resolvedAt)}
        </p>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        {neg && (
          <Link to={`/negotiations/${neg}`} className="btn">
            Open negotiation
          </Link>
        )}
        {n.kind === "failure" && (
          <Link to="/operations" className="btn">
            Failed jobs
          </Link>
        )}
        {open && can("operator") && neg && n.kind === "approval_needed" && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={act.isPending}
            onClick={() => act.mutate({ path: `/api/negotiations/${neg}/approve` })}
          >
            Approve and send
          </button>
        )}
        {open && can("operator") && neg && n.kind === "escalation" && (
          <button
            type="button"
            className="btn"
            disabled={act.isPending}
            onClick={() => act.mutate({ path: `/api/negotiations/${neg}/takeover` })}
          >
            Take over
          </button>
        )}
        {open && can("operator") && !DECISIONS.has(n.kind) && (
          <button
            type="button"
            className="btn"
            disabled={act.isPending}
            onClick={() => act.mutate({ path: `/api/notifications/${n.id}/dismiss` })}
          >
            Mark done
          </button>
        )}
      </div>
      {act.error && (
        <div className="mt-2">
          <Notice tone="error">{act.error.message}</Notice>
        </div>
      )}
    </article>
  );
}
