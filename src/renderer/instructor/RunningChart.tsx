import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunningPoint } from '../../shared/cohort/cohort-lab';

const WIDTH = 360;
const HEIGHT = 120;
/** Room for the axes' labels: the counts on the left, the days below. */
const LEFT = 28;
const BOTTOM = 18;
const TOP = 6;

/** Whole-number ticks from 0 to at least `max`: 0, max, and a middle one when it is whole. */
function countTicks(max: number): number[] {
  return max % 2 === 0 && max > 1 ? [0, max / 2, max] : [0, max];
}

/** The midnights (UTC) between the first and last point, for the day labels of the x axis. */
function dayTicks(from: number, to: number): number[] {
  const ticks: number[] = [];
  const day = 86_400_000;
  for (let t = Math.ceil(from / day) * day; t <= to; t += day) ticks.push(t);
  return ticks;
}

/**
 * Running labs over the last 7 days, hour by hour (from the labs' Heat events), as a plain SVG
 * line with a count axis, a day axis (UTC) and a legend; no chart library.
 */
export function RunningChart({ points }: { points: readonly RunningPoint[] }): ReactNode {
  const { t: translate, i18n } = useTranslation();
  const times = points.map((p) => Date.parse(p.at));
  const day = new Intl.DateTimeFormat(i18n.language, { month: '2-digit', day: '2-digit', timeZone: 'UTC' });
  const from = times[0] ?? 0;
  const to = times[times.length - 1] ?? from;
  const span = Math.max(1, to - from);
  const max = Math.max(1, ...points.map((p) => p.running));
  const plotWidth = WIDTH - LEFT - 4;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (t: number) => LEFT + ((t - from) / span) * plotWidth;
  const y = (count: number) => TOP + plotHeight - (count / max) * plotHeight;
  const path = points.map((p, i) => `${x(times[i]!).toFixed(1)},${y(p.running).toFixed(1)}`).join(' ');
  const last = points[points.length - 1]?.running ?? 0;
  return (
    <figure className="cohort-chart">
      <svg
        role="img"
        aria-label={translate('instructor.chart.label', { last, max })}
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        fontSize="9"
      >
        <g data-testid="count-axis" stroke="currentColor" strokeOpacity="0.3">
          <line x1={LEFT} y1={TOP} x2={LEFT} y2={TOP + plotHeight} />
          {countTicks(max).map((c) => (
            <g key={c}>
              <line x1={LEFT} y1={y(c)} x2={LEFT + plotWidth} y2={y(c)} strokeDasharray="2 3" />
              <text x={LEFT - 4} y={y(c) + 3} textAnchor="end" fill="currentColor" stroke="none">
                {c}
              </text>
            </g>
          ))}
        </g>
        <g data-testid="time-axis" stroke="currentColor" strokeOpacity="0.3">
          <line x1={LEFT} y1={TOP + plotHeight} x2={LEFT + plotWidth} y2={TOP + plotHeight} />
          {dayTicks(from, to).map((t) => (
            <text key={t} x={x(t)} y={HEIGHT - 4} textAnchor="middle" fill="currentColor" stroke="none">
              {day.format(t)}
            </text>
          ))}
        </g>
        <polyline points={path} fill="none" stroke="var(--accent, currentColor)" strokeWidth="1.5" />
      </svg>
      <figcaption>
        <span className="chart-legend-swatch" aria-hidden="true" /> {translate('instructor.chart.caption', { last, max })}
      </figcaption>
    </figure>
  );
}
