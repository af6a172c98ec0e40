import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileIgnore } from '../lib/ignore.js';

const matches = (patterns, path, isDirectory = false) => compileIgnore(patterns)(path, isDirectory);

test('a pattern without a slash matches at any depth', () => {
  assert.equal(matches('*.log', 'a.log'), true);
  assert.equal(matches('*.log', 'deep/er/a.log'), true);
  assert.equal(matches('*.log', 'a.log.txt'), false);
});

test('a pattern with a slash is anchored at the function directory', () => {
  assert.equal(matches('/src', 'src', true), true);
  assert.equal(matches('/src', 'lib/src', true), false);
  assert.equal(matches('docs/*.md', 'docs/a.md'), true);
  assert.equal(matches('docs/*.md', 'x/docs/a.md'), false);
  assert.equal(matches('docs/*.md', 'docs/sub/a.md'), false);
});

test('a trailing slash matches directories only', () => {
  assert.equal(matches('build/', 'build', true), true);
  assert.equal(matches('build/', 'build', false), false);
});

test('double stars span directories', () => {
  assert.equal(matches('**/fixtures', 'fixtures', true), true);
  assert.equal(matches('**/fixtures', 'a/b/fixtures', true), true);
  assert.equal(matches('test/**/*.snap', 'test/a.snap'), true);
  assert.equal(matches('test/**/*.snap', 'test/a/b/c.snap'), true);
  assert.equal(matches('cache/**', 'cache/x/y'), true);
  assert.equal(matches('cache/**', 'cache', true), false);
});

test('the last matching pattern wins, and ! re-includes', () => {
  assert.equal(matches('*.md\n!README.md', 'README.md'), false);
  assert.equal(matches('*.md\n!README.md', 'CHANGES.md'), true);
  assert.equal(matches('!README.md\n*.md', 'README.md'), true);
});

test('comments, blank lines, escapes, ? and classes', () => {
  const patterns = '# a comment\n\n\\#literal\nfile?.txt\n[abc].js\n[!x]y.js\n';
  assert.equal(matches(patterns, '# a comment'), false);
  assert.equal(matches(patterns, '#literal'), true);
  assert.equal(matches(patterns, 'file1.txt'), true);
  assert.equal(matches(patterns, 'file12.txt'), false);
  assert.equal(matches(patterns, 'b.js'), true);
  assert.equal(matches(patterns, 'd.js'), false);
  assert.equal(matches(patterns, 'ay.js'), true);
  assert.equal(matches(patterns, 'xy.js'), false);
});

test('dots and other regular expression characters are literal', () => {
  assert.equal(matches('a.b', 'axb'), false);
  assert.equal(matches('(x)+', '(x)+'), true);
});
