import { useEffect, useRef, useState } from 'preact/hooks';

/** A button that is disabled and marked busy while its change is in flight. */
export function Button({ busy = false, disabled = false, kind = 'primary', children, ...rest }) {
  return (
    <button class={`btn btn-${kind}`} disabled={busy || disabled} aria-busy={busy ? 'true' : undefined} {...rest}>
      {children}
    </button>
  );
}

/** A failed answer: the server's message and every field error. */
export function ErrorBox({ error, title }) {
  if (!error) return null;
  const errors = error.errors || [];
  return (
    <div class="error-box" role="alert">
      <strong>{title || (error.status ? `Error ${error.status}` : 'Error')}</strong>
      <p>{error.message}</p>
      {errors.length > 0 && (
        <ul>
          {errors.map((e, i) => (
            <li key={i}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A labelled form control with its error message (linked by aria-describedby). */
export function Field({ id, label, error, hint, children }) {
  const describe = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-describedby': describe, 'aria-invalid': error ? 'true' : undefined })}
      {hint && !error && <small id={`${id}-hint`} class="hint">{hint}</small>}
      {error && <small id={`${id}-error`} class="field-error">{error}</small>}
    </div>
  );
}

export function Loading({ label = 'Loading…' }) {
  return <p class="loading" role="status">{label}</p>;
}

export function Empty({ children }) {
  return <p class="empty">{children}</p>;
}

/** A status badge: ok, warn, bad or muted. */
export function Badge({ tone = 'muted', children, title }) {
  return <span class={`badge badge-${tone}`} title={title}>{children}</span>;
}

/** A modal dialog on the native <dialog> (focus trapped, Escape closes). */
export function Dialog({ open, title, onClose, children }) {
  const ref = useRef(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="dialog-title" onClose={onClose} onCancel={onClose}>
      {open && (
        <>
          <h2 id="dialog-title">{title}</h2>
          {children}
        </>
      )}
    </dialog>
  );
}

/** Asks before a destructive change; `onConfirm` returns a promise. */
export function ConfirmButton({ label, question, confirmLabel = label, onConfirm, kind = 'danger', disabled }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setOpen(false);
    }
  };
  return (
    <>
      <Button kind={kind} disabled={disabled} onClick={() => setOpen(true)}>{label}</Button>
      <Dialog open={open} title={label} onClose={() => setOpen(false)}>
        <p>{question}</p>
        <div class="actions">
          <Button kind={kind} busy={busy} onClick={confirm}>{confirmLabel}</Button>
          <Button kind="secondary" disabled={busy} onClick={() => setOpen(false)}>Cancel</Button>
        </div>
      </Dialog>
    </>
  );
}

/** Copies `text` to the clipboard, saying so. */
export function CopyButton({ text, label = 'Copy' }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.createElement('textarea');
      area.value = text;
      document.body.appendChild(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setDone(true);
    setTimeout(() => setDone(false), 1500);
  };
  return (
    <Button kind="secondary" onClick={copy} aria-live="polite">{done ? 'Copied' : label}</Button>
  );
}

/** Splits `items` into pages of `size`; {page, pages, items, setPage}. */
export function usePages(items, size = 25) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil((items?.length || 0) / size));
  const at = Math.min(page, pages - 1);
  return { page: at, pages, items: (items || []).slice(at * size, at * size + size), setPage };
}

export function Pager({ page, pages, setPage, label = 'Pages' }) {
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={label}>
      <Button kind="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</Button>
      <span aria-live="polite">Page {page + 1} of {pages}</span>
      <Button kind="secondary" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>Next</Button>
    </nav>
  );
}

/** Tabs as links (each tab has its own URL). */
export function Tabs({ tabs, current, hrefOf, Link }) {
  return (
    <nav class="tabs" aria-label="Sections">
      {tabs.map((t) => (
        <Link key={t.id} href={hrefOf(t.id)} aria-current={t.id === current ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
