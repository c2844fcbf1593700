import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, request } from "../api/client";
import { keys } from "../api/queries";
import type { AuditEvent, Campaign } from "../api/types";
import { EmptyState, ErrorState, Loading, Notice, PageHeader } from "../components/ui";
import { collectAudit, download, joinCsvPages } from "../lib/audit-export";
import { formatCents } from "../lib/money";
import { formatTime, localDayBoundary, timeZoneName } from "../lib/time";

const PAGE = 50;
const FIELDS = ["campaignId", "creator", "negotiationId", "type", "actor", "from", "to"] as const;
type Filters = Record<(typeof FIELDS)[number], string>;

const TYPES = [
  "negotiation_started",
  "state_changed",
  "offer",
  "email_sent",
  "email_received",
  "reply_read",
  "escalated",
  "approval_requested",
  "approved",
  "rejected_draft",
  "human_action",
  "agreement",
  "campaign_created",
  "campaign_updated",
  "notification_dismissed",
  "security_event",
  "model_usage",
];

/** The filters as the API takes them: dates picked here are days in the viewer's own zone. */
export function apiFilters(f: Filters): Record<string, string | undefined> {
  return {
    campaignId: f.campaignId || undefined,
    creator: f.creator || undefined,
    negotiationId: f.negotiationId || undefined,
    type: f.type || undefined,
    actor: f.actor || undefined,
    from: f.from ? localDayBoundary(f.from, "start") : undefined,
    to: f.to ? localDayBoundary(f.to, "end") : undefined,
  };
}

export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FIELDS.map((k) => [k, params.get(k) ?? ""])) as Filters;
  const [draft, setDraft] = useState<Filters>(filters);
  // Cursors of the pages before this one, so "Previous" can go back.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const campaigns = useQuery({
    queryKey: keys.campaigns,
    queryFn: () => api.get<{ campaigns: Campaign[] }>("/api/campaigns"),
  });
  const q = useQuery({
    queryKey: keys.audit({ filters, cursor }),
    queryFn: () =>
      api.get<{ events: AuditEvent[]; nextCursor: string | null }>("/api/audit", {
        ...apiFilters(filters),
        limit: PAGE,
        cursor,
      }),
    placeholderData: keepPreviousData,
  });
  const [exporting, setExporting] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  function search(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FIELDS) if (draft[k]) next.set(k, draft[k]);
    setParams(next, { replace: true });
    setCursors([]);
  }

  async function exportAs(format: "csv" | "json") {
    setExportError(null);
    setExporting("Starting…");
    const query = { ...apiFilters(filters), limit: 1000 };
    try {
      if (format === "json") {
        const events = await collectAudit(
          (c) => api.get("/api/audit", { ...query, cursor: c }),
          (n) => setExporting(`${n} events…`),
        );
        download("parley-audit.json", "application/json", `${JSON.stringify(events, null, 2)}\n`);
      } else {
        const pages: string[] = [];
        let c: string | undefined;
        do {
          const res = await fetchCsvPage({ ...query, cursor: c });
          pages.push(res.text);
          c = res.next ?? undefined;
          setExporting(`${pages.length} page(s)…`);
        } while (c);
        download("parley-audit.csv", "text/csv", joinCsvPages(pages));
      }
    } catch (e) {
      setExportError(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(null);
    }
  }

  const campaignName = new Map(campaigns.data?.campaigns.map((c) => [c.id, c.name]));
  return (
    <>
      <PageHeader title="Audit trail">
        Every email, offer, state change and human action. Dates are days in your time zone (
        {timeZoneName()}).
      </PageHeader>
      <form
        onSubmit={search}
        className="card mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
        aria-label="Audit filters"
      >
        <label className="text-sm">
          <span className="label">Campaign</span>
          <select
            className="input mt-1"
            value={draft.campaignId}
            onChange={(e) => setDraft({ ...draft, campaignId: e.target.value })}
          >
            <option value="">All campaigns</option>
            {campaigns.data?.campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <TextFilter
          label="Creator (name or email)"
          value={draft.creator}
          onChange={(v) => setDraft({ ...draft, creator: v })}
        />
        <TextFilter
          label="Negotiation id"
          value={draft.negotiationId}
          onChange={(v) => setDraft({ ...draft, negotiationId: v })}
        />
        <label className="text-sm">
          <span className="label">Type</span>
          <input
            className="input mt-1"
            list="audit-types"
            value={draft.type}
            onChange={(e) => setDraft({ ...draft, type: e.target.value })}
          />
          <datalist id="audit-types">
            {TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </label>
        <TextFilter
          label="Actor (e.g. user:ana@brand.example)"
          value={draft.actor}
          onChange={(v) => setDraft({ ...draft, actor: v })}
        />
        <label className="text-sm">
          <span className="label">From</span>
          <input
            type="date"
            className="input mt-1"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label className="text-sm">
          <span className="label">To</span>
          <input
            type="date"
            className="input mt-1"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </label>
        <div className="flex items-end gap-2">
          <button type="submit" className="btn btn-primary">
            Search
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setDraft(Object.fromEntries(FIELDS.map((k) => [k, ""])) as Filters);
              setParams(new URLSearchParams(), { replace: true });
              setCursors([]);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <span className="text-sm text-slate-600">Export exactly these results:</span>
        <button
          type="button"
          className="btn"
          disabled={!!exporting}
          onClick={() => exportAs("csv")}
        >
          Export CSV
        </button>
        <button
          type="button"
          className="btn"
          disabled={!!exporting}
          onClick={() => exportAs("json")}
        >
          Export JSON
        </button>
        {exporting && (
          <span role="status" className="text-sm text-slate-600">
            Exporting: {exporting}
          </span>
        )}
      </div>
      {exportError && <Notice tone="error">{exportError}</Notice>}
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorState
          title="The audit trail could not be searched"
          error={q.error}
          onRetry={() => q.refetch()}
        />
      ) : q.data.events.length === 0 ? (
        <EmptyState title="No events match">Widen the dates or clear a filter.</EmptyState>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="table" aria-label="Audit events" aria-busy={q.isFetching}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Type</th>
                <th scope="col">Actor</th>
                <th scope="col">Creator</th>
                <th scope="col">Campaign</th>
                <th scope="col">State</th>
                <th scope="col">Amount</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {q.data.events.map((e) => (
                <tr key={e.id}>
                  <td className="whitespace-nowrap">
                    <time dateTime={e.at}>{formatTime(e.at)}</time>
                  </td>
                  <td>{e.type}</td>
                  <td className="break-all">{e.actor}</td>
                  <td>
                    {e.negotiationId ? (
                      <Link
                        className="text-indigo-800 hover:underline"
                        to={`/negotiations/${e.negotiationId}`}
                      >
                        {e.creatorName ?? e.creatorEmail ?? "negotiation"}
                      </Link>
                    ) : (
                      (e.creatorName ?? "–")
                    )}
                  </td>
                  <td>
                    {e.campaignId
                      ? (campaignName.get(e.campaignId) ?? e.campaignId.slice(0, 8))
                      : "–"}
                  </td>
                  <td className="whitespace-nowrap">
                    {e.stateFrom || e.stateTo ? `${e.stateFrom ?? "–"} → ${e.stateTo ?? "–"}` : ""}
                  </td>
                  <td className="whitespace-nowrap">
                    {e.amountCents === null ? "" : formatCents(e.amountCents)}
                  </td>
                  <td className="max-w-xs">
                    <details>
                      <summary className="cursor-pointer text-xs text-slate-600">data</summary>
                      <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all text-xs">
                        {JSON.stringify(e.data, null, 2)}
                      </pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {q.data && (
        <nav aria-label="Pages" className="mt-3 flex gap-2">
          <button
            type="button"
            className="btn"
            disabled={cursors.length === 0}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            Newer
          </button>
          <button
            type="button"
            className="btn"
            disabled={!q.data.nextCursor}
            onClick={() => q.data.nextCursor && setCursors([...cursors, q.data.nextCursor])}
          >
            Older
          </button>
        </nav>
      )}
    </>
  );
}

function TextFilter({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <label className="text-sm">
      <span className="label">{label}</span>
      <input className="input mt-1" value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

/** One CSV page of the export and the cursor of the next (the `X-Next-Cursor` header). */
async function fetchCsvPage(query: Record<string, string | number | undefined>) {
  let next: string | null = null;
  const text = await request<string>("GET", "/api/audit", {
    query: { ...query, format: "csv" },
    text: true,
    onHeaders: (h) => {
      next = h.get("x-next-cursor");
    },
  });
  return { text, next: next as string | null };
}
