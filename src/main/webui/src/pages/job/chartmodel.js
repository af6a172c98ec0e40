// The Metrics tab's pure logic: windows, scales, ticks and series shaping for the SVG charts (test/chartmodel.test.js).

/** Chart windows; the API answers at most 10000 seconds (JobMetricsService.MAX_DURATION), so no 6 h or 24 h. */
export const WINDOWS = [
  { id: '15m', label: '15 min', seconds: 900 },
  { id: '1h', label: '1 h', seconds: 3600 },
  { id: '2h', label: '2 h', seconds: 7200 },
  { id: 'max', label: '2 h 46 min', seconds: 10000 },
];

export const windowOf = (id) => WINDOWS.find((w) => w.id === id) || WINDOWS[0];

/** A linear map from [d0, d1] to [r0, r1] (a flat domain maps to the middle). */
export function scale([d0, d1], [r0, r1]) {
  const span = d1 - d0;
  return (v) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0));
}

/**
 * About `count` round tick values covering [min, max] (steps of 1, 2, 2.5 or 5 times a power of ten); `integer`
 * keeps the steps whole (for counts).
 */
export function niceTicks(min, max, count = 4, integer = false) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (max < min) [min, max] = [max, min];
  if (max === min) max = min + (min === 0 ? 1 : Math.abs(min));
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) || 10 * power;
  if (integer) step = Math.max(1, Math.ceil(step));
  const first = Math.floor(min / step) * step;
  const ticks = [];
  for (let v = first; v <= max + step * 1e-9 && ticks.length < 50; v += step) ticks.push(Number(v.toFixed(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toFixed(12)));
  return ticks;
}

const TIME_STEPS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600];
/** Time ticks (unix seconds) on whole minutes/hours, about `count` of them within [start, end]. */
export function timeTicks(start, end, count = 5) {
  const span = Math.max(1, end - start);
  const step = TIME_STEPS.find((s) => span / s <= count) || TIME_STEPS[TIME_STEPS.length - 1];
  const ticks = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) ticks.push(t);
  return ticks;
}

/** Every timestamp of the series, sorted and distinct (the hover positions). */
export function timestamps(series) {
  const set = new Set();
  for (const s of series) for (const p of s.values) set.add(p.timestamp);
  return [...set].sort((a, b) => a - b);
}

/** The y range of the series, from 0 (every chart here is a count, a duration or a gauge), at least [0, 1]. */
export function valueExtent(series) {
  let max = 0;
  for (const s of series) for (const p of s.values) if (Number.isFinite(p.value) && p.value > max) max = p.value;
  return [0, max > 0 ? max : 1];
}

/** The index of the value in sorted `values` nearest to `v` (-1 when empty). */
export function nearest(values, v) {
  if (!values.length) return -1;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && Math.abs(values[lo - 1] - v) <= Math.abs(values[lo] - v) ? lo - 1 : lo;
}

/**
 * The SVG path of a series; a gap longer than `maxGap` seconds (a step without any observation) breaks the line,
 * so the chart does not draw values that were never measured.
 */
export function linePath(values, x, y, maxGap = Infinity) {
  let d = '';
  let last = null;
  for (const p of values) {
    if (!Number.isFinite(p.value)) continue;
    const cmd = last == null || p.timestamp - last > maxGap ? 'M' : 'L';
    d += `${cmd}${x(p.timestamp).toFixed(1)},${y(p.value).toFixed(1)}`;
    last = p.timestamp;
  }
  return d;
}

/** The usual step between points of a series (the median gap, so one odd point does not break every line), or null. */
export function stepOf(series) {
  const gaps = [];
  for (const s of series) {
    for (let i = 1; i < s.values.length; i++) {
      const gap = s.values[i].timestamp - s.values[i - 1].timestamp;
      if (gap > 0) gaps.push(gap);
    }
  }
  if (!gaps.length) return null;
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1];
}

/**
 * Series whose label `keyOf` maps to the same key summed point by point (e.g. trigger_http_total by status code
 * across methods and hosts); the result is sorted by key.
 */
export function groupSeries(series, keyOf) {
  const groups = new Map();
  for (const s of series) {
    const key = keyOf(s.label);
    const sums = groups.get(key) || new Map();
    for (const p of s.values) sums.set(p.timestamp, (sums.get(p.timestamp) || 0) + p.value);
    groups.set(key, sums);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
    .map(([label, sums]) => ({
      label,
      values: [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([timestamp, value]) => ({ timestamp, value })),
    }));
}

/**
 * runner_requests_total series ("http, status 1") named by outcome ("http succeeded", "http failed") and coloured so
 * (palette slot 2 green, 1 red), successes first.
 */
export function byOutcome(series) {
  return series
    .map((s) => {
      const ok = /,\s*status 1$/.test(s.label);
      const failed = /,\s*status 0$/.test(s.label);
      const label = String(s.label).replace(/,\s*status [01]$/, ok ? ' succeeded' : failed ? ' failed' : '');
      return { ...s, label, tone: ok ? 2 : failed ? 1 : undefined };
    })
    .sort((a, b) => (a.tone === b.tone ? a.label.localeCompare(b.label) : a.tone === 2 ? -1 : 1));
}

/** The quantile a series' label names (`job @ 1.0.0, quantile="0.95"` -> 0.95), or null for the mean series. */
export function quantileOf(label) {
  const m = /,\s*quantile="([0-9.]+)"$/.exec(String(label));
  return m ? Number(m[1]) : null;
}

const QUANTILE_TONES = { 0.5: 0, 0.95: 4, 0.99: 1 };

/**
 * A distribution's series (runner_request_duration, runner_queue_wait) named "p50", "p95", "p99" (coloured blue,
 * amber, red) in that order, then "mean" unless `withMean` is false.
 */
export function byQuantile(series, { withMean = true } = {}) {
  return series
    .map((s) => ({ s, q: quantileOf(s.label) }))
    .filter(({ q }) => q != null || withMean)
    .sort((a, b) => (a.q ?? 2) - (b.q ?? 2))
    .map(({ s, q }) => (q == null
      ? { ...s, label: 'mean', tone: 3 }
      : { ...s, label: `p${Math.round(q * 100)}`, tone: QUANTILE_TONES[q] }));
}

/** trigger_http_total labels "<status> <method> <host>" -> "<status>" (e.g. "200"). */
export const statusOf = (label) => String(label).split(' ')[0] || label;

/** trigger_http_total summed by status code, coloured by class: 2xx green, 3xx blue, 4xx amber, 5xx red. */
export function byStatus(series) {
  const tones = { 2: 2, 3: 0, 4: 4, 5: 1 };
  return groupSeries(series, statusOf).map((s) => ({ ...s, tone: tones[String(s.label)[0]] }));
}

/** The sum of a series' values (for the text alternative's totals). */
export const total = (s) => s.values.reduce((sum, p) => sum + (Number.isFinite(p.value) ? p.value : 0), 0);
