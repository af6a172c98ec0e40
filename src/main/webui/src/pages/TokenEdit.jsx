import { useEffect, useRef, useState } from 'preact/hooks';
import { api, seg } from '../api.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';
import { Button, ConfirmButton, CopyButton, ErrorBox, Field, Loading } from '../ui/components.jsx';
import { ago, when } from '../ui/format.js';
import { useAction, useAsync } from '../ui/hooks.js';
import { PermissionEditor, ReadOnlyPermissions, usePermissionState } from '../ui/PermissionEditor.jsx';
import { holdsAll, refuse, samePermissions } from './accounts.js';
import { PRESETS, publishCommand, ttlOf, UNITS } from './tokenTtl.js';
import { TokenStatus, useUsernames } from './Tokens.jsx';
import './admin.css';

const PUBLISH_ONLY = [{ effect: 'allow', resource: 'job/-/publish', actions: ['write'] }];

function descriptionProblems(description) {
  return description.length < 1 || description.length > 1024
    ? [{ field: 'description', message: 'must be 1 to 1024 characters' }] : [];
}

/** A new token: description, lifetime and permissions; then its secret, shown this once. */
export function TokenNew() {
  const session = useSession();
  const [description, setDescription] = useState('');
  const [choice, setChoice] = useState('month');
  const [amount, setAmount] = useState('');
  const [unit, setUnit] = useState('days');
  const perms = usePermissionState(PUBLISH_ONLY);
  const action = useAction();
  const [created, setCreated] = useState(null);
  if (!session.can('api-tokens', 'write')) {
    return <><h1>Create an API token</h1><p>Your permissions do not include creating API tokens.</p></>;
  }
  if (created) return <TokenCreated token={created} />;
  const ttl = ttlOf(choice, amount, unit);
  const submit = (e) => {
    e.preventDefault();
    action.run(async () => {
      refuse([...descriptionProblems(description), ...(ttl.error ? [{ field: 'ttl', message: ttl.error }] : []), ...perms.problems]);
      setCreated(await api('api-tokens', { method: 'POST', body: { description, ttl: ttl.seconds, permissions: perms.doc } }));
    });
  };
  const err = (name) => action.error?.field?.(name);
  return (
    <>
      <p><Link href="/tokens">← API tokens</Link></p>
      <h1>Create an API token</h1>
      <form class="card form-narrow" onSubmit={submit} aria-label="New API token" noValidate>
        <Field id="token-description" label="Description" error={err('description')} hint="What uses it, e.g. “CI of the hello job”">
          {(a) => <input {...a} value={description} maxLength={1024} required onInput={(e) => setDescription(e.currentTarget.value)} />}
        </Field>
        <fieldset class="choices" aria-describedby="token-ttl-note">
          <legend>Expires after</legend>
          {[...PRESETS, { id: 'custom', label: 'Custom' }].map((p) => (
            <label key={p.id}>
              <input type="radio" name="ttl" value={p.id} checked={choice === p.id} onChange={() => setChoice(p.id)} /> {p.label}
            </label>
          ))}
        </fieldset>
        {choice === 'custom' && (
          <div class="inline">
            <Field id="token-amount" label="Lifetime" error={ttl.error || err('ttl')}>
              {(a) => <input {...a} type="number" min="1" step="any" inputMode="decimal" value={amount}
                onInput={(e) => setAmount(e.currentTarget.value)} />}
            </Field>
            <div class="field">
              <label for="token-unit">Unit</label>
              <select id="token-unit" value={unit} onChange={(e) => setUnit(e.currentTarget.value)}>
                {UNITS.map((u) => <option key={u.id} value={u.id}>{u.label}</option>)}
              </select>
            </div>
          </div>
        )}
        <p id="token-ttl-note" class="hint">
          {ttl.seconds ? <>Expires {when(new Date(Date.now() + ttl.seconds * 1000))}.</> : 'From 1 minute to 5 years.'}
          {choice !== 'custom' && err('ttl') && <span class="field-error"> {err('ttl')}</span>}
        </p>
        <PermissionEditor id="token-perms" state={perms} serverError={action.error}
          legend="Permissions (at most your own; the default publishes new jobs)" />
        <ErrorBox error={action.error} title={action.error?.status ? undefined : 'Not created'} />
        <div class="actions">
          <Button type="submit" busy={action.busy}>Create token</Button>
          <Link href="/tokens">Cancel</Link>
        </div>
      </form>
    </>
  );
}

/** The new token's secret, with the command that publishes with it. */
function TokenCreated({ token }) {
  const command = publishCommand(location.origin, token.token);
  const heading = useRef(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>API token created</h1>
      <div class="card">
        <p><strong>Copy the token now:</strong> Jobber keeps only its hash and shows it this one time.</p>
        <div class="secret">
          <code id="token-secret" aria-label="The token">{token.token}</code>
          <CopyButton text={token.token} label="Copy the token" />
        </div>
        <h2>Publish a job with it</h2>
        <div class="secret">
          <pre id="token-command" aria-label="Publish command">{command}</pre>
          <CopyButton text={command} label="Copy the command" />
        </div>
        <p class="hint">It expires {when(token.expires)}.</p>
        <div class="actions">
          <Link class="btn btn-primary" href={`/tokens/${token.id}`}>Done</Link>
          <Link href="/tokens">All API tokens</Link>
        </div>
      </div>
    </>
  );
}

/** One token: change its description or permissions, enable or disable it, delete it. */
export function TokenEdit({ id }) {
  const session = useSession();
  const token = useAsync((signal) => api(`api-tokens/${seg(id)}`, { signal }), [id]);
  const names = useUsernames();
  const action = useAction();
  const t = token.data;
  const manage = t ? holdsAll(session, t.permissions) : false;
  const canWrite = session.can(`api-tokens/${id}`, 'write') && manage;
  const toggle = () => action.run(async () => {
    await api(`api-tokens/${seg(id)}`, { method: 'PUT', body: { status: t.status === 'enabled' ? 'disabled' : 'enabled' } });
    token.reload();
  });
  const remove = () => action.run(async () => {
    await api(`api-tokens/${seg(id)}`, { method: 'DELETE' });
    navigate('/tokens');
  });
  return (
    <>
      <p><Link href="/tokens">← API tokens</Link></p>
      <ErrorBox error={token.error} />
      {!t ? (!token.error && <Loading />) : (
        <>
          <div class="row">
            <h1 class="wrap">{t.description} <TokenStatus token={t} /></h1>
            <div class="actions">
              {canWrite && <Button kind="secondary" busy={action.busy} onClick={toggle}>{t.status === 'enabled' ? 'Disable' : 'Enable'}</Button>}
              {session.can(`api-tokens/${id}`, 'delete') && (
                <ConfirmButton label="Delete token" onConfirm={remove}
                  question="Delete this token? Scripts using it will be refused from now on." />
              )}
            </div>
          </div>
          <ErrorBox error={action.error} />
          <dl class="facts">
            <dt>Id</dt><dd><code>{t.id}</code></dd>
            <dt>Owner</dt><dd>{names[t.userId] || <code>{t.userId}</code>}</dd>
            <dt>Created</dt><dd>{when(t.created)}</dd>
            <dt>Expires</dt><dd>{when(t.expires)} ({ago(t.expires)})</dd>
          </dl>
          {canWrite ? <TokenForm key={t.id} token={t} onSaved={token.reload} /> : (
            <ReadOnlyPermissions permissions={t.permissions}
              note={!manage && 'This token holds permissions you do not, so you cannot change it.'} />
          )}
        </>
      )}
    </>
  );
}

function TokenForm({ token, onSaved }) {
  const [description, setDescription] = useState(token.description);
  const perms = usePermissionState(token.permissions);
  const action = useAction();
  const [saved, setSaved] = useState(false);
  const submit = (e) => {
    e.preventDefault();
    setSaved(false);
    action.run(async () => {
      const body = {};
      if (description !== token.description) body.description = description;
      if (!samePermissions(perms.doc, token.permissions)) body.permissions = perms.doc;
      refuse([...descriptionProblems(description), ...(body.permissions ? perms.problems : [])]);
      if (Object.keys(body).length === 0) return;
      await api(`api-tokens/${seg(token.id)}`, { method: 'PUT', body });
      setSaved(true);
      onSaved();
    });
  };
  return (
    <form class="card form-narrow" onSubmit={submit} onInput={() => saved && setSaved(false)} aria-label="Change API token" noValidate>
      <Field id="token-description" label="Description" error={action.error?.field?.('description')}>
        {(a) => <input {...a} value={description} maxLength={1024} required onInput={(e) => setDescription(e.currentTarget.value)} />}
      </Field>
      <PermissionEditor id="token-perms" state={perms} serverError={action.error} />
      <ErrorBox error={action.error} title={action.error?.status ? undefined : 'Not saved'} />
      {saved && <p class="notice notice-ok" role="status">Saved.</p>}
      <div class="actions"><Button type="submit" busy={action.busy}>Save changes</Button></div>
    </form>
  );
}
