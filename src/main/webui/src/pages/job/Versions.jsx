import { useMemo, useRef, useState } from 'preact/hooks';
import { api, seg } from '../../api.js';
import { useSession } from '../../session.js';
import { Badge, ConfirmButton, Empty, ErrorBox, Loading, Pager, usePages } from '../../ui/components.jsx';
import { ago, when } from '../../ui/format.js';
import { useAction, useAsync } from '../../ui/hooks.js';
import { diffLines, diffStats, foldUnchanged, stableJson } from './lineDiff.js';

/** The job's versions, newest first: which is active, activating another (roll back or forward), comparing two. */
export function Versions({ jobId, job, reloadJob }) {
  const session = useSession();
  const canActivate = session.can(`job/${jobId}`, 'write');
  const versions = useAsync((signal) => api(`job/${seg(jobId)}/versions`, { signal }), [jobId]);
  // The server lists versions oldest first by their exact publish time; `order` keeps that order (several versions
  // may share a second of `created`).
  const list = useMemo(() => (versions.data || []).map((v, order) => ({ ...v, order })).reverse(), [versions.data]);
  const pages = usePages(list, 25);
  const active = list.find((v) => v.id === job.jobVersionId);
  return (
    <>
      <h2>Versions</h2>
      <ErrorBox error={versions.error} title="The versions could not be loaded" />
      {versions.data === undefined ? (versions.error ? null : <Loading />) : list.length === 0 ? <Empty>No versions.</Empty> : (
        <>
          <div class="table-wrap">
            <table>
              <thead><tr><th>Version</th><th>Published</th><th><span class="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {pages.items.map((v) => (
                  <VersionRow key={v.id} jobId={jobId} version={v} active={active} canActivate={canActivate} onChanged={reloadJob} />
                ))}
              </tbody>
            </table>
          </div>
          <Pager {...pages} label="Version pages" />
          {list.length > 1 && <Compare jobId={jobId} versions={list} active={active} />}
        </>
      )}
    </>
  );
}

function VersionRow({ jobId, version, active, canActivate, onChanged }) {
  const action = useAction();
  const isActive = active?.id === version.id;
  const direction = !active ? 'Activate' : version.order < active.order ? 'Roll back to' : 'Roll forward to';
  const activate = () => action.run(async () => {
    await api(`job/${seg(jobId)}`, { method: 'PUT', body: { jobVersionId: version.id } });
    onChanged();
  });
  return (
    <tr>
      <td><strong class="mono">{version.version}</strong> {isActive && <Badge tone="ok">active</Badge>}</td>
      <td title={when(version.created)}>{ago(version.created)}</td>
      <td>
        {canActivate && !isActive && (
          <ConfirmButton kind="secondary" label={`${direction} ${version.version}`} confirmLabel="Activate" onConfirm={activate}
            question={`Make ${version.version} the active version${active ? ` instead of ${active.version}` : ''}? `
              + 'Its triggers take over and the runners are replaced.'} />
        )}
        <ErrorBox error={action.error} />
      </td>
    </tr>
  );
}

/** Picks two versions and shows how the second's manifest differs from the first's. */
function Compare({ jobId, versions, active }) {
  // By default: what the active version changed from the one before it (or, for the oldest, what came next).
  const pivot = active || versions[0];
  const older = versions.find((v) => v.order < pivot.order);
  const newer = [...versions].reverse().find((v) => v.order > pivot.order);
  const [from, setFrom] = useState((older || pivot).id);
  const [to, setTo] = useState((older ? pivot : newer || versions.find((v) => v.id !== pivot.id)).id);
  const manifests = useRef(new Map()); // version id → manifest promise, so switching back needs no new request
  const manifestOf = (id) => {
    if (!manifests.current.has(id)) {
      const loading = api(`job/${seg(jobId)}/versions/${seg(id)}`).then((v) => toJson(v?.manifest));
      loading.catch(() => manifests.current.delete(id));
      manifests.current.set(id, loading);
    }
    return manifests.current.get(id);
  };
  const texts = useAsync(() => Promise.all([manifestOf(from), manifestOf(to)]), [jobId, from, to]);
  const label = (id) => versions.find((v) => v.id === id)?.version;
  return (
    <section class="compare" aria-labelledby="compare-title">
      <h3 id="compare-title">Compare manifests</h3>
      <div class="inline">
        <VersionSelect id="compare-from" label="From" value={from} onChange={setFrom} versions={versions} />
        <VersionSelect id="compare-to" label="To" value={to} onChange={setTo} versions={versions} />
      </div>
      <ErrorBox error={texts.error} title="The manifests could not be loaded" />
      {texts.data === undefined || texts.loading ? (texts.error ? null : <Loading />) : (
        <ManifestDiff before={texts.data[0]} after={texts.data[1]} fromLabel={label(from)} toLabel={label(to)} />
      )}
    </section>
  );
}

const toJson = (manifest) => {
  if (typeof manifest !== 'string') return stableJson(manifest ?? null);
  try {
    return stableJson(JSON.parse(manifest));
  } catch {
    return manifest;
  }
};

function VersionSelect({ id, label, value, onChange, versions }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {versions.map((v) => <option key={v.id} value={v.id}>{v.version}</option>)}
      </select>
    </div>
  );
}

const MARKS = { '+': ['diff-add', 'added'], '-': ['diff-del', 'removed'], ' ': ['diff-same', 'unchanged'] };

function ManifestDiff({ before, after, fromLabel, toLabel }) {
  const [whole, setWhole] = useState(false);
  const ops = useMemo(() => diffLines(before, after), [before, after]);
  const { added, removed } = diffStats(ops);
  const rows = whole ? ops : foldUnchanged(ops, 3);
  if (added + removed === 0) {
    return <p class="notice">The manifests of {fromLabel} and {toLabel} are the same.</p>;
  }
  return (
    <>
      <div class="row">
        <p>
          From <strong class="mono">{fromLabel}</strong> to <strong class="mono">{toLabel}</strong>:{' '}
          <span class="diff-count-add">{added} added</span>, <span class="diff-count-del">{removed} removed</span> lines.
        </p>
        <label class="check">
          <input type="checkbox" checked={whole} onChange={(e) => setWhole(e.currentTarget.checked)} /> Show whole manifests
        </label>
      </div>
      <div class="table-wrap">
        <table class="diff">
          <caption class="sr-only">Manifest of {toLabel} compared with {fromLabel}</caption>
          <thead class="sr-only"><tr><th>Line in {fromLabel}</th><th>Line in {toLabel}</th><th>Change</th><th>Text</th></tr></thead>
          <tbody>
            {rows.map((o, i) => o.op === 'skip' ? (
              <tr key={i} class="diff-skip"><td colSpan={4}>⋯ {o.count} unchanged line{o.count === 1 ? '' : 's'}</td></tr>
            ) : (
              <tr key={i} class={MARKS[o.op][0]}>
                <td class="diff-num">{o.a ?? ''}</td>
                <td class="diff-num">{o.b ?? ''}</td>
                <td class="diff-mark"><span aria-hidden="true">{o.op}</span><span class="sr-only">{MARKS[o.op][1]}</span></td>
                <td class="diff-text">{o.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
