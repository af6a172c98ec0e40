// Until the Job page's tab registry (pages/job/tabs.js) takes them, each tab is a page of its own under a heading.
import { api, seg } from '../../api.js';
import { Link } from '../../router.js';
import { Tabs } from '../../ui/components.jsx';
import { useAsync } from '../../ui/hooks.js';

const TABS = [
  { id: 'logs', label: 'Logs' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'try', label: 'Try it' },
];

/** A route component showing `Tab` ({jobId, query}) under the job's name and links to its sibling tabs. */
export function tabPage(id, Tab) {
  return function TabPage({ jobId, query }) {
    const job = useAsync((signal) => api(`job/${seg(jobId)}`, { signal }), [jobId]);
    const label = TABS.find((t) => t.id === id)?.label;
    return (
      <>
        <p class="muted"><Link href="/jobs">Jobs</Link> /</p>
        <h1>{job.data?.jobName || 'Job'} — {label}</h1>
        <Tabs tabs={TABS} current={id} hrefOf={(t) => `/jobs/${jobId}/${t}`} Link={Link} />
        <Tab jobId={jobId} job={job.data} query={query} />
      </>
    );
  };
}
