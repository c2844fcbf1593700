import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Band, CampaignMetrics } from "../api/types";
import { formatCents } from "../lib/money";

/**
 * Deals in the order they were agreed (1…n), in dollars per thousand views, with the band drawn
 * across the whole width (one slot of margin either side, where deals are null).
 */
export function chartData(deals: CampaignMetrics["deals"], band: Band): uPlot.AlignedData {
  const cpms = deals
    .filter((d) => d.agreedCpmCents !== null)
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
    .map((d) => (d.agreedCpmCents as number) / 100);
  const xs = Array.from({ length: cpms.length + 2 }, (_, i) => i);
  return [
    xs,
    [null, ...cpms, null],
    xs.map(() => band.floorCpmCents / 100),
    xs.map(() => band.ceilingCpmCents / 100),
  ];
}

/** A y range that shows the band and every deal with some room. */
export function yRange(deals: CampaignMetrics["deals"], band: Band): [number, number] {
  const values = deals.flatMap((d) => (d.agreedCpmCents === null ? [] : [d.agreedCpmCents / 100]));
  const lo = Math.min(band.floorCpmCents / 100, ...values);
  const hi = Math.max(band.ceilingCpmCents / 100, ...values);
  const pad = Math.max(1, (hi - lo) * 0.2);
  return [Math.max(0, Math.floor(lo - pad)), Math.ceil(hi + pad)];
}

/**
 * Each agreed deal's CPM over time against the campaign's band (target and ceiling). uPlot draws
 * on a canvas; the same facts are in the caption for screen readers.
 */
export function CpmChart({ deals, band }: { deals: CampaignMetrics["deals"]; band: Band }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const data = chartData(deals, band);
    const width = () => Math.max(280, el.clientWidth);
    const dots = uPlot.paths.points?.();
    const plot = new uPlot(
      {
        width: width(),
        height: 220,
        legend: { show: true },
        scales: { x: { time: false }, y: { range: () => yRange(deals, band) } },
        axes: [
          { label: "Deals, in the order agreed", incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500] },
          { label: "CPM ($)", size: 60 },
        ],
        series: [
          { label: "Deal" },
          {
            label: "Agreed CPM",
            stroke: "#047857",
            fill: "#047857",
            width: 0,
            paths: dots ? () => null : undefined,
            points: { show: true, size: 8, fill: "#047857" },
          },
          { label: "Target", stroke: "#6366f1", dash: [6, 4], points: { show: false } },
          { label: "Ceiling", stroke: "#b91c1c", dash: [6, 4], points: { show: false } },
        ],
      },
      data,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [deals, band]);
  const agreed = deals.filter((d) => d.agreedCpmCents !== null);
  const above = agreed.filter((d) => (d.agreedCpmCents ?? 0) > band.ceilingCpmCents).length;
  return (
    <figure>
      <div ref={ref} className="w-full overflow-hidden" aria-hidden="true" />
      <figcaption className="mt-2 text-xs text-slate-600">
        {agreed.length} agreed deal{agreed.length === 1 ? "" : "s"} against the band{" "}
        {formatCents(band.floorCpmCents)}–{formatCents(band.ceilingCpmCents)} CPM
        {above ? `; ${above} above the ceiling` : ""}.
      </figcaption>
    </figure>
  );
}
