import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useSession } from '../session.js';
import { Button, ErrorBox, Field, Loading } from '../ui/components.jsx';
import { ago, when } from '../ui/format.js';
import { useAction, useAsync } from '../ui/hooks.js';
import { PermissionTable } from '../ui/PermissionEditor.jsx';
import { credentialProblems, refuse, saveUser } from './accounts.js';
import './admin.css';

/** Who I am, what I may do, my password, signing out. */
export function Account() {
  const session = useSession();
  const me = useAsync((signal) => api('auth', { signal }), []);
  const a = me.data;
  return (
    <>
      <h1>Account</h1>
      <ErrorBox error={me.error} />
      {!a ? (!me.error && <Loading />) : (
        <>
          <dl class="facts">
            {a.user ? <><dt>User</dt><dd>{a.user.username} <span class="muted">(<code>{a.user.id}</code>)</span></dd></>
              : <><dt>Signed in with</dt><dd>an API token</dd></>}
            {a.session && <><dt>Session expires</dt><dd>{when(a.session.expires)} ({ago(a.session.expires)})</dd></>}
            {a.token && <><dt>Token expires</dt><dd>{when(a.token.expires)} ({ago(a.token.expires)})</dd></>}
          </dl>
          {a.user && <Button kind="secondary" onClick={session.signOut}>Sign out</Button>}
          <h2>My permissions</h2>
          <PermissionTable permissions={a.permissions} caption="My permissions" />
          {a.user && <PasswordForm user={a.user} onChanged={me.reload} />}
        </>
      )}
    </>
  );
}

function PasswordForm({ user, onChanged }) {
  const session = useSession();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const action = useAction();
  const allowed = session.can(`users/${user.id}`, 'write') && session.can(`users/${user.id}/password`, 'write');
  if (!allowed) {
    return <><h2>Password</h2><p class="hint">Your permissions do not allow changing your password; ask an administrator.</p></>;
  }
  const submit = (e) => {
    e.preventDefault();
    setDone(false);
    action.run(async () => {
      refuse(credentialProblems({ password, confirm }));
      await saveUser(session, user.id, { password });
      setPassword('');
      setConfirm('');
      setDone(true);
      onChanged();
    });
  };
  const err = (name) => action.error?.field?.(name);
  return (
    <form class="card form-narrow spaced" onSubmit={submit} onInput={() => done && setDone(false)}
      aria-labelledby="password-title" noValidate>
      <h2 id="password-title" class="card-title">Change my password</h2>
      <p class="hint">This signs you out everywhere else; this browser stays signed in.</p>
      {/* Lets password managers know whose password this is. */}
      <input type="text" name="username" autoComplete="username" value={user.username} hidden readOnly />
      <Field id="account-password" label="New password" error={err('password')} hint="At least 7 characters">
        {(a) => <input {...a} type="password" autoComplete="new-password" value={password} required
          onInput={(e) => setPassword(e.currentTarget.value)} />}
      </Field>
      <Field id="account-confirm" label="Repeat the new password" error={err('confirm')}>
        {(a) => <input {...a} type="password" autoComplete="new-password" value={confirm} required
          onInput={(e) => setConfirm(e.currentTarget.value)} />}
      </Field>
      <ErrorBox error={action.error} title={action.error?.status ? undefined : 'Not changed'} />
      {done && <p class="notice notice-ok" role="status">Your password is changed.</p>}
      <Button type="submit" busy={action.busy}>Change password</Button>
    </form>
  );
}
