// Links within the current page (a job tab): the same path, another query.
import { BASE } from '../../router.js';

/** The current panel path with `query` (a string without "?", or URLSearchParams) as its query. */
export function here(query) {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) || '/' : location.pathname;
  const qs = String(query || '');
  return qs ? `${path}?${qs}` : path;
}
