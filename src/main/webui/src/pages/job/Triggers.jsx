import { api, seg } from '../../api.js';
import { useSession } from '../../session.js';
import { Badge, Empty, ErrorBox, Loading, Pager, usePages } from '../../ui/components.jsx';
import { useAsync } from '../../ui/hooks.js';
import { TriggerDetails, TriggerStatus, useTriggerStatuses } from './TriggerParts.jsx';
import { gatewayBase } from './triggers.js';

/** The active version's triggers, what each reacts to and its live status (refreshed every 5 s). */
export function Triggers({ jobId }) {
  const session = useSession();
  const triggers = useAsync((signal) => api(`job/${seg(jobId)}/triggers:current`, { signal }), [jobId]);
  const pages = usePages(triggers.data, 25);
  const statusOf = useTriggerStatuses(jobId, pages.items);
  const base = gatewayBase(session.config);
  return (
    <>
      <h2>Triggers of the active version</h2>
      <ErrorBox error={triggers.error} title="The triggers could not be loaded" />
      {triggers.data === undefined ? (triggers.error ? null : <Loading />) : triggers.data.length === 0 ? (
        <Empty>The active version has no triggers (or this job has no active version).</Empty>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr><th>Type</th><th>Reacts to</th><th class="hide-narrow">Name</th><th>Status</th></tr>
            </thead>
            <tbody>
              {pages.items.map((t) => (
                <tr key={t.id}>
                  <td><Badge>{t.context?.type || '?'}</Badge></td>
                  <td><TriggerDetails context={t.context} base={base} /></td>
                  <td class="hide-narrow">{t.context?.name || <span class="muted">—</span>}</td>
                  <td><TriggerStatus status={statusOf(t)} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager {...pages} label="Trigger pages" />
    </>
  );
}
