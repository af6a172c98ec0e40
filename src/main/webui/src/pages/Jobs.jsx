import { useMemo, useState } from 'preact/hooks';
import { api, seg } from '../api.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { Badge, Button, Empty, ErrorBox, Loading, Pager, usePages } from '../ui/components.jsx';
import { useAction, useAsync } from '../ui/hooks.js';

/** Every job the caller may read: search, filter by status, enable or disable. */
export function Jobs() {
  const session = useSession();
  const jobs = useAsync((signal) => api('job', { signal }), []);
  const [text, setText] = useState('');
  const [status, setStatus] = useState('all');
  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return (jobs.data || [])
      .filter((j) => status === 'all' || j.status === status)
      .filter((j) => !needle || j.jobName.toLowerCase().includes(needle) || (j.description || '').toLowerCase().includes(needle))
      .sort((a, b) => a.jobName.localeCompare(b.jobName));
  }, [jobs.data, text, status]);
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
      {jobs.data === undefined ? <Loading /> : shown.length === 0 ? <Empty>No jobs match.</Empty> : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr><th>Name</th><th class="hide-narrow">Description</th><th>Status</th><th>Version</th><th><span class="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {pages.items.map((job) => (
                <JobRow key={job.id} job={job} canWrite={session.can(`job/${job.id}`, 'write')} onChanged={jobs.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager {...pages} label="Job pages" />
    </>
  );
}

function JobRow({ job, canWrite, onChanged }) {
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
      <td>{job.version || <span class="muted">none</span>}</td>
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
