// Where the CLI keeps its server and token: $XDG_CONFIG_HOME/jobber/config.json (default ~/.config), mode 0600.
// JOBBER_URL, JOBBER_TOKEN and JOBBER_GATEWAY_URL override it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function configFile(env = process.env) {
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'jobber', 'config.json');
}

export function readConfig(env = process.env) {
  const file = configFile(env);
  let stored = {};
  if (fs.existsSync(file)) {
    try {
      stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`${file} is not valid JSON (${e.message}); run jobber login again`);
    }
  }
  return {
    url: env.JOBBER_URL || stored.url,
    token: env.JOBBER_TOKEN || stored.token,
    gatewayUrl: env.JOBBER_GATEWAY_URL || stored.gatewayUrl,
  };
}

export function writeConfig(values, env = process.env) {
  const file = configFile(env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(values, null, 2) + '\n', { mode: 0o600 });
  fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, file);
  return file;
}
