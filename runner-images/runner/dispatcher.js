'use strict';

const { Body } = require('./body');
const { Event } = require('./event');
const { Reply } = require('./reply');
const gen1 = require('./gen1');
const gen2 = require('./gen2');
const { eventScope } = require('./logs');
const { windowStep } = require('./protocol');

const SECOND_GENERATION = { http: 'handlerHttp', mqtt: 'handlerMqtt', schedule: 'handlerSchedule' };

/** Runs `event` frames through the job's handlers and answers each with one outcome. */
class Dispatcher {
  /**
   * `bodyWindow`: bytes of a streamed request body the manager may send ahead of this runner's `window` frames (as
   * announced in hello); `responseWindow`: the same for responses, as the manager's init set it (null: no limit).
   */
  constructor({ writer, store, context, logs, exports, bodyWindow, responseWindow = null }) {
    this.writer = writer;
    this.bodyWindow = bodyWindow;
    this.responseWindow = responseWindow;
    this.store = store;
    this.context = context; // the first generation's shared context object
    this.logs = logs;
    this.exports = exports;
    this.publish = (topic, payload) => store.publish(topic, payload);
    this.inFlight = new Map(); // id → { event, reply }
    this.accepting = true;
    this.idleWaiters = [];
  }

  onEvent(header, body) {
    const id = header.id;
    if (!Number.isSafeInteger(id) || this.inFlight.has(id)) {
      this.logs.diagnostic(`ignored an event with a missing or duplicate id: ${JSON.stringify(header.id)}`);
      return;
    }
    const reply = new Reply(this.writer, id, (message) => this.logs.capture('stderr', id, Buffer.from(`${message}\n`)), this.responseWindow);
    if (!this.accepting) {
      reply.fail(new Error('the runner is shutting down'));
      return;
    }
    const streamed = header.stream === true; // large MQTT payloads arrive in chunk frames too
    let event;
    try {
      const grant = (bytes) => this.writer.send({ t: 'window', id, bytes });
      event = new Event(header, new Body(body, streamed, grant, windowStep(this.bodyWindow)));
    } catch (err) {
      reply.fail(new Error(`malformed event frame: ${err.message}`));
      return;
    }
    const entry = { event, reply };
    this.inFlight.set(id, entry);
    eventScope.run(id, () => this.run(event, reply)).finally(() => {
      if (this.inFlight.get(id) === entry) this.inFlight.delete(id);
      this.checkIdle();
    });
  }

  onChunk(header, body) {
    this.inFlight.get(header.id)?.event.body.push(body);
  }

  onEnd(header) {
    this.inFlight.get(header.id)?.event.body.end();
  }

  onWindow(header) {
    this.inFlight.get(header.id)?.reply.onWindow(header.bytes);
  }

  onCancel(header) {
    const entry = this.inFlight.get(header.id);
    if (entry === undefined) return;
    this.inFlight.delete(header.id);
    entry.reply.cancel();
    entry.event.body.abort(new Error('the event was cancelled by the manager'));
    this.checkIdle();
  }

  async run(event, reply) {
    try {
      const kind = event.kind;
      const secondName = SECOND_GENERATION[kind];
      if (secondName === undefined) throw new Error(`unknown event kind ${JSON.stringify(kind)}`);
      const second = this.exports[secondName];
      if (typeof second === 'function') {
        await this.runSecond(second, event, reply);
      } else if (typeof this.exports.handler === 'function') {
        await this.runFirst(this.exports.handler, event, reply);
      } else {
        throw new Error(`the job's module exports neither ${secondName} nor handler, so it cannot take ${kind} events`);
      }
    } catch (err) {
      reply.fail(err);
    }
  }

  async runFirst(handler, event, reply) {
    await event.body.whole(); // gen 1 reads bodies synchronously
    const request = new gen1.Request(event);
    const response = new gen1.Response(event, reply);
    await handler(request, response, this.context);
    await response._finish(this.store);
  }

  async runSecond(handler, event, reply) {
    if (event.kind === 'http') {
      const context = new gen2.HttpContext(event, reply, this.publish);
      await handler(context);
      await context.response._finish();
      return;
    }
    await event.body.whole(); // MQTT payloads are read synchronously
    const context = event.kind === 'mqtt' ? new gen2.MqttContext(event, this.publish) : new gen2.ScheduleContext(event, this.publish);
    await handler(context);
    reply.send(200, []);
  }

  /** Refuses new events; resolves once every event in flight is answered (cancelled ones are not waited for). */
  drain() {
    this.accepting = false;
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
  }

  checkIdle() {
    if (this.accepting || this.inFlight.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const fn of waiters) fn();
  }

  /** The connection is gone: bodies still arriving will not end. */
  abortAll() {
    for (const { event } of this.inFlight.values()) event.body.abort(new Error('the connection to the manager was lost'));
  }
}

module.exports = { Dispatcher };
