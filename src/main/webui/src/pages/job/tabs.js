// The tabs of the job page (/jobs/:jobId/:tab?), in the order shown. Each is {id (the URL segment), label,
// component, visible(session, jobId)}; a tab is listed only where `visible` says the caller may use it (the
// resources of SPEC §3). A tab's component is rendered with {jobId, job, reloadJob, query}: the job as GET /api/job/:id
// answers it, a function that loads it again (after a change to its status or active version) and the URL's query.
// To add a tab: import its component and append one line to the array.
import { Overview } from './Overview.jsx';
import { Versions } from './Versions.jsx';
import { Triggers } from './Triggers.jsx';
import { Action } from './Action.jsx';
import { Runners } from './Runners.jsx';
import { Environment } from './Environment.jsx';
import { Store } from './Store.jsx';
import { PublishTab } from './Publish.jsx';
import { Logs } from './Logs.jsx';
import { Metrics } from './Metrics.jsx';
import { TryIt } from './TryIt.jsx';

const job = (jobId) => `job/${jobId}`;

export const tabs = [
  { id: 'overview', label: 'Overview', component: Overview, visible: () => true },
  { id: 'versions', label: 'Versions', component: Versions, visible: (s, id) => s.canSome(`${job(id)}/versions/*`, 'read') },
  { id: 'triggers', label: 'Triggers', component: Triggers, visible: (s, id) => s.canSome(`${job(id)}/triggers/*`, 'read') },
  { id: 'action', label: 'Action', component: Action, visible: (s, id) => s.canSome(`${job(id)}/actions/*`, 'read') },
  { id: 'runners', label: 'Runners', component: Runners, visible: (s, id) => s.can(`${job(id)}/runners`, 'read') },
  { id: 'environment', label: 'Environment', component: Environment,
    visible: (s, id) => s.canSome(`${job(id)}/environment/*`, 'read') || s.canSome(`${job(id)}/environment/*`, 'write') },
  { id: 'store', label: 'Store', component: Store, visible: (s, id) => s.canSome(`${job(id)}/store/*`, 'read') },
  { id: 'logs', label: 'Logs', component: Logs, visible: (s, id) => s.can(`${job(id)}/logs`, 'read') },
  { id: 'metrics', label: 'Metrics', component: Metrics, visible: (s, id) => s.can(`${job(id)}/metrics`, 'read') },
  { id: 'try', label: 'Try it', component: TryIt, visible: (s, id) => s.can(job(id), 'read') },
  { id: 'publish', label: 'Publish', component: PublishTab, visible: (s, id) => s.can(`${job(id)}/publish`, 'write') },
];
