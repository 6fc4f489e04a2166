import type { ReactNode } from 'react';
import type { RunningPoint } from '../../shared/cohort/cohort-lab';

/** Running labs over the last days, as one plain SVG line (no chart library). */
export function RunningChart({ points }: { points: readonly RunningPoint[] }): ReactNode {
  const width = 320;
  const height = 60;
  const max = Math.max(1, ...points.map((p) => p.running));
  const step = points.length > 1 ? width / (points.length - 1) : width;
  const path = points.map((p, i) => `${(i * step).toFixed(1)},${(height - (p.running / max) * (height - 4) - 2).toFixed(1)}`).join(' ');
  const last = points[points.length - 1]?.running ?? 0;
  return (
    <figure className="cohort-chart">
      <svg
        role="img"
        aria-label={`Running labs over the last 7 days, now ${last}, at most ${max}`}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
      >
        <polyline points={path} fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      <figcaption>Running labs, last 7 days (max {max})</figcaption>
    </figure>
  );
}
