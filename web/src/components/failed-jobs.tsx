import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../api/client";
import { keys } from "../api/queries";
import type { BulkReplayAnswer, FailedJob } from "../api/types";
import { useSession } from "../auth/session";
import { formatTime, fromNow } from "../lib/time";
import { EmptyState, ErrorState, Loading, Notice, ShowOlder } from "./ui";

/** Failed jobs per page, newest first; older pages on request. */
const PAGE = 100;

interface FailedJobPage {
  failedJobs: FailedJob[];
  nextBefore: string | null;
  /** Every dead letter not yet replayed, on any page. */
  waiting: number;
}

/**
 * Side effects that failed every retry (dead letters). Each can be replayed once; after an outage,
 * every one not yet replayed at once. Replays are idempotent by the effect's key, so an email that
 * did go out is never sent twice.
 */
export function FailedJobs() {
  const { can } = useSession();
  const client = useQueryClient();
  const q = useInfiniteQuery({
    queryKey: keys.failedJobs,
    queryFn: ({ pageParam }) =>
      api.get<FailedJobPage>("/api/failed-jobs", {
        limit: PAGE,
        ...(pageParam ? { before: pageParam } : {}),
      }),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    refetchInterval: 60_000,
  });
  const shown = q.data?.pages.flatMap((p) => p.failedJobs) ?? [];
  const refresh = () => {
    void client.invalidateQueries({ queryKey: keys.failedJobs });
    void client.invalidateQueries({ queryKey: ["notifications"] });
  };
  const replay = useMutation({
    mutationFn: (id: string) => api.post(`/api/failed-jobs/${encodeURIComponent(id)}/replay`),
    onSuccess: refresh,
  });
  const replayAll = useMutation({
    mutationFn: () => api.post<BulkReplayAnswer>("/api/failed-jobs/replay"),
    onSuccess: refresh,
  });
  const canReplay = can("operator");
  const waiting = q.data?.pages[0]?.waiting ?? 0;
  return (
    <section className="card" aria-labelledby="jobs-h">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id="jobs-h" className="font-semibold">
          Failed jobs
        </h2>
        {canReplay && waiting > 0 && (
          <button
            type="button"
            className="btn"
            disabled={replayAll.isPending}
            onClick={() =>
              window.confirm(
                "Send every failed job not yet replayed back to its queue? Each runs once.",
              ) && replayAll.mutate()
            }
          >
            {replayAll.isPending ? "Replaying…" : "Replay all not yet replayed"}
          </button>
        )}
      </div>
      {replayAll.data && (
        <div className="mb-2">
          <Notice tone="ok">
            Replayed {replayAll.data.replayed}
            {replayAll.data.skipped > 0 && `, skipped ${replayAll.data.skipped} (already replayed)`}
            .
            {replayAll.data.more &&
              " More were waiting than one request replays: replay all again for the rest."}
          </Notice>
        </div>
      )}
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorState
          title="Failed jobs could not be loaded"
          error={q.error}
          onRetry={() => void q.refetch()}
        />
      ) : shown.length === 0 ? (
        <EmptyState title="No failed jobs">
          Side effects (emails, Slack posts, audit rows) that fail every retry land here, and the
          inbox gets a failure notification. Nothing to do now.
        </EmptyState>
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-600">
            {waiting === 0
              ? "Every failed job here was replayed."
              : `${waiting} not yet replayed. Fix the cause first (see the inbox's failure notification), then replay.`}
          </p>
          <div className="overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Failed</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Queue</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Negotiation</th>
                  <th scope="col">Replay</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((j) => (
                  <tr key={j.id}>
                    <td className="whitespace-nowrap">
                      <time dateTime={j.failedAt}>{formatTime(j.failedAt)}</time>
                    </td>
                    <td>{j.kind}</td>
                    <td>{j.queue}</td>
                    <td>{j.attempts}</td>
                    <td>
                      {j.negotiationId ? (
                        <Link
                          className="text-indigo-800 hover:underline"
                          to={`/negotiations/${j.negotiationId}`}
                        >
                          Open
                        </Link>
                      ) : (
                        "–"
                      )}
                    </td>
                    <td className="whitespace-nowrap">
                      {j.replayedAt ? (
                        <span className="text-slate-600" title={formatTime(j.replayedAt)}>
                          Replayed {fromNow(j.replayedAt)} by {j.replayedBy ?? "someone"}
                        </span>
                      ) : canReplay ? (
                        <button
                          type="button"
                          className="btn"
                          disabled={replay.isPending || replayAll.isPending}
                          aria-label={`Replay ${j.kind} failed ${formatTime(j.failedAt)}`}
                          onClick={() => replay.mutate(j.id)}
                        >
                          Replay
                        </button>
                      ) : (
                        <span className="text-slate-600">Not replayed</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ShowOlder query={q} className="mt-2" />
        </>
      )}
      {(replay.error ?? replayAll.error) && (
        <div className="mt-2">
          <Notice tone="error">{(replay.error ?? replayAll.error)?.message}</Notice>
        </div>
      )}
    </section>
  );
}
