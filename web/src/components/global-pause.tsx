import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../api/client";
import { keys, useSettings } from "../api/queries";
import type { Settings } from "../api/types";
import { useSession } from "../auth/session";
import { formatTime, fromNow } from "../lib/time";
import { ErrorState, Loading, Notice } from "./ui";

/** Pause or resume every send (admin); both refresh the banner and readiness. */
function useGlobalPauseToggle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { action: "pause" | "resume"; reason?: string }) =>
      api.post<{ globalPause: Settings["globalPause"]; changed: boolean }>(
        `/api/settings/${input.action}`,
        input.action === "pause" && input.reason ? { reason: input.reason } : undefined,
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.settings });
      void client.invalidateQueries({ queryKey: keys.ready });
    },
  });
}

const held = (n: number) =>
  n === 0
    ? "No email is being held yet."
    : n === 1
      ? "1 negotiation is holding an email."
      : `${n.toLocaleString()} negotiations are holding an email.`;

/** Who paused, when and why, in one sentence. */
function pausedSince(pause: Settings["globalPause"]) {
  return (
    <>
      since <time dateTime={pause.since ?? undefined}>{formatTime(pause.since)}</time> (
      {fromNow(pause.since)}) by <strong>{pause.by ?? "someone"}</strong>
      {pause.reason ? `: ${pause.reason}` : ""}
    </>
  );
}

/**
 * Shown on every page while the global pause is on: a paused product must be obvious. Admins can
 * resume from here; everyone else is told who can.
 */
export function GlobalPauseBanner() {
  const { can } = useSession();
  const settings = useSettings();
  const toggle = useGlobalPauseToggle();
  const pause = settings.data?.globalPause;
  if (!pause?.paused) return null;
  return (
    <section
      aria-label="Sending is paused"
      data-testid="global-pause-banner"
      className="border-b border-amber-300 bg-amber-100 text-amber-950"
    >
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 text-sm">
        <p className="min-w-0 flex-1">
          <strong>All sending is paused</strong> {pausedSince(pause)}. No email leaves Parley until
          it is resumed. {held(settings.data?.heldSends ?? 0)}
        </p>
        {can("admin") ? (
          <button
            type="button"
            className="btn"
            disabled={toggle.isPending}
            onClick={() => toggle.mutate({ action: "resume" })}
          >
            {toggle.isPending ? "Resuming…" : "Resume all sending"}
          </button>
        ) : (
          <span>An admin can resume it from Operations.</span>
        )}
      </div>
      {toggle.error && (
        <div className="mx-auto max-w-7xl px-4 pb-2">
          <Notice tone="error">{toggle.error.message} Try again, or see Operations.</Notice>
        </div>
      )}
    </section>
  );
}

/** Operations' card for the global pause: its state, and the switch for admins. */
export function GlobalPauseCard() {
  const { can } = useSession();
  const settings = useSettings();
  const toggle = useGlobalPauseToggle();
  const [reason, setReason] = useState("");
  function pause(event: FormEvent) {
    event.preventDefault();
    if (!window.confirm("Hold every send, queued ones included, until someone resumes?")) return;
    toggle.mutate(
      { action: "pause", reason: reason.trim() || undefined },
      { onSuccess: () => setReason("") },
    );
  }
  return (
    <section className="card" aria-labelledby="pause-h">
      <h2 id="pause-h" className="font-semibold">
        Global pause
      </h2>
      {settings.isPending ? (
        <Loading />
      ) : settings.error ? (
        <ErrorState
          title="The pause could not be read"
          error={settings.error}
          onRetry={() => void settings.refetch()}
        />
      ) : settings.data.globalPause.paused ? (
        <div className="mt-1 space-y-2 text-sm">
          <p className="font-medium text-red-800">
            Paused {pausedSince(settings.data.globalPause)}.
          </p>
          <p>{held(settings.data.heldSends)} Resuming releases them; each email goes out once.</p>
          {can("admin") && (
            <button
              type="button"
              className="btn btn-primary"
              disabled={toggle.isPending}
              onClick={() => toggle.mutate({ action: "resume" })}
            >
              Resume all sending
            </button>
          )}
        </div>
      ) : (
        <div className="mt-1 space-y-2 text-sm">
          <p className="text-emerald-700">
            Off: emails go out as each negotiation decides.
            {settings.data.heldSends > 0 && ` ${held(settings.data.heldSends)} (being released)`}
          </p>
          {can("admin") ? (
            <form onSubmit={pause} className="flex flex-wrap items-end gap-2">
              <label className="min-w-48 flex-1">
                <span className="label">Reason (optional, shown to everyone)</span>
                <input
                  className="input mt-1"
                  value={reason}
                  maxLength={500}
                  onChange={(e) => setReason(e.target.value)}
                  placeholder="e.g. wrong price list loaded"
                />
              </label>
              <button type="submit" className="btn btn-danger" disabled={toggle.isPending}>
                Pause all sending
              </button>
            </form>
          ) : (
            <p className="text-slate-600">
              In an incident an admin can hold every email here. Slack's{" "}
              <code>/parley pause-all</code> does the same.
            </p>
          )}
        </div>
      )}
      {toggle.error && (
        <div className="mt-2">
          <Notice tone="error">{toggle.error.message}</Notice>
        </div>
      )}
    </section>
  );
}
