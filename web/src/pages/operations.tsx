import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, api, request } from "../api/client";
import type { ApiToken, FailedJob, MailboxStatus, Readiness, Role } from "../api/types";
import { useSession } from "../auth/session";
import { EmptyState, ErrorState, Loading, Notice, PageHeader } from "../components/ui";
import { formatPercent } from "../lib/money";
import { formatTime, fromNow } from "../lib/time";

export function OperationsPage() {
  const { can } = useSession();
  if (!can("admin"))
    return (
      <ErrorState
        title="Operations is for admins"
        message="Failed jobs, mailboxes and tokens need the admin role."
      />
    );
  return (
    <>
      <PageHeader title="Operations">
        Readiness, the sending mailbox, failed jobs and API tokens.
      </PageHeader>
      <div className="grid gap-4 lg:grid-cols-2">
        <ReadinessCard />
        <MailboxCard />
        <div className="lg:col-span-2">
          <FailedJobs />
        </div>
        <div className="lg:col-span-2">
          <Tokens />
        </div>
      </div>
    </>
  );
}

function ReadinessCard() {
  const q = useQuery({
    queryKey: ["ready"],
    // /ready answers 503 with the same body when something is down: read it either way.
    queryFn: async () => (await (await fetch("/ready")).json()) as Readiness,
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
        <ErrorState error={q.error} />
      ) : (
        <>
          <p
            className={`mt-1 text-sm font-medium ${q.data.status === "ready" ? "text-emerald-700" : "text-red-700"}`}
          >
            {q.data.status === "ready" ? "Ready" : "Not ready"}
          </p>
          <ul className="mt-2 space-y-1 text-sm">
            {Object.entries(q.data.checks).map(([name, check]) => (
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
          <GlobalPause />
        </>
      )}
    </section>
  );
}

/** The global hold on every send. */
function GlobalPause() {
  const client = useQueryClient();
  const toggle = useMutation({
    mutationFn: (action: "pause" | "resume") => api.post(`/api/settings/${action}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["ready"] }),
  });
  return (
    <div className="mt-3 flex flex-wrap gap-2 border-t border-slate-100 pt-3">
      <button
        type="button"
        className="btn btn-danger"
        disabled={toggle.isPending}
        onClick={() =>
          window.confirm("Hold every send, queued ones included?") && toggle.mutate("pause")
        }
      >
        Pause all sending
      </button>
      <button
        type="button"
        className="btn"
        disabled={toggle.isPending}
        onClick={() => toggle.mutate("resume")}
      >
        Resume all sending
      </button>
      {toggle.error && <Notice tone="error">{toggle.error.message}</Notice>}
    </div>
  );
}

function MailboxCard() {
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ["mailboxes"],
    queryFn: () => api.get<{ mailboxes: MailboxStatus[] }>("/api/mailboxes"),
    refetchInterval: 30_000,
  });
  const resume = useMutation({
    mutationFn: (address: string) =>
      api.post(`/api/mailboxes/${encodeURIComponent(address)}/resume`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["mailboxes"] }),
  });
  return (
    <section className="card" aria-labelledby="mail-h">
      <h2 id="mail-h" className="font-semibold">
        Sending mailboxes
      </h2>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorState error={q.error} />
      ) : (
        q.data.mailboxes.map((m) => (
          <div key={m.address} className="mt-2 text-sm">
            <p className="font-medium">{m.address}</p>
            <dl className="mt-2 grid grid-cols-2 gap-2">
              <div>
                <dt className="text-xs text-slate-500">Sent today (UTC)</dt>
                <dd>
                  {m.sentToday} of {m.capToday}
                </dd>
                <dd>
                  <div
                    role="progressbar"
                    aria-label="Today's sends against the cap"
                    aria-valuemin={0}
                    aria-valuemax={m.capToday}
                    aria-valuenow={m.sentToday}
                    className="mt-1 h-2 rounded bg-slate-100"
                  >
                    <div
                      className="h-2 rounded bg-indigo-600"
                      style={{
                        width: `${Math.min(100, (m.sentToday / Math.max(1, m.capToday)) * 100)}%`,
                      }}
                    />
                  </div>
                </dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Bounce rate (7 days)</dt>
                <dd>
                  {formatPercent(m.bounceRate, 1)} ({m.bounces7d} of {m.sends7d})
                </dd>
              </div>
              {m.assigned !== undefined && (
                <div>
                  <dt className="text-xs text-slate-500">New negotiations (14 days)</dt>
                  <dd>{m.assigned}</dd>
                </div>
              )}
            </dl>
            {m.paused ? (
              <div className="mt-2 space-y-2">
                <Notice tone="error">
                  Paused {fromNow(m.pausedAt)}: {m.pauseReason ?? "no reason recorded"}. Nothing is
                  sent until it is resumed.
                </Notice>
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={resume.isPending}
                  onClick={() => resume.mutate(m.address)}
                >
                  Resume sending
                </button>
              </div>
            ) : (
              <p className="mt-2 text-emerald-700">Sending. A bounce spike pauses it on its own.</p>
            )}
            {resume.error && <Notice tone="error">{resume.error.message}</Notice>}
          </div>
        ))
      )}
    </section>
  );
}

function FailedJobs() {
  const { can } = useSession();
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ["failed-jobs"],
    queryFn: () => api.get<{ failedJobs: FailedJob[] }>("/api/failed-jobs"),
  });
  const replay = useMutation({
    mutationFn: (id: string) => api.post(`/api/failed-jobs/${encodeURIComponent(id)}/replay`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["failed-jobs"] }),
  });
  const canReplay = can("operator");
  return (
    <section className="card" aria-labelledby="jobs-h">
      <h2 id="jobs-h" className="mb-2 font-semibold">
        Failed jobs
      </h2>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorState error={q.error} />
      ) : q.data.failedJobs.length === 0 ? (
        <EmptyState title="No failed jobs">
          Side effects that fail five times land here, with a notification.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Failed</th>
                <th scope="col">Kind</th>
                <th scope="col">Queue</th>
                <th scope="col">Attempts</th>
                <th scope="col">Negotiation</th>
                {canReplay && (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {q.data.failedJobs.map((j) => (
                <tr key={j.id}>
                  <td className="whitespace-nowrap">{formatTime(j.failedAt)}</td>
                  <td>{j.kind}</td>
                  <td>{j.queue}</td>
                  <td>{j.attempts}</td>
                  <td>
                    {j.negotiationId ? (
                      <a
                        className="text-indigo-800 hover:underline"
                        href={`/negotiations/${j.negotiationId}`}
                      >
                        open
                      </a>
                    ) : (
                      "–"
                    )}
                  </td>
                  {canReplay && (
                    <td>
                      <button
                        type="button"
                        className="btn"
                        disabled={replay.isPending}
                        onClick={() => replay.mutate(j.id)}
                      >
                        Replay
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {replay.error && <Notice tone="error">{replay.error.message}</Notice>}
    </section>
  );
}

function Tokens() {
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ["tokens"],
    queryFn: () => api.get<{ tokens: ApiToken[] }>("/api/tokens"),
  });
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [expires, setExpires] = useState("");
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const create = useMutation({
    mutationFn: () =>
      request<ApiToken & { token: string }>("POST", "/api/tokens", {
        body: {
          name,
          role,
          expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
        },
      }),
    onSuccess: (t) => {
      setSecret({ name: t.name, token: t.token });
      setName("");
      void client.invalidateQueries({ queryKey: ["tokens"] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/api/tokens/${encodeURIComponent(id)}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["tokens"] }),
  });
  const nameError =
    create.error instanceof ApiError
      ? (create.error.fieldIssues().find((i) => i.field === "name")?.message ??
        (create.error.code === "name_taken" ? create.error.message : undefined))
      : undefined;
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }
  return (
    <section className="card" aria-labelledby="tokens-h">
      <h2 id="tokens-h" className="mb-2 font-semibold">
        API tokens
      </h2>
      <form
        onSubmit={submit}
        className="mb-3 grid gap-2 sm:grid-cols-4"
        aria-label="Create a token"
      >
        <label className="text-sm">
          <span className="label">Name</span>
          <input
            className="input mt-1"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? "token-name-error" : undefined}
          />
          {nameError && (
            <span id="token-name-error" className="mt-1 block text-sm text-red-700">
              {nameError}
            </span>
          )}
        </label>
        <label className="text-sm">
          <span className="label">Role</span>
          <select
            className="input mt-1"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            <option value="viewer">viewer (reads)</option>
            <option value="operator">operator (also acts)</option>
            <option value="admin">admin (also manages)</option>
          </select>
        </label>
        <label className="text-sm">
          <span className="label">Expires (optional)</span>
          <input
            type="date"
            className="input mt-1"
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
          />
        </label>
        <div className="flex items-end">
          <button
            type="submit"
            className="btn btn-primary w-full"
            disabled={!name.trim() || create.isPending}
          >
            Create token
          </button>
        </div>
      </form>
      {create.error && !nameError && <Notice tone="error">{create.error.message}</Notice>}
      {secret && (
        <div className="mb-3">
          <Notice tone="ok">
            Token <strong>{secret.name}</strong> (shown once, copy it now):{" "}
            <code className="break-all rounded bg-white px-1" data-testid="new-token">
              {secret.token}
            </code>{" "}
            <button
              type="button"
              className="btn ml-1"
              onClick={() => void navigator.clipboard?.writeText(secret.token)}
            >
              Copy
            </button>
          </Notice>
        </div>
      )}
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorState error={q.error} />
      ) : q.data.tokens.length === 0 ? (
        <EmptyState title="No API tokens yet">
          Create one for each machine or script that calls Parley.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Starts with</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {q.data.tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{t.role}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td className="whitespace-nowrap">
                    {formatTime(t.createdAt)}{" "}
                    <span className="text-xs text-slate-500">by {t.createdBy}</span>
                  </td>
                  <td className="whitespace-nowrap">
                    {t.lastUsedAt ? fromNow(t.lastUsedAt) : "never"}
                  </td>
                  <td>{t.status}</td>
                  <td>
                    {t.status === "active" && (
                      <button
                        type="button"
                        className="btn btn-danger"
                        disabled={revoke.isPending}
                        onClick={() =>
                          window.confirm(`Revoke ${t.name}? Its next request is refused.`) &&
                          revoke.mutate(t.id)
                        }
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
