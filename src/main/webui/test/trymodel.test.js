// The Try-it tab's routes, request and answer display (src/pages/job/trymodel.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyView, pathMatches, routesOf, suggestPath, tryRequest, typedPath } from '../src/pages/job/trymodel.js';

const triggers = [
  { id: 'a', context: { type: 'http', method: 'get', path: '/hello' } },
  { id: 'b', context: { type: 'http', path: '^/files/\\d+' } },
  { id: 'c', context: { type: 'schedule', cron: '* * * * *' } },
  { id: 'd', context: { type: 'http', hostname: 'x.test' } },
];

test('only HTTP triggers are routes; regex and wildcard paths are typed', () => {
  const routes = routesOf(triggers);
  assert.deepEqual(routes.map((r) => r.id), ['a', 'b', 'd']);
  assert.equal(routes[0].method, 'GET');
  assert.equal(routes[0].label, 'GET /hello');
  assert.equal(typedPath(routes[0]), false);
  assert.equal(typedPath(routes[1]), true);
  assert.equal(typedPath(routes[2]), true);
  assert.match(routes[2].label, /any method any path \(host x\.test\)/);
  assert.deepEqual(routesOf(null), []);
});

test('a path to start from, and whether a typed path matches', () => {
  const [hello, files, any] = routesOf(triggers);
  assert.equal(suggestPath(hello), '/hello');
  assert.equal(suggestPath(files), '/files/');
  assert.equal(suggestPath(any), '/');
  assert.equal(pathMatches(hello, '/hello?x=1'), true);
  assert.equal(pathMatches(hello, '/hello/x'), false);
  assert.equal(pathMatches(files, '/files/12/more'), true, 'a find, not a full match, as the gateway');
  assert.equal(pathMatches(files, '/files/x'), false);
  assert.equal(pathMatches(any, '/whatever'), true);
});

test('the try request: named header rows as an object, no body when empty', () => {
  const r = tryRequest({
    method: 'post', path: '/x', body: '',
    headers: [{ name: ' X-A ', value: '1' }, { name: '', value: 'ignored' }, { name: 'X-A', value: '2' }],
  });
  assert.deepEqual(r, { method: 'POST', path: '/x', headers: { 'X-A': '2' } });
  assert.equal(tryRequest({ method: 'PUT', path: '/x', headers: [], body: 'hi' }).body, 'hi');
});

test('answer bodies: JSON pretty-printed, text as is, binary described', () => {
  const json = bodyView({ headers: [['Content-Type', 'application/json']], body: '{"a":1}' });
  assert.deepEqual(json, { kind: 'json', text: '{\n  "a": 1\n}' });
  assert.equal(bodyView({ headers: [], body: '[1,2]' }).kind, 'json');
  assert.equal(bodyView({ headers: [['content-type', 'application/json']], body: '{"a":' }).kind, 'text', 'cut short');
  assert.equal(bodyView({ headers: [], body: 'plain' }).kind, 'text');
  assert.deepEqual(bodyView({ headers: [], body: null, bodyBase64: 'AAEC' }), { kind: 'binary', text: '3 bytes of binary data' });
  assert.equal(bodyView({ headers: [], body: '' }).kind, 'empty');
});
