import { useQuery } from "@tanstack/react-query";
import { keys } from "../api/queries";
import type { Readiness } from "../api/types";
import { useSession } from "../auth/session";
import { ApiTokens } from "../components/api-tokens";
import { FailedJobs } from "../components/failed-jobs";
import { GlobalPauseCard } from "../components/global-pause";
import { MailboxPool } from "../components/mailbox-pool";
import { ErrorState, Loading, PageHeader } from "../components/ui";

/**
 * Everyone reads how Parley is running; the controls follow the role (pause and mailboxes: admin,
 * replay: operator, tokens: admin only, to read too).
 */
export function OperationsPage() {
  const { can } = useSession();
  return (
    <>
      <PageHeader title="Operations">
        The global pause, readiness, the sending mailboxes, failed jobs
        {can("admin") ? " and API tokens" : ""}.
      </PageHeader>
      <div className="grid gap-4 lg:grid-cols-2">
        <GlobalPauseCard />
        <ReadinessCard />
        <div className="lg:col-span-2">
          <MailboxPool />
        </div>
        <div className="lg:col-span-2">
          <FailedJobs />
        </div>
        {can("admin") && (
          <div className="lg:col-span-2">
            <ApiTokens />
          </div>
        )}
      </div>
    </>
  );
}

function ReadinessCard() {
  const q = useQuery({
    queryKey: keys.ready,
    // /ready answers 503 with the same body when something is down: read it either way.
    queryFn: async () => {
      const response = await fetch("/ready");
      const body = (await response.json().catch(() => null)) as Readiness | null;
      if (!body?.checks) throw new Error(`/ready answered ${response.status}; try again shortly.`);
      return body;
    },
    refetchInterval: 30_000,
  });
  return (
    <section className="card" aria-labelledby="ready-h">
      <h2 id="ready-h" className="font-semibold">
        Readiness
      </h2>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorState
          title="Readiness could not be read"
          error={q.error}
          onRetry={() => void q.refetch()}
        />
      ) : (
        <>
          <p
            className={`mt-1 text-sm font-medium ${q.data.status === "ready" ? "text-emerald-700" : "text-red-700"}`}
          >
            {q.data.status === "ready" ? "Ready" : "Not ready"}
          </p>
          <ul className="mt-2 space-y-1 text-sm">
            {Object.entries(q.data.checks)
              // The pause has its own card, with its time in the viewer's zone.
              .filter(([name]) => name !== "globalPause")
              .map(([name, check]) => (
                <li key={name}>
                  <span aria-hidden="true">{check.ok ? "✓" : "✗"}</span> <strong>{name}</strong>
                  <span className="sr-only">{check.ok ? " ok" : " failing"}</span>
                  {check.detail && (
                    <span className="text-slate-600">
                      {" "}
                      — {Array.isArray(check.detail) ? check.detail.join("; ") : check.detail}
                    </span>
                  )}
                </li>
              ))}
          </ul>
          {q.data.warnings.map((w) => (
            <p key={w} className="mt-2 text-sm text-amber-800">
              {w}
            </p>
          ))}
        </>
      )}
    </section>
  );
}
