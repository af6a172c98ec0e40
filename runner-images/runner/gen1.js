'use strict';

const { encodePayload } = require('./calls');
const { checkHeaderName, checkHeaderValue, checkStatus } = require('./http-checks');

// Gen 1 bodies are kept until the handler returns (status and headers may still change until then);
// past this size the head is committed and the body streams from then on.
const STREAM_AFTER_BYTES = 64 * 1024;

function only(event, kinds, what) {
  if (!kinds.includes(event.kind)) {
    throw new Error(`request.${what}() is not available for ${event.kind} events`);
  }
}

/** First generation `request`. */
class Request {
  constructor(event) {
    this._event = event;
  }

  type() {
    return this._event.kind;
  }

  name() {
    const event = this._event;
    if (event.name !== null) return event.name;
    return event.kind === 'http' ? '' : null;
  }

  header(name) {
    only(this._event, ['http'], 'header');
    const values = this._event.headerValues(name);
    return values.length === 0 ? null : values.join(', ');
  }

  query(name) {
    only(this._event, ['http'], 'query');
    return this._event.queryValue(name);
  }

  queries(name) {
    only(this._event, ['http'], 'queries');
    return this._event.queryValues(name);
  }

  method() {
    only(this._event, ['http'], 'method');
    return this._event.method;
  }

  path() {
    only(this._event, ['http'], 'path');
    return this._event.path;
  }

  /** Ext: the client address. */
  remoteAddress() {
    only(this._event, ['http'], 'remoteAddress');
    return this._event.remote;
  }

  topic() {
    only(this._event, ['mqtt'], 'topic');
    return this._event.topic;
  }

  data() {
    only(this._event, ['http', 'mqtt'], 'data');
    return this._event.body.bytes;
  }

  text() {
    only(this._event, ['http', 'mqtt'], 'text');
    return this._event.body.bytes.toString('utf8');
  }

  json() {
    only(this._event, ['http', 'mqtt'], 'json');
    return JSON.parse(this._event.body.bytes.toString('utf8'));
  }

  getHttpRequest() {
    only(this._event, ['http'], 'getHttpRequest');
    const event = this._event;
    const host = this.header('host') ?? 'localhost';
    const headers = new Headers();
    for (const [name, value] of event.headers) headers.append(name, value);
    const hasBody = event.method !== 'GET' && event.method !== 'HEAD';
    return new globalThis.Request(`https://${host}${event.path}?${event.query}`, {
      method: event.method,
      headers,
      body: hasBody ? event.body.bytes : undefined,
      redirect: 'manual',
    });
  }
}

/** First generation `response` (chainable). */
class Response {
  constructor(event, reply) {
    this._event = event;
    this._reply = reply;
    this._status = 200;
    this._headers = new Map();
    this._chunks = [];
    this._size = 0;
    this._stream = null;
    this._publishes = [];
  }

  _http(what) {
    if (this._event.kind !== 'http') throw new Error(`response.${what}() is only available for http events`);
    if (this._stream !== null) throw new Error(`response.${what}() called after the body started streaming`);
  }

  status(code) {
    this._http('status');
    this._status = checkStatus(code);
    return this;
  }

  header(name, value) {
    this._http('header');
    if (typeof value !== 'string') throw new TypeError(`response.header(): the value of "${name}" must be a string`);
    this._headers.set(checkHeaderName(name).toLowerCase(), checkHeaderValue(name, value));
    return this;
  }

  redirect(path, status = 303) {
    this._http('redirect');
    this._status = checkStatus(status);
    this._headers.set('location', checkHeaderValue('location', String(path)));
    return this;
  }

  json(value, status = 200) {
    this._http('json');
    const text = JSON.stringify(value);
    this._replace(Buffer.from(text === undefined ? 'null' : text, 'utf8'), 'application/json', status);
    return this;
  }

  text(value, status = 200) {
    this._http('text');
    if (typeof value !== 'string') throw new TypeError('response.text() takes a string');
    this._replace(Buffer.from(value, 'utf8'), 'text/plain', status);
    return this;
  }

  _replace(bytes, contentType, status) {
    this._status = checkStatus(status);
    this._headers.set('content-type', contentType);
    this._chunks = [bytes];
    this._size = bytes.length;
  }

  chunk(bytes) {
    if (this._event.kind !== 'http') throw new Error('response.chunk() is only available for http events');
    if (!Buffer.isBuffer(bytes)) throw new TypeError('response.chunk() takes a Buffer');
    if (this._stream !== null) {
      this._stream.write(bytes);
      return this;
    }
    this._chunks.push(bytes);
    this._size += bytes.length;
    if (this._size > STREAM_AFTER_BYTES) {
      this._stream = this._reply.start(this._status, [...this._headers]);
      for (const chunk of this._chunks) this._stream.write(chunk);
      this._chunks = [];
    }
    return this;
  }

  /**
   * Ext: resolves once the runner takes more output, so a handler writing much with chunk() can follow a slow
   * client (`await response.chunk(data).written()`): at once while the body is kept, else when the stream drains.
   */
  written() {
    const stream = this._stream;
    if (stream === null || !stream.writableNeedDrain || stream.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
    });
  }

  publish(topic, body) {
    if (this._event.kind !== 'mqtt') throw new Error('response.publish() is only available for mqtt events');
    if (typeof topic !== 'string' || topic.length === 0) throw new TypeError('publish topic must be a non-empty string');
    this._publishes.push({ topic, bytes: encodePayload(body) });
    return this;
  }

  /** Sends what the handler left once it has returned. */
  async _finish(store) {
    if (this._event.kind === 'mqtt') {
      for (const { topic, bytes } of this._publishes) await store.publish(topic, bytes);
    }
    if (this._event.kind !== 'http') {
      this._reply.send(200, []);
      return;
    }
    if (this._stream !== null) {
      this._stream.end();
      await this._reply.finished;
      return;
    }
    const body = this._chunks.length === 1 ? this._chunks[0] : Buffer.concat(this._chunks, this._size);
    this._reply.send(this._status, [...this._headers], body);
  }
}

module.exports = { Request, Response };
