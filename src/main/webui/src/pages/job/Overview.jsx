import { api, seg } from '../../api.js';
import { useSession } from '../../session.js';
import { Empty, ErrorBox, Loading, Pager, usePages } from '../../ui/components.jsx';
import { useAsync } from '../../ui/hooks.js';
import { TriggerDetails, TriggerStatus, useTriggerStatuses } from './TriggerParts.jsx';
import { gatewayBase } from './triggers.js';

/** The job at a glance: description, links, where its HTTP routes answer, its schedules and MQTT topics. */
export function Overview({ jobId, job }) {
  const session = useSession();
  const canTriggers = session.canSome(`job/${jobId}/triggers/*`, 'read');
  const links = Array.isArray(job.links) ? job.links : [];
  return (
    <>
      <h2>Description</h2>
      {job.description ? <p>{job.description}</p> : <Empty>No description.</Empty>}
      {links.length > 0 && (
        <>
          <h2>Links</h2>
          <ul class="job-links">
            {links.map((l, i) => (
              <li key={i}><a href={l.url} target="_blank" rel="noopener noreferrer">{l.name || l.url}</a></li>
            ))}
          </ul>
        </>
      )}
      {canTriggers && <Entrypoints jobId={jobId} active={!!job.jobVersionId} />}
    </>
  );
}

const SECTIONS = [
  { type: 'http', title: 'HTTP routes', live: false },
  { type: 'schedule', title: 'Schedules', live: true },
  { type: 'mqtt', title: 'MQTT topics', live: true },
];

function Entrypoints({ jobId, active }) {
  const session = useSession();
  const triggers = useAsync((signal) => api(`job/${seg(jobId)}/triggers:current`, { signal }), [jobId]);
  if (triggers.error) return <ErrorBox error={triggers.error} title="The triggers could not be loaded" />;
  if (triggers.data === undefined) return <Loading />;
  if (!active) return <Empty>This job has no active version, so nothing triggers it.</Empty>;
  if (triggers.data.length === 0) return <Empty>The active version has no triggers.</Empty>;
  const base = gatewayBase(session.config);
  return SECTIONS.map((section) => (
    <TriggerSection key={section.type} jobId={jobId} base={base} {...section}
      triggers={triggers.data.filter((t) => t.context?.type === section.type)} />
  ));
}

/** One kind of trigger, paged; the live status of those on screen (HTTP triggers have no connection to watch). */
function TriggerSection({ jobId, base, title, live, triggers }) {
  const pages = usePages(triggers, 20);
  const statusOf = useTriggerStatuses(jobId, live ? pages.items : []);
  if (triggers.length === 0) return null;
  return (
    <>
      <h2>{title}</h2>
      <ul class="route-list">
        {pages.items.map((t) => (
          <li key={t.id}>
            <TriggerDetails context={t.context} base={base} />
            {t.context.name && <span class="muted"> — {t.context.name}</span>}
            {live && <div><TriggerStatus status={statusOf(t)} /></div>}
          </li>
        ))}
      </ul>
      <Pager {...pages} label={`${title} pages`} />
    </>
  );
}
