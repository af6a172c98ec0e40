'use strict';

// Handshake, start failures, liveness, shutdown and cancellation of a runner process.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { startRunner, stopAll, fixture } = require('./helpers/harness');

after(stopAll);

describe('handshake', () => {
  it('says hello with protocol 1, its id, its secret, its Node version and its body window, and deletes the credentials file', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs') });
    assert.deepEqual(run.hello.header, { t: 'hello', protocol: 1, runnerId: run.runnerId, secret: run.secret, node: process.version, window: 1024 * 1024 });
    assert.equal(run.first.header.t, 'ready');
    assert.equal(fs.existsSync(run.credentials), false);
    assert.ok(!run.child.spawnargs.join(' ').includes(run.secret));
    await run.stop();
  });

  it('sets the job environment before loading the module and runs in the job directory', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs'), env: { GREETING: 'hello from init' } });
    const out = await run.conn.outcome(run.conn.http({ path: '/env' }));
    assert.deepEqual(JSON.parse(out.body), { atLoad: 'hello from init', now: 'hello from init', cwd: fixture('gen1-cjs'), uid: process.getuid() });
    await run.stop();
  });

  it('exits 1 when the manager rejects its secret', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs'), presentedSecret: 'not-the-secret' });
    assert.equal(run.first, null);
    assert.deepEqual(await run.exited, { code: 1, signal: null });
    assert.match(run.stderr(), /refused this runner: unknown runner or wrong secret/);
    await run.stop();
  });

  it('connects over a Unix domain socket when the credentials name one', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs'), unixSocket: true });
    assert.equal(run.first.header.t, 'ready');
    const out = await run.conn.outcome(run.conn.http({ path: '/text' }));
    assert.equal(out.body.toString(), 'plain words');
    await run.stop();
  });

  it('answers events sent before init with an error', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs'), init: false });
    await run.conn.next('hello');
    const id = run.conn.http({ path: '/text' });
    assert.equal((await run.conn.outcome(id)).error.message, 'the runner is not ready');
    await run.stop();
  });

  it('answers a malformed event with an error and keeps serving', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs') });
    run.conn.send({ t: 'event', id: 99, kind: 'http', method: 'GET', path: '/text', query: '', headers: [5], stream: false });
    assert.match((await run.conn.outcome(99)).error.message, /^malformed event frame/);
    assert.equal((await run.conn.outcome(run.conn.http({ path: '/text' }))).status, 202);
    await run.stop();
  });

  it('exits 1 without a readable credentials file', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs'), connect: false, runnerEnv: { JOBBER_RUNNER_CREDENTIALS: '/nonexistent/credentials.json' } });
    assert.deepEqual(await run.exited, { code: 1, signal: null });
    assert.match(run.stderr(), /cannot read the runner credentials at \/nonexistent\/credentials\.json/);
    await run.stop();
  });
});

describe('start failures', () => {
  it('reports a throwing bootstrap with a failed frame and exits 1', async () => {
    const run = await startRunner({ jobDir: fixture('bootstrap-throws') });
    assert.equal(run.first.header.t, 'failed');
    assert.equal(run.first.header.message, 'bootstrap broke on purpose');
    assert.match(run.first.header.stack, /bootstrap-throws\/index\.js/);
    assert.deepEqual(await run.exited, { code: 1, signal: null });
    assert.match(run.conn.logText(undefined, 'stdout'), /about to fail/);
    await run.stop();
  });

  it('fails when the module exports no handler', async () => {
    const run = await startRunner({ jobDir: fixture('no-handler') });
    assert.equal(run.first.header.t, 'failed');
    assert.match(run.first.header.message, /exports no handler/);
    assert.equal((await run.exited).code, 1);
    await run.stop();
  });

  it('fails when main cannot be found', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs'), main: './missing.js' });
    assert.equal(run.first.header.t, 'failed');
    assert.match(run.first.header.message, /missing\.js/);
    assert.equal((await run.exited).code, 1);
    await run.stop();
  });

  it('refuses a main outside the job directory', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs'), main: '../gen2-esm/main.js' });
    assert.equal(run.first.header.t, 'failed');
    assert.match(run.first.header.message, /outside the job directory/);
    await run.stop();
  });
});

describe('module loading', () => {
  it('takes a CommonJS module’s exports from module.exports, and fails events it has no handler for', async () => {
    const run = await startRunner({ jobDir: fixture('cjs-module-exports'), main: './lib/entry.cjs' });
    assert.equal(run.first.header.t, 'ready');
    const out = await run.conn.outcome(run.conn.http({ path: '/x' }));
    assert.equal(out.body.toString(), 'built /x');
    const mqtt = await run.conn.outcome(run.conn.mqtt({ topic: 't' }));
    assert.match(mqtt.error.message, /exports neither handlerMqtt nor handler/);
    const schedule = await run.conn.outcome(run.conn.schedule());
    assert.match(schedule.error.message, /exports neither handlerSchedule nor handler/);
    await run.stop();
  });

  it('resolves a main without extension the way require() does', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs'), main: './index' });
    assert.equal(run.first.header.t, 'ready');
    await run.stop();
  });
});

describe('liveness', () => {
  it('answers ping with pong', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs') });
    run.conn.send({ t: 'ping' });
    await run.conn.next('pong');
    await run.stop();
  });

  it('exits 2 when the manager closes the connection', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs') });
    run.conn.socket.destroy();
    assert.deepEqual(await run.exited, { code: 2, signal: null });
    await run.stop();
  });

  it('exits 2 when the manager stays silent too long', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs'), runnerEnv: { JOBBER_SILENCE_TIMEOUT_MS: '300' } });
    assert.deepEqual(await run.exited, { code: 2, signal: null });
    assert.match(run.stderr(), /heard nothing from the manager for 300 ms/);
    await run.stop();
  });

  it('closes the connection on a frame over the size limit', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs') });
    const prefix = Buffer.alloc(8);
    prefix.writeUInt32BE(10, 0);
    prefix.writeUInt32BE(8 * 1024 * 1024 + 1, 4);
    run.conn.socket.write(prefix);
    assert.equal((await run.exited).code, 2);
    assert.match(run.stderr(), /protocol violation/);
    await run.stop();
  });

  it('exits 3 on an uncaught exception in the job’s code, logging it', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs') });
    const id = run.conn.http({ path: '/crash' });
    assert.equal((await run.conn.outcome(id)).body.toString(), 'crashing soon');
    assert.equal((await run.exited).code, 3);
    assert.match(run.conn.logText(id, 'stderr'), /Uncaught exception: Error: thrown outside any handler/);
    await run.stop();
  });

  it('logs an unhandled rejection and keeps serving', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs') });
    const id = run.conn.http({ path: '/stray-rejection' });
    assert.equal((await run.conn.outcome(id)).body.toString(), 'still here');
    await run.conn.waitForLog(id, 'Unhandled promise rejection: Error: nobody caught this');
    const again = await run.conn.outcome(run.conn.http({ path: '/text' }));
    assert.equal(again.status, 202);
    await run.stop();
  });
});

describe('shutdown and cancel', () => {
  it('on shutdown refuses new events, finishes the ones in flight, then exits 0', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs') });
    const held = [];
    run.conn.onCall = (call, body) => {
      if (call.key === 'slow-a') {
        held.push(call);
        return null;
      }
      return run.conn.answerCall(call, body);
    };
    const slow = run.conn.http({ path: '/slow', query: 'tag=a' });
    await run.conn.waitForLog(slow, 'slow a started');
    await run.conn.until(() => held.length === 1);
    run.conn.send({ t: 'shutdown' });
    const late = run.conn.http({ path: '/text' });
    assert.match((await run.conn.outcome(late)).error.message, /shutting down/);
    run.conn.store.set('slow-a', { id: 'i', key: 'slow-a', value: 'finished', expiry: null, created: 1, modified: 1 });
    const answer = run.conn.answerCall(held[0], Buffer.alloc(0));
    run.conn.send(answer.header, answer.body);
    const out = await run.conn.outcome(slow);
    assert.equal(out.body.toString(), 'finished');
    assert.deepEqual(await run.exited, { code: 0, signal: null });
    await run.stop();
  });

  it('sends nothing for a cancelled event and does not wait for it at shutdown', async () => {
    const run = await startRunner({ jobDir: fixture('gen1-cjs') });
    const held = [];
    run.conn.onCall = (call, body) => (call.key === 'slow-c' ? (held.push(call), null) : run.conn.answerCall(call, body));
    const slow = run.conn.http({ path: '/slow', query: 'tag=c' });
    await run.conn.until(() => held.length === 1);
    run.conn.send({ t: 'cancel', id: slow });
    const answer = run.conn.answerCall(held[0], Buffer.alloc(0));
    run.conn.send(answer.header, answer.body);
    await run.conn.waitForLog(slow, 'slow c done');
    run.conn.send({ t: 'ping' });
    await run.conn.next('pong');
    assert.equal(run.conn.all.filter((f) => f.header.id === slow && f.header.t !== 'log').length, 0);
    // A cancelled event still running does not hold up shutdown.
    run.conn.onCall = () => null;
    const stuck = run.conn.http({ path: '/slow', query: 'tag=d' });
    await run.conn.waitForLog(stuck, 'slow d started');
    run.conn.send({ t: 'cancel', id: stuck });
    run.conn.send({ t: 'shutdown' });
    assert.deepEqual(await run.exited, { code: 0, signal: null });
    await run.stop();
  });
});
