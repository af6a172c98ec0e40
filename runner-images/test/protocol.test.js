'use strict';

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { once } = require('node:events');
const { Writable } = require('node:stream');
const { FrameParser, FrameWriter, ProtocolError, encodeFrame, MAX_BODY, MAX_HEADER } = require('../runner/protocol');
const { Reply } = require('../runner/reply');

function frameBytes(header, body = Buffer.alloc(0)) {
  return Buffer.concat(encodeFrame(header, body));
}

function parseAll(chunks) {
  const frames = [];
  const parser = new FrameParser((header, body) => frames.push({ header, body }));
  for (const chunk of chunks) parser.push(chunk);
  return frames;
}

/** A socket stand-in that records each vectored write the kernel would get. */
function recordingSocket() {
  const socket = new Writable({
    writev(chunks, callback) {
      socket.batches.push(Buffer.concat(chunks.map((c) => c.chunk)));
      callback();
    },
    write(chunk, encoding, callback) {
      socket.batches.push(chunk);
      callback();
    },
  });
  socket.batches = [];
  return socket;
}

describe('frame encoding and parsing', () => {
  it('round-trips frames split at every byte boundary', () => {
    const body = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
    const bytes = Buffer.concat([frameBytes({ t: 'event', id: 1, kind: 'http', path: '/ä' }, body), frameBytes({ t: 'ping' })]);
    const pieces = [...bytes].map((b) => Buffer.from([b]));
    const frames = parseAll(pieces);
    assert.equal(frames.length, 2);
    assert.deepEqual(frames[0].header, { t: 'event', id: 1, kind: 'http', path: '/ä' });
    assert.deepEqual(frames[0].body, body);
    assert.deepEqual(frames[1], { header: { t: 'ping' }, body: Buffer.alloc(0) });
  });

  it('hands out bodies that lie in one received chunk as views, without copying', () => {
    const body = Buffer.alloc(100_000, 7);
    const bytes = frameBytes({ t: 'chunk', id: 3 }, body);
    const frames = parseAll([bytes]);
    assert.equal(frames[0].body.buffer, bytes.buffer);
    assert.deepEqual(frames[0].body, body);
  });

  it('writes the prefix as two big-endian uint32 lengths', () => {
    const bytes = frameBytes({ t: 'x' }, Buffer.from('abc'));
    assert.equal(bytes.readUInt32BE(0), Buffer.byteLength('{"t":"x"}'));
    assert.equal(bytes.readUInt32BE(4), 3);
    assert.equal(bytes.subarray(8, 17).toString(), '{"t":"x"}');
    assert.equal(bytes.subarray(17).toString(), 'abc');
  });

  it('refuses a header over 1 MiB and a body over 8 MiB as soon as the prefix arrives', () => {
    const prefix = (h, b) => {
      const p = Buffer.alloc(8);
      p.writeUInt32BE(h, 0);
      p.writeUInt32BE(b, 4);
      return p;
    };
    assert.throws(() => parseAll([prefix(MAX_HEADER + 1, 0)]), ProtocolError);
    assert.throws(() => parseAll([prefix(10, MAX_BODY + 1)]), ProtocolError);
    assert.throws(() => encodeFrame({ t: 'chunk' }, Buffer.alloc(MAX_BODY + 1)), ProtocolError);
  });

  it('refuses headers that are not JSON objects with a string type', () => {
    const raw = (text) => {
      const json = Buffer.from(text);
      const p = Buffer.alloc(8);
      p.writeUInt32BE(json.length, 0);
      return Buffer.concat([p, json]);
    };
    assert.throws(() => parseAll([raw('{nope')]), ProtocolError);
    assert.throws(() => parseAll([raw('[1]')]), ProtocolError);
    assert.throws(() => parseAll([raw('{"t":1}')]), ProtocolError);
  });
});

describe('frame writer', () => {
  it('writes everything queued in one event-loop turn with one vectored write', async () => {
    const socket = recordingSocket();
    const writer = new FrameWriter(socket);
    for (let i = 0; i < 50; i++) writer.send({ t: 'response', id: i, status: 200, headers: [], stream: false }, Buffer.alloc(i * 200, i));
    assert.equal(socket.batches.length, 0, 'nothing is written before the turn ends');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(socket.batches.length, 1);
    const frames = parseAll(socket.batches);
    assert.equal(frames.length, 50);
    assert.deepEqual(frames.map((f) => f.header.id), [...Array(50).keys()]);
    assert.equal(frames[49].body.length, 49 * 200);
  });

  it('merges consecutive log output of one stream and event into one frame', async () => {
    const socket = recordingSocket();
    const writer = new FrameWriter(socket);
    writer.sendLog('stdout', 4, Buffer.from('a\n'));
    writer.sendLog('stdout', 4, Buffer.from('b\n'));
    writer.sendLog('stderr', 4, Buffer.from('c\n'));
    writer.sendLog('stderr', undefined, Buffer.from('d\n'));
    await new Promise((resolve) => setImmediate(resolve));
    const frames = parseAll(socket.batches);
    assert.deepEqual(
      frames.map((f) => [f.header, f.body.toString()]),
      [
        [{ t: 'log', stream: 'stdout', id: 4 }, 'a\nb\n'],
        [{ t: 'log', stream: 'stderr', id: 4 }, 'c\n'],
        [{ t: 'log', stream: 'stderr' }, 'd\n'],
      ],
    );
  });

  it('makes a streamed response wait while the manager does not read, and resume when it does', async (t) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    t.after(() => server.close());
    const client = net.connect(server.address().port, '127.0.0.1');
    const [managerSide] = await once(server, 'connection');
    t.after(() => {
      client.destroy();
      managerSide.destroy();
    });
    managerSide.pause();
    let received = 0;
    managerSide.on('data', (chunk) => (received += chunk.length));

    const writer = new FrameWriter(client);
    const reply = new Reply(writer, 1, () => {});
    const stream = reply.start(200, []);
    const chunk = Buffer.alloc(256 * 1024, 1);
    const total = 64 * 1024 * 1024;
    let written = 0;
    let maxPending = 0;
    let resumed = false;
    while (written < total) {
      const ok = stream.write(chunk);
      written += chunk.length;
      maxPending = Math.max(maxPending, writer.pendingBytes);
      if (!ok) {
        if (!resumed && writer.waiters.length > 0) {
          // The socket is congested and the stream's write is held back: the producer must wait here.
          assert.ok(writer.pendingBytes < total / 4, `held back after ${writer.pendingBytes} pending bytes`);
          resumed = true;
          managerSide.resume();
        }
        await once(stream, 'drain');
      }
    }
    stream.end();
    await reply.finished;
    assert.ok(resumed, 'the writer reported congestion');
    assert.ok(maxPending < total / 4, `pending bytes peaked at ${maxPending}`);
    await new Promise((resolve) => {
      const check = () => (received >= total ? resolve() : managerSide.once('data', check));
      check();
    });
    assert.ok(received >= total);
  });
});
