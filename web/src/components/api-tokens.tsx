import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, api, request } from "../api/client";
import type { ApiToken, Role } from "../api/types";
import { formatTime, fromNow } from "../lib/time";
import { EmptyState, ErrorState, Loading, Notice } from "./ui";

/** API tokens for machines and for people without Cloudflare Access: create, list, revoke. */
export function ApiTokens() {
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
