import { useMemo } from 'preact/hooks';
import { api, seg } from '../../api.js';
import { navigate } from '../../router.js';
import { useSession } from '../../session.js';
import { ErrorBox, Loading } from '../../ui/components.jsx';
import { count, duration } from '../../ui/format.js';
import { useAsync, useInterval } from '../../ui/hooks.js';
import { WINDOWS, byOutcome, byQuantile, byStatus, windowOf } from './chartmodel.js';
import { here } from './here.js';
import { LineChart } from './LineChart.jsx';
import './metrics.css';

const REFRESH_MS = 15000;
const seconds = (v) => (v === 0 ? '0' : duration(v * 1000));
const whole = (v) => count(Math.round(v * 100) / 100);

/**
 * What the panel charts; each is one metric of GET /api/job/:id/metrics. Distributions come as a mean series and
 * p50/p95/p99 series (labels ending `, quantile="0.95"`), each computed from the observations of its step.
 */
const CHARTS = [
  { metric: 'runner_requests_total', title: 'Requests by outcome (per step)', format: whole, integer: true,
    shape: byOutcome },
  { metric: 'trigger_http_total', title: 'HTTP answers by status (per step)', format: whole, integer: true,
    shape: byStatus },
  { metric: 'runner_request_duration', title: 'Request duration (p50, p95, p99 and mean per step)', format: seconds,
    shape: byQuantile },
  { metric: 'runner_queue_wait', title: 'Queue wait for a runner (p50, p95, p99 per step)', format: seconds,
    shape: (series) => byQuantile(series, { withMean: false }), empty: 'No request in this window.' },
  { metric: 'runner_cold_starts', title: 'Cold starts: requests that waited for a runner to start (per step)',
    format: whole, integer: true, empty: 'No cold start in this window.' },
  { metric: 'runner_startup_duration', title: 'Runner start-up time (mean per step)', format: seconds,
    empty: 'No runner started in this window.' },
  { metric: 'active_runners', title: 'Active runners', format: whole, integer: true },
];

function withChanges(query, changes) {
  const params = new URLSearchParams(query?.toString() || '');
  for (const [k, v] of Object.entries(changes)) {
    if (v == null || v === '') params.delete(k);
    else params.set(k, v);
  }
  return here(params);
}

/** A job's charts over a chosen window, for its active version or a chosen one, refreshed every 15 s. */
export function Metrics({ jobId, query }) {
  const session = useSession();
  const win = windowOf(query?.get('window') || '');
  const version = query?.get('version') || 'latest';
  const allowed = session.can(`job/${jobId}/metrics`, 'read');
  const versions = useAsync((signal) => api(`job/${seg(jobId)}/versions`, { signal }), [jobId]);
  if (!allowed) return <p class="notice">You may not read this job's metrics.</p>;
  const set = (changes) => navigate(withChanges(query, changes), { replace: true });
  const sorted = (versions.data || []).slice().sort((a, b) => (b.created ?? 0) - (a.created ?? 0));
  return (
    <section class="metrics" aria-labelledby="metrics-title">
      <h2 id="metrics-title" class="sr-only">Metrics</h2>
      <div class="metrics-controls">
        <fieldset class="segmented">
          <legend>Window</legend>
          {WINDOWS.map((w) => (
            <label key={w.id} class={w.id === win.id ? 'on' : ''}>
              <input type="radio" name="metrics-window" value={w.id} checked={w.id === win.id}
                onChange={() => set({ window: w.id === WINDOWS[0].id ? null : w.id })} />
              {w.label}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="metrics-version">Version</label>
          <select id="metrics-version" value={version} onChange={(e) => set({ version: e.currentTarget.value === 'latest' ? null : e.currentTarget.value })}>
            <option value="latest">Active version</option>
            {sorted.map((v) => <option key={v.id} value={v.version}>{v.version}</option>)}
            {version !== 'latest' && !sorted.some((v) => v.version === version) && <option value={version}>{version}</option>}
          </select>
        </div>
      </div>
      <ErrorBox error={versions.error} title="The versions could not be read" />
      <div class="chart-grid">
        {CHARTS.map((c) => <MetricChart key={c.metric} jobId={jobId} chart={c} version={version} seconds={win.seconds} />)}
      </div>
      <p class="muted small">
        Quantiles are estimated per step from bucket counts (exact to the bucket); cold starts are counted by trigger type. Refreshed every 15 s.
      </p>
    </section>
  );
}

function MetricChart({ jobId, chart, version, seconds }) {
  const load = useAsync(async (signal) => {
    const data = await api(`job/${seg(jobId)}/metrics/${chart.metric}/${seg(version)}?duration=${seconds}`, { signal });
    return { series: data || [], end: Math.floor(Date.now() / 1000) };
  }, [jobId, chart.metric, version, seconds]);
  useInterval(load.reload, REFRESH_MS);
  const series = useMemo(() => (load.data ? (chart.shape ? chart.shape(load.data.series) : load.data.series) : []),
    [load.data]);
  return (
    <div class="card chart-card">
      {load.error && <ErrorBox error={load.error} title={`${chart.title}: not available`} />}
      {load.data === undefined ? (load.error ? null : <Loading label={`Loading ${chart.title.toLowerCase()}…`} />) : (
        <LineChart title={chart.title} series={series} start={load.data.end - seconds} end={load.data.end}
          format={chart.format} integer={chart.integer} empty={chart.empty} />
      )}
    </div>
  );
}
