// A small history router for the panel under /jobber/ (Jobber answers every path below it with index.html).
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export const BASE = '/jobber';

function current() {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname;
  return { path: path || '/', query: new URLSearchParams(location.search) };
}

const listeners = new Set();
window.addEventListener('popstate', () => listeners.forEach((l) => l(current())));

/** Goes to a panel path ("/jobs/…"), adding a history entry unless `replace`. */
export function navigate(to, { replace = false } = {}) {
  const url = BASE + (to.startsWith('/') ? to : '/' + to);
  if (url === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  listeners.forEach((l) => l(current()));
}

/** The current {path, query}, re-rendering on every navigation. */
export function useRoute() {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    listeners.add(setRoute);
    return () => listeners.delete(setRoute);
  }, []);
  return route;
}

/** Matches "/jobs/:jobId/:tab?" against a path; returns the parameters or null. */
export function match(pattern, path) {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  const params = {};
  for (let i = 0; i < Math.max(p.length, s.length); i++) {
    const part = p[i];
    if (part === undefined) return null;
    const optional = part.endsWith('?');
    const name = part.replace(/^:/, '').replace(/\?$/, '');
    if (s[i] === undefined) {
      if (optional) continue;
      return null;
    }
    if (part.startsWith(':')) params[name] = decodeURIComponent(s[i]);
    else if (part !== s[i]) return null;
  }
  return params;
}

/** An in-panel link: a real href (open in new tab works), navigation without a page load. */
export function Link({ href, children, ...rest }) {
  const onClick = (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return h('a', { href: BASE + href, onClick, ...rest }, children);
}
