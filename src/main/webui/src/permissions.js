// The server's permission rules, so the panel offers only what the caller may do (the server checks again):
// statements [{effect, resource, actions}], deny wins; patterns compare segment by segment, `*` matches any one
// segment or a missing one, and a pattern shorter than the resource covers everything below it.

function matches(pattern, resource) {
  const p = pattern.split('/');
  const r = resource.split('/');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '*') continue;
    if (i >= r.length || p[i] !== r[i]) return false;
  }
  return true;
}

function overlaps(a, b) {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== '*' && y[i] !== '*' && x[i] !== y[i]) return false;
  }
  return true;
}

function covers(outer, inner) {
  const o = outer.split('/');
  const n = inner.split('/');
  for (let i = 0; i < o.length; i++) {
    if (o[i] === '*') continue;
    if (i >= n.length || n[i] === '*' || o[i] !== n[i]) return false;
  }
  return true;
}

const statementsOf = (permissions) => (Array.isArray(permissions) ? permissions : []);
const hasAction = (s, action) => Array.isArray(s.actions) && s.actions.includes(action);

/** Whether `permissions` allow `action` on the concrete `resource`. */
export function allows(permissions, resource, action) {
  let allowed = false;
  for (const s of statementsOf(permissions)) {
    if (!hasAction(s, action) || typeof s.resource !== 'string' || !matches(s.resource, resource)) continue;
    if (s.effect === 'deny') return false;
    if (s.effect === 'allow') allowed = true;
  }
  return allowed;
}

/** Whether some resource the pattern matches may be allowed (for lists and pages whose items are checked later). */
export function allowsSome(permissions, pattern, action) {
  let overlapping = false;
  for (const s of statementsOf(permissions)) {
    if (!hasAction(s, action) || typeof s.resource !== 'string') continue;
    if (s.effect === 'deny' && covers(s.resource, pattern)) return false;
    if (s.effect === 'allow' && overlaps(s.resource, pattern)) overlapping = true;
  }
  return overlapping;
}

/**
 * For each statement of `requested`, whether a holder of `own` may hand it out (the server's Permissions.grants, one
 * statement at a time): every action of an allow statement must be covered by one of our allows, and each of our
 * denies touching it must be carried over into `requested`. Deny statements can always be handed out.
 */
export function grantable(own, requested) {
  const ours = statementsOf(own);
  const theirs = statementsOf(requested);
  const denies = (pattern, action) => theirs.some((s) => s.effect === 'deny' && hasAction(s, action)
    && typeof s.resource === 'string' && covers(s.resource, pattern));
  const grantsOne = (pattern, action) => {
    let covered = false;
    for (const s of ours) {
      if (!hasAction(s, action) || typeof s.resource !== 'string') continue;
      if (s.effect === 'allow') covered ||= covers(s.resource, pattern);
      else if (s.effect === 'deny' && overlaps(s.resource, pattern) && !denies(s.resource, action)) return false;
    }
    return covered;
  };
  return theirs.map((s) => s?.effect !== 'allow' || typeof s.resource !== 'string'
    || !Array.isArray(s.actions) || s.actions.every((a) => grantsOne(s.resource, a)));
}
