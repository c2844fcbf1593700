import { formatCents } from "../lib/money";

export interface BandMark {
  label: string;
  cpmCents: number;
  tone: "offer" | "ask" | "avg";
}

/** Where a point sits on a scale from 0 to a bit past the ceiling, in percent. */
export function position(cpmCents: number, max: number): number {
  if (max <= 0) return 0;
  return Math.max(0, Math.min(100, (cpmCents / max) * 100));
}

const TONES = { offer: "#4338ca", ask: "#b91c1c", avg: "#047857" } as const;

/**
 * The CPM band as a picture: the span from floor (the target) to ceiling shaded, with our offer,
 * their ask or an average marked on it. Also written out in words for screen readers.
 */
export function BandBar({
  floorCpmCents,
  ceilingCpmCents,
  marks,
}: {
  floorCpmCents: number;
  ceilingCpmCents: number;
  marks: BandMark[];
}) {
  const highest = Math.max(ceilingCpmCents, ...marks.map((m) => m.cpmCents));
  const max = Math.max(1, highest * 1.2);
  const floor = position(floorCpmCents, max);
  const ceiling = position(ceilingCpmCents, max);
  const words = [
    `Band ${formatCents(floorCpmCents)} to ${formatCents(ceilingCpmCents)} CPM`,
    ...marks.map((m) => `${m.label} ${formatCents(m.cpmCents)} CPM`),
  ].join("; ");
  return (
    <figure className="w-full" aria-label={words}>
      <svg
        viewBox="0 0 100 24"
        preserveAspectRatio="none"
        className="h-8 w-full"
        aria-hidden="true"
      >
        <rect x="0" y="10" width="100" height="4" fill="#e2e8f0" rx="1" />
        <rect x={floor} y="8" width={Math.max(0.5, ceiling - floor)} height="8" fill="#c7d2fe" />
        <line x1={floor} x2={floor} y1="5" y2="19" stroke="#6366f1" strokeWidth="0.6" />
        <line x1={ceiling} x2={ceiling} y1="5" y2="19" stroke="#6366f1" strokeWidth="0.6" />
        {marks.map((m) => (
          <rect
            key={m.label}
            x={position(m.cpmCents, max) - 0.6}
            y="2"
            width="1.2"
            height="20"
            fill={TONES[m.tone]}
          />
        ))}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        <span>
          Band <strong>{formatCents(floorCpmCents)}</strong>–
          <strong>{formatCents(ceilingCpmCents)}</strong> CPM
        </span>
        {marks.map((m) => (
          <span key={m.label} className="inline-flex items-center gap-1">
            <span
              className="inline-block h-2.5 w-2.5 rounded-sm"
              style={{ background: TONES[m.tone] }}
            />
            {m.label} <strong>{formatCents(m.cpmCents)}</strong>
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
