// What goes into a function's archive: every file of the directory except .git, `node_modules/.bin` (links), the
// packages only devDependencies need, and what .jobberignore names. Symbolic links are followed (Jobber refuses
// links inside an archive); a link cycle is skipped.
import fs from 'node:fs';
import path from 'node:path';
import { compileIgnore } from './ignore.js';

export const IGNORE_FILE = '.jobberignore';
const ALWAYS_SKIPPED = new Set(['.git', IGNORE_FILE]);

/**
 * Lists the files to zip from `root`: [{name, file, mode}] sorted by name; also the devDependency packages left out
 * (`skippedPackages`, paths relative to root) and `warnings`.
 */
export function collectFiles(root) {
  root = path.resolve(root);
  const manifestFile = path.join(root, 'package.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${root} has no package.json`);
  const manifest = readJson(manifestFile);
  const ignoreFile = path.join(root, IGNORE_FILE);
  const ignored = fs.existsSync(ignoreFile) ? compileIgnore(fs.readFileSync(ignoreFile, 'utf8')) : () => false;
  const devOnly = devOnlyPackages(root, manifest);
  const files = [];
  const warnings = [];
  const visiting = new Set();

  const walk = (directory, relative) => {
    const real = fs.realpathSync(directory);
    if (visiting.has(real)) {
      warnings.push(`skipped ${relative}: a symbolic link loop`);
      return;
    }
    visiting.add(real);
    for (const name of fs.readdirSync(directory).sort()) {
      const rel = relative ? `${relative}/${name}` : name;
      const abs = path.join(directory, name);
      if (ALWAYS_SKIPPED.has(name) || (name === '.bin' && path.basename(directory) === 'node_modules')) continue;
      let stat;
      try {
        stat = fs.statSync(abs);
      } catch {
        warnings.push(`skipped ${rel}: a broken symbolic link`);
        continue;
      }
      const isDirectory = stat.isDirectory();
      if (ignored(rel, isDirectory)) continue;
      if (isDirectory) {
        if (!devOnly.has(abs)) walk(abs, rel);
      } else if (stat.isFile()) {
        files.push({ name: rel, file: abs, mode: stat.mode & 0o777, size: stat.size });
      }
    }
    visiting.delete(real);
  };
  walk(root, '');
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { files, manifest, skippedPackages: [...devOnly].map((p) => path.relative(root, p)).sort(), warnings };
}

/**
 * The installed packages that only devDependencies reach: everything devDependencies need, transitively, minus
 * everything dependencies, optionalDependencies and peerDependencies need. Packages neither reaches stay in (they
 * may be loaded in ways a manifest does not tell).
 */
export function devOnlyPackages(root, manifest) {
  const dev = Object.keys(manifest.devDependencies ?? {});
  if (dev.length === 0 || !fs.existsSync(path.join(root, 'node_modules'))) return new Set();
  const production = closure(root, root, runtimeDependencies(manifest));
  const development = closure(root, root, dev);
  return new Set([...development].filter((p) => !production.has(p)));
}

function runtimeDependencies(manifest) {
  return [
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ];
}

/** Package directories reached from `names` required in `from`, resolved as Node does but never above `root`. */
function closure(root, from, names) {
  const found = new Set();
  const queue = names.map((name) => [name, from]);
  while (queue.length > 0) {
    const [name, requirer] = queue.shift();
    const directory = resolvePackage(root, requirer, name);
    if (!directory || found.has(directory)) continue;
    found.add(directory);
    const manifestFile = path.join(directory, 'package.json');
    const manifest = fs.existsSync(manifestFile) ? readJson(manifestFile, {}) : {};
    for (const dependency of runtimeDependencies(manifest)) queue.push([dependency, directory]);
  }
  return found;
}

function resolvePackage(root, from, name) {
  for (let directory = from; ; directory = path.dirname(directory)) {
    const candidate = path.join(directory, 'node_modules', name);
    if (fs.existsSync(candidate)) return candidate;
    if (directory === root || path.dirname(directory) === directory) return null;
  }
}

function readJson(file, fallback) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if (fallback !== undefined) return fallback;
    throw new Error(`${file} is not valid JSON: ${e.message}`);
  }
}
