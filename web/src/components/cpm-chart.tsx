import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Band, CampaignMetrics } from "../api/types";
import { formatCents } from "../lib/money";

/** Points sorted by time, in dollars per thousand views (the chart's unit), plus the band. */
export function chartData(deals: CampaignMetrics["deals"], band: Band): uPlot.AlignedData {
  const points = deals
    .filter((d) => d.agreedCpmCents !== null)
    .map((d) => [Date.parse(d.updatedAt) / 1000, (d.agreedCpmCents as number) / 100] as const)
    .sort((a, b) => a[0] - b[0]);
  const xs = points.map((p) => p[0]);
  return [
    xs,
    points.map((p) => p[1]),
    xs.map(() => band.floorCpmCents / 100),
    xs.map(() => band.ceilingCpmCents / 100),
  ];
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
        scales: { x: { time: true } },
        axes: [{}, { label: "CPM ($)", size: 60 }],
        series: [
          {},
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
