import { api } from '../api.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { Badge, Empty, ErrorBox, Loading, Pager, usePages } from '../ui/components.jsx';
import { ago, when } from '../ui/format.js';
import { useAsync } from '../ui/hooks.js';
import { summarize } from './accounts.js';
import './admin.css';

/** The usernames of the users the caller may read, by id ({} when it may read none). */
export function useUsernames() {
  const session = useSession();
  const readsUsers = session.can('users', 'read');
  const users = useAsync((signal) => (readsUsers ? api('users', { signal }).catch(() => []) : Promise.resolve([])), [readsUsers]);
  const names = Object.fromEntries((users.data || []).map((u) => [u.id, u.username]));
  if (session.auth?.user) names[session.auth.user.id] = session.auth.user.username;
  return names;
}

/** Whether a token is past its expiry. */
export const expired = (token) => new Date(token.expires).getTime() <= Date.now();

/** A token's status badge: enabled, disabled or expired. */
export function TokenStatus({ token }) {
  if (expired(token)) return <Badge tone="warn">expired</Badge>;
  return <Badge tone={token.status === 'enabled' ? 'ok' : 'muted'}>{token.status}</Badge>;
}

/** The API tokens the caller may read. */
export function Tokens() {
  const session = useSession();
  const allowed = session.canSome('api-tokens', 'read');
  const tokens = useAsync((signal) => (allowed ? api('api-tokens', { signal }) : Promise.resolve([])), [allowed]);
  const names = useUsernames();
  const sorted = (tokens.data || []).slice().sort((a, b) => b.created.localeCompare(a.created));
  const pages = usePages(sorted, 50);
  if (!allowed) return <><h1>API tokens</h1><p>Your permissions do not include API tokens.</p></>;
  return (
    <>
      <div class="row">
        <h1>API tokens</h1>
        {session.can('api-tokens', 'write') && <Link class="btn btn-primary" href="/tokens/new">Create an API token</Link>}
      </div>
      <p class="hint">Tokens let scripts and CI call the admin API with <code>Authorization: Bearer &lt;token&gt;</code>.</p>
      <ErrorBox error={tokens.error} />
      {tokens.data === undefined ? <Loading /> : sorted.length === 0 ? <Empty>No API tokens yet.</Empty> : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Description</th><th scope="col">Status</th><th scope="col" class="hide-narrow">Owner</th>
                <th scope="col" class="hide-narrow">Permissions</th><th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {pages.items.map((t) => (
                <tr key={t.id}>
                  <td class="wrap"><Link href={`/tokens/${t.id}`}>{t.description}</Link></td>
                  <td><TokenStatus token={t} /></td>
                  <td class="hide-narrow">{names[t.userId] || <code title={t.userId}>{t.userId?.slice(0, 8)}</code>}</td>
                  <td class="hide-narrow">{summarize(t.permissions)}</td>
                  <td><time dateTime={t.expires} title={when(t.expires)}>{ago(t.expires)}</time></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager {...pages} label="Token pages" />
    </>
  );
}
