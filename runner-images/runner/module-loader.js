'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');

/**
 * Loads the job's entry module exactly as Node decides (ESM or CommonJS by extension and package.json `type`) and
 * returns its exports. For CommonJS that is module.exports itself, so exports the static analysis of the namespace
 * cannot see (e.g. `module.exports = build()`) are found too.
 */
async function loadJobModule(jobDir, main) {
  if (typeof main !== 'string' || main.length === 0) throw new Error('the job has no main module');
  let file = path.resolve(jobDir, main);
  const relative = path.relative(jobDir, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw new Error(`main "${main}" lies outside the job directory`);
  if (!isFile(file)) {
    // Ext: "./lib" or "./index" resolve the way require() would.
    file = createRequire(path.join(jobDir, 'package.json')).resolve(file);
  }
  const realFile = fs.realpathSync(file);
  const namespace = await import(pathToFileURL(realFile).href);
  if (Object.prototype.hasOwnProperty.call(namespace, 'module.exports')) return namespace['module.exports'];
  const cached = require.cache[realFile];
  if (cached !== undefined && cached.exports === namespace.default && namespace.default != null) return namespace.default;
  return namespace;
}

function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

module.exports = { loadJobModule };
