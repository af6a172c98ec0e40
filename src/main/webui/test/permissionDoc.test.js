// The permission editor names the problems the server would (auth/Permissions.java#parse), with its field names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorsByRow, parseDocument, resourceOptions, showableAsRows, suggest, validateDocument } from '../src/ui/permissionDoc.js';
import { grantable } from '../src/permissions.js';

test('a well-formed document has no problems', () => {
  assert.deepEqual(validateDocument([]), []);
  assert.deepEqual(validateDocument([{ effect: 'deny', resource: 'job/*/environment', actions: ['read', 'delete'] }]), []);
});

test('each bad part of a statement is named like the server names it', () => {
  const fields = validateDocument([
    { effect: 'allow', resource: 'job', actions: ['read'] },
    { effect: 'permit', resource: '', actions: ['read', 'execute'] },
    'job',
    { effect: 'deny', resource: 'x'.repeat(513), actions: 'read' },
  ]).map((e) => e.field);
  assert.deepEqual(fields, [
    'permissions[1].effect', 'permissions[1].resource', 'permissions[1].actions[1]', 'permissions[2]',
    'permissions[3].resource', 'permissions[3].actions',
  ]);
});

test('a document must be an array of at most 200 statements', () => {
  assert.equal(validateDocument({ effect: 'allow' })[0].field, 'permissions');
  const many = Array.from({ length: 201 }, () => ({ effect: 'allow', resource: 'job', actions: [] }));
  assert.match(validateDocument(many)[0].message, /at most 200/);
});

test('JSON text that does not parse keeps no document and says why', () => {
  const bad = parseDocument('[{"effect": "allow"');
  assert.equal(bad.doc, undefined);
  assert.match(bad.errors[0].message, /not valid JSON/);
  const ok = parseDocument('[{"effect":"allow","resource":"*","actions":["read"]}]');
  assert.equal(ok.doc.length, 1);
  assert.deepEqual(ok.errors, []);
  assert.equal(showableAsRows(parseDocument('[1]').doc), false);
  assert.equal(showableAsRows(ok.doc), true);
});

test('server field errors are split by statement', () => {
  const { rows, rest } = errorsByRow([
    { field: 'permissions[0].effect', message: 'bad effect' },
    { field: 'permissions[12].actions[0]', message: 'bad action' },
    { field: 'permissions', message: 'too many' },
    { field: 'username', message: 'taken' },
  ]);
  assert.deepEqual(rows[0], [{ part: 'effect', message: 'bad effect' }]);
  assert.deepEqual(rows[12], [{ part: 'actions[0]', message: 'bad action' }]);
  assert.deepEqual(rest.map((e) => e.field), ['permissions']);
});

test('resource suggestions list the general resources and what lies below each job', () => {
  const values = resourceOptions([{ id: 'abc', jobName: 'hello' }]).map((o) => o.value);
  for (const v of ['*', 'job', 'job/-/publish', 'users', 'api-tokens', 'system/metrics/prometheus', 'system/metrics/overview',
    'job/abc', 'job/abc/environment', 'job/abc/logs', 'job/abc/runners', 'job/abc/store', 'job/abc/triggers',
    'job/abc/versions', 'job/abc/actions']) {
    assert.ok(values.includes(v), v);
  }
  assert.equal(new Set(values).size, values.length);
});

test('a caller may hand out only what it holds, carrying its denies over', () => {
  const own = [
    { effect: 'allow', resource: 'job', actions: ['read', 'write'] },
    { effect: 'deny', resource: 'job/*/environment', actions: ['read'] },
  ];
  assert.deepEqual(grantable(own, [
    { effect: 'allow', resource: 'job/abc/logs', actions: ['read'] },
    { effect: 'allow', resource: 'users', actions: ['read'] },
    { effect: 'deny', resource: 'anything', actions: ['delete'] },
    { effect: 'allow', resource: 'job', actions: ['delete'] },
  ]), [true, false, true, false]);
  // Reading every job overlaps the deny: only with the deny carried over.
  assert.deepEqual(grantable(own, [{ effect: 'allow', resource: 'job', actions: ['read'] }]), [false]);
  assert.deepEqual(grantable(own, [
    { effect: 'allow', resource: 'job', actions: ['read'] },
    { effect: 'deny', resource: 'job/*/environment', actions: ['read'] },
  ]), [true, true]);
  assert.deepEqual(grantable([{ effect: 'allow', resource: '*', actions: ['read', 'write', 'delete'] }],
    [{ effect: 'allow', resource: 'users/x/password', actions: ['write'] }]), [true]);
});

test('suggestions are few, those starting with the text first, and match job names', () => {
  const jobs = Array.from({ length: 1000 }, (_, i) => ({ id: `id${i}`, jobName: `name${i}` }));
  const options = resourceOptions(jobs);
  assert.ok(options.length > 8000);
  const empty = suggest(options, '');
  assert.equal(empty.length, 60);
  assert.ok(empty.every((o) => !/^job\/id\d+\/./.test(o.value)));
  assert.deepEqual(suggest(options, 'job/id7/l').map((o) => o.value), ['job/id7/logs']);
  assert.deepEqual(suggest(options, 'NAME999').map((o) => o.value).slice(0, 2), ['job/id999', 'job/id999/environment']);
  assert.equal(suggest(options, 'job/-')[0].value, 'job/-/publish');
});
