import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { navigate } from '../router.js';
import { useSession } from '../session.js';
import { Button, ErrorBox, Field } from '../ui/components.jsx';
import { useAction } from '../ui/hooks.js';

/** Sign in with a username and password; the session cookie is set by the server. */
export function SignIn({ next = '/' }) {
  const session = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = async (e) => {
    e.preventDefault();
    const ok = await action.run(() => api('auth/login', { method: 'POST', body: { username, password } }));
    if (ok !== undefined) {
      await session.refresh();
      navigate(next || '/', { replace: true });
    }
  };
  return (
    <main id="main" class="signin">
      <h1>Sign in to {session.config?.jobberName || 'Jobber'}</h1>
      <form onSubmit={submit} class="card" aria-label="Sign in">
        <Field id="username" label="Username" error={action.error?.field?.('username')}>
          {(a) => <input {...a} name="username" autoComplete="username" required value={username}
            onInput={(e) => setUsername(e.currentTarget.value)} autoFocus />}
        </Field>
        <Field id="password" label="Password" error={action.error?.field?.('password')}>
          {(a) => <input {...a} type="password" name="password" autoComplete="current-password" required value={password}
            onInput={(e) => setPassword(e.currentTarget.value)} />}
        </Field>
        <ErrorBox error={action.error} title="Sign-in failed" />
        <Button type="submit" busy={action.busy}>Sign in</Button>
        <p class="hint">The first start prints the administrator's password (user <code>admin</code>).</p>
      </form>
    </main>
  );
}
