import { api } from '../api.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { Badge, Empty, ErrorBox, Loading } from '../ui/components.jsx';
import { ago, count, when } from '../ui/format.js';
import { useAsync, useInterval } from '../ui/hooks.js';
import { useOptionalApi } from '../ui/optional.js';
import './admin.css';

/** The instance at a glance: its health, runners and jobs totals, and the latest errors. */
export function Overview() {
  const session = useSession();
  const allowed = session.can('system/metrics/overview', 'read');
  return (
    <>
      <h1>Overview</h1>
      <Health />
      {allowed ? <Totals /> : <p>Your permissions do not include the instance overview.</p>}
      <RecentErrors />
    </>
  );
}

function Health() {
  const health = useOptionalApi('health', 10000);
  if (health.absent) return null;
  const h = health.data;
  return (
    <section aria-labelledby="health-title" class="card">
      <h2 id="health-title" class="card-title">
        Health {h && <Badge tone={h.status === 'up' ? 'ok' : 'bad'}>{h.status === 'up' ? 'up' : h.status}</Badge>}
      </h2>
      <ErrorBox error={health.error} title="The health checks could not be loaded" />
      {!health.loaded ? <Loading /> : h && (
        <ul class="checks">
          {(h.checks || []).map((c) => (
            <li key={c.name}>
              <Badge tone={c.status === 'up' ? 'ok' : 'bad'}>{c.status}</Badge> <strong>{CHECK_NAMES[c.name] || c.name}</strong>
              {c.message && <span class="muted"> — {c.message}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const CHECK_NAMES = { database: 'Database', containerEngine: 'Container engine' };

function Totals() {
  const overview = useAsync((signal) => api('metrics/overview', { signal }), []);
  useInterval(overview.reload, 5000);
  const o = overview.data;
  return (
    <section aria-label="Totals">
      <ErrorBox error={overview.error} />
      {!o ? <Loading /> : (
        <div class="grid">
          <div class="card"><div class="stat">{count(o.jobsMetrics.jobsTotal)}</div>
            <div class="stat-label">jobs ({count(o.jobsMetrics.jobsEnabled)} enabled, {count(o.jobsMetrics.jobsDisabled)} disabled)</div></div>
          <div class="card"><div class="stat">{count(o.runnerMetrics.runnersReady)} / {count(o.runnerMetrics.runnersTotal)}</div>
            <div class="stat-label">runners ready / total ({count(o.runnerMetrics.runnersStarting)} starting)</div></div>
          <div class="card"><div class="stat">{count(o.runnerMetrics.runnersLoadTotal)}</div>
            <div class="stat-label">requests in progress</div></div>
          <div class="card"><div class="stat">{ago(o.runnerMetrics.lastRequestAt)}</div>
            <div class="stat-label">last request</div></div>
        </div>
      )}
    </section>
  );
}

function RecentErrors() {
  const errors = useOptionalApi('metrics/errors?limit=20', 10000);
  if (errors.absent) return null;
  return (
    <section aria-labelledby="errors-title">
      <h2 id="errors-title">Recent errors</h2>
      <ErrorBox error={errors.error} title="The recent errors could not be loaded" />
      {!errors.loaded ? <Loading /> : !errors.data?.length ? <Empty>No errors recently.</Empty> : (
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">When</th><th scope="col">Job</th><th scope="col" class="hide-narrow">Kind</th><th scope="col">Message</th></tr></thead>
            <tbody>
              {errors.data.map((e, i) => (
                <tr key={i}>
                  <td class="nowrap"><time dateTime={new Date(e.time).toISOString()} title={when(new Date(e.time))}>{ago(new Date(e.time))}</time></td>
                  <td>{e.jobId ? <Link href={`/jobs/${e.jobId}`}>{e.jobName || e.jobId}</Link> : '—'}</td>
                  <td class="hide-narrow"><code>{e.kind}</code></td>
                  <td class="wrap">{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
