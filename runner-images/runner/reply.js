'use strict';

const { Writable } = require('node:stream');
const { inspect } = require('node:util');
const { MAX_BODY, EMPTY } = require('./protocol');

/**
 * The answer to one event on the wire. Exactly one outcome is sent: a `response` (whole, or streamed as
 * chunk frames closed by `end`) or an `error` (which also aborts a streamed response already under way).
 */
class Reply {
  /** `window`: bytes of chunk frames the manager lets this reply have unacknowledged; null for no limit. */
  constructor(writer, id, diagnostics, window = null) {
    this.writer = writer;
    this.id = id;
    this.diagnostics = diagnostics;
    this.state = 'open'; // open → streaming → done | cancelled
    this.stream = null;
    this.finished = null; // promise settled when a streamed response ends or is abandoned
    this.credit = window ?? Infinity;
    this.outgoing = []; // {bytes, done} waiting for credit, or {end: true}
  }

  /** The head is out; a cancelled reply never counts as started, so late calls on it are silently dropped. */
  get started() {
    return this.state === 'streaming' || this.state === 'done';
  }

  get done() {
    return this.state === 'done' || this.state === 'cancelled';
  }

  /** Sends a complete response; bodies above the frame limit go out as chunk frames. */
  send(status, headers, body = EMPTY) {
    if (this.state === 'cancelled') return;
    if (this.state !== 'open') throw new Error('the response has already been sent');
    this.state = 'done';
    if (body.length <= MAX_BODY) {
      this.writer.send({ t: 'response', id: this.id, status, headers, stream: false }, body);
      return;
    }
    this.writer.send({ t: 'response', id: this.id, status, headers, stream: true });
    this.outgoing.push({ bytes: body, done: null }, { end: true });
    this.pump();
  }

  /** Queues body bytes; `done` runs once they are all handed to the writer. */
  sendChunk(bytes, done) {
    this.outgoing.push({ bytes, done });
    this.pump();
  }

  /** Sends queued bytes as far as the credit goes, in frames of at most MAX_BODY. */
  pump() {
    while (this.outgoing.length > 0) {
      const item = this.outgoing[0];
      if (item.end) {
        this.outgoing.shift();
        this.writer.send({ t: 'end', id: this.id });
        continue;
      }
      while (item.bytes.length > 0 && this.credit > 0) {
        const n = Math.min(item.bytes.length, MAX_BODY, this.credit);
        this.writer.send({ t: 'chunk', id: this.id }, item.bytes.subarray(0, n));
        item.bytes = item.bytes.subarray(n);
        this.credit -= n;
      }
      if (item.bytes.length > 0) return;
      this.outgoing.shift();
      item.done?.();
    }
  }

  /** The manager's `window` frame: it has passed on `bytes` more of this reply's body. */
  onWindow(bytes) {
    if (!(bytes > 0)) return;
    this.credit += bytes;
    this.pump();
  }

  /** Drops what still waits for credit; its writers are released. */
  dropOutgoing() {
    const outgoing = this.outgoing;
    this.outgoing = [];
    for (const item of outgoing) item.done?.();
  }

  /** Sends the response head and returns a Writable for its body; writes wait while the socket is congested. */
  start(status, headers) {
    if (this.state !== 'open' && this.state !== 'cancelled') throw new Error('the response has already been sent');
    const cancelledAtStart = this.state === 'cancelled';
    if (!cancelledAtStart) {
      this.state = 'streaming';
      this.writer.send({ t: 'response', id: this.id, status, headers, stream: true });
    }
    let settle;
    this.finished = new Promise((resolve) => {
      settle = resolve;
    });
    const reply = this;
    this.stream = new Writable({
      write(chunk, encoding, callback) {
        if (reply.state !== 'streaming') return callback(); // cancelled: the output has nowhere to go
        // Completes once the manager's window took the bytes and the socket is not congested: a slow client
        // slows the function's writes down instead of filling the runner's memory.
        reply.sendChunk(chunk, () => reply.writer.whenWritable(() => callback()));
      },
      final(callback) {
        if (reply.state === 'streaming') {
          reply.state = 'done';
          reply.outgoing.push({ end: true });
          reply.pump();
        }
        callback();
      },
      destroy(err, callback) {
        if (reply.state === 'streaming') {
          reply.fail(err ?? new Error('the response stream was destroyed before it ended'));
        }
        callback(); // reported as the event's error; not re-emitted, so a missing 'error' listener cannot crash the runner
      },
    });
    this.stream.on('close', () => settle());
    return this.stream;
  }

  /** Reports a failed handler; once a complete response is out, the failure only goes to the job's logs. */
  fail(err) {
    if (this.state === 'cancelled') return;
    const { message, stack } = describeError(err);
    if (this.state === 'done') {
      this.diagnostics(`event ${this.id} failed after its response was sent: ${stack ?? message}`);
      return;
    }
    this.state = 'done';
    this.dropOutgoing();
    const header = { t: 'error', id: this.id, message };
    if (stack !== undefined) header.stack = stack;
    this.writer.send(header);
  }

  /** The manager gave up on the event: nothing more is sent for it. */
  cancel() {
    this.state = 'cancelled'; // later writes are dropped
    this.dropOutgoing();
    // A function writing an endless stream (server-sent events) learns of it: 'close', and writes fail.
    this.stream?.destroy();
  }
}

function describeError(err) {
  if (err instanceof Error) {
    return { message: err.message || err.name || 'Error', stack: typeof err.stack === 'string' ? err.stack : undefined };
  }
  if (typeof err === 'string') return { message: err, stack: undefined };
  return { message: `non-Error thrown: ${inspect(err, { depth: 2, breakLength: Infinity })}`, stack: undefined };
}

module.exports = { Reply, describeError };
