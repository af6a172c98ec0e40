import { useRef, useState } from 'preact/hooks';
import { upload } from '../../api.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { Button } from '../../ui/components.jsx';

/** The job page's tab: publishes a new version (the archive's package.json names the job). */
export function PublishTab({ job, reloadJob }) {
  return (
    <>
      <h2>Publish a new version</h2>
      <p class="muted">The archive's <code>package.json</code> names the job: use <code>"name": "{job.jobName}"</code> and a new <code>version</code>.</p>
      <PublishForm onPublished={reloadJob} />
    </>
  );
}

/** The top-level page (/publish): a new job, or a new version of one the caller may publish to. */
export function PublishPage() {
  const session = useSession();
  return (
    <>
      <p class="job-back"><Link href="/jobs">← Jobs</Link></p>
      <h1>Publish a job</h1>
      {session.canSome('job/*/publish', 'write') ? (
        <>
          <p class="muted">
            A .zip with <code>package.json</code> (name, version, main, action, triggers), the code and
            its <code>node_modules</code> at its root. A new name creates a job; a known one adds a version.
          </p>
          <PublishForm />
        </>
      ) : (
        <p>Your permissions do not include publishing.</p>
      )}
    </>
  );
}

const size = (bytes) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** Choose or drop a .zip, upload it with progress, then say which version was published or why it was refused. */
export function PublishForm({ onPublished }) {
  const [file, setFile] = useState(null);
  const [dragging, setDragging] = useState(false);
  const [rollout, setRollout] = useState(true);
  const [progress, setProgress] = useState(null); // null: not uploading; 0..1 sent
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const input = useRef(null);
  const busy = progress !== null;

  const choose = (chosen) => {
    setResult(null);
    setError(null);
    if (chosen && !/\.zip$/i.test(chosen.name)) {
      setFile(null);
      setError({ message: `${chosen.name} is not a .zip archive.` });
      return;
    }
    setFile(chosen || null);
  };
  const onDrop = (e) => {
    e.preventDefault();
    setDragging(false);
    if (!busy) choose(e.dataTransfer?.files?.[0]);
  };
  const onDragOver = (e) => {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = busy ? 'none' : 'copy';
    setDragging(true);
  };
  const submit = async (e) => {
    e.preventDefault();
    if (!file || busy) return;
    setError(null);
    setResult(null);
    setProgress(0);
    try {
      const data = await upload(`job/publish/?allowAutomaticRollout=${rollout}`, 'archive', file, setProgress);
      setResult({ ...data, rollout });
      setFile(null);
      if (input.current) input.current.value = '';
      onPublished?.(data);
    } catch (failure) {
      setError(failure);
    } finally {
      setProgress(null);
    }
  };

  return (
    <form class="publish" onSubmit={submit}>
      <div class={`dropzone${dragging ? ' dragging' : ''}${busy ? ' busy' : ''}`} onDragOver={onDragOver}
        onDragEnter={onDragOver} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
        <input ref={input} id="publish-file" class="dropzone-input" type="file" disabled={busy}
          accept=".zip,application/zip,application/x-zip-compressed" aria-describedby="publish-file-chosen"
          onChange={(e) => choose(e.currentTarget.files?.[0])} />
        <label for="publish-file" class="dropzone-label">
          <strong>Choose a .zip archive</strong> or drop it here
        </label>
        <span id="publish-file-chosen" class="dropzone-file" aria-live="polite">
          {file ? <>Chosen: <code>{file.name}</code> ({size(file.size)})</> : 'No archive chosen.'}
        </span>
      </div>
      <label class="check">
        <input type="checkbox" checked={rollout} disabled={busy} onChange={(e) => setRollout(e.currentTarget.checked)} />
        {' '}Activate the new version at once (automatic rollout)
      </label>
      {busy && (
        <div class="field">
          <label for="publish-progress">{progress < 1 ? `Uploading… ${Math.floor(progress * 100)} %` : 'Checking and storing the archive…'}</label>
          {progress < 1 ? <progress id="publish-progress" max={1} value={progress} /> : <progress id="publish-progress" />}
        </div>
      )}
      <div class="actions">
        <Button type="submit" busy={busy} disabled={!file}>{busy ? 'Publishing…' : 'Publish'}</Button>
      </div>
      {error && <PublishError error={error} />}
      {result && <Published result={result} />}
    </form>
  );
}

function PublishError({ error }) {
  const errors = error.errors || [];
  return (
    <div class="error-box" role="alert">
      <strong>Not published{error.status ? ` (error ${error.status})` : ''}</strong>
      {errors.length === 0 ? <p>{error.message}</p> : (
        <>
          <p>{errors.length === 1 ? 'One problem' : `${errors.length} problems`} to fix in the archive:</p>
          <ul class="field-errors">
            {errors.map((e, i) => <li key={i}><code>{e.field}</code> {e.message}</li>)}
          </ul>
        </>
      )}
    </div>
  );
}

function Published({ result }) {
  const { job, version, rollout } = result;
  if (!job || !version) return <p class="notice" role="status">Published.</p>;
  const active = job.jobVersionId === version.id;
  return (
    <div class="notice" role="status">
      <p>
        <strong>Published version <span class="mono">{version.version}</span></strong> of{' '}
        <Link href={`/jobs/${job.id}`}>{job.jobName}</Link>.
      </p>
      <p class="muted">
        {active ? 'It is the active version now.'
          : rollout ? `The active version is still ${job.version ?? 'none'}.`
            : 'It is not active: activate it in the job\u2019s Versions tab when ready.'}{' '}
        <Link href={`/jobs/${job.id}/versions`}>Versions</Link>
      </p>
    </div>
  );
}
