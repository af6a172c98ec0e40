'use strict';

const { checkHeaderName, checkHeaderValue, checkStatus } = require('./http-checks');

/** Second generation `context.request` of an http event. */
class HttpRequest {
  constructor(event) {
    this._event = event;
  }

  get path() {
    return this._event.path;
  }

  get method() {
    return this._event.method;
  }

  get name() {
    return this._event.name ?? '';
  }

  /** Ext: the client address. */
  get remoteAddress() {
    return this._event.remote;
  }

  header(name) {
    const values = this._event.headerValues(name);
    if (values.length === 0) return undefined;
    return values.length === 1 ? values[0] : [...values];
  }

  getHeaders() {
    return this._event.headers.map(([name, value]) => ({ name, value }));
  }

  query(name) {
    return this._event.queryValue(name);
  }

  queries(name) {
    return this._event.queryValues(name);
  }

  getSearchParams() {
    return new URLSearchParams(this._event.query);
  }

  async text() {
    return (await this._event.body.whole()).toString('utf8');
  }

  async json() {
    return JSON.parse((await this._event.body.whole()).toString('utf8'));
  }

  /**
   * @deprecated use getReadStream(). The body as a Buffer; while a streamed body is still arriving, a promise of it
   * (so `await request.raw()`, as written for the original, works either way).
   */
  raw() {
    return this._event.body.bytes ?? this._event.body.whole();
  }

  getReadStream() {
    return this._event.body.stream();
  }
}

/** Second generation `context.response` of an http event. */
class HttpResponse {
  constructor(reply) {
    this._reply = reply;
    this._status = null;
    this._headers = new Map();
    this._stream = null;
  }

  _head(what) {
    if (this._reply.started) throw new Error(`response.${what}() called after the response body started`);
  }

  status(code) {
    this._head('status');
    this._status = checkStatus(code);
    return this;
  }

  header(name, value) {
    this._head('header');
    checkHeaderName(name);
    let values;
    if (Array.isArray(value)) values = value.map(String);
    else if (typeof value === 'string' || typeof value === 'number') values = [String(value)];
    else throw new TypeError(`response.header(): the value of "${name}" must be a string or an array of strings`);
    for (const v of values) checkHeaderValue(name, v);
    this._headers.set(name.toLowerCase(), values);
    return this;
  }

  json(data) {
    const text = JSON.stringify(data);
    this._send('json', Buffer.from(text === undefined ? 'null' : text, 'utf8'), 'application/json');
  }

  text(data) {
    this._send('text', Buffer.from(String(data), 'utf8'), 'text/plain');
  }

  html(data) {
    this._send('html', Buffer.from(String(data), 'utf8'), 'text/html');
  }

  _send(what, body, contentType) {
    this._head(what);
    if (!this._headers.has('content-type')) this._headers.set('content-type', [contentType]);
    this._reply.send(this._status ?? 200, this._headerList(), body);
  }

  getWriteStream() {
    if (this._stream === null) {
      this._head('getWriteStream');
      this._stream = this._reply.start(this._status ?? 200, this._headerList());
    }
    return this._stream;
  }

  _headerList() {
    const list = [];
    for (const [name, values] of this._headers) for (const v of values) list.push([name, v]);
    return list;
  }

  /** After the handler returned: 204 (or the status it set) when it never responded; else wait for its stream. */
  async _finish() {
    if (!this._reply.started) {
      this._reply.send(this._status ?? 204, this._headerList());
    } else if (this._stream !== null) {
      await this._reply.finished;
    }
  }
}

class HttpContext {
  constructor(event, reply, publish) {
    this.request = new HttpRequest(event);
    this.response = new HttpResponse(reply);
    this._event = event;
    this.publish = publish;
  }

  get name() {
    return this._event.name ?? '';
  }
}

class MqttContext {
  constructor(event, publish) {
    this._event = event;
    this.publish = publish;
  }

  get name() {
    return this._event.name;
  }

  get topic() {
    return this._event.topic;
  }

  get payload() {
    return this._event.body.bytes;
  }

  get text() {
    return this._event.body.bytes.toString('utf8');
  }

  get json() {
    return JSON.parse(this._event.body.bytes.toString('utf8'));
  }
}

class ScheduleContext {
  constructor(event, publish) {
    this._event = event;
    this.publish = publish;
  }

  get name() {
    return this._event.name;
  }

  get scheduledAt() {
    return this._event.scheduledAt;
  }

  /** Ext: the trigger's cron expression and time zone. */
  get cron() {
    return this._event.cron;
  }

  get timezone() {
    return this._event.timezone;
  }
}

module.exports = { HttpContext, MqttContext, ScheduleContext };
