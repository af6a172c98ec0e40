// What the users, API tokens and account pages share: saving a user (signing in again after one's own new password)
// and the one-line summary of a permission document.
import { api, ApiError, seg } from '../api.js';
import { grantable } from '../permissions.js';

/**
 * PUTs `body` (only the fields that change: each needs its own permission) to the user `id`. A new password ends
 * every session of that user, so when it is the caller's own, this signs in again with it; then reloads the session.
 */
export async function saveUser(session, id, body) {
  const user = await api(`users/${seg(id)}`, { method: 'PUT', body });
  if (session.auth?.user?.id === id) {
    if (body.password !== undefined) {
      await api('auth/login', { method: 'POST', body: { username: user.username, password: body.password } });
    }
    await session.refresh();
  }
  return user;
}

/** Whether the caller holds every permission of `permissions`: the server lets nobody change a user or token that has more. */
export const holdsAll = (session, permissions) => grantable(session.auth?.permissions, permissions).every(Boolean);

/** "Full access", "Read: job, users", … for a list row. */
export function summarize(permissions) {
  const doc = Array.isArray(permissions) ? permissions : [];
  if (doc.length === 0) return 'No permissions';
  const denies = doc.filter((s) => s.effect === 'deny').length;
  const full = doc.some((s) => s.effect === 'allow' && s.resource === '*' && ['read', 'write', 'delete'].every((a) => s.actions?.includes(a)));
  if (full) return denies ? `Full access except ${denies} denied` : 'Full access';
  const allows = doc.filter((s) => s.effect === 'allow').map((s) => s.resource);
  const shown = allows.slice(0, 2).join(', ') + (allows.length > 2 ? ` +${allows.length - 2} more` : '');
  return (shown || 'Nothing allowed') + (denies ? `; ${denies} denied` : '');
}

/** Whether two permission documents are the same (so an unchanged one is not sent). */
export const samePermissions = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** The problems of a username and password before sending them (the server's rules, auth/UserService.java). */
export function credentialProblems({ username, password, confirm }) {
  const errors = [];
  if (username !== undefined && (username.length < 3 || username.length > 32 || /[\u0000-\u0020\u007f]/.test(username))) {
    errors.push({ field: 'username', message: 'must be 3 to 32 characters without spaces or control characters' });
  }
  if (password !== undefined && (password.length < 7 || password.length > 1024)) {
    errors.push({ field: 'password', message: 'must be 7 to 1024 characters' });
  }
  if (password !== undefined && confirm !== undefined && password !== confirm) {
    errors.push({ field: 'confirm', message: 'does not match the password' });
  }
  return errors;
}

/** Fails a form before sending it, listing its problems the way the server would. */
export function refuse(problems, message = 'Please correct the form') {
  if (problems.length) throw new ApiError(0, message, problems);
}
