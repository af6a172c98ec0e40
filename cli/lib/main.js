// Dispatches `jobber COMMAND …`; answers the exit code (0 success, 1 failure, 2 wrong usage).
import { UsageError, parseArgs } from './args.js';
import * as env from './commands/env.js';
import * as init from './commands/init.js';
import * as invoke from './commands/invoke.js';
import { activate, jobs, versions } from './commands/jobs.js';
import * as login from './commands/login.js';
import * as logs from './commands/logs.js';
import * as publish from './commands/publish.js';
import * as tokens from './commands/tokens.js';
import { readConfig } from './config.js';
import { CliError } from './http.js';

const COMMANDS = { login, init, publish, jobs, versions, activate, logs, env, invoke, tokens };

export const GLOBAL_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  'gateway-url': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export const HELP = `jobber: create, publish and operate Jobber functions

  jobber login URL [--username NAME] [--token TOKEN]   sign in; stores URL and an API token
  jobber init [DIR] [--typescript] [--mqtt|--schedule]  a new function from a template
  jobber publish [DIR|ZIP] [--no-activate] [--takeover] [--output FILE]
  jobber jobs
  jobber versions JOB
  jobber activate JOB VERSION
  jobber logs JOB [-f] [--request ID] [--limit N] [--grep TEXT]
  jobber env list JOB | env set JOB NAME=VALUE [--secret] | env rm JOB NAME
  jobber invoke JOB [--data JSON|@FILE] [--method M] [--path /p?q]
  jobber tokens create --publish-only [--job JOB] | tokens create --permissions JSON | tokens list

JOB is a job's name or id, VERSION a version label or id. Everywhere: --url URL, --token TOKEN, --gateway-url URL,
--json (machine-readable output). JOBBER_URL, JOBBER_TOKEN and JOBBER_GATEWAY_URL override the stored settings
($XDG_CONFIG_HOME/jobber/config.json).
`;

export async function main(argv, io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }) {
  const [name, ...rest] = argv;
  try {
    if (!name || name === 'help' || name === '--help' || name === '-h') {
      io.stdout.write(HELP);
      return name ? 0 : 2;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command "${name}"`);
    const parsed = parseArgs(rest, { ...GLOBAL_OPTIONS, ...command.options });
    if (parsed.options.help) {
      io.stdout.write(HELP);
      return 0;
    }
    const globals = Object.fromEntries(Object.keys(GLOBAL_OPTIONS).map((k) => [k, parsed.options[k]]));
    const stored = readConfig(io.env);
    const config = {
      url: globals.url ?? stored.url,
      token: globals.token ?? stored.token,
      gatewayUrl: globals['gateway-url'] ?? stored.gatewayUrl,
    };
    const code = await command.run({ positionals: parsed.positionals, options: parsed.options, globals, io, config });
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`jobber: ${e.message}\n(jobber help lists the commands)\n`);
      return 2;
    }
    io.stderr.write(`jobber: ${summary(e)}\n`);
    for (const error of e.errors ?? []) io.stderr.write(`  ${error.field ? `${error.field}: ` : ''}${error.message}\n`);
    if (e.hint) io.stderr.write(`hint: ${e.hint}\n`);
    if (!(e instanceof CliError) && io.env.JOBBER_DEBUG) io.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

/** The error's message without the field errors the server also joined into it (they follow, one per line). */
function summary(error) {
  const message = error.message ?? String(error);
  const first = error.errors?.[0];
  if (!first) return message;
  const at = message.indexOf(first.field ? `${first.field}: ` : first.message);
  return at > 0 ? message.slice(0, at).replace(/[\s:;]+$/, '') : message;
}
