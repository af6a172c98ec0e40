import { api } from '../api.js';
import { useSession } from '../session.js';
import { ErrorBox, Loading } from '../ui/components.jsx';
import { ago, count } from '../ui/format.js';
import { useAsync, useInterval } from '../ui/hooks.js';

/** The instance at a glance: runners and jobs totals. */
export function Overview() {
  const session = useSession();
  const allowed = session.can('system/metrics/overview', 'read');
  const overview = useAsync((signal) => (allowed ? api('metrics/overview', { signal }) : Promise.resolve(null)), [allowed]);
  useInterval(overview.reload, allowed ? 5000 : 0);
  if (!allowed) {
    return <><h1>Overview</h1><p>Your permissions do not include the instance overview.</p></>;
  }
  const o = overview.data;
  return (
    <>
      <h1>Overview</h1>
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
    </>
  );
}
