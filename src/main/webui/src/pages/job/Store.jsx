import { useMemo, useState } from 'preact/hooks';
import { api, seg } from '../../api.js';
import { useSession } from '../../session.js';
import { Button, ConfirmButton, CopyButton, Dialog, Empty, ErrorBox, Loading, Pager, usePages } from '../../ui/components.jsx';
import { ago, count, when } from '../../ui/format.js';
import { useAction, useAsync } from '../../ui/hooks.js';

/** The job's store: its keys (filtered, paged), one value at a time in a dialog, deleting with confirmation. */
export function Store({ jobId }) {
  const session = useSession();
  const items = useAsync((signal) => api(`job/${seg(jobId)}/store/`, { signal }), [jobId]);
  const [text, setText] = useState('');
  const [viewing, setViewing] = useState(null);
  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return (items.data || []).filter((i) => !needle || i.key.toLowerCase().includes(needle))
      .sort((a, b) => a.key.localeCompare(b.key));
  }, [items.data, text]);
  const pages = usePages(shown, 50);
  return (
    <>
      <div class="row">
        <h2>Store</h2>
        <Button kind="secondary" busy={items.loading} onClick={items.reload}>Refresh</Button>
      </div>
      <div class="inline" role="search">
        <div class="field">
          <label for="store-filter">Filter by key</label>
          <input id="store-filter" type="search" value={text} onInput={(e) => { setText(e.currentTarget.value); pages.setPage(0); }} />
        </div>
        {items.data && <p class="muted" aria-live="polite">{count(shown.length)} of {count(items.data.length)} items</p>}
      </div>
      <ErrorBox error={items.error} title="The store could not be loaded" />
      {items.data === undefined ? (items.error ? null : <Loading />) : shown.length === 0 ? (
        <Empty>{items.data.length === 0 ? 'The store is empty.' : 'No key matches.'}</Empty>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr><th>Key</th><th class="hide-narrow">Expires</th><th class="hide-narrow">Modified</th><th><span class="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {pages.items.map((item) => (
                <StoreRow key={item.id} jobId={jobId} item={item} onView={() => setViewing(item)} onChanged={items.reload}
                  canDelete={session.can(`job/${jobId}/store/${item.id}`, 'delete')} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager {...pages} label="Store pages" />
      <Dialog open={!!viewing} title={viewing ? `Value of ${viewing.key}` : ''} onClose={() => setViewing(null)}>
        {viewing && <StoreValue jobId={jobId} item={viewing} onClose={() => setViewing(null)} />}
      </Dialog>
    </>
  );
}

function StoreRow({ jobId, item, canDelete, onView, onChanged }) {
  const action = useAction();
  const remove = () => action.run(async () => {
    await api(`job/${seg(jobId)}/store/${seg(item.id)}`, { method: 'DELETE' });
    onChanged();
  });
  return (
    <tr>
      <td><code class="wrap">{item.key}</code></td>
      <td class="hide-narrow" title={item.expiry ? when(item.expiry) : undefined}>{item.expiry ? ago(item.expiry) : 'never'}</td>
      <td class="hide-narrow" title={when(item.modified)}>{ago(item.modified)}</td>
      <td>
        <div class="row-actions">
          <Button kind="secondary" disabled={action.busy} onClick={onView} aria-label={`View ${item.key}`}>View</Button>
          {canDelete && (
            <ConfirmButton label="Delete" disabled={action.busy} onConfirm={remove} question={`Delete the store item ${item.key}?`} />
          )}
        </div>
        <ErrorBox error={action.error} />
      </td>
    </tr>
  );
}

function StoreValue({ jobId, item, onClose }) {
  const loaded = useAsync((signal) => api(`job/${seg(jobId)}/store/${seg(item.id)}`, { signal }), [jobId, item.id]);
  const value = loaded.data?.value;
  const pretty = useMemo(() => {
    try {
      const parsed = JSON.parse(value);
      return parsed !== null && typeof parsed === 'object' ? JSON.stringify(parsed, null, 2) : null;
    } catch {
      return null;
    }
  }, [value]);
  return (
    <>
      <ErrorBox error={loaded.error} title="The value could not be loaded" />
      {loaded.data === undefined ? (loaded.error ? null : <Loading />) : (
        <>
          <p class="muted">
            Created {when(loaded.data.created)}, modified {when(loaded.data.modified)},
            {loaded.data.expiry ? ` expires ${when(loaded.data.expiry)}` : ' never expires'}.
            {pretty !== null && ' JSON, shown indented.'}
          </p>
          <pre class="store-value" tabIndex={0} aria-label="Value">{pretty ?? value}</pre>
        </>
      )}
      <div class="actions">
        {value != null && <CopyButton text={value} label="Copy value" />}
        <Button kind="secondary" onClick={onClose}>Close</Button>
      </div>
    </>
  );
}
