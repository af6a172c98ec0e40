// jobber tokens create --publish-only [--job JOB] | --permissions JSON; jobber tokens list.
import { UsageError } from '../args.js';
import { Client } from '../client.js';
import { table } from '../terminal.js';

export const options = {
  'publish-only': { type: 'boolean' },
  job: { type: 'string' },
  permissions: { type: 'string' },
  description: { type: 'string' },
  ttl: { type: 'string' },
};

const USAGE = 'usage: jobber tokens create (--publish-only [--job JOB] | --permissions JSON) [--description TEXT] '
  + '[--ttl SECONDS] | jobber tokens list';

export async function run({ positionals, options: opts, globals, io, config }) {
  const client = new Client(config);
  if (positionals[0] === 'list' && positionals.length === 1) {
    const list = await client.data('GET', '/api/api-tokens/');
    if (globals.json) return io.stdout.write(JSON.stringify(list) + '\n');
    return io.stdout.write(table(list.map((t) => ({ description: t.description, status: t.status, expires: t.expires, id: t.id })),
      ['description', 'status', 'expires', 'id']) + '\n');
  }
  if (positionals[0] !== 'create' || positionals.length !== 1) throw new UsageError(USAGE);
  if (Boolean(opts['publish-only']) === Boolean(opts.permissions)) throw new UsageError(USAGE);
  if (opts.job && !opts['publish-only']) throw new UsageError('--job goes with --publish-only');
  let permissions;
  let description = opts.description;
  if (opts['publish-only']) {
    // job/*/publish: new jobs (job/-/publish) and new versions of every job; with --job, versions of that job only.
    const job = opts.job ? await client.job(opts.job) : undefined;
    permissions = [{ effect: 'allow', resource: `job/${job ? job.id : '*'}/publish`, actions: ['write'] }];
    description ??= job ? `CI: publish ${job.jobName}` : 'CI: publish';
  } else {
    try {
      permissions = JSON.parse(opts.permissions);
    } catch (e) {
      throw new UsageError(`--permissions is not JSON: ${e.message}`);
    }
    description ??= 'jobber CLI';
  }
  const ttl = opts.ttl === undefined ? await defaultTtl(client) : Number(opts.ttl);
  if (!Number.isInteger(ttl)) throw new UsageError('--ttl must be whole seconds');
  const created = await client.data('POST', '/api/api-tokens/', { json: { description, ttl, permissions } });
  if (globals.json) return io.stdout.write(JSON.stringify(created) + '\n');
  io.stdout.write(`${created.token}\n`);
  io.stderr.write(`Created token "${created.description}" (id ${created.id}, valid until ${created.expires}); `
    + 'it is shown only now\n');
}

/** A year, or less when the caller's own token or session ends sooner (a token may not outlive its maker's). */
async function defaultTtl(client) {
  const who = await client.data('GET', '/api/auth');
  const expires = Date.parse(who.token?.expires ?? who.session?.expires ?? '');
  const year = 365 * 24 * 3600;
  return Number.isNaN(expires) ? year : Math.min(year, Math.floor((expires - Date.now()) / 1000) - 60);
}
