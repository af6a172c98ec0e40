// jobber jobs, jobber versions JOB, jobber activate JOB VERSION.
import { UsageError } from '../args.js';
import { Client } from '../client.js';
import { table } from '../terminal.js';

export const jobs = {
  options: {},
  async run({ positionals, globals, io, config }) {
    if (positionals.length > 0) throw new UsageError('usage: jobber jobs');
    const list = await new Client(config).data('GET', '/api/job/');
    if (globals.json) return io.stdout.write(JSON.stringify(list) + '\n');
    if (list.length === 0) return io.stdout.write('No jobs yet: jobber init, then jobber publish\n');
    io.stdout.write(table(list.map((j) => ({ name: j.jobName, version: j.version ?? '-', status: j.status, id: j.id })),
      ['name', 'version', 'status', 'id']) + '\n');
  },
};

export const versions = {
  options: {},
  async run({ positionals, globals, io, config }) {
    if (positionals.length !== 1) throw new UsageError('usage: jobber versions JOB');
    const client = new Client(config);
    const job = await client.job(positionals[0]);
    const list = (await client.data('GET', `/api/job/${job.id}/versions`)).sort((a, b) => b.created - a.created);
    if (globals.json) {
      return io.stdout.write(JSON.stringify(list.map((v) => ({ ...v, active: v.id === job.jobVersionId }))) + '\n');
    }
    io.stdout.write(table(list.map((v) => ({
      version: v.version,
      active: v.id === job.jobVersionId ? 'active' : '',
      published: new Date(v.created * 1000).toISOString(),
      id: v.id,
    })), ['version', 'active', 'published', 'id']) + '\n');
  },
};

export const activate = {
  options: {},
  async run({ positionals, globals, io, config }) {
    if (positionals.length !== 2) throw new UsageError('usage: jobber activate JOB VERSION');
    const client = new Client(config);
    const job = await client.job(positionals[0]);
    const version = await client.version(job, positionals[1]);
    const updated = await client.data('PUT', `/api/job/${job.id}`, { json: { jobVersionId: version.id } });
    if (globals.json) return io.stdout.write(JSON.stringify(updated) + '\n');
    io.stdout.write(`${updated.jobName} now runs version ${version.version}\n`);
  },
};
