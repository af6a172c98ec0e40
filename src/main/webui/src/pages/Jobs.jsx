import { useMemo, useState } from 'preact/hooks';
import { api, seg } from '../api.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { Badge, Button, Empty, ErrorBox, Loading, Pager, usePages } from '../ui/components.jsx';
import { ago, count, when } from '../ui/format.js';
import { useAction, useAsync, useInterval } from '../ui/hooks.js';
import { useOptionalApi } from '../ui/optional.js';
import './admin.css';

const REFRESH_MS = 10000;

/** Every job the caller may read with its runners and last hour's traffic: search, filter by status, enable or disable. */
export function Jobs() {
  const session = useSession();
  const jobs = useAsync((signal) => api('job', { signal }), []);
  useInterval(jobs.reload, REFRESH_MS);
  const metrics = useOptionalApi('metrics/jobs', REFRESH_MS);
  const metricsOf = useMemo(() => new Map((metrics.data || []).map((m) => [m.jobId, m])), [metrics.data]);
  const [text, setText] = useState('');
  const [status, setStatus] = useState('all');
  const sorted = useMemo(() => {
    const collator = new Intl.Collator();
    return (jobs.data || []).map((j) => ({ job: j, text: `${j.jobName}\n${j.description || ''}`.toLowerCase() }))
      .sort((a, b) => collator.compare(a.job.jobName, b.job.jobName));
  }, [jobs.data]);
  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return sorted.filter((e) => (status === 'all' || e.job.status === status) && (!needle || e.text.includes(needle))).map((e) => e.job);
  }, [sorted, text, status]);
  const pages = usePages(shown, 50);
  return (
    <>
      <div class="row">
        <h1>Jobs</h1>
        {session.canSome('job/*/publish', 'write') && <Link class="btn btn-primary" href="/publish">Publish a job</Link>}
      </div>
      <div class="inline" role="search">
        <div class="field">
          <label for="job-search">Search</label>
          <input id="job-search" type="search" value={text} placeholder="Name or description"
            onInput={(e) => { setText(e.currentTarget.value); pages.setPage(0); }} />
        </div>
        <div class="field">
          <label for="job-status">Status</label>
          <select id="job-status" value={status} onChange={(e) => { setStatus(e.currentTarget.value); pages.setPage(0); }}>
            <option value="all">All</option>
            <option value="enabled">Enabled</option>
            <option value="disabled">Disabled</option>
          </select>
        </div>
      </div>
      <ErrorBox error={jobs.error} />
      <ErrorBox error={metrics.error} title="The job metrics could not be loaded" />
      {jobs.data === undefined ? <Loading /> : shown.length === 0 ? <Empty>No jobs match.</Empty> : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th><th scope="col" class="hide-narrow">Description</th><th scope="col">Status</th>
                <th scope="col" class="hide-narrow">Version</th>
                <th scope="col" class="num"><abbr title="Runners ready / total">Runners</abbr></th>
                <th scope="col" class="num hide-narrow">Requests (1 h)</th><th scope="col" class="num">Errors (1 h)</th>
                <th scope="col" class="hide-narrow">Last request</th><th scope="col"><span class="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {pages.items.map((job) => (
                <JobRow key={job.id} job={job} metrics={metricsOf.get(job.id)} canWrite={session.can(`job/${job.id}`, 'write')} onChanged={jobs.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager {...pages} label="Job pages" />
      {jobs.data !== undefined && (
        <p class="hint">
          {count(shown.length)} of {count(jobs.data.length)} jobs; refreshed every {REFRESH_MS / 1000} s.
          {metrics.absent && ' This Jobber does not report per-job metrics to you, so they show as —.'}
        </p>
      )}
    </>
  );
}

function JobRow({ job, metrics: m, canWrite, onChanged }) {
  const action = useAction();
  const enabled = job.status === 'enabled';
  const toggle = () => action.run(async () => {
    await api(`job/${seg(job.id)}`, { method: 'PUT', body: { status: enabled ? 'disabled' : 'enabled' } });
    onChanged();
  });
  return (
    <tr>
      <td><Link href={`/jobs/${job.id}`}>{job.jobName}</Link></td>
      <td class="hide-narrow">{job.description}</td>
      <td><Badge tone={enabled ? 'ok' : 'muted'}>{job.status}</Badge></td>
      <td class="hide-narrow">{job.version || <span class="muted">none</span>}</td>
      <td class="num">{m ? `${count(m.runnersReady)} / ${count(m.runnersTotal)}` : '—'}</td>
      <td class="num hide-narrow">{m ? count(m.requestsLastHour) : '—'}</td>
      <td class="num">{m ? (m.errorsLastHour > 0 ? <Badge tone="bad">{count(m.errorsLastHour)}</Badge> : count(m.errorsLastHour)) : '—'}</td>
      <td class="hide-narrow">{m?.lastRequestAt ? <time dateTime={new Date(m.lastRequestAt * 1000).toISOString()} title={when(m.lastRequestAt)}>{ago(m.lastRequestAt)}</time> : '—'}</td>
      <td>
        {canWrite && (
          <Button kind="secondary" busy={action.busy} onClick={toggle}
            aria-label={`${enabled ? 'Disable' : 'Enable'} ${job.jobName}`}>{enabled ? 'Disable' : 'Enable'}</Button>
        )}
        {action.error && <ErrorBox error={action.error} />}
      </td>
    </tr>
  );
}
