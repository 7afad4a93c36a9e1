// Cooperation/conflict timeline of a dyad (uPlot): cooperative and conflictual event counts per
// period, and the cooperation index on a second axis.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DyadPeriod } from '../api.ts';

export function Timeline({ series, label }: { series: DyadPeriod[]; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || series.length === 0) return;
    const xs = series.map((p) => Date.parse(`${p.from}T00:00:00Z`) / 1000);
    const coop = series.map((p) => p.by_quad['1'] + p.by_quad['2']);
    const conflict = series.map((p) => p.by_quad['3'] + p.by_quad['4']);
    const index = series.map((p) => p.cooperation_index);
    const width = () => Math.max(280, el.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 260,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: { n: { range: (_u, _min, max) => [0, Math.max(1, max)] }, idx: { range: [-1, 1] } },
        series: [
          {},
          {
            label: 'cooperative events',
            scale: 'n',
            stroke: '#1a8960',
            width: 2,
            fill: 'rgba(26,137,96,0.12)',
            points: { size: 6 },
          },
          {
            label: 'conflictual events',
            scale: 'n',
            stroke: '#c84034',
            width: 2,
            fill: 'rgba(200,64,52,0.10)',
            points: { size: 6 },
          },
          {
            label: 'cooperation index',
            scale: 'idx',
            stroke: '#444',
            width: 1.5,
            dash: [6, 4],
            points: { size: 5 },
          },
        ],
        axes: [
          {},
          { scale: 'n', label: 'events' },
          { scale: 'idx', side: 1, label: 'index', grid: { show: false } },
        ],
      },
      [xs, coop, conflict, index] as uPlot.AlignedData,
      el,
    );
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: 260 }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [series]);
  if (series.length === 0) return <p className="muted">No events in this period.</p>;
  return <div ref={box} className="timeline" role="img" aria-label={label} data-testid="timeline" />;
}
