import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError, api } from "../api/client";
import { keys } from "../api/queries";
import type { Negotiation, NotificationRow, TimelineEvent } from "../api/types";
import { useSession } from "../auth/session";
import { AnswerBox } from "../components/answer-box";
import { BandBar, type BandMark } from "../components/band-bar";
import { Timeline } from "../components/timeline";
import { ErrorState, Loading, Notice, PageHeader, StateBadge } from "../components/ui";
import { formatCents } from "../lib/money";
import { COMMAND_LABELS, type Command, commandsFor, stateLabel } from "../lib/states";
import { formatTime, fromNow } from "../lib/time";

export function NegotiationPage() {
  const { id = "" } = useParams();
  const n = useQuery({
    queryKey: keys.negotiation(id),
    queryFn: () => api.get<Negotiation>(`/api/negotiations/${id}`),
    refetchInterval: 5_000,
  });
  const timeline = useQuery({
    queryKey: keys.timeline(id),
    queryFn: () => api.get<{ events: TimelineEvent[] }>(`/api/negotiations/${id}/timeline`),
    refetchInterval: 5_000,
  });
  if (n.isPending) return <Loading />;
  if (n.error)
    return (
      <ErrorState
        title="The negotiation could not be loaded"
        error={n.error}
        onRetry={() => n.refetch()}
      />
    );
  const neg = n.data;
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {neg.creator.name} <StateBadge state={neg.state} />
          </span>
        }
      >
        {neg.creator.platform}
        {neg.creator.handle && ` @${neg.creator.handle.replace(/^@/, "")}`} ·{" "}
        {neg.creator.averageViews.toLocaleString()} average views · {neg.creator.email} ·{" "}
        <Link to={`/campaigns/${neg.campaignId}`} className="text-indigo-800 hover:underline">
          campaign
        </Link>
      </PageHeader>
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-1">
          <Summary n={neg} />
          <Controls n={neg} />
        </div>
        <div className="space-y-4 lg:col-span-2">
          {neg.pendingApproval && <PendingDraft n={neg} />}
          <OpenQuestion negotiationId={neg.id} />
          <section className="card" aria-labelledby="timeline-h">
            <h2 id="timeline-h" className="mb-3 font-semibold">
              Timeline
            </h2>
            {timeline.error ? (
              <ErrorState title="The timeline could not be loaded" error={timeline.error} />
            ) : timeline.isPending ? (
              <Loading />
            ) : (
              <Timeline events={timeline.data.events} />
            )}
          </section>
        </div>
      </div>
    </>
  );
}

function Summary({ n }: { n: Negotiation }) {
  const band = n.lastOffer?.rationale.band;
  const marks: BandMark[] = [];
  if (n.lastOffer)
    marks.push({
      label: n.agreedCents !== null ? "Agreed" : "Our offer",
      cpmCents: n.lastOffer.cpmCents,
      tone: "offer",
    });
  const askCpm = n.lastOffer?.rationale.theirImpliedCpmCents;
  if (n.theirAsk && askCpm) marks.push({ label: "Their ask", cpmCents: askCpm, tone: "ask" });
  return (
    <section className="card space-y-3" aria-label="Offer">
      <dl className="grid grid-cols-2 gap-3 text-sm">
        <div>
          <dt className="text-xs text-slate-500">
            {n.agreedCents !== null ? "Agreed" : "Last offer"}
          </dt>
          <dd className="text-lg font-semibold">
            {formatCents(n.agreedCents ?? n.lastOffer?.amountCents)}
          </dd>
          {n.lastOffer && (
            <dd className="text-xs text-slate-500">{formatCents(n.lastOffer.cpmCents)} CPM</dd>
          )}
        </div>
        <div>
          <dt className="text-xs text-slate-500">Their ask</dt>
          <dd className="text-lg font-semibold">{formatCents(n.theirAsk?.amountCents)}</dd>
          {askCpm ? <dd className="text-xs text-slate-500">{formatCents(askCpm)} CPM</dd> : null}
        </div>
        <div>
          <dt className="text-xs text-slate-500">Round</dt>
          <dd>{n.round}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Counterparty</dt>
          <dd>
            {n.counterparty.type}
            {n.counterparty.agency && ` · ${n.counterparty.agency}`}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Next timer</dt>
          <dd title={formatTime(n.nextTimerAt)}>
            {n.nextTimerAt ? fromNow(n.nextTimerAt) : "none"}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Emails sent</dt>
          <dd>{n.emailsSent}</dd>
        </div>
      </dl>
      {band && (
        <BandBar
          floorCpmCents={band.floorCpmCents}
          ceilingCpmCents={band.ceilingCpmCents}
          marks={marks}
        />
      )}
      {n.lastOffer && (
        <p className="text-sm text-slate-700">
          <span className="font-medium">{n.lastOffer.deliverables}</span>
          {n.lastOffer.usageRights && `, ${n.lastOffer.usageRights.days} days of usage rights`}
          {n.lastOffer.product && `, plus ${n.lastOffer.product.description}`}
          <br />
          <span className="text-slate-600">Why: {n.lastOffer.rationale.reason}</span>
        </p>
      )}
      {n.contacts.length > 0 && (
        <p className="text-xs text-slate-600">Contacts: {n.contacts.join(", ")}</p>
      )}
      {n.escalation && n.state === "escalated" && (
        <Notice tone="error">
          Escalated: {n.escalation.reason.replace(/_/g, " ")}
          {n.escalation.evidence.length > 0 && (
            <ul className="mt-1 list-disc pl-5">
              {n.escalation.evidence.map((x) => (
                <li key={x}>{x}</li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      {n.state === "paused" && n.previousState && (
        <p className="text-sm">Paused while {stateLabel(n.previousState).toLowerCase()}.</p>
      )}
    </section>
  );
}

function useCommand(n: Negotiation) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ command, body }: { command: string; body?: unknown }) =>
      api.post<Negotiation>(`/api/negotiations/${n.id}/${command}`, body),
    onSuccess: (next) => {
      client.setQueryData(keys.negotiation(n.id), next);
      void client.invalidateQueries({ queryKey: keys.timeline(n.id) });
      void client.invalidateQueries({ queryKey: ["notifications"] });
      void client.invalidateQueries({ queryKey: ["campaign", n.campaignId] });
    },
  });
}

function Controls({ n }: { n: Negotiation }) {
  const { can } = useSession();
  const command = useCommand(n);
  if (!can("operator"))
    return <Notice>You can follow this negotiation; acting on it needs the operator role.</Notice>;
  const commands = commandsFor(n.state);
  if (commands.length === 0)
    return (
      <p className="text-sm text-slate-600">This negotiation has ended; nothing more to do.</p>
    );
  return (
    <section className="card" aria-labelledby="controls-h">
      <h2 id="controls-h" className="mb-2 font-semibold">
        Controls
      </h2>
      <div className="flex flex-wrap gap-2">
        {commands.map((c: Command) => (
          <button
            key={c}
            type="button"
            className={c === "stop" ? "btn btn-danger" : "btn"}
            disabled={command.isPending}
            onClick={() => {
              if (
                c === "stop" &&
                !window.confirm(`Stop the negotiation with ${n.creator.name} for good?`)
              )
                return;
              command.mutate({ command: c });
            }}
          >
            {COMMAND_LABELS[c]}
          </button>
        ))}
      </div>
      {command.error && (
        <div className="mt-2">
          <Notice tone="error">{command.error.message}</Notice>
        </div>
      )}
    </section>
  );
}

function PendingDraft({ n }: { n: Negotiation }) {
  const { can } = useSession();
  const draft = n.pendingApproval;
  const [text, setText] = useState(draft?.text ?? "");
  const [reason, setReason] = useState("");
  const [rejecting, setRejecting] = useState(false);
  const command = useCommand(n);
  // A new draft (after a reply) replaces what was being edited.
  const requestedAt = draft?.requestedAt;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the draft changes
  useEffect(() => setText(draft?.text ?? ""), [requestedAt]);
  if (!draft) return null;
  const edited = text !== draft.text;
  const refused =
    command.error instanceof ApiError && command.error.code === "validation_failed"
      ? command.error
      : null;
  return (
    <section className="card border-amber-300" aria-labelledby="draft-h">
      <h2 id="draft-h" className="font-semibold">
        Draft waiting for approval{" "}
        <span className="text-sm font-normal text-slate-600">
          ({draft.purpose.replace(/_/g, " ")})
        </span>
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Subject: <strong>{draft.subject}</strong>
        {draft.amountCents !== null && <> · states {formatCents(draft.amountCents)}</>}
        {draft.autoSendAt && <> · sends on its own {fromNow(draft.autoSendAt)} unless you act</>}
      </p>
      <label htmlFor="draft-text" className="label mt-3">
        Email text {edited && <span className="text-amber-700">(edited)</span>}
      </label>
      <textarea
        id="draft-text"
        className="input mt-1 font-sans"
        rows={12}
        value={text}
        readOnly={!can("operator")}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={refused ? true : undefined}
        aria-describedby={refused ? "draft-refused" : undefined}
      />
      {refused && (
        <div
          id="draft-refused"
          role="alert"
          className="mt-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900"
        >
          <p className="font-medium">The edit was not sent: the outgoing-email gate refused it.</p>
          <ul className="mt-1 list-disc pl-5">
            {(refused.reasons().length ? refused.reasons() : [refused.message]).map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <p className="mt-1">
            Amounts and terms must be the engine's own (as in the draft); change the wording around
            them.
          </p>
        </div>
      )}
      {command.error && !refused && (
        <div className="mt-2">
          <Notice tone="error">{command.error.message}</Notice>
        </div>
      )}
      {can("operator") && (
        <div className="mt-3 flex flex-wrap gap-2">
          <button
            type="button"
            className="btn btn-primary"
            disabled={command.isPending || !text.trim()}
            onClick={() =>
              command.mutate({ command: "approve", body: edited ? { text } : undefined })
            }
          >
            {edited ? "Send edited email" : "Approve and send"}
          </button>
          {edited && (
            <button type="button" className="btn" onClick={() => setText(draft.text)}>
              Undo edits
            </button>
          )}
          {rejecting ? (
            <form
              className="flex flex-wrap items-center gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                command.mutate({ command: "reject-draft", body: { reason } });
              }}
            >
              <label className="sr-only" htmlFor="reject-reason">
                Why reject
              </label>
              <input
                id="reject-reason"
                className="input w-64"
                placeholder="Why (required)"
                required
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              <button
                type="submit"
                className="btn btn-danger"
                disabled={!reason.trim() || command.isPending}
              >
                Reject draft
              </button>
              <button type="button" className="btn" onClick={() => setRejecting(false)}>
                Cancel
              </button>
            </form>
          ) : (
            <button type="button" className="btn btn-danger" onClick={() => setRejecting(true)}>
              Reject…
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** An open `question` for the team on this negotiation, with its answer box. */
function OpenQuestion({ negotiationId }: { negotiationId: string }) {
  const questions = useQuery({
    queryKey: keys.notifications({ negotiationId, status: "open", kind: "question" }),
    queryFn: () =>
      api.get<{ notifications: NotificationRow[] }>("/api/notifications", {
        negotiationId,
        status: "open",
        kind: "question",
        limit: 5,
      }),
  });
  const open = questions.data?.notifications[0];
  if (!open) return null;
  return <AnswerBox notification={open} />;
}
