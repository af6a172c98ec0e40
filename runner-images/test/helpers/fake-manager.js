'use strict';

// A manager written for the tests: speaks the runner protocol with its own framing code, keeps a store in memory
// and lets each test take any frame the runner sends, in order, waiting for it without sleeps.

const net = require('node:net');

const WAIT_MS = 10_000;

function encode(header, body = Buffer.alloc(0)) {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeUInt32BE(json.length, 0);
  prefix.writeUInt32BE(body.length, 4);
  return Buffer.concat([prefix, json, body]);
}

class Connection {
  constructor(socket) {
    this.socket = socket;
    this.unconsumed = [];
    this.all = [];
    this.sent = []; // headers of the frames this manager sent
    this.watchers = new Set();
    this.parts = [];
    this.partsLength = 0;
    this.need = 0;
    this.nextId = 1;
    this.store = new Map();
    this.storeIds = 0;
    this.published = [];
    this.publishResult = true;
    // Returns a reply {header, body} for a call, or null to leave it unanswered.
    this.onCall = (call, body) => this.answerCall(call, body);
    // Like the real manager: a ping every 5 s keeps the runner's silence timeout from firing in long tests.
    const pinger = setInterval(() => this.send({ t: 'ping' }), 5000);
    pinger.unref();
    this.closed = new Promise((resolve) => socket.on('close', resolve));
    socket.on('close', () => clearInterval(pinger));
    socket.on('error', () => {});
    socket.on('data', (chunk) => this.receive(chunk));
  }

  receive(chunk) {
    this.parts.push(chunk);
    this.partsLength += chunk.length;
    for (;;) {
      if (this.need === 0) {
        if (this.partsLength < 8) return;
        const head = this.flatten();
        this.need = 8 + head.readUInt32BE(0) + head.readUInt32BE(4);
      }
      if (this.partsLength < this.need) return;
      const buf = this.flatten();
      const headerLength = buf.readUInt32BE(0);
      const header = JSON.parse(buf.subarray(8, 8 + headerLength).toString('utf8'));
      const body = Buffer.from(buf.subarray(8 + headerLength, this.need));
      const rest = buf.subarray(this.need);
      this.parts = rest.length > 0 ? [rest] : [];
      this.partsLength = rest.length;
      this.need = 0;
      const frame = { header, body };
      this.all.push(frame);
      if (header.t === 'call') {
        const answer = this.onCall(header, body);
        if (answer) this.send(answer.header, answer.body);
      }
      this.unconsumed.push(frame);
      for (const watcher of [...this.watchers]) watcher();
    }
  }

  flatten() {
    if (this.parts.length > 1) this.parts = [Buffer.concat(this.parts)];
    return this.parts[0];
  }

  send(header, body) {
    this.sent.push(header);
    this.socket.write(encode(header, body));
  }

  /** The first unconsumed frame matching `match` (a type or a predicate on the header), removed from the queue. */
  next(match, waitMs = WAIT_MS) {
    const test = typeof match === 'string' ? (h) => h.t === match : match;
    return this.until(() => {
      const index = this.unconsumed.findIndex((f) => test(f.header, f.body));
      if (index < 0) return undefined;
      return this.unconsumed.splice(index, 1)[0];
    }, waitMs, `a frame matching ${match}`);
  }

  /** Resolves with the first truthy value of `probe`, evaluated now and after every frame received. */
  until(probe, waitMs = WAIT_MS, what = 'a condition') {
    return new Promise((resolve, reject) => {
      const first = probe();
      if (first) return resolve(first);
      const onClose = () => {
        const value = probe();
        cleanup();
        if (value) resolve(value);
        else reject(new Error(`connection closed while waiting for ${what}`));
      };
      const watcher = () => {
        const value = probe();
        if (value) {
          cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}`));
      }, waitMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.watchers.delete(watcher);
        this.socket.off('close', onClose);
      };
      this.watchers.add(watcher);
      this.socket.on('close', onClose);
    });
  }

  /** Completes the handshake the way the manager does: checks the secret, then init or reject. */
  async handshake({ runnerId, secret, env = {}, job, window }) {
    const hello = await this.next('hello');
    if (hello.header.runnerId !== runnerId || hello.header.secret !== secret) {
      this.send({ t: 'reject', message: 'unknown runner or wrong secret' });
      this.socket.end();
      return { hello, accepted: false };
    }
    this.send(window === undefined ? { t: 'init', env, job } : { t: 'init', env, job, window });
    return { hello, accepted: true };
  }

  answerCall(call, body) {
    const ok = (fields = {}, replyBody) => ({ header: { t: 'reply', cid: call.cid, ok: true, ...fields }, body: replyBody });
    const itemOf = (entry) => (entry ? { id: entry.id, jobId: 'job-1', key: entry.key, expiry: entry.expiry, created: entry.created, modified: entry.modified } : null);
    const now = 1_700_000_000;
    switch (call.op) {
      case 'getStore': {
        const entry = this.store.get(call.key);
        return ok({ item: itemOf(entry) }, entry ? Buffer.from(entry.value) : undefined);
      }
      case 'setStore': {
        const previous = this.store.get(call.key);
        const entry = {
          id: previous?.id ?? `item-${++this.storeIds}`,
          key: call.key,
          value: body.toString('utf8'),
          expiry: call.ttl ? now + call.ttl : null,
          created: previous?.created ?? now,
          modified: now,
        };
        this.store.set(call.key, entry);
        return ok({ item: itemOf(entry) }, Buffer.from(entry.value));
      }
      case 'compareAndSetStore': {
        const previous = this.store.get(call.key);
        const expected = call.expectedLength === null ? null : body.subarray(0, call.expectedLength).toString('utf8');
        if ((previous?.value ?? null) !== expected) return ok({ item: null });
        const entry = {
          id: previous?.id ?? `item-${++this.storeIds}`,
          key: call.key,
          value: body.subarray(call.expectedLength ?? 0).toString('utf8'),
          expiry: call.ttl ? now + call.ttl : null,
          created: previous?.created ?? now,
          modified: now,
        };
        this.store.set(call.key, entry);
        return ok({ item: itemOf(entry) }, Buffer.from(entry.value));
      }
      case 'deleteStore': {
        const entry = this.store.get(call.key);
        this.store.delete(call.key);
        return ok({ item: itemOf(entry) }, entry ? Buffer.from(entry.value) : undefined);
      }
      case 'publish':
        this.published.push({ topic: call.topic, payload: body });
        return ok({ result: this.publishResult });
      default:
        return { header: { t: 'reply', cid: call.cid, ok: false, message: `unknown op ${call.op}` } };
    }
  }

  /** Sends an http event; the body goes whole, or as chunk frames of `chunkSize` when `stream` is set. */
  http({ method = 'GET', path = '/', query = '', headers = [], body = Buffer.alloc(0), stream = false, chunkSize = 1024 * 1024, name = null, remote = '203.0.113.7', host = 'example.com' } = {}) {
    const id = this.nextId++;
    const header = { t: 'event', id, kind: 'http', name, method, path, query, headers, remote, host, stream };
    if (!stream) {
      this.send(header, body);
      return id;
    }
    this.send(header);
    for (let at = 0; at < body.length; at += chunkSize) this.send({ t: 'chunk', id }, body.subarray(at, at + chunkSize));
    this.send({ t: 'end', id });
    return id;
  }

  /** An MQTT event; with `chunkSize` its payload follows in chunk frames, as the manager sends payloads over 1 MiB. */
  mqtt({ topic, payload = Buffer.alloc(0), name = null, chunkSize = 0 }) {
    const id = this.nextId++;
    const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
    if (chunkSize > 0) {
      this.send({ t: 'event', id, kind: 'mqtt', name, topic, stream: true });
      for (let at = 0; at < bytes.length; at += chunkSize) this.send({ t: 'chunk', id }, bytes.subarray(at, at + chunkSize));
      this.send({ t: 'end', id });
    } else {
      this.send({ t: 'event', id, kind: 'mqtt', name, topic, stream: false }, bytes);
    }
    return id;
  }

  schedule({ name = null, cron = '* * * * *', timezone = 'UTC', scheduledAt = Date.now() } = {}) {
    const id = this.nextId++;
    this.send({ t: 'event', id, kind: 'schedule', name, cron, timezone, scheduledAt, stream: false });
    return id;
  }

  /** The outcome of event `id`: {status, headers, body, streamed} or {error}. */
  async outcome(id) {
    const first = await this.next((h) => h.id === id && (h.t === 'response' || h.t === 'error'));
    if (first.header.t === 'error') return { error: first.header };
    const result = { status: first.header.status, headers: first.header.headers, streamed: first.header.stream, body: first.body, chunks: 0 };
    if (!first.header.stream) return result;
    const parts = [];
    for (;;) {
      const frame = await this.next((h) => h.id === id && (h.t === 'chunk' || h.t === 'end' || h.t === 'error'));
      if (frame.header.t === 'error') return { ...result, error: frame.header };
      if (frame.header.t === 'end') break;
      parts.push(frame.body);
      result.chunks++;
    }
    result.body = Buffer.concat(parts);
    return result;
  }

  /** Text logged so far for an event id (undefined: outside events), optionally of one stream. */
  logText(id, stream) {
    return this.all
      .filter((f) => f.header.t === 'log' && f.header.id === id && (stream === undefined || f.header.stream === stream))
      .map((f) => f.body.toString('utf8'))
      .join('');
  }

  waitForLog(id, text) {
    return this.until(() => this.logText(id).includes(text), WAIT_MS, `log ${JSON.stringify(text)} of event ${id}`);
  }
}

class FakeManager {
  constructor() {
    this.connections = [];
    this.waiting = [];
    this.server = net.createServer((socket) => {
      const connection = new Connection(socket);
      this.connections.push(connection);
      const waiting = this.waiting.shift();
      if (waiting) waiting(connection);
    });
  }

  listen(options = { host: '127.0.0.1', port: 0 }) {
    return new Promise((resolve) => this.server.listen(options, () => resolve(this.server.address())));
  }

  /** The next connection not yet handed out. */
  connection() {
    const unclaimed = this.connections.find((c) => !c.claimed);
    if (unclaimed) {
      unclaimed.claimed = true;
      return Promise.resolve(unclaimed);
    }
    return new Promise((resolve) => {
      this.waiting.push((c) => {
        c.claimed = true;
        resolve(c);
      });
    });
  }

  close() {
    for (const c of this.connections) c.socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

module.exports = { FakeManager, encode };
