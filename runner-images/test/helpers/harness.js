'use strict';

// Starts runner.js as a child process against a FakeManager, the way a container would run it.

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { FakeManager } = require('./fake-manager');

const RUNNER = path.resolve(__dirname, '../../runner/runner.js');
const FIXTURES = path.resolve(__dirname, '../fixtures');

const started = new Set();

function fixture(name) {
  return path.join(FIXTURES, name);
}

/**
 * Starts a manager and a runner for `jobDir`. Unless `connect` is false the runner's connection is awaited; with
 * `init` (the default) the handshake is completed (`window`: the response window its init grants) and the runner's first answer (`ready` or `failed`) is awaited.
 */
async function startRunner({ jobDir, main = './index.js', env = {}, runnerEnv = {}, init = true, connect = true, unixSocket = false, presentedSecret, nodeArgs = [], window } = {}) {
  const manager = new FakeManager();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jobber-runner-test-'));
  let address;
  let managerSocket;
  if (unixSocket) {
    managerSocket = path.join(tmp, 'manager.sock');
    await manager.listen({ path: managerSocket });
  } else {
    address = await manager.listen({ host: '127.0.0.1', port: 0 });
  }
  const runnerId = `runner-${crypto.randomUUID()}`;
  const secret = crypto.randomBytes(24).toString('base64url');
  const credentials = path.join(tmp, 'credentials.json');
  fs.writeFileSync(
    credentials,
    JSON.stringify({
      runnerId,
      secret: presentedSecret ?? secret,
      managerHost: '127.0.0.1',
      managerPort: address?.port ?? 0,
      ...(managerSocket ? { managerSocket } : {}),
    }),
  );
  const child = spawn(process.execPath, [...nodeArgs, RUNNER], {
    cwd: tmp,
    env: { PATH: process.env.PATH, JOBBER_RUNNER_CREDENTIALS: credentials, JOBBER_JOB_DIR: jobDir, ...runnerEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const run = {
    manager,
    child,
    exited,
    runnerId,
    secret,
    credentials,
    tmp,
    conn: null,
    hello: null,
    first: null,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      await manager.close();
      fs.rmSync(tmp, { recursive: true, force: true });
      started.delete(run);
    },
  };
  started.add(run);
  if (!connect) return run;
  const exitedEarly = exited.then(({ code, signal }) => {
    throw new Error(`the runner exited (${code ?? signal}) before connecting: ${stderr}`);
  });
  exitedEarly.catch(() => {});
  run.conn = await Promise.race([manager.connection(), exitedEarly]);
  if (init) {
    const { hello, accepted } = await run.conn.handshake({ runnerId, secret, env, window, job: { name: 'test-job', version: '1.0.0', main } });
    run.hello = hello;
    if (accepted) run.first = await run.conn.next((h) => h.t === 'ready' || h.t === 'failed');
  }
  return run;
}

/** Kills every runner still alive; for `after` hooks. */
async function stopAll() {
  await Promise.all([...started].map((run) => run.stop()));
}

process.on('exit', () => {
  for (const run of started) run.child.kill('SIGKILL');
});

function header(headers, name) {
  const found = headers.filter(([n]) => n === name).map(([, v]) => v);
  return found.length === 0 ? undefined : found.length === 1 ? found[0] : found;
}

module.exports = { startRunner, stopAll, fixture, header };
