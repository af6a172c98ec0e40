'use strict';

// The job's stdout and stderr become log frames tagged with the event that printed them.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { startRunner, stopAll, fixture } = require('./helpers/harness');
const { LogCapture, eventScope } = require('../runner/logs');

after(stopAll);

describe('log tagging', () => {
  it('tells concurrent events apart, on stdout and stderr, including timers they started', async () => {
    const run = await startRunner({ jobDir: fixture('concurrent-logs') });
    assert.equal(run.first.header.t, 'ready');
    const tags = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
    const ids = tags.map((tag) => run.conn.http({ path: '/', query: `tag=${tag}` }));
    const outs = await Promise.all(ids.map((id) => run.conn.outcome(id)));
    assert.deepEqual(outs.map((o) => o.body.toString()), tags);
    for (const [i, tag] of tags.entries()) {
      await run.conn.waitForLog(ids[i], `${tag} timer 2`);
      const stdout = run.conn.logText(ids[i], 'stdout').split('\n').filter(Boolean).sort();
      const stderr = run.conn.logText(ids[i], 'stderr').split('\n').filter(Boolean);
      assert.deepEqual(stdout, [0, 1, 2].flatMap((n) => [`${tag} out ${n}`, `${tag} timer ${n}`]).sort());
      assert.deepEqual(stderr, [`${tag} err 0`, `${tag} err 1`, `${tag} err 2`]);
    }
    // The output of different events really did interleave on the wire.
    const order = run.conn.all.filter((f) => f.header.t === 'log').map((f) => f.header.id);
    assert.ok(order.some((id, i) => i > 0 && id !== order[i - 1] && order.slice(i + 1).includes(order[i - 1])));
    assert.equal(run.conn.logText(undefined), '');
    await run.stop();
  });
});

describe('LogCapture', () => {
  function fakeWriter() {
    return {
      sent: [],
      pendingBytes: 0,
      sendLog(stream, id, bytes) {
        this.sent.push([stream, id, bytes.toString()]);
      },
    };
  }

  it('keeps output printed before the connection and sends it first', () => {
    const capture = new LogCapture();
    const stdout = capture.interceptor('stdout');
    const stderr = capture.interceptor('stderr');
    stdout('early\n');
    eventScope.run(9, () => stderr(Buffer.from('in event\n')));
    const writer = fakeWriter();
    capture.attach(writer);
    stdout('late', 'utf8');
    assert.deepEqual(writer.sent, [
      ['stdout', undefined, 'early\n'],
      ['stderr', 9, 'in event\n'],
      ['stdout', undefined, 'late'],
    ]);
  });

  it('bounds what it keeps before the connection and says how much it dropped', () => {
    const capture = new LogCapture();
    const stdout = capture.interceptor('stdout');
    const line = 'x'.repeat(1023) + '\n';
    for (let i = 0; i < 1100; i++) stdout(line);
    const writer = fakeWriter();
    capture.attach(writer);
    assert.equal(writer.sent.length, 1025);
    assert.deepEqual(writer.sent.at(-1), ['stderr', undefined, '[runner] 77824 bytes of log output were dropped while the manager could not take them\n']);
  });

  it('calls write callbacks and copies buffers the caller may reuse', async () => {
    const capture = new LogCapture();
    const writer = fakeWriter();
    capture.attach(writer);
    const write = capture.interceptor('stdout');
    const buf = Buffer.from('abc');
    await new Promise((resolve) => assert.equal(write(buf, resolve), true));
    buf.fill(0);
    assert.deepEqual(writer.sent, [['stdout', undefined, 'abc']]);
  });
});
