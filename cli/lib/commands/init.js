// jobber init [DIR]: a new function from a template: an HTTP route (default), an MQTT subscription or a schedule, in
// JavaScript or TypeScript, written against the second-generation handler API (docs/functions.md).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../args.js';

export const options = {
  typescript: { type: 'boolean' },
  mqtt: { type: 'boolean' },
  schedule: { type: 'boolean' },
  name: { type: 'string' },
  force: { type: 'boolean' },
};

const RUNNER_TYPES = fileURLToPath(new URL('../../templates/jobber-runner.d.ts', import.meta.url));

export async function run({ positionals, options: opts, globals, io }) {
  if (positionals.length > 1) throw new UsageError('usage: jobber init [DIR] [--typescript] [--mqtt|--schedule]');
  if (opts.mqtt && opts.schedule) throw new UsageError('choose one of --mqtt and --schedule');
  const directory = path.resolve(positionals[0] ?? '.');
  if (fs.existsSync(path.join(directory, 'package.json')) && !opts.force) {
    throw new UsageError(`${directory} already has a package.json (--force overwrites the template's files)`);
  }
  const name = opts.name ?? packageName(path.basename(directory));
  const kind = opts.mqtt ? 'mqtt' : opts.schedule ? 'schedule' : 'http';
  const files = template({ name, kind, typescript: Boolean(opts.typescript) });
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(directory, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  if (globals.json) {
    io.stdout.write(JSON.stringify({ directory, name, kind, files: Object.keys(files) }) + '\n');
    return;
  }
  const relative = path.relative(process.cwd(), directory) || '.';
  const steps = opts.typescript ? [`cd ${relative}`, 'npm install', 'npm run build', 'jobber publish']
    : [`jobber publish ${relative}`];
  io.stdout.write(`Created ${kind} function "${name}" in ${directory}: ${Object.keys(files).join(', ')}\n`
    + `Next:\n${steps.map((s) => `  ${s}`).join('\n')}\n`);
}

/** A valid npm package name from a directory name. */
export function packageName(text) {
  const name = text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '');
  return name || 'function';
}

/** The template's files by relative path. */
export function template({ name, kind, typescript }) {
  const trigger = {
    http: { type: 'http', method: 'GET', path: `/${name}` },
    mqtt: {
      type: 'mqtt', topics: [`${name}/in/+`],
      connection: { protocol: 'mqtt', hostVariable: 'MQTT_HOST', portVariable: 'MQTT_PORT',
        usernameVariable: 'MQTT_USERNAME', passwordVariable: 'MQTT_PASSWORD' },
    },
    schedule: { type: 'schedule', name: 'every-five-minutes', cron: '*/5 * * * *', timezone: 'UTC' },
  }[kind];
  const manifest = {
    name,
    version: '1.0.0',
    description: { http: `Answers GET /${name}`, mqtt: `Answers messages on ${name}/in/<device>`,
      schedule: 'Runs every five minutes' }[kind],
    type: 'module',
    main: typescript ? './dist/index.js' : './index.js',
    engines: { node: '>=20' },
    ...(typescript ? { scripts: { build: 'tsc -p .' }, devDependencies: { '@types/node': '^20.0.0', typescript: '^5.6.0' } } : {}),
    action: { runnerMinCount: kind === 'schedule' ? 0 : 1, runnerMaxCount: 2, runnerTimeout: 60 },
    triggers: [trigger],
  };
  const files = { 'package.json': JSON.stringify(manifest, null, 2) + '\n' };
  if (typescript) {
    files['src/index.ts'] = typescriptCode(kind, name);
    files['types/jobber-runner.d.ts'] = fs.readFileSync(RUNNER_TYPES, 'utf8');
    files['tsconfig.json'] = JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, rootDir: 'src',
        outDir: 'dist', types: ['node'], skipLibCheck: true,
        paths: { 'jobber-runner': ['./types/jobber-runner.d.ts'] },
      },
      include: ['src'],
    }, null, 2) + '\n';
    files['.gitignore'] = 'node_modules/\ndist/\n';
    files['.jobberignore'] = '# Left out of the archive by jobber publish (gitignore syntax)\nsrc/\ntypes/\ntsconfig.json\n*.zip\n';
  } else {
    files['index.js'] = javascriptCode(kind, name);
    files['.gitignore'] = 'node_modules/\n';
    files['.jobberignore'] = '# Left out of the archive by jobber publish (gitignore syntax)\n*.zip\n';
  }
  return files;
}

function javascriptCode(kind, name) {
  return {
    http: `// GET /${name}?name=… answers a greeting. The handler API: docs/functions.md of Jobber.
export async function handlerHttp({ request, response }) {
  const name = request.query('name') ?? 'world';
  console.log(\`greeting \${name}\`);
  response.json({ message: \`Hello, \${name}!\` });
}
`,
    mqtt: `// Messages on ${name}/in/<device> are kept per device in the job's store and answered on ${name}/out/<device>.
// The broker comes from the job's environment: jobber env set ${name} MQTT_HOST=broker.example
export async function handlerMqtt({ topic, text, publish }) {
  const device = topic.split('/').pop();
  await globalThis.jobber.setStore(\`last:\${device}\`, text);
  await publish(\`${name}/out/\${device}\`, { device, received: text, at: new Date().toISOString() });
}
`,
    schedule: `// Runs on the cron schedule in package.json and counts its runs in the job's store.
export async function handlerSchedule({ name, scheduledAt }) {
  const runs = Number((await globalThis.jobber.getStore('runs')) ?? 0) + 1;
  await globalThis.jobber.setStore('runs', String(runs));
  console.log(\`\${name}: run \${runs}, scheduled at \${scheduledAt.toISOString()}\`);
}
`,
  }[kind];
}

function typescriptCode(kind, name) {
  return {
    http: `// GET /${name}?name=… answers a greeting. Types: types/jobber-runner.d.ts (type imports vanish when compiled).
import type { HttpHandler } from 'jobber-runner';

export const handlerHttp: HttpHandler = async ({ request, response }) => {
  const name = request.query('name') ?? 'world';
  console.log(\`greeting \${name}\`);
  response.json({ message: \`Hello, \${name}!\` });
};
`,
    mqtt: `// Messages on ${name}/in/<device> are kept per device in the job's store and answered on ${name}/out/<device>.
// The broker comes from the job's environment: jobber env set ${name} MQTT_HOST=broker.example
import type { MqttHandler } from 'jobber-runner';

export const handlerMqtt: MqttHandler = async ({ topic, text, publish }) => {
  const device = topic.split('/').pop() ?? '';
  await jobber.setStore(\`last:\${device}\`, text);
  await publish(\`${name}/out/\${device}\`, { device, received: text, at: new Date().toISOString() });
};
`,
    schedule: `// Runs on the cron schedule in package.json and counts its runs in the job's store.
import type { ScheduleHandler } from 'jobber-runner';

export const handlerSchedule: ScheduleHandler = async ({ name, scheduledAt }) => {
  const runs = Number((await jobber.getStore('runs')) ?? 0) + 1;
  await jobber.setStore('runs', String(runs));
  console.log(\`\${name}: run \${runs}, scheduled at \${scheduledAt.toISOString()}\`);
};
`,
  }[kind];
}
