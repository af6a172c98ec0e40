// The Try-it tab's pure logic: HTTP triggers as choices, the request a form sends, how an answer's body is shown
// (test/trymodel.test.js).

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** The HTTP triggers among `triggers` as route choices: {id, label, method|null, path|null, regex, hostname|null}. */
export function routesOf(triggers) {
  return (triggers || [])
    .filter((t) => t?.context?.type === 'http')
    .map((t) => {
      const { method = null, path = null, hostname = null, name = null } = t.context;
      const regex = typeof path === 'string' && path.startsWith('^');
      const label = `${method ? String(method).toUpperCase() : 'any method'} ${path ?? 'any path'}`
        + (hostname ? ` (host ${hostname})` : '') + (name ? ` — ${name}` : '');
      return { id: t.id, label, method: method ? String(method).toUpperCase() : null, path, regex, hostname };
    });
}

/** Whether the user must type the path: a regular-expression or wildcard route. */
export const typedPath = (route) => !route || route.regex || route.path == null;

/** A path matching a route, to start from (a literal path as it is; a regex's leading literal part). */
export function suggestPath(route) {
  if (!route || route.path == null) return '/';
  if (!route.regex) return route.path;
  const literal = /^\^?((?:\/[A-Za-z0-9._~-]*)*)/.exec(route.path)?.[1] || '/';
  return literal || '/';
}

/**
 * Whether a typed path (perhaps with a query string, which the gateway does not match on) matches the route: a
 * literal route exactly, a regex route as the gateway tests it (an unanchored find).
 */
export function pathMatches(route, typed) {
  if (!route || route.path == null) return true;
  const path = String(typed).split('?')[0];
  if (!route.regex) return route.path === path;
  try {
    return new RegExp(route.path).test(path);
  } catch {
    return true;
  }
}

/** The body of POST /api/job/:id/try: header rows with a name become an object (later rows win), no body for none. */
export function tryRequest({ method, path, headers, body }) {
  const named = {};
  for (const row of headers || []) {
    const name = (row.name || '').trim();
    if (name) named[name] = row.value ?? '';
  }
  const request = { method: (method || 'GET').toUpperCase(), path: path || '/', headers: named };
  if (body != null && body !== '') request.body = body;
  return request;
}

/** An answer header's value by name (headers are [[name, value]…]), ignoring case. */
export function headerOf(headers, name) {
  const hit = (headers || []).find(([n]) => String(n).toLowerCase() === name.toLowerCase());
  return hit ? hit[1] : null;
}

/**
 * How to show an answer's body: {kind: 'json'|'text'|'binary'|'empty', text}. JSON (by content type, or text that
 * parses as an object or array) is pretty-printed.
 */
export function bodyView(answer) {
  if (answer.body == null && answer.bodyBase64) {
    const bytes = Math.floor((answer.bodyBase64.length * 3) / 4) - (answer.bodyBase64.match(/=*$/)?.[0].length || 0);
    return { kind: 'binary', text: `${bytes} bytes of binary data` };
  }
  const text = answer.body ?? '';
  if (text === '') return { kind: 'empty', text: '' };
  const type = String(headerOf(answer.headers, 'content-type') || '');
  const looks = /^\s*[[{]/.test(text);
  if (type.includes('json') || looks) {
    try {
      return { kind: 'json', text: JSON.stringify(JSON.parse(text), null, 2) };
    } catch {
      // not JSON after all (or cut short)
    }
  }
  return { kind: 'text', text };
}
