// Every page of the panel: its path pattern, the main-menu section it belongs to and who sees that section.
// The first pattern that matches wins, so fixed paths come before parameters.
import { Overview } from './pages/Overview.jsx';
import { Jobs } from './pages/Jobs.jsx';
import { Job } from './pages/job/Job.jsx';
import { PublishPage } from './pages/job/Publish.jsx';
import { Users } from './pages/Users.jsx';
import { UserEdit, UserNew } from './pages/UserEdit.jsx';
import { Tokens } from './pages/Tokens.jsx';
import { TokenEdit, TokenNew } from './pages/TokenEdit.jsx';
import { Account } from './pages/Account.jsx';

export const routes = [
  { path: '/', component: Overview, section: 'overview', nav: '/', title: 'Overview',
    visible: (s) => s.can('system/metrics/overview', 'read') },
  { path: '/jobs', component: Jobs, section: 'jobs', nav: '/jobs', title: 'Jobs',
    visible: (s) => s.canSome('job/*', 'read') },
  { path: '/jobs/:jobId/:tab?', component: Job, section: 'jobs' },
  { path: '/publish', component: PublishPage, section: 'jobs' },
  { path: '/users', component: Users, section: 'users', nav: '/users', title: 'Users',
    visible: (s) => s.canSome('users', 'read') },
  { path: '/users/new', component: UserNew, section: 'users' },
  { path: '/users/:id', component: UserEdit, section: 'users' },
  { path: '/tokens', component: Tokens, section: 'tokens', nav: '/tokens', title: 'API tokens',
    visible: (s) => s.canSome('api-tokens', 'read') },
  { path: '/tokens/new', component: TokenNew, section: 'tokens' },
  { path: '/tokens/:id', component: TokenEdit, section: 'tokens' },
  { path: '/account', component: Account, section: 'account' },
];
