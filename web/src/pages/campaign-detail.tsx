import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { api } from "../api/client";
import { keys } from "../api/queries";
import type { Campaign, CampaignMetrics, CampaignSending, NegotiationPage } from "../api/types";
import { Allowed, useSession } from "../auth/session";
import { CpmChart } from "../components/cpm-chart";
import {
  EmptyState,
  ErrorState,
  Loading,
  Notice,
  PageHeader,
  Stat,
  StateBadge,
} from "../components/ui";
import { inPool } from "../lib/bulk";
import { formatCents, formatPercent } from "../lib/money";
import { STATES, stateLabel } from "../lib/states";
import { formatTime, fromNow } from "../lib/time";

const PAGE_SIZE = 50;

const COLUMNS = [
  { key: "name", label: "Creator" },
  { key: "state", label: "State" },
  { key: "lastOffer", label: "Last offer" },
  { key: "cpm", label: "CPM" },
  { key: "theirAsk", label: "Their ask" },
  { key: "round", label: "Round" },
  { key: null, label: "Counterparty" },
  { key: "nextTimer", label: "Next timer" },
  { key: "updatedAt", label: "Updated" },
] as const;

export function CampaignDetailPage() {
  const { id = "" } = useParams();
  const { can } = useSession();
  const campaign = useQuery({
    queryKey: keys.campaign(id),
    queryFn: () => api.get<Campaign>(`/api/campaigns/${id}`, { negotiationsLimit: 0 }),
  });
  const metrics = useQuery({
    queryKey: keys.metrics(id),
    queryFn: () => api.get<CampaignMetrics>(`/api/campaigns/${id}/metrics`),
  });
  if (campaign.isPending) return <Loading />;
  if (campaign.error)
    return (
      <ErrorState
        title="The campaign could not be loaded"
        error={campaign.error}
        onRetry={() => campaign.refetch()}
      />
    );
  const c = campaign.data;
  const s = metrics.data?.stats ?? c.stats;
  return (
    <>
      <PageHeader
        title={c.name}
        actions={
          <>
            <Allowed need="operator">
              <Link to={`/campaigns/${id}/import`} className="btn btn-primary">
                Import creators
              </Link>
            </Allowed>
            <Link to={`/campaigns/${id}/edit`} className="btn">
              {can("operator") ? "Edit" : "Terms"}
            </Link>
          </>
        }
      >
        {c.autonomy} · target {formatCents(c.cpmTargetCents)} CPM
        {s.band ? ` · ceiling ${formatCents(s.band.ceilingCpmCents)}` : ""} · budget{" "}
        {c.budgetCents === null ? "none" : formatCents(c.budgetCents, true)}
      </PageHeader>
      <section className="card mb-4" aria-label="Metrics">
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4 lg:grid-cols-8">
          <Stat label="Negotiations" value={s.negotiations} />
          <Stat label="Active" value={s.active ?? "–"} />
          <Stat label="Agreed" value={s.agreed} />
          <Stat label="Escalated" value={s.escalated ?? 0} />
          <Stat label="Awaiting approval" value={s.awaitingApproval ?? 0} />
          <Stat label="Deal rate" value={formatPercent(s.dealRate)} />
          <Stat label="Median rounds" value={s.medianRounds ?? "–"} />
          <Stat
            label="Budget used"
            value={formatCents(s.budgetUsedCents, true)}
            hint={c.budgetCents ? `of ${formatCents(c.budgetCents, true)}` : undefined}
          />
        </dl>
        {metrics.data?.sending && <SendingCapacity sending={metrics.data.sending} />}
        {metrics.data && s.band && metrics.data.deals.length > 0 && (
          <div className="mt-4">
            <h2 className="mb-1 text-sm font-semibold">Agreed CPM against the band</h2>
            <CpmChart deals={metrics.data.deals} band={s.band} />
          </div>
        )}
      </section>
      <NegotiationTable campaignId={id} metrics={metrics.data} />
    </>
  );
}

function NegotiationTable({
  campaignId,
  metrics,
}: {
  campaignId: string;
  metrics?: CampaignMetrics;
}) {
  const [params, setParams] = useSearchParams();
  const { can } = useSession();
  const client = useQueryClient();
  const query = {
    state: params.get("state") ?? "",
    counterparty: params.get("counterparty") ?? "",
    agency: params.get("agency") ?? "",
    q: params.get("q") ?? "",
    sort: params.get("sort") ?? "updatedAt",
    order: params.get("order") ?? "desc",
    offset: Number(params.get("offset") ?? 0) || 0,
  };
  const update = (changes: Record<string, string | number | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "" || v === 0) next.delete(k);
      else next.set(k, String(v));
    }
    if (!("offset" in changes)) next.delete("offset");
    setParams(next, { replace: true });
    setSelected(new Set());
  };
  const list = useQuery({
    queryKey: keys.negotiations(campaignId, query),
    queryFn: () =>
      api.get<NegotiationPage>(`/api/campaigns/${campaignId}/negotiations`, {
        ...query,
        limit: PAGE_SIZE,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [outcome, setOutcome] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [search, setSearch] = useState(query.q);

  const bulk = useMutation({
    mutationFn: async (command: "pause" | "resume" | "stop") => {
      const rows = list.data?.negotiations.filter((n) => selected.has(n.id)) ?? [];
      const results = await inPool(rows, 4, (n) =>
        api.post(`/api/negotiations/${n.id}/${command}`),
      );
      return { command, results };
    },
    onSuccess: ({ command, results }) => {
      const refused = results.filter((r) => !r.ok);
      const done = results.length - refused.length;
      setOutcome({
        tone: refused.length ? "error" : "ok",
        text:
          `${command}: ${done} done` +
          (refused.length
            ? `; ${refused.length} refused (${refused
                .slice(0, 5)
                .map((r) => `${r.item.creatorName}: ${r.ok ? "" : (r.error as Error).message}`)
                .join("; ")})`
            : ""),
      });
      setSelected(new Set());
      void client.invalidateQueries({ queryKey: ["campaign", campaignId] });
    },
  });

  const rows = list.data?.negotiations ?? [];
  const total = list.data?.total ?? 0;
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const sortBy = (key: string) =>
    update({ sort: key, order: query.sort === key && query.order === "desc" ? "asc" : "desc" });

  return (
    <section aria-label="Negotiations" className="card">
      <form
        className="mb-3 grid gap-2 sm:grid-cols-2 lg:grid-cols-5"
        onSubmit={(e) => {
          e.preventDefault();
          update({ q: search });
        }}
      >
        <label className="text-sm">
          <span className="label">Search</span>
          <input
            className="input mt-1"
            type="search"
            placeholder="Name or email"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onBlur={() => search !== query.q && update({ q: search })}
          />
        </label>
        <label className="text-sm">
          <span className="label">State</span>
          <select
            className="input mt-1"
            value={query.state}
            onChange={(e) => update({ state: e.target.value })}
          >
            <option value="">All states</option>
            <option value="escalated,awaiting_approval,unresponsive">Needs a person</option>
            <option value="opening,awaiting_reply,awaiting_approval,escalated,human,paused,unresponsive">
              Active
            </option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {stateLabel(s)}
                {metrics?.stats.byState[s] !== undefined ? ` (${metrics.stats.byState[s]})` : ""}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="label">Counterparty</span>
          <select
            className="input mt-1"
            value={query.counterparty}
            onChange={(e) => update({ counterparty: e.target.value })}
          >
            <option value="">Anyone</option>
            <option value="creator">Creator</option>
            <option value="manager">Manager</option>
            <option value="agency">Agency</option>
          </select>
        </label>
        <label className="text-sm">
          <span className="label">Agency</span>
          <select
            className="input mt-1"
            value={query.agency}
            onChange={(e) => update({ agency: e.target.value })}
          >
            <option value="">Any agency</option>
            {metrics?.agencies.map((a) => (
              <option key={a.agency} value={a.agency}>
                {a.agency} ({a.open} open)
              </option>
            ))}
          </select>
        </label>
        <div className="flex items-end">
          <button type="submit" className="btn w-full">
            Apply
          </button>
        </div>
      </form>

      {can("operator") && (
        <fieldset className="mb-3 flex flex-wrap items-center gap-2">
          <legend className="sr-only">Bulk actions</legend>
          <span className="text-sm text-slate-600">{selected.size} selected</span>
          {(["pause", "resume", "stop"] as const).map((command) => (
            <button
              key={command}
              type="button"
              className={command === "stop" ? "btn btn-danger" : "btn"}
              disabled={selected.size === 0 || bulk.isPending}
              onClick={() => bulk.mutate(command)}
            >
              {{ pause: "Pause", resume: "Resume", stop: "Stop" }[command]} selected
            </button>
          ))}
          <StopAgency
            campaignId={campaignId}
            agencies={metrics?.agencies ?? []}
            onDone={setOutcome}
          />
        </fieldset>
      )}
      {outcome && (
        <div className="mb-3">
          <Notice tone={outcome.tone}>{outcome.text}</Notice>
        </div>
      )}

      {list.error ? (
        <ErrorState
          title="Negotiations could not be loaded"
          error={list.error}
          onRetry={() => list.refetch()}
        />
      ) : list.isPending ? (
        <Loading />
      ) : rows.length === 0 ? (
        <EmptyState
          title={
            total === 0 && !params.toString()
              ? "No creators in this campaign yet"
              : "Nothing matches these filters"
          }
        >
          {total === 0 && !params.toString()
            ? "Import the creators who answered your outreach to start negotiating."
            : "Clear a filter to see more."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="table" aria-busy={list.isFetching}>
            <thead>
              <tr>
                {can("operator") && (
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="Select all on this page"
                      checked={allSelected}
                      onChange={(e) =>
                        setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())
                      }
                    />
                  </th>
                )}
                {COLUMNS.map((col) => (
                  <th
                    key={col.label}
                    scope="col"
                    aria-sort={
                      col.key && query.sort === col.key
                        ? query.order === "asc"
                          ? "ascending"
                          : "descending"
                        : undefined
                    }
                  >
                    {col.key ? (
                      <button
                        type="button"
                        className="uppercase hover:text-slate-900"
                        onClick={() => sortBy(col.key)}
                      >
                        {col.label}
                        {query.sort === col.key ? (query.order === "asc" ? " ▲" : " ▼") : ""}
                      </button>
                    ) : (
                      col.label
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((n) => (
                <tr key={n.id}>
                  {can("operator") && (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select ${n.creatorName}`}
                        checked={selected.has(n.id)}
                        onChange={(e) => {
                          const next = new Set(selected);
                          if (e.target.checked) next.add(n.id);
                          else next.delete(n.id);
                          setSelected(next);
                        }}
                      />
                    </td>
                  )}
                  <td>
                    <Link
                      to={`/negotiations/${n.id}`}
                      className="font-medium text-indigo-800 hover:underline"
                    >
                      {n.creatorName}
                    </Link>
                    <div className="text-xs text-slate-500">
                      {n.creatorEmail} · {n.platform}
                    </div>
                  </td>
                  <td>
                    <StateBadge state={n.state} />
                  </td>
                  <td className="whitespace-nowrap">
                    {(n.agreedCents ?? n.lastOfferCents) !== null ? (
                      formatCents(n.agreedCents ?? n.lastOfferCents)
                    ) : n.pendingApproval?.amountCents ? (
                      <span title="In the draft waiting for approval">
                        {formatCents(n.pendingApproval.amountCents)}{" "}
                        <span className="text-xs text-amber-800">draft</span>
                      </span>
                    ) : (
                      "–"
                    )}
                  </td>
                  <td className="whitespace-nowrap">
                    {formatCents(n.agreedCpmCents ?? n.lastOfferCpmCents)}
                  </td>
                  <td className="whitespace-nowrap">{formatCents(n.theirAskCents)}</td>
                  <td>{n.round}</td>
                  <td>
                    {n.counterpartyType}
                    {n.agency && <div className="text-xs text-slate-500">{n.agency}</div>}
                  </td>
                  <td className="whitespace-nowrap" title={formatTime(n.nextTimerAt)}>
                    {n.nextTimerAt ? fromNow(n.nextTimerAt) : "–"}
                  </td>
                  <td className="whitespace-nowrap" title={formatTime(n.updatedAt)}>
                    {fromNow(n.updatedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > 0 && (
        <nav
          aria-label="Pages"
          className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm"
        >
          <span>
            {query.offset + 1}–{Math.min(total, query.offset + PAGE_SIZE)} of {total}
          </span>
          <div className="flex gap-2">
            <button
              type="button"
              className="btn"
              disabled={query.offset === 0}
              onClick={() => update({ offset: Math.max(0, query.offset - PAGE_SIZE) })}
            >
              Previous
            </button>
            <button
              type="button"
              className="btn"
              disabled={query.offset + PAGE_SIZE >= total}
              onClick={() => update({ offset: query.offset + PAGE_SIZE })}
            >
              Next
            </button>
          </div>
        </nav>
      )}
    </section>
  );
}

function StopAgency({
  campaignId,
  agencies,
  onDone,
}: {
  campaignId: string;
  agencies: CampaignMetrics["agencies"];
  onDone: (o: { tone: "ok" | "error"; text: string }) => void;
}) {
  const client = useQueryClient();
  const [domain, setDomain] = useState("");
  const [confirming, setConfirming] = useState(false);
  const stop = useMutation({
    mutationFn: () =>
      api.post<{ stopped: string[]; alreadyClosed: string[] }>(
        `/api/campaigns/${campaignId}/stop-agency`,
        { domain },
      ),
    onSuccess: (r) => {
      onDone({
        tone: "ok",
        text: `Stopped ${r.stopped.length} negotiation(s) with ${domain}; ${r.alreadyClosed.length} were already closed.`,
      });
      setConfirming(false);
      void client.invalidateQueries({ queryKey: ["campaign", campaignId] });
    },
    onError: (e) => onDone({ tone: "error", text: e instanceof Error ? e.message : String(e) }),
  });
  const open = agencies.find((a) => a.agency === domain)?.open;
  return (
    <div className="ml-auto flex flex-wrap items-center gap-2">
      <label className="text-sm">
        <span className="sr-only">Agency domain</span>
        <input
          className="input w-48"
          list="agency-domains"
          placeholder="agency domain"
          value={domain}
          onChange={(e) => {
            setDomain(e.target.value.trim());
            setConfirming(false);
          }}
        />
        <datalist id="agency-domains">
          {agencies.map((a) => (
            <option key={a.agency} value={a.agency} />
          ))}
        </datalist>
      </label>
      {confirming ? (
        <>
          <button
            type="button"
            className="btn btn-danger"
            disabled={stop.isPending}
            onClick={() => stop.mutate()}
          >
            Confirm: stop {open === undefined ? "every open negotiation" : `${open} open`} with{" "}
            {domain}
          </button>
          <button type="button" className="btn" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button
          type="button"
          className="btn btn-danger"
          disabled={!domain}
          onClick={() => setConfirming(true)}
        >
          Stop all for agency
        </button>
      )}
    </div>
  );
}

/** The campaign's sending mailboxes, what they send a day and what its negotiations need. */
function SendingCapacity({ sending }: { sending: CampaignSending }) {
  const count = sending.mailboxes.length;
  return (
    <div className="mt-4 text-sm">
      <p className="text-slate-600">
        Sends from {count === 1 ? "1 mailbox" : `${count} mailboxes`} (
        {sending.mailboxes.map((m) => m.address).join(", ")}): at most{" "}
        {sending.emailsPerDay.toLocaleString()} emails a day; its active negotiations need about{" "}
        {sending.neededPerDay.toLocaleString()} a sending day.
      </p>
      {sending.overCapacity && (
        <div className="mt-2">
          <Notice tone="error">
            More than the mailboxes can send: emails wait for the next days. Add mailboxes to the
            campaign.
          </Notice>
        </div>
      )}
    </div>
  );
}
