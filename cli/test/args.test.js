import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError, parseArgs, parseAssignment } from '../lib/args.js';

const options = {
  follow: { type: 'boolean', short: 'f' },
  json: { type: 'boolean' },
  request: { type: 'string' },
  limit: { type: 'string', short: 'n' },
};

test('options and positionals in any order', () => {
  assert.deepEqual(parseArgs(['hello', '-f', '--request', 'r1', '--limit=5', 'x'], options),
    { options: { follow: true, request: 'r1', limit: '5' }, positionals: ['hello', 'x'] });
});

test('short options group, and take their value attached or next', () => {
  assert.deepEqual(parseArgs(['-fn', '7'], options).options, { follow: true, limit: '7' });
  assert.deepEqual(parseArgs(['-n7'], options).options, { limit: '7' });
});

test('-- ends the options', () => {
  assert.deepEqual(parseArgs(['--', '--json', '-f'], options), { options: {}, positionals: ['--json', '-f'] });
});

test('unknown options, missing values and values on flags are usage errors', () => {
  assert.throws(() => parseArgs(['--nope'], options), UsageError);
  assert.throws(() => parseArgs(['-z'], options), UsageError);
  assert.throws(() => parseArgs(['--request'], options), /needs a value/);
  assert.throws(() => parseArgs(['--json=yes'], options), /takes no value/);
});

test('a single dash is a positional (standard input)', () => {
  assert.deepEqual(parseArgs(['-'], options).positionals, ['-']);
});

test('NAME=VALUE splits at the first equals sign', () => {
  assert.deepEqual(parseAssignment('URL=http://x/?a=b'), { name: 'URL', value: 'http://x/?a=b' });
  assert.deepEqual(parseAssignment('EMPTY='), { name: 'EMPTY', value: '' });
  assert.throws(() => parseAssignment('=x'), UsageError);
  assert.throws(() => parseAssignment('NOVALUE'), UsageError);
});
