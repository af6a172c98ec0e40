// The panel's permission checks agree with the server's rules (auth/Permissions.java, ResourcePattern.java).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allows, allowsSome } from '../src/permissions.js';

const job = 'job/0b7e7f3c-0000-4000-8000-000000000001';

test('an allow statement covers the resources below its pattern', () => {
  const p = [{ effect: 'allow', resource: 'job', actions: ['read'] }];
  assert.equal(allows(p, `${job}/logs`, 'read'), true);
  assert.equal(allows(p, `${job}/logs`, 'write'), false);
  assert.equal(allows(p, 'users', 'read'), false);
});

test('a star matches any one segment or a missing one', () => {
  const p = [{ effect: 'allow', resource: 'job/*/logs', actions: ['read'] }];
  assert.equal(allows(p, `${job}/logs`, 'read'), true);
  assert.equal(allows(p, `${job}/store/x`, 'read'), false);
  assert.equal(allows([{ effect: 'allow', resource: '*', actions: ['read', 'write', 'delete'] }], 'users/x', 'delete'), true);
});

test('deny wins over allow', () => {
  const p = [
    { effect: 'allow', resource: '*', actions: ['read', 'write', 'delete'] },
    { effect: 'deny', resource: `${job}/environment`, actions: ['read'] },
  ];
  assert.equal(allows(p, `${job}/environment/TOKEN`, 'read'), false);
  assert.equal(allows(p, `${job}/environment/TOKEN`, 'write'), true);
});

test('some resource of a pattern may be allowed unless a deny covers all of it', () => {
  const p = [
    { effect: 'allow', resource: job, actions: ['read'] },
    { effect: 'deny', resource: 'users', actions: ['read'] },
  ];
  assert.equal(allowsSome(p, 'job/*', 'read'), true);
  assert.equal(allowsSome(p, 'users/*', 'read'), false);
  assert.equal(allowsSome(p, 'api-tokens', 'read'), false);
  assert.equal(allowsSome([], 'job/*', 'read'), false);
});

test('a malformed document allows nothing', () => {
  assert.equal(allows(null, 'job', 'read'), false);
  assert.equal(allows([{ effect: 'allow', resource: 7, actions: ['read'] }], 'job', 'read'), false);
});
