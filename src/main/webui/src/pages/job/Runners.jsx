import { api, seg } from '../../api.js';
import { useSession } from '../../session.js';
import { Badge, Button, Empty, ErrorBox, Loading, Pager, usePages } from '../../ui/components.jsx';
import { ago, count, when } from '../../ui/format.js';
import { useAction, useAsync, useInterval } from '../../ui/hooks.js';

const TONES = { ready: 'ok', starting: 'warn', closing: 'warn', closed: 'muted' };

/** The job's runners (refreshed every 3 s): state, age, load; shut one down gracefully or forcefully. */
export function Runners({ jobId }) {
  const session = useSession();
  const canWrite = session.can(`job/${jobId}/runners`, 'write');
  const runners = useAsync((signal) => api(`job/${seg(jobId)}/runners`, { signal }), [jobId]);
  useInterval(runners.reload, 3000);
  const list = runners.data || [];
  const pages = usePages(list, 25);
  const ready = list.filter((r) => r.status === 'ready').length;
  const load = list.reduce((sum, r) => sum + (r.requestsProcessing || 0), 0);
  return (
    <>
      <h2>Runners</h2>
      <ErrorBox error={runners.error} title="The runners could not be loaded" />
      {runners.data === undefined ? (runners.error ? null : <Loading />) : list.length === 0 ? (
        <Empty>No runners: none is needed at the moment, or the job is disabled or has no active version.</Empty>
      ) : (
        <>
          <p class="muted" aria-live="polite">{count(ready)} of {count(list.length)} ready, {count(load)} requests in progress.</p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Runner</th><th>State</th><th>Age</th><th class="num">In progress</th>
                  <th class="num hide-narrow">Total</th><th class="hide-narrow">Last request</th>
                  {canWrite && <th><span class="sr-only">Actions</span></th>}
                </tr>
              </thead>
              <tbody>
                {pages.items.map((r) => <RunnerRow key={r.id} jobId={jobId} runner={r} canWrite={canWrite} onChanged={runners.reload} />)}
              </tbody>
            </table>
          </div>
        </>
      )}
      <Pager {...pages} label="Runner pages" />
    </>
  );
}

function RunnerRow({ jobId, runner, canWrite, onChanged }) {
  const action = useAction();
  const open = runner.status === 'starting' || runner.status === 'ready';
  const shutDown = (forceful) => action.run(async () => {
    await api(`job/${seg(jobId)}/runners/${seg(runner.id)}?forceful=${forceful}`, { method: 'DELETE' });
    onChanged();
  });
  const short = runner.id.slice(0, 8);
  return (
    <tr>
      <td><code title={runner.id}>{short}</code></td>
      <td>
        <Badge tone={TONES[runner.status] || 'muted'}>{runner.status}</Badge>
        {runner.readyAt && <span class="muted hide-narrow"> since {ago(runner.readyAt)}</span>}
      </td>
      <td title={when(runner.createdAt)}>{ago(runner.createdAt).replace(/ ago$/, '')}</td>
      <td class="num">{count(runner.requestsProcessing)}</td>
      <td class="num hide-narrow">{runner.requestsTotal == null ? '—' : count(runner.requestsTotal)}</td>
      <td class="hide-narrow" title={when(runner.lastRequestAt)}>{runner.lastRequestAt ? ago(runner.lastRequestAt) : 'never'}</td>
      {canWrite && (
        <td>
          <div class="row-actions">
            <Button kind="secondary" busy={action.busy} disabled={!open} onClick={() => shutDown(false)}
              aria-label={`Shut down runner ${short} gracefully`} title="Finish the requests in progress, then stop">Shut down</Button>
            <Button kind="danger" busy={action.busy} disabled={runner.status === 'closed'} onClick={() => shutDown(true)}
              aria-label={`Stop runner ${short} now`} title="Stop at once, failing the requests in progress">Stop now</Button>
          </div>
          <ErrorBox error={action.error} />
        </td>
      )}
    </tr>
  );
}
