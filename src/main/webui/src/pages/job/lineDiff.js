// A line diff for comparing two versions' manifests: pretty-printed JSON with sorted keys (so that only content
// differs, not key order), Myers' O(ND) shortest edit script, and long unchanged runs folded away.

/** `value` as indented JSON whose object keys are sorted at every level (arrays keep their order). */
export function stableJson(value) {
  return JSON.stringify(sortKeys(value), null, 2) ?? '';
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

const linesOf = (text) => (text === '' ? [] : text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n'));

/**
 * The lines of `before` and `after` as a shortest edit script: [{op, text, a, b}] where `op` is ' ' (in both),
 * '-' (only in before) or '+' (only in after), and `a` / `b` are 1-based line numbers in before / after (null where
 * the line is not in that side). Removed lines come before the added ones that replace them.
 */
export function diffLines(before, after) {
  const a = linesOf(before);
  const b = linesOf(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops = [];
  for (let i = 0; i < start; i++) ops.push({ op: ' ', text: a[i], a: i + 1, b: i + 1 });
  for (const [op, i, j] of middle(a.slice(start, endA), b.slice(start, endB))) {
    const text = op === '+' ? b[start + j] : a[start + i];
    ops.push({ op, text, a: op === '+' ? null : start + i + 1, b: op === '-' ? null : start + j + 1 });
  }
  for (let i = endA, j = endB; i < a.length; i++, j++) ops.push({ op: ' ', text: a[i], a: i + 1, b: j + 1 });
  return ops;
}

/** Myers' algorithm: the edit script turning `a` into `b` as [op, indexInA, indexInB]. */
function middle(a, b) {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((_, j) => ['+', 0, j]);
  if (m === 0) return a.map((_, i) => ['-', i, 0]);
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace = []; // trace[d]: v[-d-1 .. d+1] before step d
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  const script = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const snapshot = trace[d];
    const at = (k) => snapshot[k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      script.push([' ', x, y]);
    }
    if (d > 0) {
      if (x === prevX) script.push(['+', x, prevY]);
      else script.push(['-', prevX, y]);
      x = prevX;
      y = prevY;
    }
  }
  script.reverse();
  return orderChanges(script);
}

/** Within each run of changes, removals first, then additions (as people read a replacement). */
function orderChanges(script) {
  const out = [];
  let removed = [];
  let added = [];
  const flush = () => {
    out.push(...removed, ...added);
    removed = [];
    added = [];
  };
  for (const step of script) {
    if (step[0] === '-') removed.push(step);
    else if (step[0] === '+') added.push(step);
    else {
      flush();
      out.push(step);
    }
  }
  flush();
  return out;
}

/**
 * Folds every run of unchanged lines longer than needed to show `context` lines around each change into one
 * {op: 'skip', count} entry.
 */
export function foldUnchanged(ops, context = 3) {
  const out = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i].op !== ' ') {
      out.push(ops[i++]);
      continue;
    }
    let j = i;
    while (j < ops.length && ops[j].op === ' ') j++;
    const keepBefore = i === 0 ? 0 : context;
    const keepAfter = j === ops.length ? 0 : context;
    if (j - i > keepBefore + keepAfter) {
      out.push(...ops.slice(i, i + keepBefore));
      out.push({ op: 'skip', count: j - i - keepBefore - keepAfter });
      out.push(...ops.slice(j - keepAfter, j));
    } else {
      out.push(...ops.slice(i, j));
    }
    i = j;
  }
  return out;
}

/** How many lines were added and removed. */
export function diffStats(ops) {
  let added = 0;
  let removed = 0;
  for (const o of ops) {
    if (o.op === '+') added++;
    else if (o.op === '-') removed++;
  }
  return { added, removed };
}
