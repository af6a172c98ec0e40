'use strict';

// Jobber runner entrypoint: connects to the manager, loads the job's module and serves its events.
// Protocol: docs/runner-protocol.md. Exit codes: 0 shut down, 1 could not start, 2 lost the manager,
// 3 uncaught exception in the job's code.

const { LogCapture, eventScope } = require('./logs');

const logs = new LogCapture();
logs.install(); // before anything can print

const fs = require('node:fs');
const net = require('node:net');
const { FrameParser, FrameWriter, ProtocolError, PROTOCOL_VERSION, BODY_WINDOW } = require('./protocol');
const { Calls, Store, firstGenerationContext, jobberGlobal } = require('./calls');
const { Dispatcher } = require('./dispatcher');
const { loadJobModule } = require('./module-loader');
const { describeError } = require('./reply');

const HANDLER_NAMES = ['handler', 'handlerHttp', 'handlerMqtt', 'handlerSchedule'];

function millisFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

// Read once, before the job's environment is applied.
const config = {
  credentials: process.env.JOBBER_RUNNER_CREDENTIALS || '/jobber/run/credentials.json',
  jobDir: process.env.JOBBER_JOB_DIR || '/jobber/job',
  callTimeoutMs: millisFromEnv('JOBBER_CALL_TIMEOUT_MS', 10_000),
  silenceTimeoutMs: millisFromEnv('JOBBER_SILENCE_TIMEOUT_MS', 20_000),
};

let state = 'connecting'; // connecting → handshake → starting → ready → draining
let exiting = false;
let socket = null;
let writer = null;
let dispatcher = null;
let calls = null;
let lastHeard = Date.now();

function exit(code, reason) {
  if (exiting) return;
  exiting = true;
  process.exitCode = code; // also when the loop empties before the socket reports the end
  if (reason) logs.diagnostic(reason);
  calls?.failAll('the runner is exiting');
  const force = setTimeout(() => process.exit(code), 2000);
  force.unref();
  if (writer !== null && !socket.destroyed) writer.end(() => process.exit(code));
  else process.exit(code);
}

function readCredentials() {
  const text = fs.readFileSync(config.credentials, 'utf8');
  try {
    fs.rmSync(config.credentials, { force: true });
  } catch {
    // e.g. a read-only directory: the file goes with the container
  }
  const creds = JSON.parse(text);
  if (typeof creds.runnerId !== 'string' || typeof creds.secret !== 'string') throw new Error('runnerId and secret must be strings');
  const hasSocket = typeof creds.managerSocket === 'string' && creds.managerSocket !== '';
  if (!hasSocket && (typeof creds.managerHost !== 'string' || !Number.isInteger(Number(creds.managerPort)))) {
    throw new Error('managerHost and managerPort, or managerSocket, are required');
  }
  return creds;
}

function main() {
  let creds;
  try {
    creds = readCredentials();
  } catch (err) {
    exit(1, `cannot read the runner credentials at ${config.credentials}: ${err.message}`);
    return;
  }
  const target = creds.managerSocket
    ? { path: creds.managerSocket }
    : { host: creds.managerHost, port: Number(creds.managerPort) };
  socket = net.connect(target);
  writer = new FrameWriter(socket);
  const parser = new FrameParser(onFrame);

  socket.on('connect', () => {
    if (!creds.managerSocket) socket.setNoDelay(true);
    state = 'handshake';
    writer.send({ t: 'hello', protocol: PROTOCOL_VERSION, runnerId: creds.runnerId, secret: creds.secret, node: process.version, window: BODY_WINDOW });
    creds = null;
    logs.attach(writer);
  });
  socket.on('data', (chunk) => {
    lastHeard = Date.now();
    try {
      parser.push(chunk);
    } catch (err) {
      const what = err instanceof ProtocolError ? 'protocol violation' : 'failure handling a frame';
      socket.destroy();
      exit(2, `${what}: ${err.stack ?? err.message}`);
    }
  });
  socket.on('error', (err) => logs.diagnostic(`manager connection: ${err.message}`));
  socket.on('close', () => {
    writer.markClosed();
    logs.detach();
    dispatcher?.abortAll();
    exit(2, `the connection to the manager ${describeTarget(target)} closed`);
  });

  const silenceCheck = setInterval(() => {
    // A write that waited for the manager counts as hearing from it: the manager took the bytes.
    if (Date.now() - Math.max(lastHeard, writer.lastUnblocked) > config.silenceTimeoutMs) {
      socket.destroy();
      exit(2, `heard nothing from the manager for ${config.silenceTimeoutMs} ms`);
    }
  }, Math.min(5000, Math.max(50, config.silenceTimeoutMs / 4)));
  silenceCheck.unref();
}

function describeTarget(target) {
  return target.path ?? `${target.host}:${target.port}`;
}

function onFrame(header, body) {
  switch (header.t) {
    case 'ping':
      writer.send({ t: 'pong' });
      return;
    case 'reply':
      calls?.onReply(header, body);
      return;
    case 'event':
      if (dispatcher === null) {
        writer.send({ t: 'error', id: header.id, message: 'the runner is not ready' });
        return;
      }
      dispatcher.onEvent(header, body);
      return;
    case 'chunk':
      dispatcher?.onChunk(header, body);
      return;
    case 'end':
      dispatcher?.onEnd(header);
      return;
    case 'window':
      dispatcher?.onWindow(header);
      return;
    case 'cancel':
      dispatcher?.onCancel(header);
      return;
    case 'init':
      if (state !== 'handshake') throw new ProtocolError('init outside the handshake');
      state = 'starting';
      start(header);
      return;
    case 'reject':
      exit(1, `the manager refused this runner: ${header.message ?? 'no reason given'}`);
      return;
    case 'shutdown':
      shutdown();
      return;
    default:
      logs.diagnostic(`ignored a frame of unknown type ${JSON.stringify(header.t)}`);
  }
}

async function start(init) {
  try {
    const env = init.env && typeof init.env === 'object' ? init.env : {};
    for (const [name, value] of Object.entries(env)) {
      if (value !== null && value !== undefined) process.env[name] = String(value);
    }
    calls = new Calls(writer, config.callTimeoutMs);
    const store = new Store(calls);
    globalThis.jobber = jobberGlobal(store);
    process.chdir(config.jobDir);
    const exports = await loadJobModule(config.jobDir, init.job?.main);
    if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function') || !HANDLER_NAMES.some((n) => typeof exports[n] === 'function')) {
      throw new Error(`the module "${init.job?.main}" exports no handler: export handler, handlerHttp, handlerMqtt or handlerSchedule`);
    }
    if (typeof exports.bootstrap === 'function') await exports.bootstrap();
    const responseWindow = Number.isSafeInteger(init.window) && init.window > 0 ? init.window : null;
    dispatcher = new Dispatcher({ writer, store, context: firstGenerationContext(store), logs, exports, bodyWindow: BODY_WINDOW, responseWindow });
    if (exiting) return;
    if (state === 'draining') {
      exit(0);
      return;
    }
    state = 'ready';
    writer.send({ t: 'ready' });
  } catch (err) {
    const { message, stack } = describeError(err);
    logs.capture('stderr', undefined, Buffer.from(`${stack ?? message}\n`));
    const frame = { t: 'failed', message };
    if (stack !== undefined) frame.stack = stack;
    writer.send(frame);
    exit(1, `the job failed to start: ${message}`);
  }
}

function shutdown() {
  if (state === 'draining') return;
  const previous = state;
  state = 'draining';
  if (previous === 'starting') return; // start() exits once the module has loaded
  if (dispatcher === null) exit(0);
  else dispatcher.drain().then(() => exit(0));
}

process.on('unhandledRejection', (reason) => {
  const { message, stack } = describeError(reason);
  logs.capture('stderr', eventScope.getStore(), Buffer.from(`Unhandled promise rejection: ${stack ?? message}\n`));
});

process.on('uncaughtException', (err) => {
  const { message, stack } = describeError(err);
  logs.capture('stderr', eventScope.getStore(), Buffer.from(`Uncaught exception: ${stack ?? message}\n`));
  exit(3, `uncaught exception in the job's code: ${message}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => (dispatcher === null ? exit(0) : shutdown()));

main();
