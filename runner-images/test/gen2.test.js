'use strict';

// The second handler generation: bootstrap(), handlerHttp/handlerMqtt/handlerSchedule(context) and
// globalThis.jobber, against an ES-module function.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startRunner, stopAll, fixture } = require('./helpers/harness');

let run;
let conn;

before(async () => {
  run = await startRunner({ jobDir: fixture('gen2-esm'), main: './main.js' });
  assert.equal(run.first.header.t, 'ready');
  conn = run.conn;
});
after(stopAll);

async function outcome(event) {
  return conn.outcome(conn.http(event));
}

async function json(event) {
  const out = await outcome(event);
  assert.equal(out.error, undefined, out.error?.message);
  return { ...out, json: JSON.parse(out.body) };
}

describe('bootstrap', () => {
  it('runs before the runner is ready, can use globalThis.jobber, and logs outside any event', () => {
    const ready = conn.all.findIndex((f) => f.header.t === 'ready');
    const bootCalls = conn.all.filter((f) => f.header.t === 'call' && f.header.key === 'boot');
    assert.deepEqual(bootCalls.map((f) => f.header.op), ['setStore', 'getStore']);
    assert.ok(conn.all.indexOf(bootCalls[1]) < ready);
    assert.equal(conn.logText(undefined, 'stdout'), 'bootstrap running\n');
  });
});

describe('second generation request', () => {
  it('has getters and methods for name, path, method, headers, query and the client address', async () => {
    const { json: r } = await json({
      path: '/echo',
      query: 'a=1&a=2&Key=K',
      headers: [['X-Single', 's'], ['x-multi', '1'], ['X-Multi', '2']],
    });
    assert.deepEqual(r, {
      name: '',
      requestName: '',
      path: '/echo',
      method: 'GET',
      single: 's',
      multi: ['1', '2'],
      missing: true,
      headers: [
        { name: 'X-Single', value: 's' },
        { name: 'x-multi', value: '1' },
        { name: 'X-Multi', value: '2' },
      ],
      a: '1',
      as: ['1', '2'],
      capital: 'K',
      nones: null,
      search: 'a=1&a=2&Key=K',
      remote: '203.0.113.7',
      booted: 'done at bootstrap',
    });
  });

  it('gives the trigger name to context and request', async () => {
    const { json: r } = await json({ path: '/echo', name: 'web' });
    assert.equal(r.name, 'web');
    assert.equal(r.requestName, 'web');
  });

  it('returns the text itself from text()', async () => {
    const out = await outcome({ method: 'POST', path: '/text', body: Buffer.from('{"a":1}') });
    assert.equal(out.body.toString(), 'text: {"a":1}');
    assert.deepEqual(out.headers, [['content-type', 'text/plain']]);
  });

  it('parses JSON asynchronously and rejects with SyntaxError on a bad or empty body', async () => {
    const ok = await json({ method: 'POST', path: '/json', body: Buffer.from('[true]') });
    assert.equal(ok.status, 201);
    assert.deepEqual(ok.json, { got: [true] });
    assert.equal((await json({ method: 'POST', path: '/json-bad', body: Buffer.from('nope') })).json.error, 'SyntaxError');
    assert.equal((await json({ method: 'POST', path: '/json-bad' })).json.error, 'SyntaxError');
  });

  it('gives the body as a Buffer from raw(), awaitable whether whole or streamed', async () => {
    const bytes = crypto.randomBytes(300_000);
    const whole = await outcome({ method: 'POST', path: '/raw', body: bytes });
    assert.ok(whole.body.equals(bytes));
    const streamed = await outcome({ method: 'POST', path: '/raw', body: bytes, stream: true, chunkSize: 65536 });
    assert.ok(streamed.body.equals(bytes));
    const sync = await json({ method: 'POST', path: '/raw-sync', body: Buffer.from('1234') });
    assert.deepEqual(sync.json, { isBuffer: true, size: 4 });
  });

  it('streams a large request body through getReadStream()', async () => {
    const bytes = crypto.randomBytes(20 * 1024 * 1024 + 3);
    const { json: r } = await json({ method: 'POST', path: '/stream-upload', body: bytes, stream: true, chunkSize: 1024 * 1024 });
    assert.deepEqual(r, { size: bytes.length, sum: crypto.createHash('sha256').update(bytes).digest('hex') });
  });

  it('reads a whole body through getReadStream() too', async () => {
    const bytes = Buffer.from('small body');
    const { json: r } = await json({ method: 'POST', path: '/stream-upload', body: bytes });
    assert.equal(r.size, bytes.length);
  });
});

describe('second generation response', () => {
  it('answers 204 with an empty body when the handler returns without responding', async () => {
    const out = await outcome({ path: '/no-response' });
    assert.deepEqual(out, { status: 204, headers: [], streamed: false, body: Buffer.alloc(0), chunks: 0 });
  });

  it('keeps a status and headers set without a body', async () => {
    const out = await outcome({ path: '/status-only' });
    assert.equal(out.status, 404);
    assert.deepEqual(out.headers, [['x-reason', 'missing']]);
    assert.equal(out.body.length, 0);
  });

  it('sends html() as text/html and keeps a content type set before json()', async () => {
    const html = await outcome({ path: '/html' });
    assert.deepEqual(html.headers, [['content-type', 'text/html']]);
    assert.equal(html.body.toString(), '<p>hi</p>');
    const custom = await outcome({ path: '/custom-type' });
    assert.deepEqual(custom.headers, [['content-type', 'application/vnd.test+json']]);
  });

  it('sends repeated headers given as an array', async () => {
    const out = await outcome({ path: '/set-cookies' });
    assert.deepEqual(out.headers, [['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['content-type', 'text/plain']]);
  });

  it('throws when status, a header or a body is set after the body started', async () => {
    const out = await outcome({ path: '/after-body' });
    assert.equal(out.streamed, true);
    const r = JSON.parse(out.body);
    assert.equal(r.status.message, 'response.status() called after the response body started');
    assert.equal(r.header.message, 'response.header() called after the response body started');
    assert.equal(r.json.message, 'response.json() called after the response body started');
  });

  it('sends getWriteStream() output before the stream ends', async () => {
    const held = [];
    const previous = conn.onCall;
    conn.onCall = (call, body) => (call.key === 'gate' ? (held.push(call), null) : previous(call, body));
    try {
      const id = conn.http({ path: '/stream-gated' });
      const head = await conn.next((h) => h.t === 'response' && h.id === id);
      assert.equal(head.header.stream, true);
      const first = await conn.next((h) => h.t === 'chunk' && h.id === id);
      assert.equal(first.body.toString(), 'first ');
      assert.equal(held.length, 1, 'the handler is still waiting at the gate');
      const answer = conn.answerCall(held[0], Buffer.alloc(0));
      conn.send(answer.header, answer.body);
      const second = await conn.next((h) => h.t === 'chunk' && h.id === id);
      assert.equal(second.body.toString(), 'second');
      await conn.next((h) => h.t === 'end' && h.id === id);
    } finally {
      conn.onCall = previous;
    }
  });

  it('drops what a cancelled event still writes, without failing its handler', async () => {
    const held = [];
    const previous = conn.onCall;
    conn.onCall = (call, body) => (call.key === 'gate' ? (held.push(call), null) : previous(call, body));
    try {
      const id = conn.http({ path: '/stream-gated' });
      await conn.next((h) => h.t === 'response' && h.id === id);
      await conn.next((h) => h.t === 'chunk' && h.id === id);
      await conn.until(() => held.length === 1);
      conn.send({ t: 'cancel', id });
      const answer = conn.answerCall(held[0], Buffer.alloc(0));
      conn.send(answer.header, answer.body);
      await conn.waitForLog(id, 'gated done');
      conn.send({ t: 'ping' });
      await conn.next('pong');
      assert.deepEqual(conn.unconsumed.filter((f) => f.header.id === id && f.header.t !== 'log'), []);
    } finally {
      conn.onCall = previous;
    }
  });

  it('streams a large getWriteStream() body in chunk frames', async () => {
    const id = conn.http({ path: '/stream-download', query: 'chunks=64&size=262144' });
    const out = await conn.outcome(id);
    assert.equal(out.status, 200);
    assert.equal(out.streamed, true);
    assert.deepEqual(out.headers, [['content-type', 'application/octet-stream']]);
    assert.equal(out.body.length, 64 * 262144);
    assert.ok(out.chunks >= 64);
    await conn.waitForLog(id, '"sum"');
    const logged = JSON.parse(conn.logText(id, 'stdout'));
    assert.equal(crypto.createHash('sha256').update(out.body).digest('hex'), logged.sum);
    assert.ok(logged.drains > 0);
  });

  it('keeps the event open while the stream is written after the handler returned', async () => {
    const out = await outcome({ path: '/write-later' });
    assert.equal(out.body.toString(), 'later still');
  });

  it('sends a body over the frame limit as chunk frames', async () => {
    const size = 9 * 1024 * 1024;
    const out = await outcome({ path: '/big-text', query: `size=${size}` });
    assert.equal(out.streamed, true);
    assert.equal(out.chunks, 2);
    assert.equal(out.body.length, size);
  });

  it('aborts a started stream with an error frame when the handler throws', async () => {
    const out = await outcome({ path: '/stream-then-throw' });
    assert.equal(out.streamed, true);
    assert.equal(out.error.message, 'failed mid-stream');
  });

  it('fails the event on a thrown Error or non-Error', async () => {
    const typeError = await outcome({ path: '/throw' });
    assert.equal(typeError.error.message, 'gen2 broke');
    assert.match(typeError.error.stack, /^TypeError: gen2 broke/);
    assert.equal((await outcome({ path: '/throw-null' })).error.message, 'non-Error thrown: null');
  });
});

describe('globalThis.jobber and context.publish', () => {
  it('answers store calls with values, JSON variants parsed, and publish with a boolean', async () => {
    conn.published.length = 0;
    const { json: r } = await json({ path: '/jobber' });
    assert.deepEqual(r, {
      missing: null,
      get: 'value',
      getJson: [1, 2],
      getJsonBad: null,
      deleteJson: [1, 2],
      delete: 'value',
      afterDelete: null,
      publish: true,
      publishNumber: { error: 'TypeError', message: 'publish payload must be a Buffer, a string or an object, not number' },
      badTtl: { error: 'TypeError', message: 'ttl must be a number of seconds, 0 or more' },
    });
    assert.deepEqual(conn.published.map((p) => [p.topic, p.payload.toString()]), [['jobber/topic', 'hello']]);
    const set = conn.all.find((f) => f.header.t === 'call' && f.header.op === 'setStore' && f.header.key === 'g');
    assert.equal(set.header.ttl, 5);
    assert.equal(set.body.toString(), 'value');
  });

  it('publishes from the context and returns false when no trigger takes the message', async () => {
    assert.deepEqual((await json({ path: '/publish' })).json, { result: true });
    conn.publishResult = false;
    try {
      assert.deepEqual((await json({ path: '/publish' })).json, { result: false });
    } finally {
      conn.publishResult = true;
    }
  });

  it('rejects calls the manager does not answer in time', async () => {
    const slow = await startRunner({ jobDir: fixture('gen2-esm'), main: './main.js', runnerEnv: { JOBBER_CALL_TIMEOUT_MS: '150' } });
    slow.conn.onCall = () => null;
    const out = await slow.conn.outcome(slow.conn.http({ path: '/call', query: 'key=k' }));
    // bootstrap's own calls were answered by the default handler before onCall changed
    assert.deepEqual(JSON.parse(out.body), { error: 'Error', message: 'jobber: getStore got no answer from the manager within 150 ms' });
    await slow.stop();
  });
});

describe('second generation mqtt and schedule', () => {
  it('gives name, topic, payload, text and json, and publishes', async () => {
    conn.published.length = 0;
    const payload = Buffer.from('{"on":true}');
    const id = conn.mqtt({ topic: 'lights/1', payload, name: 'lights' });
    const out = await conn.outcome(id);
    assert.equal(out.status, 200);
    assert.deepEqual(JSON.parse(conn.logText(id, 'stdout')), {
      name: 'lights',
      topic: 'lights/1',
      payload: payload.toString('base64'),
      text: '{"on":true}',
      json: { value: { on: true } },
    });
    assert.deepEqual(conn.published.map((p) => [p.topic, p.payload.toString()]), [['mqtt/reply', '{"on":true}']]);
  });

  it('passes binary MQTT payloads unchanged and a null name for unnamed triggers', async () => {
    const payload = Buffer.from([0, 1, 0xfe, 0xff]);
    const id = conn.mqtt({ topic: 'bin', payload });
    await conn.outcome(id);
    const logged = JSON.parse(conn.logText(id, 'stdout'));
    assert.equal(logged.name, null);
    assert.equal(logged.payload, payload.toString('base64'));
    assert.equal(logged.json.error, 'SyntaxError');
  });

  it('gives a payload that arrived in chunk frames whole', async () => {
    const payload = Buffer.alloc(1536 * 1024 + 5, 7);
    const id = conn.mqtt({ topic: 'big', payload, name: "lights", chunkSize: 256 * 1024 });
    assert.equal((await conn.outcome(id)).status, 200);
    assert.equal(Buffer.from(JSON.parse(conn.logText(id, 'stdout')).payload, 'base64').equals(payload), true);
  });

  it('gives schedule events their name and tick instant', async () => {
    const scheduledAt = Date.UTC(2025, 0, 2, 3, 4, 5);
    const id = conn.schedule({ name: 'hourly', cron: '0 * * * *', timezone: 'Europe/Paris', scheduledAt });
    assert.equal((await conn.outcome(id)).status, 200);
    assert.deepEqual(JSON.parse(conn.logText(id, 'stdout')), {
      name: 'hourly',
      scheduledAt: '2025-01-02T03:04:05.000Z',
      cron: '0 * * * *',
      timezone: 'Europe/Paris',
    });
  });
});
