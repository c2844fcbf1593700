import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, request, tokenStore } from "../api/client";
import { keys } from "../api/queries";
import type { Me } from "../api/types";

/**
 * Without Cloudflare Access (local, or a team that only uses tokens): an API token, kept in this
 * browser tab's session storage until the tab closes or you sign out.
 */
export function SignInPage() {
  const client = useQueryClient();
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    tokenStore.set(token.trim());
    try {
      const me = await request<Me>("GET", "/api/me");
      client.setQueryData(keys.me, me);
    } catch (e) {
      tokenStore.clear();
      setError(
        e instanceof ApiError && e.status === 401
          ? "That token was not accepted. Check it, or ask an admin for a new one."
          : e instanceof Error
            ? e.message
            : String(e),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="mx-auto mt-16 max-w-md px-4">
      <h1 className="text-2xl font-semibold">Sign in to Parley</h1>
      <p className="mt-2 text-sm text-slate-600">
        Paste an API token. Your team's admin creates tokens in Operations; locally, the token is
        <code className="mx-1 rounded bg-slate-100 px-1">PARLEY_API_TOKEN</code>in
        <code className="ml-1 rounded bg-slate-100 px-1">.dev.vars</code>. With Cloudflare Access
        set up, you are signed in by Access and never see this page.
      </p>
      <form onSubmit={submit} className="card mt-6 space-y-4">
        <div>
          <label htmlFor="token" className="label">
            API token
          </label>
          <input
            id="token"
            name="token"
            type="password"
            autoComplete="off"
            required
            className="input mt-1"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "token-error" : undefined}
          />
          {error && (
            <p id="token-error" role="alert" className="mt-1 text-sm text-red-700">
              {error}
            </p>
          )}
        </div>
        <button type="submit" className="btn btn-primary w-full" disabled={busy || !token.trim()}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p className="text-xs text-slate-500">
          The token stays in this tab only and is forgotten when you close it.
        </p>
      </form>
    </main>
  );
}
