// .jobberignore: gitignore-like patterns. Blank lines and `#` comments are skipped, `!` re-includes, a trailing `/`
// matches directories only, a pattern with a `/` before its end is anchored at the function's directory (a leading
// `/` too), otherwise it matches at any depth; `*`, `?`, `[…]` and `**` as in git. The last matching pattern wins,
// and nothing inside an ignored directory can be re-included.

/** Compiles the file's text into `ignored(relativePath, isDirectory)`. */
export function compileIgnore(text) {
  const rules = text.split(/\r?\n/).map(parseLine).filter(Boolean);
  return (path, isDirectory) => {
    let ignored = false;
    for (const rule of rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.regex.test(path)) ignored = !rule.negated;
    }
    return ignored;
  };
}

function parseLine(line) {
  let pattern = line.replace(/(?<!\\)\s+$/, '');
  if (pattern === '' || pattern.startsWith('#')) return null;
  let negated = false;
  if (pattern.startsWith('!')) {
    negated = true;
    pattern = pattern.slice(1);
  } else if (pattern.startsWith('\\!') || pattern.startsWith('\\#')) {
    pattern = pattern.slice(1);
  }
  const directoryOnly = pattern.endsWith('/');
  if (directoryOnly) pattern = pattern.replace(/\/+$/, '');
  const anchored = pattern.includes('/');
  pattern = pattern.replace(/^\//, '');
  if (pattern === '') return null;
  const body = toRegex(pattern);
  return { negated, directoryOnly, regex: new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`) };
}

function toRegex(pattern) {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      const startsSegment = i === 0 || pattern[i - 1] === '/';
      const endsSegment = i + 2 === pattern.length || pattern[i + 2] === '/';
      if (startsSegment && endsSegment) {
        if (i + 2 === pattern.length) {
          out += '.*'; // `a/**`: everything inside
        } else {
          out += '(?:.*/)?'; // `**/` or `a/**/b`: zero or more directories
          i++;
        }
        i++;
        continue;
      }
      out += '[^/]*';
      i++;
    } else if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let set = pattern.slice(i + 1, close);
      if (set.startsWith('!')) set = '^' + set.slice(1);
      out += `[${set.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else if (c === '\\' && i + 1 < pattern.length) {
      out += escape(pattern[++i]);
    } else {
      out += escape(c);
    }
  }
  return out;
}

function escape(c) {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
