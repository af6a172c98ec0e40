import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { crc32, readZip, writeZip } from '../lib/zip.js';

const temporary = () => fs.mkdtempSync(path.join(os.tmpdir(), 'jobber-zip-test-'));

test('crc32 matches the standard check value', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(Buffer.alloc(0)), 0);
});

test('unzip reads every entry of a written zip intact', () => {
  const directory = temporary();
  const random = crypto.randomBytes(200_000); // does not deflate: stored
  const entries = [
    { name: 'package.json', data: Buffer.from('{"name":"x","version":"1.0.0"}') },
    { name: 'node_modules/dep/index.js', data: Buffer.from('module.exports = 1;\n'.repeat(5000)) },
    { name: 'bin/run', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
    { name: 'empty.txt', data: Buffer.alloc(0) },
    { name: 'données/ünïcode.txt', data: Buffer.from('é') },
    { name: 'random.bin', data: random },
  ];
  const zip = path.join(directory, 'job.zip');
  const { entries: count } = writeZip(zip, entries);
  assert.equal(count, entries.length);

  const tested = execFileSync('unzip', ['-t', zip], { encoding: 'utf8' });
  assert.match(tested, /No errors detected/);
  const out = path.join(directory, 'out');
  execFileSync('unzip', ['-q', zip, '-d', out]);
  for (const entry of entries) {
    assert.deepEqual(fs.readFileSync(path.join(out, entry.name)), entry.data, entry.name);
  }
  assert.equal(fs.statSync(path.join(out, 'bin/run')).mode & 0o777, 0o755);
  fs.rmSync(directory, { recursive: true });
});

test('readZip reads back what writeZip wrote, from files too', () => {
  const directory = temporary();
  fs.writeFileSync(path.join(directory, 'a.js'), 'x'.repeat(10_000));
  const zip = path.join(directory, 'job.zip');
  writeZip(zip, [{ name: 'a.js', file: path.join(directory, 'a.js') }, { name: 'b', data: Buffer.from('b') }]);
  const read = readZip(fs.readFileSync(zip));
  assert.deepEqual(read.map((e) => e.name), ['a.js', 'b']);
  assert.equal(read[0].read().toString(), 'x'.repeat(10_000));
  assert.equal(read[1].read().toString(), 'b');
  fs.rmSync(directory, { recursive: true });
});

test('the same files always give the same bytes', () => {
  const directory = temporary();
  const entries = [{ name: 'package.json', data: Buffer.from('{}') }, { name: 'index.js', data: Buffer.from('1') }];
  writeZip(path.join(directory, 'one.zip'), entries);
  writeZip(path.join(directory, 'two.zip'), entries);
  assert.deepEqual(fs.readFileSync(path.join(directory, 'one.zip')), fs.readFileSync(path.join(directory, 'two.zip')));
  fs.rmSync(directory, { recursive: true });
});

test('readZip refuses what is not a zip', () => {
  assert.throws(() => readZip(Buffer.from('not a zip at all, just some text')), /not a zip/);
});
