import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../api/client";
import { keys } from "../api/queries";
import type { Campaign } from "../api/types";
import { Allowed } from "../auth/session";
import { BandBar } from "../components/band-bar";
import { EmptyState, ErrorState, Loading, PageHeader } from "../components/ui";
import { formatCents, formatPercent } from "../lib/money";

export function CampaignsPage() {
  const q = useQuery({
    queryKey: keys.campaigns,
    queryFn: () => api.get<{ campaigns: Campaign[] }>("/api/campaigns"),
  });
  return (
    <>
      <PageHeader
        title="Campaigns"
        actions={
          <Allowed need="operator">
            <Link to="/campaigns/new" className="btn btn-primary">
              New campaign
            </Link>
          </Allowed>
        }
      >
        Every campaign with how its negotiations are going.
      </PageHeader>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorState
          title="Campaigns could not be loaded"
          error={q.error}
          onRetry={() => q.refetch()}
        />
      ) : q.data.campaigns.length === 0 ? (
        <EmptyState title="No campaigns yet">
          Create one with <strong>New campaign</strong> (operators), then import the creators who
          answered your outreach.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label="Campaigns">
          {q.data.campaigns.map((c) => (
            <li key={c.id}>
              <CampaignCard campaign={c} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function CampaignCard({ campaign: c }: { campaign: Campaign }) {
  const s = c.stats;
  const band = s.band;
  const budgetShare = c.budgetCents ? Math.min(1, s.budgetUsedCents / c.budgetCents) : null;
  return (
    <article className="card h-full">
      <div className="flex items-start justify-between gap-2">
        <h2 className="font-semibold">
          <Link to={`/campaigns/${c.id}`} className="text-indigo-800 hover:underline">
            {c.name}
          </Link>
        </h2>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
          {c.autonomy}
        </span>
      </div>
      <dl className="mt-3 grid grid-cols-3 gap-3 text-sm sm:grid-cols-4">
        <Metric label="Negotiations" value={s.negotiations} />
        <Metric label="Active" value={s.active ?? "–"} />
        <Metric label="Agreed" value={s.agreed} />
        <Metric label="Escalated" value={s.escalated ?? s.byState.escalated ?? 0} />
        <Metric label="Deal rate" value={formatPercent(s.dealRate)} />
        <Metric label="Median rounds" value={s.medianRounds ?? "–"} />
        <Metric label="Avg agreed CPM" value={formatCents(s.avgAgreedCpmCents)} />
        <Metric
          label="Budget used"
          value={formatCents(s.budgetUsedCents, true)}
          hint={c.budgetCents ? `of ${formatCents(c.budgetCents, true)}` : "no budget set"}
        />
      </dl>
      {budgetShare !== null && (
        <div className="mt-3">
          <div
            role="progressbar"
            aria-label="Budget used"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(budgetShare * 100)}
            className="h-2 w-full rounded bg-slate-100"
          >
            <div className="h-2 rounded bg-indigo-600" style={{ width: `${budgetShare * 100}%` }} />
          </div>
        </div>
      )}
      {band && (
        <div className="mt-3">
          <BandBar
            floorCpmCents={band.floorCpmCents}
            ceilingCpmCents={band.ceilingCpmCents}
            marks={
              s.avgAgreedCpmCents === null
                ? []
                : [{ label: "Avg agreed", cpmCents: s.avgAgreedCpmCents, tone: "avg" }]
            }
          />
        </div>
      )}
    </article>
  );
}

function Metric({ label, value, hint }: { label: string; value: React.ReactNode; hint?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="font-semibold">{value}</dd>
      {hint && <dd className="text-xs text-slate-500">{hint}</dd>}
    </div>
  );
}
