// jobber publish [DIR|ZIP]: zips the function as the runner expects it, uploads it, and tells the version, whether
// it is active and where its HTTP routes answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../args.js';
import { Client, routes } from '../client.js';
import { CliError } from '../http.js';
import { collectFiles } from '../pack.js';
import { progress, size } from '../terminal.js';
import { readZip, writeZip } from '../zip.js';

export const options = {
  'no-activate': { type: 'boolean' },
  takeover: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
};

export async function run({ positionals, options: opts, globals, io, config }) {
  if (positionals.length > 1) throw new UsageError('usage: jobber publish [DIR|ZIP] [--no-activate] [--takeover] [--output FILE]');
  const source = path.resolve(positionals[0] ?? '.');
  if (!fs.existsSync(source)) throw new UsageError(`${source} does not exist`);
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'jobber-publish-'));
  try {
    let zipFile;
    let manifest;
    if (fs.statSync(source).isDirectory()) {
      zipFile = opts.output ? path.resolve(opts.output) : path.join(temporary, 'job.zip');
      manifest = pack(source, zipFile, io);
      if (opts.output) {
        io.stdout.write(`${zipFile}\n`); // only packed: --output writes the archive and uploads nothing
        return;
      }
    } else {
      zipFile = source;
      manifest = manifestOf(zipFile);
    }
    const client = new Client(config);
    const bar = progress(io.stderr, 'Uploading');
    let answer;
    try {
      answer = await client.publish(zipFile, {
        activate: !opts['no-activate'], takeover: opts.takeover, onProgress: (sent, total) => bar.update(sent, total),
      });
    } catch (e) {
      if (e instanceof CliError && e.errors.some((x) => x.field === 'main') && manifest?.scripts?.build) {
        e.hint = 'build the function first (npm run build)';
      }
      if (e instanceof CliError && e.status === 409 && /route/i.test(e.message)) {
        e.hint = 'publish with --takeover to move the route to this job, if you may write the other job too';
      }
      throw e;
    } finally {
      bar.done();
    }
    await report(answer, manifest, client, globals, io);
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}

function pack(directory, zipFile, io) {
  const { files, manifest, skippedPackages, warnings } = collectFiles(directory);
  for (const warning of warnings) io.stderr.write(`warning: ${warning}\n`);
  const bar = progress(io.stderr, 'Packing  ');
  const { bytes } = writeZip(zipFile, files, { onEntry: (done, total) => bar.update(done, total) });
  bar.done();
  const unpacked = files.reduce((sum, f) => sum + f.size, 0);
  io.stderr.write(`Packed ${files.length} file${files.length === 1 ? '' : 's'} (${size(unpacked)}) into ${size(bytes)}`
    + (skippedPackages.length ? `, leaving out ${skippedPackages.length} devDependencies packages` : '') + '\n');
  return manifest;
}

function manifestOf(zipFile) {
  let entries;
  try {
    entries = readZip(fs.readFileSync(zipFile));
  } catch (e) {
    throw new UsageError(`${zipFile} is neither a directory nor a zip file (${e.message})`);
  }
  const entry = entries.find((e) => e.name === 'package.json');
  try {
    return entry ? JSON.parse(entry.read().toString('utf8')) : undefined;
  } catch {
    return undefined; // the server reports it
  }
}

async function report(answer, manifest, client, globals, io) {
  const { job, version } = answer.data;
  const active = job.jobVersionId === version.id;
  const gateway = await client.gateway();
  const list = active ? routes(manifest?.triggers, gateway) : [];
  if (globals.json) {
    io.stdout.write(JSON.stringify({ message: answer.message, job, version, active, routes: list }) + '\n');
    return;
  }
  const lines = [answer.message ?? `Published version ${version.version}`];
  lines.push(active
    ? `${job.jobName} ${version.version} is active (job ${job.id}, version ${version.id})`
    : `${job.jobName} ${version.version} is not active; the job runs ${job.version ?? 'no version'} `
      + `(jobber activate ${job.jobName} ${version.version})`);
  for (const route of list) {
    lines.push(`  ${route.method.padEnd(6)} ${route.url ?? gateway}${route.note ? `  (${route.note})` : ''}`);
  }
  io.stdout.write(lines.join('\n') + '\n');
}
