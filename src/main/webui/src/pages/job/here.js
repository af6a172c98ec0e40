// Links within the page a tab is mounted on (its own route now, the Job page's tab later): the same path, another query.
import { BASE } from '../../router.js';

/** The current panel path with `query` (a string without "?", or URLSearchParams) as its query. */
export function here(query) {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) || '/' : location.pathname;
  const qs = String(query || '');
  return qs ? `${path}?${qs}` : path;
}
