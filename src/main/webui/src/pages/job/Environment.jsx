import { useState } from 'preact/hooks';
import { api, seg } from '../../api.js';
import { useSession } from '../../session.js';
import { Badge, Button, ConfirmButton, Dialog, Empty, ErrorBox, Field, Loading, Pager, usePages } from '../../ui/components.jsx';
import { useAction, useAsync } from '../../ui/hooks.js';

/**
 * The job's environment variables: text values shown, secrets never (write-only: a secret's value is typed, sent and
 * forgotten). A change replaces the job's runners.
 */
export function Environment({ jobId }) {
  const session = useSession();
  const variables = useAsync((signal) => api(`job/${seg(jobId)}/environment`, { signal }), [jobId]);
  const [editing, setEditing] = useState(null); // null | {name, type, value, isNew}
  const list = Object.entries(variables.data || {}).sort(([a], [b]) => a.localeCompare(b));
  const pages = usePages(list, 50);
  const resource = (name) => `job/${jobId}/environment/${name}`;
  const canAdd = session.canSome(resource('*'), 'write');
  return (
    <>
      <div class="row">
        <h2>Environment variables</h2>
        {canAdd && <Button onClick={() => setEditing({ name: '', type: 'text', value: '', isNew: true })}>Add variable</Button>}
      </div>
      <p class="muted">Every runner of the job has them in <code>process.env</code>; a change replaces the runners.</p>
      <ErrorBox error={variables.error} title="The environment could not be loaded" />
      {variables.data === undefined ? (variables.error ? null : <Loading />) : list.length === 0 ? (
        <Empty>No variables{canAdd ? ' yet' : ' that you may read'}.</Empty>
      ) : (
        <div class="table-wrap">
          <table>
            <thead><tr><th>Name</th><th>Value</th><th><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {pages.items.map(([name, v]) => (
                <VariableRow key={name} jobId={jobId} name={name} variable={v} onChanged={variables.reload}
                  canWrite={session.can(resource(name), 'write')} canDelete={session.can(resource(name), 'delete')}
                  onEdit={() => setEditing({ name, type: v.type, value: v.type === 'text' ? v.value ?? '' : '', isNew: false })} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager {...pages} label="Variable pages" />
      <VariableDialog jobId={jobId} editing={editing} onClose={() => setEditing(null)} onSaved={variables.reload} />
    </>
  );
}

function VariableRow({ jobId, name, variable, canWrite, canDelete, onEdit, onChanged }) {
  const action = useAction();
  const secret = variable.type === 'secret';
  const remove = () => action.run(async () => {
    await api(`job/${seg(jobId)}/environment/${seg(name)}`, { method: 'DELETE' });
    onChanged();
  });
  return (
    <tr>
      <td><code>{name}</code></td>
      <td class="env-value">
        {secret ? <><Badge>secret</Badge> <span class="muted">(hidden)</span></> : <TextValue value={variable.value ?? ''} />}
      </td>
      <td>
        <div class="row-actions">
          {canWrite && (
            <Button kind="secondary" disabled={action.busy} onClick={onEdit} aria-label={`${secret ? 'Replace' : 'Change'} ${name}`}>
              {secret ? 'Replace' : 'Change'}
            </Button>
          )}
          {canDelete && (
            <ConfirmButton label="Delete" disabled={action.busy} onConfirm={remove}
              question={`Delete the variable ${name}? The job's runners are replaced.`} />
          )}
        </div>
        <ErrorBox error={action.error} />
      </td>
    </tr>
  );
}

const SHOWN = 300;

/** A text value, shortened when long (values may be up to 64 KiB; Change shows all of it). */
function TextValue({ value }) {
  if (value.length <= SHOWN) return <code class="wrap">{value}</code>;
  return <><code class="wrap">{value.slice(0, SHOWN)}…</code> <span class="muted">({value.length} characters)</span></>;
}

/** Adds or changes one variable. The value lives in this dialog's state only while it is open and unsaved. */
function VariableDialog({ jobId, editing, onClose, onSaved }) {
  return (
    <Dialog open={!!editing} title={editing?.isNew ? 'Add a variable' : `${editing?.type === 'secret' ? 'Replace' : 'Change'} ${editing?.name}`}
      onClose={onClose}>
      {editing && <VariableForm key={editing.name} jobId={jobId} initial={editing} onClose={onClose} onSaved={onSaved} />}
    </Dialog>
  );
}

function VariableForm({ jobId, initial, onClose, onSaved }) {
  const [name, setName] = useState(initial.name);
  const [type, setType] = useState(initial.type);
  const [value, setValue] = useState(initial.value);
  const action = useAction();
  const secret = type === 'secret';
  const submit = (e) => {
    e.preventDefault();
    action.run(async () => {
      await api(`job/${seg(jobId)}/environment/${seg(name.trim())}`, { method: 'POST', form: { type, value } });
      setValue(''); // a secret is not kept once it is saved
      onSaved();
      onClose();
    });
  };
  const close = () => {
    setValue('');
    onClose();
  };
  return (
    <form onSubmit={submit} autocomplete="off">
      <Field id="env-name" label="Name" hint="Saved in upper case, 1 to 128 characters." error={action.error?.field('name')}>
        {(p) => <input {...p} value={name} required maxLength={128} readOnly={!initial.isNew} spellcheck={false}
          onInput={(e) => setName(e.currentTarget.value)} />}
      </Field>
      <Field id="env-type" label="Type" hint={secret ? 'Write-only: its value is never shown again.' : 'Its value is shown in the panel.'}
        error={action.error?.field('type')}>
        {(p) => (
          <select {...p} value={type} onChange={(e) => { setType(e.currentTarget.value); setValue(''); }}>
            <option value="text">Text</option>
            <option value="secret">Secret</option>
          </select>
        )}
      </Field>
      <Field id="env-value" label={secret ? 'Secret value' : 'Value'} error={action.error?.field('value')}
        hint={secret && !initial.isNew && initial.type === 'secret' ? 'The current value is hidden; type the new one.' : undefined}>
        {(p) => (secret
          ? <input {...p} type="password" autocomplete="new-password" autoFocus={!initial.isNew} value={value} onInput={(e) => setValue(e.currentTarget.value)} />
          : <textarea {...p} rows={3} autoFocus={!initial.isNew} value={value} onInput={(e) => setValue(e.currentTarget.value)} />)}
      </Field>
      <ErrorBox error={action.error} />
      <div class="actions">
        <Button type="submit" busy={action.busy} disabled={!name.trim()}>Save</Button>
        <Button type="button" kind="secondary" disabled={action.busy} onClick={close}>Cancel</Button>
      </div>
    </form>
  );
}
