'use strict';

// Flow control of streamed bodies (docs/runner-protocol.md): the runner grants request-body credit as the function
// reads, and sends response chunks only within the window the manager's init and window frames give it.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startRunner, stopAll, fixture } = require('./helpers/harness');

const WINDOW = 64 * 1024;

let run;
let conn;

before(async () => {
  run = await startRunner({ jobDir: fixture('flow'), window: WINDOW });
  assert.equal(run.first.header.t, 'ready');
  conn = run.conn;
});
after(stopAll);

function windows(id) {
  return conn.all.filter((f) => f.header.t === 'window' && f.header.id === id).map((f) => f.header.bytes);
}

const sum = (values) => values.reduce((a, b) => a + b, 0);

/** Resolves once the runner has handled every frame sent before (frames are handled in order). */
async function roundTrip() {
  const before = conn.all.filter((f) => f.header.t === 'pong').length;
  conn.send({ t: 'ping' });
  await conn.until(() => conn.all.filter((f) => f.header.t === 'pong').length > before);
}

describe('request body credit', () => {
  it('announces its body window in hello', () => {
    assert.equal(run.hello.header.window, 1024 * 1024);
  });

  it('grants nothing for a body the function has not read, then grants what it reads', async () => {
    let gate;
    conn.onCall = (call, body) => {
      if (call.key === 'gate') {
        gate = call;
        return null;
      }
      return conn.answerCall(call, body);
    };
    const body = crypto.randomBytes(1024 * 1024);
    const id = conn.http({ method: 'POST', path: '/read-after-gate', body, stream: true, chunkSize: 64 * 1024 });
    await conn.until(() => gate);
    await roundTrip();
    assert.deepEqual(windows(id), []);

    conn.send({ t: 'reply', cid: gate.cid, ok: true, item: null });
    const out = await conn.outcome(id);
    assert.deepEqual(JSON.parse(out.body), { size: body.length, sum: crypto.createHash('sha256').update(body).digest('hex') });
    const granted = windows(id);
    assert.ok(granted.every((bytes) => bytes >= 256 * 1024), `grants come in steps: ${granted}`);
    assert.equal(sum(granted), body.length);
    conn.onCall = (call, b) => conn.answerCall(call, b);
  });

  it('grants a body collected by text() as it arrives', async () => {
    const body = Buffer.alloc(3 * 256 * 1024, 'a');
    const id = conn.http({ method: 'POST', path: '/text-size', body, stream: true, chunkSize: 32 * 1024 });
    const out = await conn.outcome(id);
    assert.deepEqual(JSON.parse(out.body), { size: body.length });
    assert.equal(sum(windows(id)), body.length);
  });

  it('grants and drops what arrives after the function destroyed its read stream', async () => {
    const body = Buffer.alloc(512 * 1024, 'b');
    const id = conn.nextId++;
    conn.send({ t: 'event', id, kind: 'http', name: null, method: 'POST', path: '/read-one', query: '', headers: [], stream: true });
    conn.send({ t: 'chunk', id }, body.subarray(0, 1024));
    const out = await conn.outcome(id);
    assert.deepEqual(JSON.parse(out.body), { first: 1024 });
    conn.send({ t: 'chunk', id }, body.subarray(1024));
    conn.send({ t: 'end', id });
    await roundTrip();
    assert.ok(sum(windows(id)) <= body.length);
  });
});

describe('response window', () => {
  it('never has more response bytes unacknowledged than its window, and slows the function down', async () => {
    const id = conn.http({ path: '/download', query: 'chunks=32&size=16384' });
    const head = await conn.next((h) => h.id === id && h.t === 'response');
    assert.equal(head.header.stream, true);
    let granted = WINDOW;
    let received = 0;
    for (;;) {
      const frame = await conn.next((h) => h.id === id && (h.t === 'chunk' || h.t === 'end'));
      if (frame.header.t === 'end') break;
      received += frame.body.length;
      assert.ok(received <= granted, `${received} bytes received with ${granted} granted`);
      if (received === granted) {
        // Acknowledges a window's worth at a time, as a manager does once the client took the bytes.
        conn.send({ t: 'window', id, bytes: WINDOW });
        granted += WINDOW;
      }
    }
    assert.equal(received, 32 * 16384);
    await conn.waitForLog(id, 'waits ');
    assert.notEqual(conn.logText(id), 'waits 0\n');
  });

  it('closes the response stream of a cancelled event, so a writer waiting for credit stops', async () => {
    const id = conn.http({ path: '/forever' });
    let received = 0;
    while (received < WINDOW) {
      const frame = await conn.next((h) => h.id === id && h.t === 'chunk');
      received += frame.body.length;
    }
    conn.send({ t: 'cancel', id });
    await conn.waitForLog(id, 'stopped after close');
  });

  it('echoes a streamed body in both directions within both windows', async () => {
    const body = crypto.randomBytes(4 * 1024 * 1024);
    const id = conn.nextId++;
    conn.send({ t: 'event', id, kind: 'http', name: null, method: 'POST', path: '/echo', query: '', headers: [], stream: true });
    let sent = 0;
    let credit = 1024 * 1024; // the runner's announced body window
    let received = 0;
    let granted = WINDOW;
    const hash = crypto.createHash('sha256');
    const feed = () => {
      while (sent < body.length && credit > 0) {
        const n = Math.min(32 * 1024, credit, body.length - sent);
        conn.send({ t: 'chunk', id }, body.subarray(sent, sent + n));
        sent += n;
        credit -= n;
        if (sent === body.length) conn.send({ t: 'end', id });
      }
    };
    feed();
    let seenWindows = 0;
    for (;;) {
      const frame = await conn.next((h) => h.id === id && (h.t === 'chunk' || h.t === 'end' || h.t === 'window'));
      if (frame.header.t === 'window') {
        seenWindows++;
        credit += frame.header.bytes;
        feed();
        continue;
      }
      if (frame.header.t === 'end') break;
      received += frame.body.length;
      hash.update(frame.body);
      assert.ok(received <= granted);
      conn.send({ t: 'window', id, bytes: frame.body.length });
      granted += frame.body.length;
    }
    assert.equal(received, body.length);
    assert.equal(hash.digest('hex'), crypto.createHash('sha256').update(body).digest('hex'));
    assert.ok(seenWindows >= 3, 'the 4 MiB body needed credit beyond the 1 MiB window');
  });
});

describe('first generation chunk()', () => {
  it('lets the handler wait with written() while the window is used up', async () => {
    const classic = await startRunner({ jobDir: fixture('gen1-cjs'), window: WINDOW });
    const c = classic.conn;
    const id = c.http({ path: '/written' });
    const head = await c.next((h) => h.id === id && h.t === 'response');
    assert.equal(head.header.stream, true);
    let received = 0;
    let granted = WINDOW;
    for (;;) {
      const frame = await c.next((h) => h.id === id && (h.t === 'chunk' || h.t === 'end'));
      if (frame.header.t === 'end') break;
      received += frame.body.length;
      assert.ok(received <= granted);
      if (received === granted) {
        c.send({ t: 'window', id, bytes: WINDOW });
        granted += WINDOW;
      }
    }
    assert.equal(received, 32 * 16 * 1024);
    await c.waitForLog(id, 'waits ');
    assert.notEqual(c.logText(id), 'waits 0\n');
    await classic.stop();
  });
});
