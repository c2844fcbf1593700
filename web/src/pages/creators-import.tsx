import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api, request } from "../api/client";
import { keys } from "../api/queries";
import type { Campaign, ImportAnswer, ImportRowResult } from "../api/types";
import { useSession } from "../auth/session";
import { ErrorState, Loading, Notice, PageHeader } from "../components/ui";

const EXAMPLE = `name,email,platform,handle,averageViews,engagementRate,timezone
Maya Lopez,maya@example.com,instagram,@mayalopez,50k,4.5%,America/Los_Angeles`;

const STATUS_TEXT: Record<ImportRowResult["status"], string> = {
  new: "Will start",
  started: "Started",
  duplicate: "Duplicate",
  invalid: "Invalid",
};
const STATUS_TONE: Record<ImportRowResult["status"], string> = {
  new: "bg-sky-100 text-sky-900",
  started: "bg-emerald-100 text-emerald-900",
  duplicate: "bg-slate-100 text-slate-700",
  invalid: "bg-red-100 text-red-800",
};

/** Upload or paste creators, see what would happen to each row, then start them. */
export function CreatorsImportPage() {
  const { id = "" } = useParams();
  const { can } = useSession();
  const client = useQueryClient();
  const campaign = useQuery({
    queryKey: keys.campaign(id),
    queryFn: () => api.get<Campaign>(`/api/campaigns/${id}`, { negotiationsLimit: 0 }),
  });
  const [csv, setCsv] = useState("");
  const [preview, setPreview] = useState<ImportAnswer | null>(null);
  const [done, setDone] = useState<ImportAnswer | null>(null);

  const send = (dryRun: boolean) =>
    request<ImportAnswer>("POST", `/api/campaigns/${id}/creators:import`, {
      raw: { body: csv, type: "text/csv; charset=utf-8" },
      query: dryRun ? { dryRun: true } : undefined,
    });
  const check = useMutation({
    mutationFn: () => send(true),
    onSuccess: (r) => {
      setPreview(r);
      setDone(null);
    },
  });
  const start = useMutation({
    mutationFn: () => send(false),
    onSuccess: (r) => {
      setDone(r);
      setPreview(null);
      void client.invalidateQueries({ queryKey: ["campaign", id] });
      void client.invalidateQueries({ queryKey: keys.campaigns });
    },
  });

  if (campaign.isPending) return <Loading />;
  if (campaign.error)
    return <ErrorState title="The campaign could not be loaded" error={campaign.error} />;
  if (!can("operator"))
    return (
      <ErrorState
        title="Importing needs the operator role"
        message="Ask an admin for the operator role to start negotiations."
      />
    );

  const shown = done ?? preview;
  return (
    <>
      <PageHeader title={`Import creators into ${campaign.data.name}`}>
        A CSV with a header row: <code>name</code>, <code>email</code>, <code>platform</code>{" "}
        (instagram, tiktok, youtube), <code>averageViews</code>, and optionally <code>handle</code>,{" "}
        <code>engagementRate</code>, <code>timezone</code>. Messy values like “50k” or “4.5%” are
        read; bad rows are reported and never stop the others. At most 1,000 rows at a time.
      </PageHeader>
      <div className="card space-y-3">
        <label className="label" htmlFor="csv-file">
          Upload a CSV file
        </label>
        <input
          id="csv-file"
          type="file"
          accept=".csv,text/csv"
          className="block text-sm"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) {
              setCsv(await file.text());
              setPreview(null);
              setDone(null);
            }
          }}
        />
        <label className="label" htmlFor="csv-text">
          …or paste rows
        </label>
        <textarea
          id="csv-text"
          className="input font-mono"
          rows={8}
          placeholder={EXAMPLE}
          value={csv}
          onChange={(e) => {
            setCsv(e.target.value);
            setPreview(null);
            setDone(null);
          }}
        />
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className="btn"
            disabled={!csv.trim() || check.isPending}
            onClick={() => check.mutate()}
          >
            {check.isPending ? "Checking…" : "Preview"}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!preview?.new || start.isPending}
            onClick={() => start.mutate()}
          >
            {start.isPending
              ? "Starting…"
              : `Start ${preview?.new ?? 0} negotiation${preview?.new === 1 ? "" : "s"}`}
          </button>
        </div>
        {(check.error || start.error) && (
          <Notice tone="error">{((check.error ?? start.error) as Error).message}</Notice>
        )}
      </div>
      {shown && (
        <section className="card mt-4" aria-label={done ? "Import results" : "Preview"}>
          <h2 className="font-semibold">{done ? "Started" : "Preview"}</h2>
          <p className="mt-1 text-sm text-slate-600" role="status">
            {done
              ? `${done.started} started, ${done.duplicates} duplicate, ${done.invalid} invalid.`
              : `${preview?.new} will start, ${preview?.duplicates} duplicate, ${preview?.invalid} invalid. Nothing has started yet.`}
          </p>
          {shown.warnings?.map((warning) => (
            <div key={warning} className="mt-2">
              <Notice>{warning}</Notice>
            </div>
          ))}
          <div className="mt-3 overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Email</th>
                  <th scope="col">Result</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {shown.results.map((r) => (
                  <tr key={r.row}>
                    <td>{r.line ?? r.row}</td>
                    <td>{r.email ?? "–"}</td>
                    <td>
                      <span
                        className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_TONE[r.status]}`}
                      >
                        {STATUS_TEXT[r.status]}
                      </span>
                    </td>
                    <td>
                      {r.reason ??
                        (r.negotiationId ? (
                          <Link
                            className="text-indigo-800 hover:underline"
                            to={`/negotiations/${r.negotiationId}`}
                          >
                            Open negotiation
                          </Link>
                        ) : (
                          ""
                        ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {done && (
            <Link to={`/campaigns/${id}`} className="btn mt-3">
              Back to the campaign
            </Link>
          )}
        </section>
      )}
    </>
  );
}
