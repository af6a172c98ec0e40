import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError, onUnauthorized } from './api.js';
import { Link, match, navigate, useRoute } from './router.js';
import { SessionContext, sessionOf } from './session.js';
import { Button, ErrorBox, Loading } from './ui/components.jsx';
import { routes } from './routes.js';
import { SignIn } from './pages/SignIn.jsx';
import { NotFound } from './pages/NotFound.jsx';

/** The panel: loads the instance's config and the caller's permissions, then shows the page the URL names. */
export function App() {
  const [config, setConfig] = useState(null);
  const [auth, setAuth] = useState(undefined); // undefined: loading; null: signed out
  const [failure, setFailure] = useState(null);
  const route = useRoute();

  const refresh = useCallback(async () => {
    try {
      const [cfg, me] = await Promise.all([
        api('config'),
        api('auth').catch((e) => {
          if (e instanceof ApiError && e.status === 401) return null;
          throw e;
        }),
      ]);
      setConfig(cfg);
      setAuth(me);
      setFailure(null);
    } catch (e) {
      setFailure(e);
    }
  }, []);

  useEffect(() => {
    refresh();
  }, [refresh]);
  useEffect(() => onUnauthorized(() => setAuth(null)), []);

  const signOut = useCallback(async () => {
    try {
      await api('auth/logout', { method: 'POST' });
    } finally {
      setAuth(null);
      navigate('/signin');
    }
  }, []);

  useEffect(() => {
    const name = config?.jobberName || 'Jobber';
    document.title = name;
  }, [config]);

  if (failure) {
    return (
      <main>
        <ErrorBox error={failure} title="Jobber could not be reached" />
        <Button onClick={refresh}>Try again</Button>
      </main>
    );
  }
  if (auth === undefined || !config) return <main><Loading /></main>;

  const session = sessionOf(config, auth, refresh, signOut);
  if (!auth) {
    return (
      <SessionContext.Provider value={session}>
        <SignIn next={route.path === '/signin' ? '/' : route.path + (location.search || '')} />
      </SessionContext.Provider>
    );
  }
  if (route.path === '/signin') {
    navigate(route.query.get('next') || '/', { replace: true });
    return null;
  }

  let page = null;
  let active = null;
  for (const r of routes) {
    const params = match(r.path, route.path);
    if (params) {
      page = <r.component {...params} query={route.query} />;
      active = r.section;
      break;
    }
  }
  const sections = routes.filter((r) => r.nav && r.visible(session));
  return (
    <SessionContext.Provider value={session}>
      <a class="skip" href="#main">Skip to content</a>
      <header class="topbar">
        <Link class="brand" href="/">Jobber{config.jobberName && config.jobberName !== 'Jobber' && <small>{config.jobberName}</small>}</Link>
        <nav class="mainnav" aria-label="Main">
          {sections.map((r) => (
            <Link key={r.section} href={r.nav} aria-current={active === r.section ? 'page' : undefined}>{r.title}</Link>
          ))}
        </nav>
        <div class="who">
          <Link href="/account">{auth.user?.username || 'API token'}</Link>
          {auth.user && <Button kind="secondary" onClick={signOut}>Sign out</Button>}
        </div>
      </header>
      <main id="main" tabIndex={-1}>{page || <NotFound />}</main>
    </SessionContext.Provider>
  );
}
