import { api } from '../api.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { Badge, Button, Empty, ErrorBox, Loading, Pager, usePages } from '../ui/components.jsx';
import { ago, when } from '../ui/format.js';
import { useAction, useAsync } from '../ui/hooks.js';
import { holdsAll, saveUser, summarize } from './accounts.js';
import './admin.css';

/** The users the caller may read: who they are, what they may do, enable or disable them. */
export function Users() {
  const session = useSession();
  const allowed = session.canSome('users', 'read');
  const users = useAsync((signal) => (allowed ? api('users', { signal }) : Promise.resolve([])), [allowed]);
  const sorted = (users.data || []).slice().sort((a, b) => a.username.localeCompare(b.username));
  const pages = usePages(sorted, 50);
  if (!allowed) return <><h1>Users</h1><p>Your permissions do not include the users.</p></>;
  return (
    <>
      <div class="row">
        <h1>Users</h1>
        {session.can('users', 'write') && <Link class="btn btn-primary" href="/users/new">Create a user</Link>}
      </div>
      <ErrorBox error={users.error} />
      {users.data === undefined ? <Loading /> : sorted.length === 0 ? <Empty>No users you may see.</Empty> : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Username</th><th scope="col">Status</th><th scope="col" class="hide-narrow">Permissions</th>
                <th scope="col" class="hide-narrow">Created</th><th scope="col"><span class="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {pages.items.map((u) => <UserRow key={u.id} user={u} onChanged={users.reload} />)}
            </tbody>
          </table>
        </div>
      )}
      <Pager {...pages} label="User pages" />
    </>
  );
}

function UserRow({ user, onChanged }) {
  const session = useSession();
  const action = useAction();
  const me = session.auth?.user?.id === user.id;
  const toggle = () => action.run(async () => {
    await saveUser(session, user.id, { enabled: !user.enabled });
    onChanged();
  });
  return (
    <tr>
      <td><Link href={`/users/${user.id}`}>{user.username}</Link>{me && <span class="muted"> (you)</span>}</td>
      <td><Badge tone={user.enabled ? 'ok' : 'muted'}>{user.enabled ? 'enabled' : 'disabled'}</Badge></td>
      <td class="hide-narrow">{summarize(user.permissions)}</td>
      <td class="hide-narrow"><time dateTime={user.created} title={when(user.created)}>{ago(user.created)}</time></td>
      <td>
        {session.can(`users/${user.id}`, 'write') && !me && holdsAll(session, user.permissions) && (
          <Button kind="secondary" busy={action.busy} onClick={toggle}
            aria-label={`${user.enabled ? 'Disable' : 'Enable'} ${user.username}`}>{user.enabled ? 'Disable' : 'Enable'}</Button>
        )}
        <ErrorBox error={action.error} />
      </td>
    </tr>
  );
}
