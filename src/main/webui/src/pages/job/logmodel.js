// The Logs tab's pure logic: URL query <-> filters, which lines a filter keeps, windowing of the rendered rows and the
// memory cap. No DOM here, so it is tested with node (test/logmodel.test.js).

/**
 * Streams the filter offers: stdout and stderr are the runner's own output, system Jobber's lines. The server filters
 * both history and the live tail by them (as `source` and `stream`).
 */
export const STREAMS = ['all', 'stdout', 'stderr', 'system'];
/** Lines asked per history page (the API allows 1-1000). */
export const PAGE_SIZE = 500;
/** Lines kept in memory at most; past it the oldest are dropped. */
export const MAX_LINES = 100_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECONDS = /^\d{1,12}$/;

/** The filters a URL query names: {q, stream, requestId, from, to} (from/to unix seconds or null); invalid values drop. */
export function filtersFromQuery(query) {
  const get = (name) => (query?.get(name) ?? '').trim();
  const stream = get('stream');
  const requestId = get('requestId').toLowerCase();
  const from = get('from');
  const to = get('to');
  return {
    q: get('q').slice(0, 1024),
    stream: STREAMS.includes(stream) ? stream : 'all',
    requestId: UUID.test(requestId) ? requestId : '',
    from: SECONDS.test(from) ? Number(from) : null,
    to: SECONDS.test(to) ? Number(to) : null,
  };
}

/** The URL query string (without "?") that reproduces `filters`; defaults are left out. */
export function queryFromFilters(filters) {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.stream && filters.stream !== 'all') params.set('stream', filters.stream);
  if (filters.requestId) params.set('requestId', filters.requestId);
  if (filters.from != null) params.set('from', String(filters.from));
  if (filters.to != null) params.set('to', String(filters.to));
  return params.toString();
}

/** The query of GET /api/job/:id/logs for one page: the server-side filters and the cursor. */
export function apiQuery(filters, before, limit = PAGE_SIZE) {
  const params = new URLSearchParams(tailQuery(filters));
  params.set('limit', String(limit));
  if (before != null) params.set('before', String(before));
  if (filters.from != null) params.set('from', String(filters.from));
  if (filters.to != null) params.set('to', String(filters.to));
  return params.toString();
}

/**
 * The query of GET /api/job/:id/logs/stream: the filters the live tail applies on the server, all but the time range
 * (the tail only runs while no `to` is set).
 */
export function tailQuery(filters) {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.requestId) params.set('requestId', filters.requestId);
  if (filters.stream === 'system') params.set('source', 'system');
  else if (filters.stream === 'stdout' || filters.stream === 'stderr') {
    params.set('source', 'runner');
    params.set('stream', filters.stream);
  }
  return params.toString();
}

/** Whether a live line is inside `from` (to the second, as the history decides): the tail is not filtered by time. */
export function inRange(line, filters) {
  return filters.from == null || line.created >= filters.from;
}

/** Whether any filter is set (for "no lines match" versus "no lines yet"). */
export function filtered(filters) {
  return Boolean(filters.q || filters.requestId || filters.from != null || filters.to != null
    || (filters.stream && filters.stream !== 'all'));
}

/**
 * A line's identity for matching a live line against history (live lines carry no `sort`), at `timestamp`: history's
 * timestamp may be 1 ms off the live one (Postgres keeps microseconds and rounds), so matches try t-1, t and t+1.
 */
export function lineKey(line, timestamp = line.timestamp) {
  return `${timestamp}|${line.runnerId || ''}|${line.requestId || ''}|${line.stream}|${line.message}`;
}

/**
 * The rows to render of `count` fixed-height rows scrolled to `scrollTop` in a viewport of `height`: {start, end}
 * (end exclusive), with `overscan` rows either side.
 */
export function visibleRange(scrollTop, height, rowHeight, count, overscan = 10) {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(0, height) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count - 1, first - overscan));
  const end = Math.min(count, first + shown + overscan);
  return { start, end: Math.max(start, end) };
}

/**
 * Newest-first `lines` with `newer` (newest first too) put on top, cut to `max`: {lines, dropped} where `dropped` is
 * how many of the oldest were let go.
 */
export function prepend(lines, newer, max = MAX_LINES) {
  const all = newer.length ? newer.concat(lines) : lines;
  if (all.length <= max) return { lines: all, dropped: 0 };
  return { lines: all.slice(0, max), dropped: all.length - max };
}

/** Newest-first `lines` with an older page appended, cut to `max` (the page's excess is not kept). */
export function append(lines, older, max = MAX_LINES) {
  const room = Math.max(0, max - lines.length);
  const kept = older.length > room ? older.slice(0, room) : older;
  return { lines: kept.length ? lines.concat(kept) : lines, dropped: older.length - kept.length };
}

/** unix seconds -> the value of an <input type="datetime-local"> in local time ("" for null). */
export function toLocalInput(seconds) {
  if (seconds == null) return '';
  const d = new Date(seconds * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The value of an <input type="datetime-local"> (local time) -> unix seconds, or null when empty or invalid. */
export function fromLocalInput(value) {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!m) return null;
  const d = new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
  const t = d.getTime();
  return Number.isNaN(t) ? null : Math.floor(t / 1000);
}

/** "HH:MM:SS.mmm" local time of a line (unix ms). */
export function clock(ms) {
  const d = new Date(ms);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/**
 * Newest-first `lines` whose newest part (timestamp >= `edge`, unix ms) is made whole with `fresh`, the history of that
 * part (newest first): the live tail may miss lines (before it opened, after an overflow), history does not. Lines of
 * both are kept once (by lineKey), ordered newest first by timestamp, then by `sort` (live lines, which have none,
 * count as newest). Returns {lines, added, unconfirmed}: `unconfirmed` live lines were not in `fresh` (not stored yet).
 */
export function mergeNewest(lines, fresh, edge) {
  let cut = 0;
  while (cut < lines.length && lines[cut].timestamp >= edge) cut++;
  // Lines are matched as a multiset: a job may print the same line twice within a millisecond.
  const whole = fresh.filter((l) => l.timestamp >= edge);
  const unmatched = new Map();
  for (const l of whole) unmatched.set(lineKey(l), (unmatched.get(lineKey(l)) || 0) + 1);
  const extra = [];
  for (let i = 0; i < cut; i++) {
    const t = lines[i].timestamp;
    const k = [lineKey(lines[i]), lineKey(lines[i], t - 1), lineKey(lines[i], t + 1)].find((x) => unmatched.get(x) > 0);
    if (k) unmatched.set(k, unmatched.get(k) - 1);
    else extra.push(lines[i]);
  }
  const unconfirmed = extra.filter((l) => l.sort == null).length;
  const added = whole.length + extra.length - cut;
  if (added <= 0) return { lines, added: 0, unconfirmed };
  const top = whole.concat(extra)
    .sort((a, b) => b.timestamp - a.timestamp || (b.sort ?? Infinity) - (a.sort ?? Infinity));
  return { lines: top.concat(lines.slice(cut)), added, unconfirmed };
}
