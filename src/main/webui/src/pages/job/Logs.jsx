import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, seg } from '../../api.js';
import { navigate } from '../../router.js';
import { useSession } from '../../session.js';
import { Badge, Button, ErrorBox } from '../../ui/components.jsx';
import {
  MAX_LINES, PAGE_SIZE, STREAMS, append, apiQuery, clock, filtered, filtersFromQuery, fromLocalInput, inRange,
  mergeNewest, prepend, queryFromFilters, tailQuery, toLocalInput, visibleRange,
} from './logmodel.js';
import { here } from './here.js';
import './logs.css';

const ROW = 22; // px, one line per row (long lines scroll sideways)
const FLUSH_MS = 200; // live lines are added in batches, not one render per line
const RECONCILE_MS = 1500; // quiet time before history fills a gap of the live tail
const RECONCILE_MAX_WAIT_MS = 10000; // a job that never goes quiet is checked this often
const RECONCILE_PAGES = MAX_LINES / 1000; // of 1000 lines: how far back a check reaches
const RECONCILE_RETRIES = 20; // checks of one gap while history fails or has not caught up with the live lines
const LIVE_TONE = { live: 'ok', reconnecting: 'warn', connecting: 'muted', paused: 'muted', off: 'muted' };
const LIVE_LABEL = {
  live: 'live', reconnecting: 'reconnecting…', connecting: 'connecting…', paused: 'paused', off: 'live tail off',
};

/**
 * A job's log: newest first, older pages loaded while scrolling down, a live tail on top (pause buffers it), filters
 * kept in the URL. Only the visible rows are rendered; at most MAX_LINES lines stay in memory.
 */
export function Logs({ jobId, query }) {
  const session = useSession();
  if (!session.can(`job/${jobId}/logs`, 'read')) return <p class="notice">You may not read this job's logs.</p>;
  return <LogView jobId={jobId} query={query} />;
}

function LogView({ jobId, query }) {
  const filters = useMemo(() => filtersFromQuery(query), [query?.toString()]);
  const [generation, setGeneration] = useState(0); // "Reload" starts over with the same filters
  const key = `${generation}:${jobId}?${queryFromFilters(filters)}`;
  const liveAllowed = filters.to == null;
  const [, setTick] = useState(0);
  const render = useCallback(() => setTick((t) => t + 1), []);
  const store = useRef(null);
  if (!store.current || store.current.key !== key) {
    store.current?.abort.abort();
    store.current = {
      key, lines: [], cursor: null, hasMore: true, loading: false, loaded: false, error: null, dropped: 0,
      early: [], incoming: [], pending: [], paused: false, flushTimer: 0, abort: new AbortController(),
      reconcileFrom: null, reconcileTimer: 0, reconcileWaiting: 0, reconciling: false, reconcileRetries: 0,
    };
  }
  const st = store.current;
  const scroller = useRef(null);
  const sentinel = useRef(null);
  const [view, setView] = useState({ top: 0, height: 480 });
  const [live, setLive] = useState('connecting');

  const loadPage = useCallback(async () => {
    const s = store.current;
    if (s.loading || !s.hasMore) return;
    s.loading = true;
    s.error = null;
    render();
    try {
      const page = await api(`job/${seg(jobId)}/logs?${apiQuery(filters, s.cursor)}`, { signal: s.abort.signal });
      if (s !== store.current) return;
      const kept = page;
      if (!s.loaded) {
        // Live lines that came while the first page was on its way: keep those the page does not hold.
        s.lines = mergeNewest(s.early.reverse(), kept, -Infinity).lines;
        s.early = [];
        s.loaded = true;
      } else {
        const more = append(s.lines, kept);
        s.lines = more.lines;
        s.dropped += more.dropped;
      }
      if (page.length) s.cursor = page[page.length - 1].sort;
      s.hasMore = page.length === PAGE_SIZE && s.dropped === 0 && s.lines.length < MAX_LINES;
    } catch (e) {
      if (e?.name === 'AbortError') return;
      s.error = e;
    } finally {
      if (s === store.current) {
        s.loading = false;
        render();
      }
    }
  }, [key]);

  useEffect(() => {
    loadPage();
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [key]);

  // The live tail never skips a line silently: it may only miss lines while it is not connected (a reconnect) and
  // after it told us it fell behind (an `overflow` event naming since when). Only then does history fill the gap,
  // once the job has been quiet for a moment (or every 10 s), and again while history has not yet stored every live
  // line it should hold (lines wait in the server's buffer before they are written). No periodic check otherwise.
  const reconcile = useCallback(async function check() {
    const s = store.current;
    if (s.key !== key) return; // a timer of other filters
    s.reconcileTimer = 0;
    if (s.reconciling) s.reconcileAgain = true;
    if (s.reconciling || s.reconcileFrom == null || !s.loaded || s.paused) return;
    const from = Math.max(s.reconcileFrom, filters.from ?? 0);
    s.reconcileFrom = null;
    let again = false;
    s.reconciling = true;
    try {
      let fresh = [];
      let before = null;
      let complete = false;
      for (let i = 0; i < RECONCILE_PAGES && !complete; i++) {
        const page = await api(`job/${seg(jobId)}/logs?${apiQuery({ ...filters, from }, before, 1000)}`,
          { signal: s.abort.signal });
        if (s !== store.current) return;
        fresh = fresh.concat(page);
        complete = page.length < 1000;
        before = page[page.length - 1]?.sort;
      }
      const edge = complete ? from * 1000 : fresh[fresh.length - 1].timestamp + 1;
      const merged = mergeNewest(s.lines, fresh, edge);
      again = complete && merged.unconfirmed > 0 && ++s.reconcileRetries < RECONCILE_RETRIES;
      if (!again) s.reconcileRetries = 0;
      if (!merged.added) return;
      const over = Math.max(0, merged.lines.length - MAX_LINES);
      s.lines = over ? merged.lines.slice(0, MAX_LINES) : merged.lines;
      if (over) {
        s.dropped += over;
        s.hasMore = false;
      }
      const el = scroller.current;
      if (el && el.scrollTop > 0) el.scrollTop += merged.added * ROW;
      render();
    } catch {
      again = ++s.reconcileRetries < RECONCILE_RETRIES; // the tail itself goes on
    } finally {
      if (s === store.current) {
        s.reconciling = false;
        if (again) s.reconcileFrom = Math.min(s.reconcileFrom ?? Infinity, from);
        if ((again || s.reconcileAgain) && !s.reconcileTimer) s.reconcileTimer = setTimeout(check, RECONCILE_MS);
        s.reconcileAgain = false;
      }
    }
  }, [key]);

  const checkLater = useCallback((since) => {
    const s = store.current;
    if (since != null) s.reconcileFrom = Math.min(s.reconcileFrom ?? Infinity, since);
    const now = Date.now();
    if (!s.reconcileTimer) s.reconcileWaiting = now;
    clearTimeout(s.reconcileTimer);
    s.reconcileTimer = setTimeout(reconcile, now - s.reconcileWaiting > RECONCILE_MAX_WAIT_MS ? 0 : RECONCILE_MS);
  }, [reconcile]);

  // Puts live lines (newest first) on top, keeping the reader's place when they are scrolled down.
  const show = useCallback((batch) => {
    const s = store.current;
    if (!batch.length) return;
    const next = prepend(s.lines, batch);
    s.lines = next.lines;
    if (next.dropped) {
      s.dropped += next.dropped;
      s.hasMore = false;
    }
    const el = scroller.current;
    if (el && el.scrollTop > 0) el.scrollTop += batch.length * ROW;
    render();
  }, []);

  const flush = useCallback(() => {
    const s = store.current;
    s.flushTimer = 0;
    const batch = s.incoming.reverse();
    s.incoming = [];
    if (batch.length && s.reconcileFrom != null) checkLater(); // a gap is being filled: wait for quiet
    if (s.paused) {
      s.pending = prepend(s.pending, batch).lines;
      render();
    } else {
      show(batch);
    }
  }, [show, checkLater]);

  const receive = useCallback((line) => {
    const s = store.current;
    if (!inRange(line, filters)) return;
    if (!s.loaded) {
      s.early.push(line);
      return;
    }
    s.incoming.push(line);
    if (!s.flushTimer) s.flushTimer = setTimeout(flush, FLUSH_MS);
  }, [key, flush]);

  useEffect(() => {
    if (!liveAllowed) {
      setLive('off');
      return undefined;
    }
    const mine = store.current;
    let source = null;
    let timer = 0;
    let attempts = 0;
    // A gap is possible before each (re)opening, once history is shown: lines stored after the first page was read
    // and before the stream opened, or while it was disconnected.
    let dropped = true;
    const connect = () => {
      setLive('connecting');
      source = new EventSource(`/api/job/${seg(jobId)}/logs/stream?${tailQuery(filters)}`, { withCredentials: true });
      const opened = () => {
        attempts = 0;
        setLive('live');
        if (dropped && store.current.loaded) {
          checkLater(Math.floor((store.current.lines[0]?.timestamp ?? Date.now()) / 1000));
        }
        dropped = false;
      };
      source.onopen = opened;
      source.addEventListener('ping', opened); // the server pings at once and while quiet
      source.onmessage = (e) => {
        try {
          receive(JSON.parse(e.data));
        } catch {
          // not a log line
        }
      };
      source.addEventListener('overflow', (e) => {
        // We read too slowly: the server sent every line up to `since` and ended the stream. History fills the rest
        // from `since` on, and a new stream takes over from now.
        const { since } = JSON.parse(e.data);
        source.close();
        checkLater(Math.floor(since / 1000));
        connect();
      });
      source.onerror = () => {
        dropped = true;
        setLive('reconnecting');
        if (source.readyState === EventSource.CLOSED) {
          // The browser gave up (an error answer): try again ourselves, backing off to 30 s.
          source.close();
          attempts++;
          timer = setTimeout(connect, Math.min(30000, 1000 * 2 ** attempts));
        }
      };
    };
    connect();
    return () => {
      clearTimeout(timer);
      source?.close();
      clearTimeout(mine.flushTimer);
      clearTimeout(mine.reconcileTimer);
    };
  }, [key, liveAllowed]);

  const setPaused = (paused) => {
    const s = store.current;
    s.paused = paused;
    if (!paused) {
      const pending = s.pending;
      s.pending = [];
      if (scroller.current) scroller.current.scrollTop = 0;
      show(pending);
      checkLater();
    }
    render();
  };

  // Windowing: the viewport's size and scroll position decide the rendered rows.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return undefined;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const frame = useRef(0);
  const onScroll = () => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const el = scroller.current;
      if (el) setView({ top: el.scrollTop, height: el.clientHeight });
    });
  };

  // Older pages: the sentinel below the last row comes into view (and, after a page, when it still is).
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !scroller.current) return undefined;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadPage(),
      { root: scroller.current, rootMargin: '0px 0px 400px 0px' });
    io.observe(el);
    return () => io.disconnect();
  }, [loadPage]);
  useEffect(() => {
    const el = scroller.current;
    if (!el || st.loading || !st.hasMore || st.error) return;
    if (el.scrollTop + el.clientHeight + 400 >= st.lines.length * ROW) loadPage();
  });

  const count = st.lines.length;
  const { start, end } = visibleRange(view.top, view.height, ROW, count, 15);
  const rows = st.lines.slice(start, end);
  const go = (next) => navigate(here(queryFromFilters(next)));
  const state = liveAllowed ? (st.paused ? 'paused' : live) : 'off';

  return (
    <section class="logs" aria-labelledby="logs-title">
      <h2 id="logs-title" class="sr-only">Logs</h2>
      <LogFilters filters={filters} onApply={go} />
      <div class="logs-bar">
        <span role="status" class="muted">
          {count.toLocaleString()} line{count === 1 ? '' : 's'}
          {st.loading ? ', loading older…' : st.dropped ? ', the oldest let go' : !st.hasMore && st.loaded ? ', all loaded' : ''}
        </span>
        <Badge tone={LIVE_TONE[state]} title={state === 'off' ? 'No live tail while a time range ends' : undefined}>
          {LIVE_LABEL[state]}
        </Badge>
        {liveAllowed && (
          <Button kind="secondary" onClick={() => setPaused(!st.paused)}>
            {st.paused ? 'Follow' : 'Pause'}
          </Button>
        )}
        <Button kind="secondary" onClick={() => setGeneration((g) => g + 1)} title="Read the lines again from history">
          Reload
        </Button>
        {st.pending.length > 0 && (
          <Button kind="primary" onClick={() => setPaused(false)}>
            {st.pending.length.toLocaleString()} new line{st.pending.length === 1 ? '' : 's'}
          </Button>
        )}
      </div>
      {st.dropped > 0 && (
        <p class="notice">
          The oldest {st.dropped.toLocaleString()} lines were let go: at most {MAX_LINES.toLocaleString()} are kept in the
          page. Narrow the filters or the time range to read older lines.
        </p>
      )}
      <ErrorBox error={st.error} />
      {st.error && <Button kind="secondary" onClick={loadPage}>Try again</Button>}
      <div class="log-scroller" ref={scroller} onScroll={onScroll} tabIndex={0}
        aria-label="Log lines, newest first" aria-busy={st.loading ? 'true' : undefined}>
        <div class="log-space" role="list" style={{ height: `${count * ROW + ROW}px` }}>
          {rows.map((line, i) => (
            <LogRow key={start + i} line={line} index={start + i} count={count} highlighted={filters.requestId}
              onRequest={(id) => go({ ...filters, requestId: id })} />
          ))}
          <div ref={sentinel} class="log-sentinel" style={{ top: `${count * ROW}px` }} aria-hidden="true" />
        </div>
        {st.loaded && count === 0 && !st.loading && (
          <p class="empty log-empty">{filtered(filters) ? 'No lines match these filters.' : 'No log lines yet.'}</p>
        )}
      </div>
      {st.hasMore && st.loaded && (
        <div class="actions">
          <Button kind="secondary" busy={st.loading} onClick={loadPage}>Load older lines</Button>
        </div>
      )}
    </section>
  );
}

function LogRow({ line, index, count, highlighted, onRequest }) {
  const system = line.source === 'system';
  const kind = system ? 'system' : line.stream;
  return (
    <div class={`log-row log-${kind}${index % 2 ? ' log-odd' : ''}`} role="listitem" aria-posinset={index + 1} aria-setsize={count}
      style={{ top: `${index * ROW}px` }}>
      <time class="log-time" dateTime={new Date(line.timestamp).toISOString()} title={new Date(line.timestamp).toString()}>
        {clock(line.timestamp)}
      </time>
      <span class="log-kind">{kind}</span>
      {line.requestId ? (
        highlighted === line.requestId ? (
          <span class="log-req" title={line.requestId}>{line.requestId.slice(0, 8)}</span>
        ) : (
          <button type="button" class="log-req" title={`Only request ${line.requestId}`}
            aria-label={`Show only request ${line.requestId}`} onClick={() => onRequest(line.requestId)}>
            {line.requestId.slice(0, 8)}
          </button>
        )
      ) : <span class="log-req log-req-none" aria-hidden="true" />}
      <span class="log-msg">{line.message}</span>
    </div>
  );
}

/** The filter form: applied on submit, so typing does not reload on every key. */
function LogFilters({ filters, onApply }) {
  const [draft, setDraft] = useState(() => draftOf(filters));
  useEffect(() => setDraft(draftOf(filters)), [queryFromFilters(filters)]);
  const set = (name) => (e) => setDraft({ ...draft, [name]: e.currentTarget.value });
  const submit = (e) => {
    e.preventDefault();
    onApply({
      q: draft.q.trim(), stream: draft.stream, requestId: draft.requestId.trim().toLowerCase(),
      from: fromLocalInput(draft.from), to: fromLocalInput(draft.to),
    });
  };
  const badRequest = draft.requestId.trim() && !/^[0-9a-f-]{36}$/i.test(draft.requestId.trim());
  const badRange = draft.from && draft.to && fromLocalInput(draft.from) > fromLocalInput(draft.to);
  return (
    <form class="log-filters" role="search" aria-label="Filter log lines" onSubmit={submit}>
      <div class="field">
        <label for="log-q">Text</label>
        <input id="log-q" type="search" value={draft.q} maxLength={1024} placeholder="contains…" onInput={set('q')} />
      </div>
      <div class="field">
        <label for="log-stream">Stream</label>
        <select id="log-stream" value={draft.stream} onChange={set('stream')}>
          {STREAMS.map((s) => <option key={s} value={s}>{s === 'all' ? 'All' : s}</option>)}
        </select>
      </div>
      <div class={`field${badRequest ? ' field-invalid' : ''}`}>
        <label for="log-req">Request id</label>
        <input id="log-req" class="mono" value={draft.requestId} placeholder="uuid" onInput={set('requestId')}
          aria-invalid={badRequest ? 'true' : undefined} aria-describedby={badRequest ? 'log-req-error' : undefined} />
        {badRequest && <small id="log-req-error" class="field-error">Not a request id</small>}
      </div>
      <div class="field">
        <label for="log-from">From</label>
        <input id="log-from" type="datetime-local" step="1" value={draft.from} onInput={set('from')} />
      </div>
      <div class={`field${badRange ? ' field-invalid' : ''}`}>
        <label for="log-to">To</label>
        <input id="log-to" type="datetime-local" step="1" value={draft.to} onInput={set('to')}
          aria-invalid={badRange ? 'true' : undefined} aria-describedby={badRange ? 'log-to-error' : undefined} />
        {badRange && <small id="log-to-error" class="field-error">Must not be before From</small>}
      </div>
      <div class="log-filter-actions">
        <Button type="submit" disabled={Boolean(badRequest || badRange)}>Apply</Button>
        {filtered(filters) && (
          <Button type="button" kind="secondary" onClick={() => onApply({ stream: 'all', from: null, to: null })}>Clear</Button>
        )}
      </div>
    </form>
  );
}

function draftOf(f) {
  return { q: f.q, stream: f.stream, requestId: f.requestId, from: toLocalInput(f.from), to: toLocalInput(f.to) };
}
