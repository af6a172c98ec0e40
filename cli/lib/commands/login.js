// jobber login URL: signs in with a password (creating an API token with the user's own permissions) or checks a
// given token, and stores URL and token in the configuration file.
import os from 'node:os';
import { UsageError } from '../args.js';
import { Client } from '../client.js';
import { writeConfig } from '../config.js';
import { CliError, envelope, send } from '../http.js';
import { prompt, readAll } from '../terminal.js';

const DEFAULT_TTL = 90 * 24 * 3600;

export const options = {
  username: { type: 'string', short: 'u' },
  ttl: { type: 'string' },
};

export async function run({ positionals, options: opts, globals, io }) {
  const [url] = positionals;
  if (!url || positionals.length > 1) throw new UsageError('usage: jobber login URL [--username NAME] [--token TOKEN]');
  if (!/^https?:\/\//.test(url)) throw new UsageError(`URL must start with http:// or https://, got "${url}"`);
  const base = url.replace(/\/+$/, '');
  let token = globals.token;
  let who;
  if (token) {
    who = await new Client({ url: base, token }).data('GET', '/api/auth');
  } else {
    ({ token, who } = await signInForToken(base, opts, io));
  }
  const file = writeConfig({ url: base, token, ...(globals['gateway-url'] ? { gatewayUrl: globals['gateway-url'] } : {}) }, io.env);
  const expires = who.token?.expires ?? who.session?.expires;
  io.stderr.write(`Signed in to ${base} as ${who.user?.username ?? 'a token'}; token saved in ${file}`
    + (expires ? ` (valid until ${expires})` : '') + '\n');
  if (globals.json) io.stdout.write(JSON.stringify({ url: base, user: who.user, expires, configFile: file }) + '\n');
}

async function signInForToken(base, opts, io) {
  const interactive = Boolean(io.stdin.isTTY);
  const username = opts.username ?? (interactive ? (await prompt(io, 'Username: ')).trim() : undefined);
  if (!username) throw new UsageError('give --username (standard input is not a terminal, so the password is read from it)');
  const password = interactive
    ? await prompt(io, 'Password: ', { hidden: true })
    : (await readAll(io.stdin)).split(/\r?\n/)[0];
  if (!password) throw new UsageError('no password given');
  const ttl = Number(opts.ttl ?? DEFAULT_TTL);
  if (!Number.isInteger(ttl) || ttl < 60) throw new UsageError('--ttl must be a number of seconds, at least 60');

  const signIn = await send(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (signIn.status === 401) throw new CliError('wrong username or password');
  if (signIn.status === 403) {
    throw new CliError('this Jobber does not allow password sign-in', {
      hint: 'create an API token in the panel and run jobber login URL --token TOKEN' });
  }
  envelope(signIn, `${base}/api/auth/login`);
  const cookie = [].concat(signIn.headers['set-cookie'] ?? []).map((c) => c.split(';')[0])
    .find((c) => /^(__Host-)?jobber-session=/.test(c));
  if (!cookie) throw new CliError('the server signed in but set no session cookie');

  const session = new Client({ url: base });
  const headers = { cookie, origin: new URL(base).origin };
  try {
    const who = await session.data('GET', '/api/auth', { headers });
    const created = await session.data('POST', '/api/api-tokens/', {
      headers,
      json: { description: `jobber CLI, ${username}@${os.hostname()}`, ttl, permissions: who.permissions },
    }).catch((e) => {
      throw new CliError(`signed in, but could not create an API token (${e.message}); create one in the panel and `
        + 'run jobber login URL --token TOKEN', { errors: e.errors });
    });
    return { token: created.token, who: { ...who, token: { expires: created.expires }, session: undefined } };
  } finally {
    await session.call('POST', '/api/auth/logout', { headers }).catch(() => {});
  }
}
