// jobber invoke JOB [--data JSON]: calls the job through one of its HTTP routes on the gateway (the admin API has no
// run endpoint) and prints the answer. Synchronous only: the server has no asynchronous invocation.
import fs from 'node:fs';
import { UsageError } from '../args.js';
import { Client, routes } from '../client.js';
import { CliError, send } from '../http.js';

export const options = {
  data: { type: 'string', short: 'd' },
  method: { type: 'string', short: 'X' },
  path: { type: 'string' },
};

export async function run({ positionals, options: opts, globals, io, config }) {
  if (positionals.length !== 1) throw new UsageError('usage: jobber invoke JOB [--data JSON|@FILE] [--method M] [--path /p?q]');
  const client = new Client(config);
  const job = await client.job(positionals[0]);
  const gateway = await client.gateway();
  const triggers = (await client.data('GET', `/api/job/${job.id}/triggers:current`)).map((t) => t.context);
  const available = routes(triggers, gateway);
  let url;
  let method = opts.method?.toUpperCase();
  if (opts.path) {
    url = gateway + (opts.path.startsWith('/') ? '' : '/') + opts.path;
    method ??= available.find((r) => r.path === opts.path.split('?')[0])?.method;
  } else {
    const route = available.find((r) => r.url);
    if (!route) {
      throw new CliError(available.length === 0
        ? `${job.jobName} has no HTTP trigger in its active version, so it cannot be invoked from here`
        : `${job.jobName}'s routes have no fixed path (${available.map((r) => r.note).join(', ')}): pass --path`);
    }
    url = route.url;
    method ??= route.method;
  }
  let body;
  const headers = { 'user-agent': 'jobber-cli' };
  if (opts.data !== undefined) {
    body = opts.data.startsWith('@') ? fs.readFileSync(opts.data.slice(1)) : opts.data;
    headers['content-type'] = isJson(body) ? 'application/json' : 'text/plain; charset=utf-8';
  }
  if (!method || method === 'ANY') method = body === undefined ? 'GET' : 'POST';
  // No client timeout: the gateway answers 504 once the job's runnerTimeout has passed.
  const response = await send(url, { method, headers, body, timeout: 0 });
  const requestId = response.headers['x-jobber-request-id'];
  if (globals.json) {
    io.stdout.write(JSON.stringify({ url, method, status: response.status, requestId, headers: response.headers,
      body: response.body.toString('utf8') }) + '\n');
  } else {
    io.stdout.write(response.body);
    if (io.stdout.isTTY && response.body.length > 0 && response.body.at(-1) !== 0x0a) io.stdout.write('\n');
    const logs = requestId ? ` (request ${requestId}: jobber logs ${job.jobName} --request ${requestId})` : '';
    io.stderr.write(`${method} ${url} → ${response.status}${logs}\n`);
  }
  return response.status >= 400 ? 1 : 0;
}

function isJson(text) {
  try {
    JSON.parse(text.toString());
    return true;
  } catch {
    return false;
  }
}
