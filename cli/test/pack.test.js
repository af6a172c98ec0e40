import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { collectFiles } from '../lib/pack.js';

/** A function directory from {relativePath: content}; objects are written as JSON. */
function project(files) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jobber-pack-test-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

const names = (root) => collectFiles(root).files.map((f) => f.name);

test('packs package.json, code and node_modules, sorted, without .git and node_modules/.bin', () => {
  const root = project({
    'package.json': { name: 'x', version: '1.0.0', dependencies: { dep: '1' } },
    'index.js': '',
    'lib/util.js': '',
    '.git/HEAD': 'ref',
    'node_modules/dep/package.json': { name: 'dep' },
    'node_modules/dep/index.js': '',
  });
  fs.mkdirSync(path.join(root, 'node_modules/.bin'));
  fs.symlinkSync('../dep/index.js', path.join(root, 'node_modules/.bin/dep'));
  assert.deepEqual(names(root), ['index.js', 'lib/util.js', 'node_modules/dep/index.js', 'node_modules/dep/package.json',
    'package.json']);
});

test('leaves out packages only devDependencies reach, keeps those production code needs too', () => {
  const root = project({
    'package.json': { name: 'x', version: '1.0.0', dependencies: { app: '1' }, devDependencies: { typescript: '5', tool: '1' } },
    'node_modules/app/package.json': { name: 'app', dependencies: { shared: '1' } },
    'node_modules/typescript/package.json': { name: 'typescript' },
    'node_modules/tool/package.json': { name: 'tool', dependencies: { shared: '1', 'tool-only': '1' } },
    'node_modules/tool/node_modules/nested/package.json': { name: 'nested' },
    'node_modules/tool-only/package.json': { name: 'tool-only' },
    'node_modules/shared/package.json': { name: 'shared' },
    'node_modules/@types/node/package.json': { name: '@types/node' },
    'node_modules/unknown/package.json': { name: 'unknown' },
  });
  const { files, skippedPackages } = collectFiles(root);
  assert.deepEqual(files.map((f) => f.name), ['node_modules/@types/node/package.json', 'node_modules/app/package.json',
    'node_modules/shared/package.json', 'node_modules/unknown/package.json', 'package.json']);
  assert.deepEqual(skippedPackages, ['node_modules/tool', 'node_modules/tool-only', 'node_modules/typescript']);
});

test('.jobberignore leaves out what it names, and is itself left out', () => {
  const root = project({
    'package.json': { name: 'x', version: '1.0.0' },
    '.jobberignore': '# sources\nsrc/\n*.zip\n!keep.zip\ntest/**/*.snap\n',
    'src/index.ts': '',
    'dist/index.js': '',
    'old.zip': '',
    'keep.zip': '',
    'test/a/b.snap': '',
    'test/a/b.js': '',
  });
  assert.deepEqual(names(root), ['dist/index.js', 'keep.zip', 'package.json', 'test/a/b.js']);
});

test('symbolic links are followed, broken ones and loops skipped with a warning', () => {
  const root = project({ 'package.json': { name: 'x', version: '1.0.0' }, 'real/a.js': '' });
  fs.symlinkSync('real', path.join(root, 'linked'));
  fs.symlinkSync('missing', path.join(root, 'broken'));
  fs.symlinkSync('..', path.join(root, 'real/loop'));
  const { files, warnings } = collectFiles(root);
  assert.deepEqual(files.map((f) => f.name), ['linked/a.js', 'package.json', 'real/a.js']);
  assert.equal(warnings.length, 3); // broken, and the loop seen through both real/ and linked/
});

test('a directory without package.json is refused', () => {
  const root = project({ 'index.js': '' });
  assert.throws(() => collectFiles(root), /has no package.json/);
});
