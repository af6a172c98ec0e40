// Edits a permission document [{effect, resource, actions}] as rows or as raw JSON, for users and API tokens.
import { Component } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api.js';
import { grantable } from '../permissions.js';
import { useSession } from '../session.js';
import { Button } from './components.jsx';
import { useAsync } from './hooks.js';
import {
  ACTIONS, EFFECTS, errorsByRow, newStatement, parseDocument, resourceOptions, showableAsRows, suggest, validateDocument,
} from './permissionDoc.js';
import './PermissionEditor.css';

/**
 * The editor's state, kept by the form that sends it: {doc, json (the text while the JSON view is open, else null),
 * problems, valid, setDoc, setJson, toggleJson}. While the JSON text does not parse, `doc` is the last one that did.
 */
export function usePermissionState(initial) {
  const [doc, setDoc] = useState(() => (Array.isArray(initial) ? initial : []));
  const [json, setJsonText] = useState(null);
  const problems = useMemo(() => (json !== null ? parseDocument(json).errors : validateDocument(doc)), [doc, json]);
  const setJson = (text) => {
    setJsonText(text);
    const parsed = parseDocument(text);
    if (parsed.doc !== undefined) setDoc(parsed.doc);
  };
  const toggleJson = () => {
    if (json === null) setJsonText(JSON.stringify(doc, null, 2));
    else if (parseDocument(json).doc !== undefined && showableAsRows(doc)) setJsonText(null);
  };
  const canShowRows = json === null || (parseDocument(json).doc !== undefined && showableAsRows(doc));
  return { doc, json, problems, valid: problems.length === 0, canShowRows, setDoc, setJson, toggleJson };
}

/** The datalist of resource suggestions (those for the field being edited), rendered again only when they change. */
class ResourceList extends Component {
  shouldComponentUpdate(next) {
    return next.options !== this.props.options;
  }
  render({ id, options }) {
    return (
      <datalist id={id}>
        {options.map((o) => <option key={o.value} value={o.value} label={o.label || undefined} />)}
      </datalist>
    );
  }
}

const isAt = (field, row) => row !== null && (field === `permissions[${row}]` || field.startsWith(`permissions[${row}].`));

const PART_LABELS = { '': 'Statement', effect: 'Effect', resource: 'Resource', actions: 'Actions' };
const partLabel = (part) => PART_LABELS[part] || PART_LABELS[part.replace(/\[\d+\]$/, '')] || part;

/**
 * The editor. `state` comes from usePermissionState; `serverError` (an ApiError) puts the server's field errors
 * ("permissions[0].effect") at their rows until the document changes.
 */
export function PermissionEditor({ state, id = 'permissions', serverError, disabled = false, legend = 'Permissions' }) {
  const session = useSession();
  const readsJobs = session.canSome('job/*', 'read');
  const jobs = useAsync((signal) => (readsJobs ? api('job', { signal }).catch(() => []) : Promise.resolve([])), [readsJobs]);
  const options = useMemo(() => resourceOptions(jobs.data), [jobs.data]);
  const [query, setQuery] = useState('');
  const suggestions = useMemo(() => suggest(options, query), [options, query]);
  const grants = useMemo(() => grantable(session.auth?.permissions, state.doc), [session.auth, state.doc]);
  const [errorsOf, setErrorsOf] = useState(null);
  useEffect(() => setErrorsOf(state.doc), [serverError]);
  const server = serverError && errorsOf === state.doc ? serverError.errors || [] : [];
  // A row just added shows its problems once its resource loses focus or the form is sent.
  const [fresh, setFresh] = useState(null);
  useEffect(() => setFresh(null), [serverError]);
  const shown = errorsByRow([...state.problems.filter((p) => !isAt(p.field, fresh)), ...server]);
  const [focusRow, setFocusRow] = useState(null);
  useEffect(() => {
    if (focusRow === null) return;
    document.getElementById(`${id}-${focusRow}-resource`)?.focus();
    setFocusRow(null);
  }, [focusRow]);

  const change = (i, patch) => state.setDoc(state.doc.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const remove = (i) => {
    state.setDoc(state.doc.filter((_, j) => j !== i));
    setFresh(null);
    document.getElementById(`${id}-add`)?.focus();
  };
  const add = () => {
    state.setDoc([...state.doc, newStatement()]);
    setFocusRow(state.doc.length);
    setFresh(state.doc.length);
  };
  const listId = `${id}-resources`;
  const jsonOpen = state.json !== null;
  return (
    <fieldset class="perm-editor" disabled={disabled}>
      <legend>{legend}</legend>
      <div class="perm-toolbar">
        <span class="hint">Deny wins over allow; <code>*</code> matches any one segment, and a shorter resource covers what lies below it.</span>
        <Button kind="secondary" type="button" aria-pressed={jsonOpen ? 'true' : 'false'} onClick={state.toggleJson}
          disabled={jsonOpen && !state.canShowRows} title={jsonOpen && !state.canShowRows ? 'Fix the JSON to edit as rows' : undefined}>
          JSON
        </Button>
      </div>
      {jsonOpen ? (
        <JsonView id={id} state={state} problems={[...state.problems, ...server]} />
      ) : (
        <>
          {state.doc.length === 0 && <p class="empty">No statements: this document allows nothing.</p>}
          <ol class="perm-rows">
            {state.doc.map((s, i) => (
              <StatementRow key={i} id={`${id}-${i}`} index={i} statement={s} listId={listId} errors={shown.rows[i]}
                grantable={grants[i]} onChange={(patch) => change(i, patch)} onRemove={() => remove(i)}
                onLeave={() => fresh === i && setFresh(null)} onQuery={setQuery} />
            ))}
          </ol>
          {shown.rest.length > 0 && <ProblemList id={`${id}-problems`} problems={shown.rest} />}
          <Button kind="secondary" type="button" id={`${id}-add`} onClick={add}>Add a statement</Button>
        </>
      )}
      <ResourceList id={listId} options={suggestions} />
    </fieldset>
  );
}

function StatementRow({ id, index, statement, listId, errors, grantable: ok, onChange, onRemove, onLeave, onQuery }) {
  const actions = Array.isArray(statement.actions) ? statement.actions : [];
  const resource = typeof statement.resource === 'string' ? statement.resource : String(statement.resource ?? '');
  const errorId = errors ? `${id}-errors` : undefined;
  const toggle = (a, on) => onChange({ actions: on ? ACTIONS.filter((x) => x === a || actions.includes(x)) : actions.filter((x) => x !== a) });
  return (
    <li class={`perm-row${errors ? ' perm-row-invalid' : ''}`} aria-label={`Statement ${index + 1}`}>
      <div class="field">
        <label for={`${id}-effect`}>Effect</label>
        <select id={`${id}-effect`} value={EFFECTS.includes(statement.effect) ? statement.effect : ''} aria-describedby={errorId}
          onChange={(e) => onChange({ effect: e.currentTarget.value })}>
          {!EFFECTS.includes(statement.effect) && <option value="">—</option>}
          {EFFECTS.map((e) => <option key={e} value={e}>{e}</option>)}
        </select>
      </div>
      <div class="field perm-resource">
        <label for={`${id}-resource`}>Resource</label>
        <input id={`${id}-resource`} list={listId} value={resource} spellcheck={false} autoComplete="off"
          placeholder="job/<id>/logs" aria-describedby={errorId} aria-invalid={errors ? 'true' : undefined}
          onFocus={(e) => onQuery(e.currentTarget.value)} onBlur={onLeave}
          onInput={(e) => { onChange({ resource: e.currentTarget.value }); onQuery(e.currentTarget.value); }} />
      </div>
      <fieldset class="perm-actions" aria-describedby={errorId}>
        <legend>Actions</legend>
        {ACTIONS.map((a) => (
          <label key={a}>
            <input type="checkbox" checked={actions.includes(a)} onChange={(e) => toggle(a, e.currentTarget.checked)} /> {a}
          </label>
        ))}
      </fieldset>
      <Button kind="secondary" type="button" aria-label={`Remove statement ${index + 1}`} onClick={onRemove}>Remove</Button>
      {errors && (
        <ul class="perm-errors" id={errorId}>
          {errors.map((e, k) => <li key={k}>{partLabel(e.part)}: {e.message}</li>)}
        </ul>
      )}
      {!ok && <p class="perm-warn">You do not hold this yourself, so Jobber will refuse to grant it.</p>}
    </li>
  );
}

function JsonView({ id, state, problems }) {
  const describe = problems.length ? `${id}-json-problems` : `${id}-json-hint`;
  return (
    <div class={`field${problems.length ? ' field-invalid' : ''}`}>
      <label for={`${id}-json`}>Permissions as JSON</label>
      <textarea id={`${id}-json`} rows={12} spellcheck={false} value={state.json} aria-describedby={describe}
        aria-invalid={problems.length ? 'true' : undefined} onInput={(e) => state.setJson(e.currentTarget.value)} />
      {problems.length ? <ProblemList id={`${id}-json-problems`} problems={problems} />
        : <small id={`${id}-json-hint`} class="hint">Valid: {state.doc.length} statement{state.doc.length === 1 ? '' : 's'}.</small>}
    </div>
  );
}

function ProblemList({ id, problems }) {
  return (
    <ul class="perm-errors" id={id}>
      {problems.map((p, k) => <li key={k}><code>{p.field}</code> {p.message}</li>)}
    </ul>
  );
}

/** A document the caller may not change, with why (`note`) when that is not plain. */
export function ReadOnlyPermissions({ permissions, note }) {
  return (
    <>
      {note && <p class="notice">{note}</p>}
      <h2>Permissions</h2>
      <PermissionTable permissions={permissions} />
    </>
  );
}

/** A document shown read-only. */
export function PermissionTable({ permissions, caption = 'Permissions' }) {
  const doc = Array.isArray(permissions) ? permissions : [];
  if (doc.length === 0) return <p class="empty">No permissions.</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="sr-only">{caption}</caption>
        <thead><tr><th>Effect</th><th>Resource</th><th>Actions</th></tr></thead>
        <tbody>
          {doc.map((s, i) => (
            <tr key={i}>
              <td><span class={`badge badge-${s.effect === 'deny' ? 'bad' : 'ok'}`}>{s.effect}</span></td>
              <td><code>{s.resource}</code></td>
              <td>{(s.actions || []).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
