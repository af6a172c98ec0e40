// Who is signed in (GET /api/auth) and what this instance offers (GET /api/config), shared by every page.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { allows, allowsSome } from './permissions.js';

export const SessionContext = createContext(null);

/** The session: {config, auth, can(resource, action), canSome(pattern, action), refresh(), signOut()}. */
export function useSession() {
  return useContext(SessionContext);
}

export function sessionOf(config, auth, refresh, signOut) {
  const permissions = auth?.permissions ?? [];
  return {
    config,
    auth,
    refresh,
    signOut,
    can: (resource, action) => allows(permissions, resource, action),
    canSome: (pattern, action) => allowsSome(permissions, pattern, action),
  };
}
