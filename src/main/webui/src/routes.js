// Every page of the panel: its path pattern, the main-menu section it belongs to and who sees that section.
import { Overview } from './pages/Overview.jsx';
import { Jobs } from './pages/Jobs.jsx';
import { Logs } from './pages/job/Logs.jsx';
import { Metrics } from './pages/job/Metrics.jsx';
import { TryIt } from './pages/job/TryIt.jsx';
import { tabPage } from './pages/job/TabPage.jsx';

export const routes = [
  { path: '/', component: Overview, section: 'overview', nav: '/', title: 'Overview',
    visible: (s) => s.can('system/metrics/overview', 'read') },
  { path: '/jobs', component: Jobs, section: 'jobs', nav: '/jobs', title: 'Jobs',
    visible: (s) => s.canSome('job/*', 'read') },
  // The Job page's tabs, each on its own until the tab registry (pages/job/tabs.js) takes them.
  { path: '/jobs/:jobId/logs', component: tabPage('logs', Logs), section: 'jobs' },
  { path: '/jobs/:jobId/metrics', component: tabPage('metrics', Metrics), section: 'jobs' },
  { path: '/jobs/:jobId/try', component: tabPage('try', TryIt), section: 'jobs' },
];
