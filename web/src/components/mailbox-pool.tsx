import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client";
import { keys } from "../api/queries";
import type { MailboxStatus } from "../api/types";
import { useSession } from "../auth/session";
import { formatPercent } from "../lib/money";
import { formatTime, fromNow } from "../lib/time";
import { EmptyState, ErrorState, Loading, Notice } from "./ui";

function SentToday({ m }: { m: MailboxStatus }) {
  const share = Math.min(100, (m.sentToday / Math.max(1, m.capToday)) * 100);
  return (
    <>
      <span>
        {m.sentToday.toLocaleString()} of {m.capToday.toLocaleString()}
      </span>
      <div
        role="progressbar"
        aria-label={`${m.address}: today's sends against the cap`}
        aria-valuemin={0}
        aria-valuemax={m.capToday}
        aria-valuenow={m.sentToday}
        className="mt-1 h-2 w-28 rounded bg-slate-100"
      >
        <div
          className={`h-2 rounded ${share >= 100 ? "bg-amber-500" : "bg-indigo-600"}`}
          style={{ width: `${share}%` }}
        />
      </div>
    </>
  );
}

/**
 * The sending pool: each mailbox's sends today against its cap, what it can send a day, its
 * bounce rate, the negotiations it was given and whether a bounce spike paused it.
 */
export function MailboxPool() {
  const { can } = useSession();
  const client = useQueryClient();
  const q = useQuery({
    queryKey: keys.mailboxes,
    queryFn: () => api.get<{ mailboxes: MailboxStatus[] }>("/api/mailboxes"),
    refetchInterval: 30_000,
  });
  const resume = useMutation({
    mutationFn: (address: string) =>
      api.post(`/api/mailboxes/${encodeURIComponent(address)}/resume`),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.mailboxes }),
  });
  const paused = q.data?.mailboxes.filter((m) => m.paused).length ?? 0;
  return (
    <section className="card" aria-labelledby="mail-h">
      <h2 id="mail-h" className="font-semibold">
        Sending mailboxes
      </h2>
      <p className="mb-2 text-sm text-slate-600">
        A new negotiation goes to the mailbox of its campaign's pool with the least load for its cap
        (paused ones skipped) and keeps it. Caps count the UTC day.
      </p>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorState
          title="The mailboxes could not be loaded"
          error={q.error}
          onRetry={() => void q.refetch()}
        />
      ) : q.data.mailboxes.length === 0 ? (
        <EmptyState title="No sending mailbox configured">
          Set <code>MAIL_FROM</code>, or <code>SENDING_MAILBOXES</code> for a pool (see
          docs/sending-capacity.md).
        </EmptyState>
      ) : (
        <>
          {paused > 0 && (
            <div className="mb-2">
              <Notice tone="error">
                {paused === 1 ? "1 mailbox is" : `${paused} mailboxes are`} paused after a bounce
                spike: its negotiations send nothing until it is resumed. Check the bounces first.
              </Notice>
            </div>
          )}
          <div className="overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Mailbox</th>
                  <th scope="col">Sent today</th>
                  <th scope="col">Emails a day</th>
                  <th scope="col">Bounce rate (7 days)</th>
                  <th scope="col">Negotiations (14 days)</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {q.data.mailboxes.map((m) => (
                  <tr key={m.address}>
                    <th scope="row">
                      {m.address}
                      {m.gmailAccount && m.gmailAccount !== m.address && (
                        <span className="block text-xs font-normal text-slate-500">
                          alias of {m.gmailAccount}
                        </span>
                      )}
                    </th>
                    <td className="whitespace-nowrap">
                      <SentToday m={m} />
                    </td>
                    <td title={`at least ${m.gapSeconds} s between sends`}>
                      {m.emailsPerDay.toLocaleString()}
                    </td>
                    <td className="whitespace-nowrap">
                      {formatPercent(m.bounceRate, 1)}{" "}
                      <span className="text-xs text-slate-500">
                        ({m.bounces7d} of {m.sends7d})
                      </span>
                    </td>
                    <td>{m.assigned.toLocaleString()}</td>
                    <td>
                      {m.paused ? (
                        <div className="space-y-1">
                          <p className="text-red-800">
                            Paused <span title={formatTime(m.pausedAt)}>{fromNow(m.pausedAt)}</span>
                            : {m.pauseReason ?? "no reason recorded"}
                          </p>
                          {can("admin") && (
                            <button
                              type="button"
                              className="btn btn-primary"
                              disabled={resume.isPending}
                              aria-label={`Resume sending from ${m.address}`}
                              onClick={() => resume.mutate(m.address)}
                            >
                              Resume
                            </button>
                          )}
                        </div>
                      ) : m.retired ? (
                        <span className="text-slate-600">Retired: finishing its threads</span>
                      ) : (
                        <span className="text-emerald-700">Sending</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {resume.error && (
        <div className="mt-2">
          <Notice tone="error">{resume.error.message}</Notice>
        </div>
      )}
    </section>
  );
}
