// Token lifetimes, the publish command, credential checks and permission summaries of the users and tokens pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publishCommand, ttlOf } from '../src/pages/tokenTtl.js';
import { credentialProblems, samePermissions, summarize } from '../src/pages/accounts.js';

test('presets and custom lifetimes become seconds within the server range', () => {
  assert.deepEqual(ttlOf('day'), { seconds: 86400 });
  assert.deepEqual(ttlOf('month'), { seconds: 2592000 });
  assert.deepEqual(ttlOf('year'), { seconds: 31536000 });
  assert.deepEqual(ttlOf('custom', '90', 'minutes'), { seconds: 5400 });
  assert.deepEqual(ttlOf('custom', '1825', 'days'), { seconds: 157680000 });
  assert.ok(ttlOf('custom', '1826', 'days').error);
  assert.ok(ttlOf('custom', '0.5', 'minutes').error);
  assert.ok(ttlOf('custom', '', 'days').error);
  assert.ok(ttlOf('custom', 'abc', 'hours').error);
  assert.ok(ttlOf('custom', '2', 'weeks').error);
});

test('the publish command names the token and the origin', () => {
  assert.equal(publishCommand('https://jobber.example', 'jbt_x'),
    'curl -H "Authorization: Bearer jbt_x" -F "archive=@function.zip" https://jobber.example/api/job/publish/');
});

test('usernames and passwords are checked as the server checks them', () => {
  assert.deepEqual(credentialProblems({ username: 'ann', password: 'secret7', confirm: 'secret7' }), []);
  assert.deepEqual(credentialProblems({ username: 'an', password: 'short', confirm: 'other' }).map((e) => e.field),
    ['username', 'password', 'confirm']);
  assert.equal(credentialProblems({ username: 'has space' }).length, 1);
  assert.deepEqual(credentialProblems({}), []);
});

test('permission documents are summarized for list rows', () => {
  assert.equal(summarize([{ effect: 'allow', resource: '*', actions: ['read', 'write', 'delete'] }]), 'Full access');
  assert.equal(summarize([]), 'No permissions');
  assert.equal(summarize([
    { effect: 'allow', resource: 'job', actions: ['read'] },
    { effect: 'allow', resource: 'users', actions: ['read'] },
    { effect: 'allow', resource: 'api-tokens', actions: ['read'] },
    { effect: 'deny', resource: 'job/x', actions: ['read'] },
  ]), 'job, users +1 more; 1 denied');
  assert.equal(samePermissions([{ a: 1 }], [{ a: 1 }]), true);
});
