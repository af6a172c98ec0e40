'use strict';

// The first handler generation: handler(request, response, context), against a CommonJS function.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startRunner, stopAll, fixture, header } = require('./helpers/harness');

let run;
let conn;

before(async () => {
  run = await startRunner({ jobDir: fixture('gen1-cjs') });
  assert.equal(run.first.header.t, 'ready');
  conn = run.conn;
});
after(stopAll);

async function json(event) {
  const out = await conn.outcome(conn.http(event));
  assert.equal(out.error, undefined, out.error?.message);
  return { ...out, json: JSON.parse(out.body) };
}

describe('first generation request', () => {
  it('exposes type, name, method, path, headers, query, body and the client address', async () => {
    const { json: r } = await json({
      method: 'post',
      path: '/echo',
      query: 'a=1&a=2&Key=K',
      headers: [['X-Multi', 'one'], ['x-multi', 'two'], ['X-Case', 'c']],
      body: Buffer.from('body text'),
    });
    assert.deepEqual(r, {
      type: 'http',
      name: '',
      method: 'POST',
      path: '/echo',
      multi: 'one, two',
      lower: 'c',
      upper: 'c',
      missing: null,
      a: '1',
      as: ['1', '2'],
      capital: 'K',
      capitalLower: null,
      none: null,
      nones: null,
      text: 'body text',
      dataIsBuffer: true,
      remote: '203.0.113.7',
      topic: { error: 'Error', message: 'request.topic() is not available for http events' },
    });
  });

  it('gives the trigger name of a named HTTP trigger', async () => {
    const { json: r } = await json({ path: '/echo', name: 'api' });
    assert.equal(r.name, 'api');
  });

  it('parses a JSON body synchronously and throws SyntaxError on a bad or empty one', async () => {
    const ok = await json({ method: 'POST', path: '/json', body: Buffer.from('{"x":[1,2]}') });
    assert.equal(ok.status, 201);
    assert.deepEqual(ok.json, { got: { x: [1, 2] } });
    assert.equal((await json({ method: 'POST', path: '/json-bad', body: Buffer.from('{bad') })).json.error, 'SyntaxError');
    assert.equal((await json({ method: 'POST', path: '/json-bad' })).json.error, 'SyntaxError');
  });

  it('carries binary bodies both ways byte for byte', async () => {
    const bytes = Buffer.concat([Buffer.from([...Array(256).keys()]), crypto.randomBytes(70_000)]);
    const out = await conn.outcome(conn.http({ method: 'PUT', path: '/binary', body: bytes }));
    assert.equal(out.status, 200);
    assert.equal(header(out.headers, 'content-type'), 'application/octet-stream');
    assert.ok(out.body.equals(bytes));
  });

  it('builds a WHATWG Request with the Host header, the raw query and the body except for GET', async () => {
    const post = await json({
      method: 'POST',
      path: '/http-request',
      query: 'q=1&Q=2',
      headers: [['Host', 'example.test:8080'], ['Content-Type', 'text/plain']],
      body: Buffer.from('payload'),
    });
    assert.deepEqual(post.json, {
      url: 'https://example.test:8080/http-request?q=1&Q=2',
      method: 'POST',
      redirect: 'manual',
      contentType: 'text/plain',
      body: 'payload',
    });
    const get = await json({ path: '/http-request', body: Buffer.from('ignored') });
    assert.equal(get.json.url, 'https://localhost/http-request?');
    assert.equal(get.json.body, null);
  });

  it('accepts a streamed request body and reads it synchronously once complete', async () => {
    const bytes = crypto.randomBytes(10 * 1024 * 1024 + 5);
    const r = await json({ method: 'POST', path: '/big-upload', body: bytes, stream: true, chunkSize: 1024 * 1024 });
    assert.deepEqual(r.json, { size: bytes.length, sum: crypto.createHash('sha256').update(bytes).digest('hex') });
  });
});

describe('first generation response', () => {
  it('answers 200 with an empty body when the handler never touches it', async () => {
    const out = await conn.outcome(conn.http({ path: '/untouched' }));
    assert.deepEqual(out, { status: 200, headers: [], streamed: false, body: Buffer.alloc(0), chunks: 0 });
  });

  it('redirects with 303 by default, or the given status', async () => {
    const a = await conn.outcome(conn.http({ path: '/redirect' }));
    assert.equal(a.status, 303);
    assert.deepEqual(a.headers, [['location', '/elsewhere']]);
    const b = await conn.outcome(conn.http({ path: '/redirect-301' }));
    assert.equal(b.status, 301);
    assert.deepEqual(b.headers, [['location', '/moved']]);
  });

  it('sends text with text/plain and the given status', async () => {
    const out = await conn.outcome(conn.http({ path: '/text' }));
    assert.equal(out.status, 202);
    assert.deepEqual(out.headers, [['content-type', 'text/plain']]);
    assert.equal(out.body.toString(), 'plain words');
  });

  it('lower-cases header names, keeps the last value and takes strings only', async () => {
    const out = await conn.outcome(conn.http({ path: '/headers' }));
    assert.equal(out.status, 418);
    assert.deepEqual(out.headers, [['x-custom', 'second'], ['x-number-error', 'TypeError']]);
  });

  it('appends Buffers with chunk() and refuses anything else', async () => {
    const out = await conn.outcome(conn.http({ path: '/chunks' }));
    assert.equal(out.body.toString(), 'abcd');
    assert.equal(header(out.headers, 'x-chunk-error'), 'TypeError');
  });

  it('replaces the body with json()', async () => {
    const out = await conn.outcome(conn.http({ path: '/replace' }));
    assert.deepEqual(out.headers, [['content-type', 'application/json']]);
    assert.equal(out.body.toString(), '{"replaced":true}');
  });

  it('streams chunk() output past 64 KiB, after which the status can no longer change', async () => {
    const out = await conn.outcome(conn.http({ path: '/big-chunks' }));
    assert.equal(out.streamed, true);
    assert.equal(out.status, 200);
    assert.deepEqual(out.headers, [['x-before', 'yes']]);
    const tail = Buffer.from('late status: Error');
    assert.equal(out.body.length, 4 * 48 * 1024 + tail.length);
    assert.ok(out.body.subarray(-tail.length).equals(tail));
  });

  it('fails the event when the handler throws, with message and stack', async () => {
    const out = await conn.outcome(conn.http({ path: '/throw' }));
    assert.equal(out.error.message, 'handler broke');
    assert.match(out.error.stack, /gen1-cjs\/index\.js/);
  });

  it('fails the event when the handler throws something that is not an Error', async () => {
    assert.equal((await conn.outcome(conn.http({ path: '/throw-string' }))).error.message, 'a plain string');
    assert.equal((await conn.outcome(conn.http({ path: '/throw-object' }))).error.message, 'non-Error thrown: { code: 7 }');
  });

  it('keeps module state between events', async () => {
    const first = (await json({ path: '/state' })).json.calls;
    assert.equal((await json({ path: '/state' })).json.calls, first + 1);
  });
});

describe('first generation context', () => {
  it('answers store calls with the item, JSON variants with the value', async () => {
    const { json: r } = await json({ path: '/store' });
    const item = (key, value, expiry) => ({ id: 'item-1', jobId: 'job-1', key, value, expiry, created: 1_700_000_000, modified: 1_700_000_000 });
    assert.equal(r.missing, null);
    assert.deepEqual(r.set, item('k', 'v1', 1_700_000_060));
    assert.deepEqual(r.get, item('k', 'v1', 1_700_000_060));
    assert.deepEqual(r.setAgain, item('k', 'v2', null));
    assert.equal(r.json.value, '{"n":1}');
    assert.deepEqual(r.getJson, { n: 1 });
    assert.equal(r.getJsonBad, null);
    assert.equal(r.getJsonMissing, null);
    assert.deepEqual(r.deleteJson, { n: 1 });
    assert.deepEqual(r.delete, item('k', 'v2', null));
    assert.equal(r.deleteMissing, null);
    assert.equal(r.badValue.error, 'TypeError');
    assert.equal(r.casAbsent.value, 'one');
    assert.equal(r.casStale, null);
    assert.equal(r.casCurrent.value, 'two');
    assert.equal(r.casCurrent.expiry, 1_700_000_005);
    const cas = conn.all.filter((f) => f.header.t === 'call' && f.header.op === 'compareAndSetStore');
    assert.deepEqual(cas.map((f) => f.header.expectedLength), [null, null, 3]);
    assert.equal(cas[2].body.toString(), 'onetwo');
    const sets = conn.all.filter((f) => f.header.t === 'call' && f.header.op === 'setStore' && f.header.key === 'k');
    assert.equal(sets[0].header.ttl, 60);
    assert.equal('ttl' in sets[1].header, false);
  });

  it('publishes Buffers, strings, objects and null, refuses numbers, and returns the manager’s answer', async () => {
    conn.published.length = 0;
    const { json: r } = await json({ path: '/publish' });
    assert.deepEqual(r, {
      object: true,
      string: true,
      buffer: true,
      nil: true,
      number: { error: 'TypeError', message: 'publish payload must be a Buffer, a string or an object, not number' },
      mqttOnly: { error: 'Error', message: 'response.publish() is only available for mqtt events' },
    });
    assert.deepEqual(
      conn.published.map((p) => [p.topic, p.payload.toString('hex')]),
      [
        ['out/object', Buffer.from('{"a":1}').toString('hex')],
        ['out/string', Buffer.from('text').toString('hex')],
        ['out/buffer', '00ff'],
        ['out/null', Buffer.from('null').toString('hex')],
      ],
    );
    conn.publishResult = false;
    try {
      assert.equal((await json({ path: '/publish' })).json.object, false);
    } finally {
      conn.publishResult = true;
    }
  });

  it('rejects a call the manager refuses with its message', async () => {
    const previous = conn.onCall;
    conn.onCall = (call) => ({ header: { t: 'reply', cid: call.cid, ok: false, message: 'store quota exceeded' } });
    try {
      const { json: r } = await json({ path: '/call', query: 'key=x' });
      assert.deepEqual(r, { error: 'Error', message: 'jobber: store quota exceeded' });
    } finally {
      conn.onCall = previous;
    }
  });
});

describe('first generation mqtt and schedule events', () => {
  it('gives topic and payload, refuses http accessors, and publishes after the handler returns', async () => {
    conn.published.length = 0;
    const payload = Buffer.from('{"temp":21}');
    const id = conn.mqtt({ topic: 'sensors/1', payload, name: 'sensor-trigger' });
    const out = await conn.outcome(id);
    assert.equal(out.status, 200);
    const logged = JSON.parse(conn.logText(id, 'stdout'));
    assert.deepEqual(logged, {
      type: 'mqtt',
      name: 'sensor-trigger',
      topic: 'sensors/1',
      text: '{"temp":21}',
      json: { value: { temp: 21 } },
      size: payload.length,
      header: { error: 'Error', message: 'request.header() is not available for mqtt events' },
      status: { error: 'Error', message: 'response.status() is only available for http events' },
    });
    assert.deepEqual(
      conn.published.map((p) => [p.topic, p.payload.toString()]),
      [
        ['replies/object', '{"echoed":"{\\"temp\\":21}"}'],
        ['replies/raw', '{"temp":21}'],
      ],
    );
    const publishes = conn.all.filter((f) => f.header.t === 'call' && f.header.op === 'publish' && f.header.topic.startsWith('replies/'));
    const response = conn.all.findIndex((f) => f.header.t === 'response' && f.header.id === id);
    assert.ok(conn.all.indexOf(publishes[1]) < response, 'published before the event is answered');
  });

  it('gives a payload that arrived in chunk frames whole', async () => {
    const payload = Buffer.from('{"temp":21}');
    const id = conn.mqtt({ topic: 'sensors/1', payload, chunkSize: 4 });
    assert.equal((await conn.outcome(id)).status, 200);
    assert.equal(JSON.parse(conn.logText(id, 'stdout')).text, '{"temp":21}');
  });

  it('gives null as the name of an unnamed MQTT trigger', async () => {
    const id = conn.mqtt({ topic: 't', payload: Buffer.from('x') });
    await conn.outcome(id);
    assert.equal(JSON.parse(conn.logText(id, 'stdout')).name, null);
  });

  it('gives schedule events a null name when unnamed and refuses body and http accessors', async () => {
    const id = conn.schedule();
    const out = await conn.outcome(id);
    assert.equal(out.status, 200);
    assert.deepEqual(JSON.parse(conn.logText(id, 'stdout')), {
      type: 'schedule',
      name: null,
      data: { error: 'Error', message: 'request.data() is not available for schedule events' },
      text: { error: 'Error', message: 'request.text() is not available for schedule events' },
      method: { error: 'Error', message: 'request.method() is not available for schedule events' },
      publish: { error: 'Error', message: 'response.publish() is only available for mqtt events' },
    });
    const named = conn.schedule({ name: 'nightly' });
    await conn.outcome(named);
    assert.equal(JSON.parse(conn.logText(named, 'stdout')).name, 'nightly');
  });
});

describe('call timeout', () => {
  it('rejects a call the manager does not answer in time (JOBBER_CALL_TIMEOUT_MS)', async () => {
    const slow = await startRunner({ jobDir: fixture('gen1-cjs'), runnerEnv: { JOBBER_CALL_TIMEOUT_MS: '200' } });
    slow.conn.onCall = () => null;
    const out = await slow.conn.outcome(slow.conn.http({ path: '/call', query: 'key=k' }));
    assert.deepEqual(JSON.parse(out.body), { error: 'Error', message: 'jobber: getStore got no answer from the manager within 200 ms' });
    await slow.stop();
  });
});
