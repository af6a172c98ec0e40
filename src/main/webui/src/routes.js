// Every page of the panel: its path pattern, the main-menu section it belongs to and who sees that section.
import { Overview } from './pages/Overview.jsx';
import { Jobs } from './pages/Jobs.jsx';

export const routes = [
  { path: '/', component: Overview, section: 'overview', nav: '/', title: 'Overview',
    visible: (s) => s.can('system/metrics/overview', 'read') },
  { path: '/jobs', component: Jobs, section: 'jobs', nav: '/jobs', title: 'Jobs',
    visible: (s) => s.canSome('job/*', 'read') },
];

// Users, API tokens and the account page (linked from the header).
import { Users } from './pages/Users.jsx';
import { UserEdit, UserNew } from './pages/UserEdit.jsx';
import { Tokens } from './pages/Tokens.jsx';
import { TokenEdit, TokenNew } from './pages/TokenEdit.jsx';
import { Account } from './pages/Account.jsx';

routes.push(
  { path: '/users', component: Users, section: 'users', nav: '/users', title: 'Users',
    visible: (s) => s.canSome('users', 'read') },
  { path: '/users/new', component: UserNew, section: 'users' },
  { path: '/users/:id', component: UserEdit, section: 'users' },
  { path: '/tokens', component: Tokens, section: 'tokens', nav: '/tokens', title: 'API tokens',
    visible: (s) => s.canSome('api-tokens', 'read') },
  { path: '/tokens/new', component: TokenNew, section: 'tokens' },
  { path: '/tokens/:id', component: TokenEdit, section: 'tokens' },
  { path: '/account', component: Account, section: 'account' },
);
