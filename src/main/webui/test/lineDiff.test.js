// The manifest comparison of the Versions tab: a shortest line diff of pretty-printed JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffLines, diffStats, foldUnchanged, stableJson } from '../src/pages/job/lineDiff.js';

const sides = (ops) => ({
  before: ops.filter((o) => o.op !== '+').map((o) => o.text),
  after: ops.filter((o) => o.op !== '-').map((o) => o.text),
});

test('identical texts are all unchanged lines, numbered on both sides', () => {
  const ops = diffLines('a\nb\nc', 'a\nb\nc\n');
  assert.deepEqual(ops, [
    { op: ' ', text: 'a', a: 1, b: 1 },
    { op: ' ', text: 'b', a: 2, b: 2 },
    { op: ' ', text: 'c', a: 3, b: 3 },
  ]);
  assert.deepEqual(diffStats(ops), { added: 0, removed: 0 });
});

test('an empty side is all additions or all removals', () => {
  assert.deepEqual(diffLines('', 'x\ny').map((o) => o.op + o.text), ['+x', '+y']);
  assert.deepEqual(diffLines('x\ny', '').map((o) => o.op + o.text), ['-x', '-y']);
  assert.deepEqual(diffLines('', ''), []);
});

test('a changed line is a removal followed by its replacement, with line numbers of each side', () => {
  const ops = diffLines('a\nb\nc', 'a\nB\nc');
  assert.deepEqual(ops, [
    { op: ' ', text: 'a', a: 1, b: 1 },
    { op: '-', text: 'b', a: 2, b: null },
    { op: '+', text: 'B', a: null, b: 2 },
    { op: ' ', text: 'c', a: 3, b: 3 },
  ]);
});

test('the edit script is a shortest one and rebuilds both sides', () => {
  const before = 'A\nB\nC\nA\nB\nB\nA';
  const after = 'C\nB\nA\nB\nA\nC';
  const ops = diffLines(before, after);
  const { added, removed } = diffStats(ops);
  assert.equal(added + removed, 5); // the classic example: D = 5
  assert.deepEqual(sides(ops), { before: before.split('\n'), after: after.split('\n') });
});

test('random texts are rebuilt exactly from their diff', () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let round = 0; round < 200; round++) {
    const lines = (n) => Array.from({ length: n }, () => 'abcde'[Math.floor(random() * 5)]);
    const a = lines(Math.floor(random() * 30));
    const b = lines(Math.floor(random() * 30));
    const ops = diffLines(a.join('\n'), b.join('\n'));
    assert.deepEqual(sides(ops), { before: a, after: b });
    const numbersA = ops.filter((o) => o.a !== null).map((o) => o.a);
    assert.deepEqual(numbersA, a.map((_, i) => i + 1));
  }
});

test('stableJson sorts keys at every level and keeps array order', () => {
  const text = stableJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } });
  assert.equal(text, '{\n  "a": {\n    "c": null,\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}');
  assert.equal(stableJson({ x: 1, y: 2 }), stableJson({ y: 2, x: 1 }));
  assert.equal(stableJson(undefined), '');
});

test('long unchanged runs are folded, keeping context around each change', () => {
  const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
  const after = [...before];
  after[9] = 'changed';
  const folded = foldUnchanged(diffLines(before.join('\n'), after.join('\n')), 2);
  assert.deepEqual(folded.map((o) => (o.op === 'skip' ? `skip ${o.count}` : o.op + o.text)), [
    'skip 7', ' line 8', ' line 9', '-line 10', '+changed', ' line 11', ' line 12', 'skip 8',
  ]);
  const short = foldUnchanged(diffLines('a\nb\nc', 'a\nx\nc'), 3);
  assert.equal(short.some((o) => o.op === 'skip'), false);
});
