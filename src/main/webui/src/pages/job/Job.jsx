import { api, seg } from '../../api.js';
import { Link, navigate } from '../../router.js';
import { useSession } from '../../session.js';
import { Badge, Button, ConfirmButton, ErrorBox, Loading, Tabs } from '../../ui/components.jsx';
import { useAction, useAsync } from '../../ui/hooks.js';
import { tabs } from './tabs.js';
import './job.css';

/** One job: its name, status and active version, what the caller may change of it, and its tabs. */
export function Job({ jobId, tab = 'overview', query }) {
  const session = useSession();
  const job = useAsync((signal) => api(`job/${seg(jobId)}`, { signal }), [jobId]);
  const shown = tabs.filter((t) => t.visible(session, jobId));
  const current = shown.find((t) => t.id === tab);

  if (job.data === undefined) {
    return job.error ? <><BackLink /><ErrorBox error={job.error} title="The job could not be loaded" /></> : <Loading />;
  }
  return (
    <>
      <BackLink />
      <JobHeader job={job.data} onChanged={job.reload} />
      <ErrorBox error={job.error} />
      <Tabs tabs={shown} current={tab} hrefOf={(id) => `/jobs/${jobId}/${id}`} Link={Link} />
      {current ? (
        <section aria-label={current.label} class="job-tab">
          <current.component jobId={jobId} job={job.data} reloadJob={job.reload} query={query} />
        </section>
      ) : (
        <p>There is no section “{tab}” here, or your permissions do not include it.</p>
      )}
    </>
  );
}

const BackLink = () => <p class="job-back"><Link href="/jobs">← Jobs</Link></p>;

function JobHeader({ job, onChanged }) {
  const session = useSession();
  const action = useAction();
  const canWrite = session.can(`job/${job.id}`, 'write');
  const canDelete = session.can(`job/${job.id}`, 'delete');
  const enabled = job.status === 'enabled';
  const toggle = () => action.run(async () => {
    await api(`job/${seg(job.id)}`, { method: 'PUT', body: { status: enabled ? 'disabled' : 'enabled' } });
    onChanged();
  });
  const remove = () => action.run(async () => {
    await api(`job/${seg(job.id)}`, { method: 'DELETE' });
    navigate('/jobs');
  });
  return (
    <header class="job-header">
      <div class="job-title">
        <h1>{job.jobName}</h1>
        <Badge tone={enabled ? 'ok' : 'muted'}>{job.status}</Badge>
        <span class="muted">
          {job.version ? <>active version <strong class="mono">{job.version}</strong></> : 'no active version'}
        </span>
      </div>
      {job.description && <p class="job-description">{job.description}</p>}
      {(canWrite || canDelete) && (
        <div class="actions">
          {canWrite && (
            <Button kind="secondary" busy={action.busy} onClick={toggle}>{enabled ? 'Disable job' : 'Enable job'}</Button>
          )}
          {canDelete && (
            <ConfirmButton label="Delete job" disabled={action.busy} onConfirm={remove}
              question={`Delete ${job.jobName} with all its versions, archives, logs and store items? This cannot be undone.`} />
          )}
        </div>
      )}
      <ErrorBox error={action.error} />
    </header>
  );
}
