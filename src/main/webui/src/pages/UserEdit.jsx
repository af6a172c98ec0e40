import { useState } from 'preact/hooks';
import { api, seg } from '../api.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';
import { Badge, Button, ConfirmButton, ErrorBox, Field, Loading } from '../ui/components.jsx';
import { when } from '../ui/format.js';
import { useAction, useAsync } from '../ui/hooks.js';
import { PermissionEditor, ReadOnlyPermissions, usePermissionState } from '../ui/PermissionEditor.jsx';
import { credentialProblems, holdsAll, refuse, samePermissions, saveUser } from './accounts.js';
import './admin.css';

/** A new user: username, password and permissions. */
export function UserNew() {
  const session = useSession();
  if (!session.can('users', 'write')) {
    return <><h1>Create a user</h1><p>Your permissions do not include creating users.</p></>;
  }
  return (
    <>
      <p><Link href="/users">← Users</Link></p>
      <h1>Create a user</h1>
      <UserForm />
    </>
  );
}

/** One user: change the username, password or permissions, enable or disable, delete. */
export function UserEdit({ id }) {
  const session = useSession();
  const user = useAsync((signal) => api(`users/${seg(id)}`, { signal }), [id]);
  const action = useAction();
  const u = user.data;
  const me = session.auth?.user?.id === id;
  const manage = u ? holdsAll(session, u.permissions) : false;
  const toggle = () => action.run(async () => {
    await saveUser(session, id, { enabled: !u.enabled });
    user.reload();
  });
  const remove = () => action.run(async () => {
    await api(`users/${seg(id)}`, { method: 'DELETE' });
    navigate('/users');
  });
  return (
    <>
      <p><Link href="/users">← Users</Link></p>
      <ErrorBox error={user.error} />
      {!u ? (!user.error && <Loading />) : (
        <>
          <div class="row">
            <h1>{u.username} <Badge tone={u.enabled ? 'ok' : 'muted'}>{u.enabled ? 'enabled' : 'disabled'}</Badge></h1>
            <div class="actions">
              {session.can(`users/${id}`, 'write') && manage && !me && (
                <Button kind="secondary" busy={action.busy} onClick={toggle}>{u.enabled ? 'Disable' : 'Enable'}</Button>
              )}
              {session.can(`users/${id}`, 'delete') && manage && (
                <ConfirmButton label="Delete user" onConfirm={remove}
                  question={`Delete ${u.username} with their sessions and API tokens?${me ? ' This is you: you will be signed out.' : ''}`} />
              )}
            </div>
          </div>
          <ErrorBox error={action.error} />
          <dl class="facts">
            <dt>Id</dt><dd><code>{u.id}</code></dd>
            <dt>Created</dt><dd>{when(u.created)}</dd>
            <dt>Changed</dt><dd>{when(u.modified)}</dd>
          </dl>
          {session.can(`users/${id}`, 'write') && manage ? <UserForm key={u.id} user={u} onSaved={user.reload} /> : (
            <ReadOnlyPermissions permissions={u.permissions}
              note={!manage && `${u.username} holds permissions you do not, so you cannot change or delete this user.`} />
          )}
        </>
      )}
    </>
  );
}

/** The form of a new user (no `user`) or of changes to one: only changed fields are sent. */
function UserForm({ user, onSaved }) {
  const session = useSession();
  const creating = !user;
  const [username, setUsername] = useState(user?.username ?? '');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const perms = usePermissionState(user?.permissions ?? []);
  const action = useAction();
  const [saved, setSaved] = useState(false);
  const may = (field) => creating ? session.can('users', 'write')
    : session.can(`users/${user.id}`, 'write') && session.can(`users/${user.id}/${field}`, 'write');

  const submit = (e) => {
    e.preventDefault();
    setSaved(false);
    action.run(async () => {
      const body = {};
      if (creating || username !== user.username) body.username = username;
      if (creating || password) body.password = password;
      if (creating || !samePermissions(perms.doc, user.permissions)) body.permissions = perms.doc;
      const confirmed = body.password !== undefined ? confirm : undefined;
      refuse([...credentialProblems({ ...body, confirm: confirmed }), ...(body.permissions ? perms.problems : [])]);
      if (creating) {
        const created = await api('users', { method: 'POST', body });
        navigate(`/users/${created.id}`);
        return;
      }
      if (Object.keys(body).length === 0) return;
      await saveUser(session, user.id, body);
      setPassword('');
      setConfirm('');
      setSaved(true);
      onSaved?.();
    });
  };
  const err = (name) => action.error?.field?.(name);
  return (
    <form class="card form-narrow" onSubmit={submit} onInput={() => saved && setSaved(false)}
      aria-label={creating ? 'New user' : 'Change user'} noValidate>
      <Field id="user-name" label="Username" error={err('username')} hint="3 to 32 characters, no spaces">
        {(a) => <input {...a} value={username} autoComplete="off" disabled={!may('username')} required
          onInput={(e) => setUsername(e.currentTarget.value)} />}
      </Field>
      <Field id="user-password" label={creating ? 'Password' : 'New password'} error={err('password')}
        hint={creating ? 'At least 7 characters' : 'Leave empty to keep the current password; a new one signs the user out everywhere'}>
        {(a) => <input {...a} type="password" value={password} autoComplete="new-password" disabled={!may('password')}
          required={creating} onInput={(e) => setPassword(e.currentTarget.value)} />}
      </Field>
      {(creating || password) && (
        <Field id="user-confirm" label="Repeat the password" error={err('confirm')}>
          {(a) => <input {...a} type="password" value={confirm} autoComplete="new-password"
            onInput={(e) => setConfirm(e.currentTarget.value)} />}
        </Field>
      )}
      <PermissionEditor id="user-perms" state={perms} serverError={action.error} disabled={!may('permissions')} />
      <ErrorBox error={action.error} title={action.error?.status ? undefined : 'Not saved'} />
      {saved && <p class="notice notice-ok" role="status">Saved.</p>}
      <div class="actions">
        <Button type="submit" busy={action.busy}>{creating ? 'Create user' : 'Save changes'}</Button>
        {creating && <Link href="/users">Cancel</Link>}
      </div>
    </form>
  );
}
