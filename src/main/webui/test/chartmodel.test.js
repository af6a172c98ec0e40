// The Metrics tab's scales, ticks and series shaping (src/pages/job/chartmodel.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  WINDOWS, byOutcome, byQuantile, byStatus, linePath, nearest, niceTicks, quantileOf, scale, stepOf, timeTicks,
  timestamps, valueExtent,
} from '../src/pages/job/chartmodel.js';

const series = (label, points) => ({ label, values: points.map(([timestamp, value]) => ({ timestamp, value })) });

test('every window is within the API limit of 10000 seconds', () => {
  for (const w of WINDOWS) assert.ok(w.seconds >= 1 && w.seconds <= 10000, w.label);
});

test('a scale maps the domain linearly, a flat domain to the middle', () => {
  const x = scale([0, 10], [100, 200]);
  assert.equal(x(0), 100);
  assert.equal(x(5), 150);
  assert.equal(scale([3, 3], [0, 10])(3), 5);
  const y = scale([0, 1], [190, 10]);
  assert.equal(y(1), 10);
});

test('nice ticks are round and cover the range', () => {
  assert.deepEqual(niceTicks(0, 1, 4), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(niceTicks(0, 7, 4), [0, 2, 4, 6, 8]);
  assert.deepEqual(niceTicks(0, 0.023, 4), [0, 0.01, 0.02, 0.03]);
  assert.deepEqual(niceTicks(0, 2, 4, true), [0, 1, 2], 'counts tick on whole numbers');
  assert.deepEqual(niceTicks(0, 0), [0, 0.25, 0.5, 0.75, 1]);
});

test('time ticks fall on whole minutes within the window', () => {
  const ticks = timeTicks(1000, 1000 + 900, 5);
  assert.ok(ticks.length >= 2 && ticks.length <= 5);
  for (const t of ticks) {
    assert.equal(t % 60, 0);
    assert.ok(t >= 1000 && t <= 1900);
  }
});

test('timestamps of all series, sorted and distinct; the nearest one to a position', () => {
  const ts = timestamps([series('a', [[30, 1], [10, 2]]), series('b', [[20, 1], [10, 5]])]);
  assert.deepEqual(ts, [10, 20, 30]);
  assert.equal(nearest(ts, 24), 1);
  assert.equal(nearest(ts, 26), 2);
  assert.equal(nearest(ts, -5), 0);
  assert.equal(nearest(ts, 99), 2);
  assert.equal(nearest([], 1), -1);
});

test('the y range starts at 0 and is never empty', () => {
  assert.deepEqual(valueExtent([series('a', [[1, 3], [2, 7]])]), [0, 7]);
  assert.deepEqual(valueExtent([series('a', [])]), [0, 1]);
});

test('a line breaks where a step has no point', () => {
  const id = (v) => v;
  const s = series('a', [[0, 1], [15, 2], [30, 3], [90, 4]]);
  assert.equal(stepOf([s]), 15);
  assert.equal(linePath(s.values, id, id, 15 * 2.5), 'M0.0,1.0L15.0,2.0L30.0,3.0M90.0,4.0');
  assert.equal(stepOf([series('a', [[0, 1]])]), null);
});

test('requests by outcome: named, coloured, successes first', () => {
  const shaped = byOutcome([series('http, status 0', [[1, 1]]), series('http, status 1', [[1, 4]])]);
  assert.deepEqual(shaped.map((s) => [s.label, s.tone]), [['http succeeded', 2], ['http failed', 1]]);
});

test('HTTP answers summed by status code across methods and hosts', () => {
  const shaped = byStatus([
    series('200 GET a:1', [[1, 1], [2, 2]]),
    series('200 POST b:1', [[2, 3]]),
    series('502 GET a:1', [[2, 1]]),
  ]);
  assert.deepEqual(shaped.map((s) => s.label), ['200', '502']);
  assert.deepEqual(shaped[0].values, [{ timestamp: 1, value: 1 }, { timestamp: 2, value: 5 }]);
  assert.equal(shaped[0].tone, 2);
  assert.equal(shaped[1].tone, 1);
});

test('quantile series are read from their label; the mean series has none', () => {
  assert.equal(quantileOf('job @ 1.0.0, quantile="0.95"'), 0.95);
  assert.equal(quantileOf('job @ 1.0.0'), null);
});

test('a distribution is shown as p50, p95, p99 then the mean, or without the mean', () => {
  const input = [
    series('job @ 1.0.0', [[1, 0.2]]),
    series('job @ 1.0.0, quantile="0.99"', [[1, 0.9]]),
    series('job @ 1.0.0, quantile="0.5"', [[1, 0.1]]),
    series('job @ 1.0.0, quantile="0.95"', [[1, 0.5]]),
  ];
  const shaped = byQuantile(input);
  assert.deepEqual(shaped.map((s) => s.label), ['p50', 'p95', 'p99', 'mean']);
  assert.deepEqual(shaped.map((s) => s.values[0].value), [0.1, 0.5, 0.9, 0.2]);
  assert.equal(new Set(shaped.map((s) => s.tone)).size, 4, 'each line its own colour');
  assert.deepEqual(byQuantile(input, { withMean: false }).map((s) => s.label), ['p50', 'p95', 'p99']);
  assert.deepEqual(byQuantile([]), []);
});
