// The Logs tab's query <-> filter mapping, client-side filters, windowing and memory cap (src/pages/job/logmodel.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  append, apiQuery, filtersFromQuery, fromLocalInput, inRange, mergeNewest, prepend, queryFromFilters, tailQuery,
  toLocalInput, visibleRange,
} from '../src/pages/job/logmodel.js';

const rid = '7c5ab25c-13d7-4d3b-9976-61ac32abc67c';
const line = (over = {}) => ({
  created: 1000, timestamp: 1000_000, message: 'Hello World', source: 'runner', stream: 'stdout', requestId: rid, ...over,
});

test('filters round-trip through the URL query; defaults are left out', () => {
  const f = { q: 'boom', stream: 'stderr', requestId: rid, from: 100, to: 200 };
  assert.deepEqual(filtersFromQuery(new URLSearchParams(queryFromFilters(f))), f);
  assert.equal(queryFromFilters({ q: '', stream: 'all', requestId: '', from: null, to: null }), '');
});

test('invalid query values are dropped, not sent to the API', () => {
  const f = filtersFromQuery(new URLSearchParams('stream=nope&requestId=xyz&from=yesterday&to=-5&q=%20a%20'));
  assert.deepEqual(f, { q: 'a', stream: 'all', requestId: '', from: null, to: null });
  assert.equal(filtersFromQuery(null).stream, 'all');
});

test('the API query carries every filter and the cursor; a stream choice becomes source and stream', () => {
  const qs = new URLSearchParams(apiQuery({ q: 'x', stream: 'stderr', requestId: rid, from: 1, to: 2 }, 42, 500));
  assert.equal(qs.get('before'), '42');
  assert.equal(qs.get('limit'), '500');
  assert.equal(qs.get('q'), 'x');
  assert.equal(qs.get('requestId'), rid);
  assert.equal(qs.get('from'), '1');
  assert.equal(qs.get('to'), '2');
  assert.equal(qs.get('source'), 'runner');
  assert.equal(qs.get('stream'), 'stderr');
  assert.equal(new URLSearchParams(apiQuery({ stream: 'all' }, null)).has('before'), false);
});

test('the live tail is filtered by the server: text, request and stream, never the time range', () => {
  const base = { q: '', stream: 'all', requestId: '', from: 5, to: null };
  assert.equal(tailQuery(base), '');
  assert.equal(tailQuery({ ...base, stream: 'system' }), 'source=system');
  assert.equal(tailQuery({ ...base, stream: 'stdout' }), 'source=runner&stream=stdout');
  const qs = new URLSearchParams(tailQuery({ ...base, q: 'a b', requestId: rid, stream: 'stderr' }));
  assert.deepEqual([...qs.keys()], ['q', 'requestId', 'source', 'stream']);
  assert.equal(qs.get('q'), 'a b');
});

test('a live line is kept from `from` on, to the second', () => {
  assert.equal(inRange(line(), { from: null }), true);
  assert.equal(inRange(line(), { from: 1000 }), true);
  assert.equal(inRange(line(), { from: 1001 }), false);
});

test('only the visible rows and the overscan are rendered, even of 100,000', () => {
  assert.deepEqual(visibleRange(0, 440, 22, 100_000, 10), { start: 0, end: 31 });
  assert.deepEqual(visibleRange(22 * 50_000, 440, 22, 100_000, 10), { start: 49_990, end: 50_031 });
  assert.deepEqual(visibleRange(22 * 100_000, 440, 22, 100_000, 10), { start: 99_990, end: 100_000 });
  assert.deepEqual(visibleRange(0, 440, 22, 0), { start: 0, end: 0 });
  assert.deepEqual(visibleRange(0, 440, 22, 3, 10), { start: 0, end: 3 });
});

test('live lines go on top and the oldest are let go past the cap', () => {
  const r = prepend([3, 2, 1], [5, 4], 4);
  assert.deepEqual(r, { lines: [5, 4, 3, 2], dropped: 1 });
  assert.deepEqual(prepend([2, 1], [], 4), { lines: [2, 1], dropped: 0 });
});

test('older pages are appended up to the cap', () => {
  assert.deepEqual(append([5, 4], [3, 2, 1], 4), { lines: [5, 4, 3, 2], dropped: 1 });
  assert.deepEqual(append([5, 4], [3], 4), { lines: [5, 4, 3], dropped: 0 });
});

test('datetime-local values are local time, to the second', () => {
  const s = fromLocalInput('2026-12-07T22:30:15');
  assert.equal(toLocalInput(s), '2026-12-07T22:30:15');
  assert.equal(toLocalInput(fromLocalInput('2026-12-07T22:30')), '2026-12-07T22:30:00');
  assert.equal(fromLocalInput(''), null);
  assert.equal(fromLocalInput('garbage'), null);
  assert.equal(toLocalInput(null), '');
});

test('history makes the newest part whole where the live tail missed lines (an overflow, a reconnect)', () => {
  const l = (timestamp, message, sort = null) => line({ timestamp, message, sort });
  const shown = [l(50, 'e'), l(30, 'c'), l(10, 'a'), l(5, 'old')]; // live lines b and d were skipped
  const history = [l(50, 'e', 5), l(40, 'd', 4), l(30, 'c', 3), l(20, 'b', 2), l(10, 'a', 1)];
  const { lines, added } = mergeNewest(shown, history, 10);
  assert.deepEqual(lines.map((x) => x.message), ['e', 'd', 'c', 'b', 'a', 'old']);
  assert.equal(added, 2);
  assert.equal(lines[0].sort, 5, 'the history copy (with its sort) is kept');
  const newer = mergeNewest([l(60, 'f'), ...lines], history, 10);
  assert.deepEqual(newer.lines.map((x) => x.message), ['f', 'e', 'd', 'c', 'b', 'a', 'old'], 'a line newer than history stays');
  assert.equal(newer.added, 0);
  assert.equal(newer.unconfirmed, 1, 'the live line history does not hold yet');
  assert.equal(mergeNewest(lines, history, 10).lines, lines, 'nothing to add: the same array');
  assert.equal(mergeNewest(lines, history, 10).unconfirmed, 0);
});

test('the same line twice in a millisecond is kept twice', () => {
  const l = (timestamp, message, sort = null) => line({ timestamp, message, sort });
  const { lines, added } = mergeNewest([l(10, 'x')], [l(10, 'x', 2), l(10, 'x', 1)], 10);
  assert.deepEqual(lines.map((x) => x.sort), [2, 1]);
  assert.equal(added, 1);
});

test('a live line matches its history copy 1 ms apart (Postgres rounds to microseconds)', () => {
  const l = (timestamp, message, sort = null) => line({ timestamp, message, sort });
  const { lines, added } = mergeNewest([l(21, 'b'), l(10, 'a')], [l(20, 'b', 2), l(10, 'a', 1)], 10);
  assert.deepEqual(lines.map((x) => x.message), ['b', 'a']);
  assert.equal(added, 0);
});
