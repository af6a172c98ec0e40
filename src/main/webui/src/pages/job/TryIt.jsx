import { useEffect, useRef, useState } from 'preact/hooks';
import { api, seg } from '../../api.js';
import { Link } from '../../router.js';
import { Badge, Button, Empty, ErrorBox, Field, Loading } from '../../ui/components.jsx';
import { duration } from '../../ui/format.js';
import { useAction, useAsync } from '../../ui/hooks.js';
import { clock } from './logmodel.js';
import { METHODS, bodyView, pathMatches, routesOf, suggestPath, tryRequest, typedPath } from './trymodel.js';
import './tryit.css';

const POLL_MS = 1000;
const POLL_FOR_MS = 6000; // lines may be stored just after the answer

/** Sends a request to one of the job's HTTP routes through Jobber (POST /api/job/:id/try) and shows what came back. */
export function TryIt({ jobId }) {
  const triggers = useAsync((signal) => api(`job/${seg(jobId)}/triggers:current`, { signal }), [jobId]);
  const routes = routesOf(triggers.data);
  const [routeId, setRouteId] = useState('');
  const route = routes.find((r) => r.id === routeId) || routes[0];
  const [method, setMethod] = useState('GET');
  const [path, setPath] = useState('/');
  const [headers, setHeaders] = useState([{ name: '', value: '' }]);
  const [body, setBody] = useState('');
  const [answer, setAnswer] = useState(null);
  const send = useAction();

  // A new route choice sets the method and path it takes.
  useEffect(() => {
    if (!route) return;
    setMethod(route.method || 'GET');
    setPath(suggestPath(route));
  }, [route?.id]);

  if (triggers.data === undefined) return triggers.error ? <ErrorBox error={triggers.error} /> : <Loading />;
  if (!routes.length) return <Empty>The active version of this job has no HTTP trigger to try.</Empty>;

  const submit = (e) => {
    e.preventDefault();
    send.run(async () => {
      setAnswer(null);
      const data = await api(`job/${seg(jobId)}/try`, { method: 'POST', body: tryRequest({ method, path, headers, body }) });
      setAnswer(data);
    });
  };
  const err = send.error;
  const fieldError = (name) => err?.field?.(name);
  const mismatch = !pathMatches(route, path) ? `Does not match this route (${route.path})` : null;
  const setRow = (i, changes) => setHeaders(headers.map((h, j) => (i === j ? { ...h, ...changes } : h)));

  return (
    <section class="tryit" aria-labelledby="tryit-title">
      <h2 id="tryit-title" class="sr-only">Try it</h2>
      <form class="card" onSubmit={submit}>
        <Field id="try-route" label="Route">
          {(p) => (
            <select {...p} value={route.id} onChange={(e) => setRouteId(e.currentTarget.value)}>
              {routes.map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
            </select>
          )}
        </Field>
        <div class="try-line">
          <Field id="try-method" label="Method" error={fieldError('method')}>
            {(p) => (
              <select {...p} value={method} disabled={Boolean(route.method)} onChange={(e) => setMethod(e.currentTarget.value)}>
                {(route.method && !METHODS.includes(route.method) ? [route.method, ...METHODS] : METHODS)
                  .map((m) => <option key={m}>{m}</option>)}
              </select>
            )}
          </Field>
          <Field id="try-path" label="Path" error={fieldError('path') || mismatch}
            hint={`${typedPath(route) ? (route.regex ? `Any path matching ${route.path}` : 'Any path') : 'This route\'s path'}; a query string (?a=1) may follow`}>
            {(p) => (
              <input {...p} class="mono" value={path} required
                onInput={(e) => setPath(e.currentTarget.value)} />
            )}
          </Field>
        </div>
        <fieldset class="try-headers">
          <legend>Headers</legend>
          {headers.map((h, i) => (
            <div class="try-header" key={i}>
              <label class="sr-only" for={`try-h-name-${i}`}>Header {i + 1} name</label>
              <input id={`try-h-name-${i}`} class="mono" placeholder="Name" value={h.name}
                onInput={(e) => setRow(i, { name: e.currentTarget.value })} />
              <label class="sr-only" for={`try-h-value-${i}`}>Header {i + 1} value</label>
              <input id={`try-h-value-${i}`} class="mono" placeholder="Value" value={h.value}
                onInput={(e) => setRow(i, { value: e.currentTarget.value })} />
              <Button type="button" kind="secondary" aria-label={`Remove header ${i + 1}`}
                onClick={() => setHeaders(headers.length > 1 ? headers.filter((_, j) => j !== i) : [{ name: '', value: '' }])}>
                Remove
              </Button>
            </div>
          ))}
          {fieldError('headers') && <p class="field-error">{fieldError('headers')}</p>}
          <Button type="button" kind="secondary" onClick={() => setHeaders([...headers, { name: '', value: '' }])}>Add header</Button>
        </fieldset>
        <Field id="try-body" label="Body" error={fieldError('body')}>
          {(p) => <textarea {...p} rows={6} value={body} onInput={(e) => setBody(e.currentTarget.value)} />}
        </Field>
        <div class="actions">
          <Button type="submit" busy={send.busy}>{send.busy ? 'Sending…' : 'Send'}</Button>
        </div>
        <ErrorBox error={err} title="The request could not be tried" />
      </form>
      {answer && <Answer jobId={jobId} answer={answer} />}
    </section>
  );
}

function Answer({ jobId, answer }) {
  const view = bodyView(answer);
  const tone = answer.status < 300 ? 'ok' : answer.status < 500 ? 'warn' : 'bad';
  return (
    <div class="card try-answer" aria-live="polite">
      <h3>Answer</h3>
      <p class="row">
        <span><Badge tone={tone}>{answer.status}</Badge> in {duration(answer.durationMs)}</span>
        {answer.requestId && <span class="muted mono">request {answer.requestId}</span>}
      </p>
      <details>
        <summary>Headers ({(answer.headers || []).length})</summary>
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead>
            <tbody>
              {(answer.headers || []).map(([n, v], i) => <tr key={i}><td class="mono">{n}</td><td class="mono">{v}</td></tr>)}
            </tbody>
          </table>
        </div>
      </details>
      <h4>Body{view.kind === 'json' ? ' (JSON)' : ''}</h4>
      {view.kind === 'empty' ? <p class="muted">No body.</p> : view.kind === 'binary' ? <p class="muted">{view.text}</p> : (
        <pre class="try-body">{view.text}</pre>
      )}
      {answer.truncated && <p class="notice">The body was cut short: only its beginning is shown.</p>}
      {answer.requestId && <RequestLogs jobId={jobId} requestId={answer.requestId} />}
    </div>
  );
}

/** The log lines of one request, polled for a few seconds since they may be stored just after the answer. */
function RequestLogs({ jobId, requestId }) {
  const [lines, setLines] = useState(null);
  const [error, setError] = useState(null);
  const [polling, setPolling] = useState(true);
  const started = useRef(0);
  useEffect(() => {
    const controller = new AbortController();
    started.current = Date.now();
    let timer = 0;
    const poll = async () => {
      try {
        const data = await api(`job/${seg(jobId)}/logs?requestId=${seg(requestId)}&limit=1000`, { signal: controller.signal });
        setLines(data.slice().reverse());
        setError(null);
      } catch (e) {
        if (e?.name === 'AbortError') return;
        setError(e);
      }
      if (Date.now() - started.current < POLL_FOR_MS) timer = setTimeout(poll, POLL_MS);
      else setPolling(false);
    };
    setPolling(true);
    poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [jobId, requestId]);
  return (
    <>
      <h4>Log lines of this request</h4>
      <ErrorBox error={error} />
      {lines === null ? <Loading /> : lines.length === 0 ? (
        <p class="muted">{polling ? 'Waiting for log lines…' : 'This request wrote no log lines.'}</p>
      ) : (
        <pre class="try-logs">
          {lines.map((l, i) => (
            <div key={i} class={l.stream === 'stderr' ? 'try-stderr' : undefined}>
              <span class="muted">{clock(l.timestamp)}</span> {l.message}
            </div>
          ))}
        </pre>
      )}
      <p role="status" class="muted small">{polling ? 'Watching for more lines…' : ''}</p>
      <p><Link href={`/jobs/${jobId}/logs?requestId=${encodeURIComponent(requestId)}`}>Open in Logs, filtered to this request</Link></p>
    </>
  );
}
