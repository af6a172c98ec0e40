// jobber logs JOB [-f] [--request ID] [--limit N]: the job's latest lines, oldest first; -f then follows new ones.
import { UsageError } from '../args.js';
import { Client } from '../client.js';
import { CliError, envelope, send } from '../http.js';

export const options = {
  follow: { type: 'boolean', short: 'f' },
  request: { type: 'string' },
  limit: { type: 'string', short: 'n' },
  grep: { type: 'string' },
};

export async function run({ positionals, options: opts, globals, io, config }) {
  if (positionals.length !== 1) throw new UsageError('usage: jobber logs JOB [-f] [--request ID] [--limit N] [--grep TEXT]');
  const limit = opts.limit ?? '100';
  if (!/^[0-9]+$/.test(limit) || Number(limit) < 1 || Number(limit) > 1000) throw new UsageError('--limit must be 1 to 1000');
  const client = new Client(config);
  const job = await client.job(positionals[0]);
  const query = new URLSearchParams({ limit });
  if (opts.request) query.set('requestId', opts.request);
  if (opts.grep) query.set('q', opts.grep);
  const lines = await client.data('GET', `/api/job/${job.id}/logs?${query}`);
  const print = (line) => io.stdout.write((globals.json ? JSON.stringify(line) : format(line)) + '\n');
  lines.reverse().forEach(print);
  if (!opts.follow) return;
  query.delete('limit'); // the stream takes the same filters
  await follow(client, job, query, print, (overflow) => io.stderr.write(
    `jobber: the live tail fell too far behind and ended: ${overflow.dropped} line(s) from `
    + `${new Date(overflow.since).toISOString()} on were not shown; they are in the history (jobber logs)\n`));
}

export function format(line) {
  const time = new Date(line.timestamp ?? line.created * 1000).toISOString();
  const where = line.source === 'system' ? 'system' : line.stream ?? line.source ?? '';
  return `${time} ${where.padEnd(6)} ${line.message}`;
}

/**
 * Follows the live tail (server-sent events) until the server ends it or the process is stopped: unnamed events are
 * lines, `ping` events are skipped, an `overflow` event (the last) goes to onOverflow.
 */
async function follow(client, job, query, onLine, onOverflow) {
  const url = `${client.url}/api/job/${job.id}/logs/stream?${query}`;
  const response = await send(url, {
    headers: { accept: 'text/event-stream', authorization: `Bearer ${client.token}`, 'user-agent': 'jobber-cli' },
    onResponse: (stream) => new Promise((resolve, reject) => {
      let buffer = '';
      let data = [];
      let event = 'message';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        buffer += chunk;
        let newline;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const field = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (field === '') {
            if (data.length > 0 && event === 'message') onLine(JSON.parse(data.join('\n')));
            if (data.length > 0 && event === 'overflow') onOverflow(JSON.parse(data.join('\n')));
            data = [];
            event = 'message';
          } else if (field.startsWith('data:')) {
            data.push(field.slice(field[5] === ' ' ? 6 : 5));
          } else if (field.startsWith('event:')) {
            event = field.slice(field[6] === ' ' ? 7 : 6);
          }
        }
      });
      stream.on('end', resolve);
      stream.on('error', reject);
    }),
  });
  if (response.body) envelope(response, url); // an error answer
  else if (response.status >= 300) throw new CliError(`the log stream answered ${response.status}`);
}
