import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { linePath, nearest, niceTicks, scale, stepOf, timeTicks, timestamps, valueExtent } from './chartmodel.js';

const HEIGHT = 200;
const PAD = { top: 10, right: 12, bottom: 24, left: 52 };
let ids = 0;

const hhmm = (t) => new Date(t * 1000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
const full = (t) => new Date(t * 1000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * A small SVG line chart of `series` ([{label, values:[{timestamp, value}]}]) over [start, end] (unix seconds):
 * axes, a legend, a readout that follows the pointer or the arrow keys, and a table of the values for screen readers.
 * `format` writes a value (ticks, readout and table); a series' `tone` (0-5) picks its colour, else its position.
 */
export function LineChart({ title, series, start, end, format = String, integer = false, empty = 'No data in this window.' }) {
  const box = useRef(null);
  const [width, setWidth] = useState(600);
  const [at, setAt] = useState(-1);
  const id = useMemo(() => `chart-${++ids}`, []);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const measure = () => setWidth(Math.max(240, Math.floor(el.clientWidth)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const times = useMemo(() => timestamps(series), [series]);
  const lookup = useMemo(() => series.map((s) => new Map(s.values.map((p) => [p.timestamp, p.value]))), [series]);
  const valueAt = (i, ts) => (lookup[i].has(ts) ? format(lookup[i].get(ts)) : '—');
  const table = useMemo(() => hasValues(series) && (
    <details class="chart-table">
      <summary>Values as a table</summary>
      <div class="table-wrap">
        <table>
          <caption class="sr-only">{title}</caption>
          <thead><tr><th scope="col">Time</th>{series.map((s) => <th key={s.label} scope="col" class="num">{s.label}</th>)}</tr></thead>
          <tbody>
            {times.map((tt) => (
              <tr key={tt}>
                <th scope="row">{full(tt)}</th>
                {series.map((s, i) => <td key={s.label} class="num">{valueAt(i, tt)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  ), [series, times, title]);
  const [, max] = valueExtent(series);
  const yTicks = niceTicks(0, max, 4, integer);
  const top = yTicks[yTicks.length - 1];
  const x = scale([start, end], [PAD.left, width - PAD.right]);
  const y = scale([0, top], [HEIGHT - PAD.bottom, PAD.top]);
  const step = stepOf(series);
  const gap = step ? step * 2.5 : Infinity;
  const hasData = hasValues(series);
  const index = at >= 0 && at < times.length ? at : -1;
  const t = index >= 0 ? times[index] : null;

  const pointTo = (clientX) => {
    const rect = box.current.querySelector('svg').getBoundingClientRect();
    const px = clientX - rect.left;
    const ts = start + ((px - PAD.left) / Math.max(1, width - PAD.left - PAD.right)) * (end - start);
    setAt(nearest(times, ts));
  };
  const onKey = (e) => {
    if (!times.length) return;
    const moves = { ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const from = index < 0 ? times.length - 1 : index;
    setAt(Math.max(0, Math.min(times.length - 1, from + moves[e.key])));
  };

  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} class="chart-title">{title}</figcaption>
      <ul class="chart-legend">
        {series.map((s, i) => (
          <li key={s.label}><span class={`swatch c${toneOf(s, i)}`} aria-hidden="true" />{s.label}</li>
        ))}
      </ul>
      <div class="chart-box" ref={box}>
        {!hasData && <p class="chart-empty muted">{empty}</p>}
        <svg width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" tabIndex={hasData ? 0 : -1}
          aria-label={`${title}: chart; use the arrow keys to read values`} aria-describedby={`${id}-readout`}
          onPointerMove={(e) => hasData && pointTo(e.clientX)} onPointerLeave={() => setAt(-1)}
          onKeyDown={onKey} onBlur={() => setAt(-1)}>
          {yTicks.map((v) => (
            <g key={v} class="tick">
              <line x1={PAD.left} x2={width - PAD.right} y1={y(v)} y2={y(v)} />
              <text x={PAD.left - 6} y={y(v)} dy="0.32em" text-anchor="end">{format(v)}</text>
            </g>
          ))}
          {timeTicks(start, end, Math.max(2, Math.floor(width / 110))).map((tt) => (
            <text key={tt} class="tick" x={x(tt)} y={HEIGHT - 6} text-anchor="middle">{hhmm(tt)}</text>
          ))}
          <line class="axis" x1={PAD.left} x2={width - PAD.right} y1={y(0)} y2={y(0)} />
          {series.map((s, i) => (
            <g key={s.label} class={`series c${toneOf(s, i)}`}>
              <path d={linePath(s.values, x, y, gap)} />
              {s.values.length < 60 && s.values.map((p) => (
                <circle key={p.timestamp} cx={x(p.timestamp)} cy={y(p.value)} r="2.5" />
              ))}
            </g>
          ))}
          {t != null && <line class="cursor" x1={x(t)} x2={x(t)} y1={PAD.top} y2={HEIGHT - PAD.bottom} />}
        </svg>
      </div>
      <p id={`${id}-readout`} class="chart-readout" aria-live="polite">
        {t == null ? (hasData ? 'Point at the chart or focus it and use the arrow keys.' : '') : (
          <>
            <strong>{full(t)}</strong>
            {series.map((s, i) => {
              return <span key={s.label}><span class={`swatch c${toneOf(s, i)}`} aria-hidden="true" />{s.label}: {valueAt(i, t)}</span>;
            })}
          </>
        )}
      </p>
      {table}
    </figure>
  );
}

const hasValues = (series) => series.some((s) => s.values.length > 0);
const toneOf = (s, i) => s.tone ?? i % 6;
