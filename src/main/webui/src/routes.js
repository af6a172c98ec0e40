// Every page of the panel: its path pattern, the main-menu section it belongs to and who sees that section.
import { Overview } from './pages/Overview.jsx';
import { Jobs } from './pages/Jobs.jsx';

export const routes = [
  { path: '/', component: Overview, section: 'overview', nav: '/', title: 'Overview',
    visible: (s) => s.can('system/metrics/overview', 'read') },
  { path: '/jobs', component: Jobs, section: 'jobs', nav: '/jobs', title: 'Jobs',
    visible: (s) => s.canSome('job/*', 'read') },
];
import { Job } from './pages/job/Job.jsx';
import { PublishPage } from './pages/job/Publish.jsx';
routes.push(
  { path: '/jobs/:jobId/:tab?', component: Job, section: 'jobs', visible: (s) => s.canSome('job/*', 'read') },
  { path: '/publish', component: PublishPage, section: 'jobs', visible: (s) => s.canSome('job/*/publish', 'write') },
);
