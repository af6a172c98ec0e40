// jobber env list JOB, jobber env set JOB NAME=VALUE [--secret], jobber env rm JOB NAME.
import { UsageError, parseAssignment } from '../args.js';
import { Client } from '../client.js';
import { readAll, table } from '../terminal.js';

export const options = { secret: { type: 'boolean' } };

const USAGE = 'usage: jobber env list JOB | jobber env set JOB NAME=VALUE [--secret] | jobber env rm JOB NAME\n'
  + '  (VALUE "-" reads the value from standard input)';

export async function run({ positionals, options: opts, globals, io, config }) {
  const [action, jobReference, ...rest] = positionals;
  if (!action || !jobReference) throw new UsageError(USAGE);
  const client = new Client(config);
  if (action === 'list' || action === 'ls') {
    if (rest.length) throw new UsageError(USAGE);
    const job = await client.job(jobReference);
    const variables = await client.data('GET', `/api/job/${job.id}/environment`);
    if (globals.json) return io.stdout.write(JSON.stringify(variables) + '\n');
    const rows = Object.entries(variables)
      .map(([name, v]) => ({ name, type: v.type, value: v.type === 'secret' ? '(hidden)' : v.value }));
    return io.stdout.write(table(rows, ['name', 'type', 'value']) + '\n');
  }
  if (action === 'set') {
    if (rest.length !== 1) throw new UsageError(USAGE);
    let { name, value } = parseAssignment(rest[0]);
    if (value === '-') value = (await readAll(io.stdin)).replace(/\r?\n$/, '');
    const job = await client.job(jobReference);
    await client.call('POST', `/api/job/${job.id}/environment/${encodeURIComponent(name)}`, {
      form: { type: opts.secret ? 'secret' : 'text', value },
    });
    const kind = opts.secret ? 'secret' : 'variable';
    return io.stderr.write(`Set ${kind} ${name.toUpperCase()} of ${job.jobName}; its runners are replaced\n`);
  }
  if (action === 'rm' || action === 'delete') {
    if (rest.length !== 1) throw new UsageError(USAGE);
    const job = await client.job(jobReference);
    await client.call('DELETE', `/api/job/${job.id}/environment/${encodeURIComponent(rest[0])}`);
    return io.stderr.write(`Removed ${rest[0].toUpperCase()} from ${job.jobName}; its runners are replaced\n`);
  }
  throw new UsageError(USAGE);
}
