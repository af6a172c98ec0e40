'use strict';

// The golden frames the manager's tests read too (fixtures/frames/): the runner's framing reads and writes each of
// them byte for byte, its limits are the shared ones, and the frames the runner and the fake manager really send
// have their shapes.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { FrameParser, ProtocolError, encodeFrame, windowStep, PROTOCOL_VERSION, MAX_HEADER, MAX_BODY, BODY_WINDOW } = require('../runner/protocol');
const { startRunner, stopAll, fixture } = require('./helpers/harness');

after(stopAll);

const DIR = path.join(__dirname, 'fixtures', 'frames');
const read = (file) => JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
const frames = read('frames.json');
const constants = read('constants.json');
const malformed = read('malformed.json');

function body(frame) {
  if (frame.bodyBase64 !== undefined) return Buffer.from(frame.bodyBase64, 'base64');
  return Buffer.from(frame.body ?? '', 'utf8');
}

/** The golden frame as the wire carries it: its header as compact JSON in the fixture's field order, then its body. */
function wire(header, bytes) {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeUInt32BE(json.length, 0);
  prefix.writeUInt32BE(bytes.length, 4);
  return Buffer.concat([prefix, json, bytes]);
}

function parseAll(bytes) {
  const parsed = [];
  new FrameParser((header, frameBody) => parsed.push({ header, body: Buffer.from(frameBody) })).push(bytes);
  return parsed;
}

const jsonType = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Whether a header has the golden one's keys in its order, each value of the same JSON type (or null in either). */
function sameShape(header, golden) {
  const keys = Object.keys(header);
  if (keys.join() !== Object.keys(golden).join()) return false;
  return keys.every((key) => header[key] === null || golden[key] === null || jsonType(header[key]) === jsonType(golden[key]));
}

describe('golden frames', () => {
  for (const frame of frames) {
    it(`reads and writes ${frame.name} byte for byte`, () => {
      const bytes = wire(frame.header, body(frame));
      const parsed = parseAll(bytes);
      assert.equal(parsed.length, 1);
      assert.deepEqual(parsed[0].header, frame.header);
      assert.deepEqual(parsed[0].body, body(frame));
      assert.deepEqual(Buffer.concat(encodeFrame(parsed[0].header, parsed[0].body)), bytes);
    });
  }

  it('uses the shared limits', () => {
    assert.equal(PROTOCOL_VERSION, constants.protocolVersion);
    assert.equal(MAX_HEADER, constants.maxHeaderBytes);
    assert.equal(MAX_BODY, constants.maxBodyBytes);
    assert.equal(BODY_WINDOW, constants.requestWindowBytes);
    assert.equal(windowStep(BODY_WINDOW), constants.requestWindowStepBytes);
    assert.equal(windowStep(constants.responseWindowBytes), constants.responseWindowStepBytes);
    const hello = frames.find((f) => f.header.t === 'hello');
    assert.ok(wire(hello.header, body(hello)).length <= constants.helloMaxBytes, 'a hello fits the first frame limit');
  });

  for (const bad of malformed.bothSides) {
    it(`refuses ${bad.name}`, () => {
      let bytes;
      if (bad.prefix) {
        bytes = Buffer.alloc(8);
        bytes.writeUInt32BE(bad.prefix[0], 0);
        bytes.writeUInt32BE(bad.prefix[1], 4);
      } else {
        const json = Buffer.from(bad.headerText, 'utf8');
        bytes = Buffer.concat([Buffer.alloc(8), json]);
        bytes.writeUInt32BE(json.length, 0);
      }
      assert.throws(() => parseAll(bytes), ProtocolError);
    });
  }

  it('has the shape of every frame the runner and the fake manager send', async () => {
    const golden = (from, header) => frames.some((f) => f.from === from && sameShape(header, f.header));
    const run = await startRunner({ jobDir: fixture('gen1-cjs') });
    const conn = run.conn;
    for (const route of ['/store', '/publish', '/throw', '/throw-string', '/big-chunks']) {
      const out = await conn.outcome(conn.http({ path: route }));
      assert.ok(out.status !== undefined || out.error !== undefined, route);
    }
    const streamed = await conn.outcome(conn.http({ path: '/written' }));
    assert.equal(streamed.streamed, true);
    const upload = conn.http({ method: 'POST', path: '/echo', stream: true, body: Buffer.alloc(3 * 1024 * 1024, 'u'), chunkSize: 1024 * 1024 });
    await conn.outcome(upload);
    conn.mqtt({ topic: 'sensors/1', payload: 'x' });
    conn.mqtt({ topic: 'sensors/2', payload: Buffer.alloc(3000, 'p'), chunkSize: 1024 });
    await conn.outcome(conn.schedule({ name: 'nightly' }));
    conn.send({ t: 'window', id: conn.nextId - 1, bytes: 262144 });
    const slow = conn.http({ path: '/slow' });
    conn.send({ t: 'cancel', id: slow });
    conn.send({ t: 'ping' });
    await conn.next('pong');
    const sent = [run.hello, run.first, ...conn.all];
    const types = new Set(sent.map((f) => f.header.t));
    for (const t of ['hello', 'ready', 'response', 'chunk', 'end', 'window', 'error', 'call', 'log', 'pong']) assert.ok(types.has(t), `the runner sent a ${t} frame`);
    for (const frame of sent) assert.ok(golden('runner', frame.header), `a golden frame has the shape of ${JSON.stringify(frame.header)}`);
    for (const header of conn.sent) assert.ok(golden('manager', header), `a golden frame has the shape of ${JSON.stringify(header)}`);
    await run.stop();
  });
});
