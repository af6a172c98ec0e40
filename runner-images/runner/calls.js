'use strict';

const { EMPTY } = require('./protocol');

/** Requests to the manager (`call` frames) and their `reply` frames, each rejected after a timeout. */
class Calls {
  constructor(writer, timeoutMs) {
    this.writer = writer;
    this.timeoutMs = timeoutMs;
    this.nextCid = 1;
    this.pending = new Map();
  }

  call(op, fields, body = EMPTY) {
    return new Promise((resolve, reject) => {
      const cid = this.nextCid++;
      const timer = setTimeout(() => {
        this.pending.delete(cid);
        reject(new Error(`jobber: ${op} got no answer from the manager within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(cid, { resolve, reject, timer });
      this.writer.send({ t: 'call', cid, op, ...fields }, body);
    });
  }

  onReply(header, body) {
    const pending = this.pending.get(header.cid);
    if (pending === undefined) return; // answered after its timeout
    this.pending.delete(header.cid);
    clearTimeout(pending.timer);
    if (header.ok === true) pending.resolve({ header, body });
    else pending.reject(new Error(`jobber: ${typeof header.message === 'string' ? header.message : 'the manager refused the call'}`));
  }

  /** Rejects every open call, e.g. when the connection is gone. */
  failAll(message) {
    for (const [cid, pending] of this.pending) {
      this.pending.delete(cid);
      clearTimeout(pending.timer);
      pending.reject(new Error(`jobber: ${message}`));
    }
  }
}

/** Payload bytes for publish: bytes as they are, strings as UTF-8, objects, arrays and null as JSON. */
function encodePayload(payload) {
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (Buffer.isBuffer(payload)) return payload;
  if (ArrayBuffer.isView(payload)) return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  if (payload instanceof ArrayBuffer) return Buffer.from(payload);
  if (payload === null || typeof payload === 'object') return Buffer.from(JSON.stringify(payload), 'utf8');
  throw new TypeError(`publish payload must be a Buffer, a string or an object, not ${typeof payload}`);
}

function checkKey(key) {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('store key must be a non-empty string');
}

function ttlField(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw new TypeError('store options must be an object like { ttl: seconds }');
  const ttl = options.ttl;
  if (ttl === undefined || ttl === null || ttl === 0) return {};
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) throw new TypeError('ttl must be a number of seconds, 0 or more');
  return { ttl };
}

function toJson(value) {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`cannot store ${typeof value} as JSON`);
  return text;
}

function parseOrNull(text) {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The store and publish operations both handler generations build on. */
class Store {
  constructor(calls) {
    this.calls = calls;
  }

  static item(header, body) {
    const item = header.item;
    if (item === null || item === undefined) return null;
    return {
      id: item.id,
      jobId: item.jobId,
      key: item.key,
      value: body.toString('utf8'),
      expiry: item.expiry ?? null,
      created: item.created,
      modified: item.modified,
    };
  }

  async get(key) {
    checkKey(key);
    const { header, body } = await this.calls.call('getStore', { key });
    return Store.item(header, body);
  }

  async set(key, value, options) {
    checkKey(key);
    if (typeof value !== 'string') throw new TypeError('store value must be a string');
    const { header, body } = await this.calls.call('setStore', { key, ...ttlField(options) }, Buffer.from(value, 'utf8'));
    return Store.item(header, body);
  }

  /**
   * Sets the key only when its current value is `expected` (`null`: only when the key is absent or expired); answers
   * the new item, or null when the value was different. The body is the expected bytes followed by the new value.
   */
  async compareAndSet(key, expected, value, options) {
    checkKey(key);
    if (expected !== null && typeof expected !== 'string') throw new TypeError('expected value must be a string or null');
    if (typeof value !== 'string') throw new TypeError('store value must be a string');
    const expectedBytes = expected === null ? EMPTY : Buffer.from(expected, 'utf8');
    const fields = { key, expectedLength: expected === null ? null : expectedBytes.length, ...ttlField(options) };
    const { header, body } = await this.calls.call('compareAndSetStore', fields,
      Buffer.concat([expectedBytes, Buffer.from(value, 'utf8')]));
    return Store.item(header, body);
  }

  async delete(key) {
    checkKey(key);
    const { header, body } = await this.calls.call('deleteStore', { key });
    return Store.item(header, body);
  }

  async publish(topic, payload) {
    if (typeof topic !== 'string' || topic.length === 0) throw new TypeError('publish topic must be a non-empty string');
    const bytes = encodePayload(payload);
    const { header } = await this.calls.call('publish', { topic }, bytes);
    return header.result === true;
  }
}

/** First generation `context`: store calls answer with the item. */
function firstGenerationContext(store) {
  return Object.freeze({
    getStore: (key) => store.get(key),
    setStore: (key, value, options) => store.set(key, value, options),
    deleteStore: (key) => store.delete(key),
    compareAndSetStore: (key, expected, value, options) => store.compareAndSet(key, expected, value, options),
    getStoreJson: async (key) => parseOrNull((await store.get(key))?.value ?? null),
    setStoreJson: async (key, value, options) => store.set(key, toJson(value), options),
    deleteStoreJson: async (key) => parseOrNull((await store.delete(key))?.value ?? null),
    publish: (topic, payload) => store.publish(topic, payload),
  });
}

/** Second generation `globalThis.jobber`: store calls answer with the value. */
function jobberGlobal(store) {
  return Object.freeze({
    getStore: async (key) => (await store.get(key))?.value ?? null,
    setStore: async (key, value, options) => {
      await store.set(key, value, options);
    },
    deleteStore: async (key) => (await store.delete(key))?.value ?? null,
    compareAndSetStore: async (key, expected, value, options) =>
      (await store.compareAndSet(key, expected, value, options)) !== null,
    getStoreJson: async (key) => parseOrNull((await store.get(key))?.value ?? null),
    setStoreJson: async (key, value, options) => {
      await store.set(key, toJson(value), options);
    },
    deleteStoreJson: async (key) => parseOrNull((await store.delete(key))?.value ?? null),
    publish: (topic, payload) => store.publish(topic, payload),
  });
}

module.exports = { Calls, Store, encodePayload, firstGenerationContext, jobberGlobal };
