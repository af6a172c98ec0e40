'use strict';

const { Readable } = require('node:stream');

/**
 * A request body: whole from the event frame, or arriving as chunk frames. It is collected in memory unless
 * getReadStream() was asked for first, in which case the chunks flow to that stream only.
 */
class Body {
  constructor(initial, streamed) {
    this.complete = !streamed;
    this.buffer = streamed ? null : initial;
    this.chunks = streamed && initial.length > 0 ? [initial] : [];
    this.size = streamed ? initial.length : 0;
    this.readable = null;
    this.failure = null;
    this.waiters = [];
  }

  push(chunk) {
    if (this.complete || this.failure) return;
    if (this.readable !== null) {
      this.readable.push(chunk);
    } else {
      this.chunks.push(chunk);
      this.size += chunk.length;
    }
  }

  end() {
    if (this.complete || this.failure) return;
    this.complete = true;
    if (this.readable !== null) {
      this.readable.push(null);
    } else {
      this.buffer = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
      this.chunks = [];
    }
    this.settle();
  }

  /** The event was cancelled or the connection lost before the body ended. */
  abort(reason) {
    if (this.complete || this.failure) return;
    this.failure = reason;
    this.chunks = [];
    // Destroyed without an error: a stream piped without an 'error' listener cannot crash the runner.
    if (this.readable !== null) this.readable.destroy();
    this.settle();
  }

  settle() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const fn of waiters) fn();
  }

  /** The whole body, or undefined while it is still arriving. */
  get bytes() {
    return this.buffer ?? undefined;
  }

  async whole() {
    if (this.buffer !== null) return this.buffer;
    if (this.readable !== null) throw new Error('the request body is being read with getReadStream()');
    if (this.failure) throw this.failure;
    await new Promise((resolve) => this.waiters.push(resolve));
    if (this.failure) throw this.failure;
    return this.buffer;
  }

  stream() {
    if (this.readable !== null) return this.readable;
    const readable = new Readable({ read() {} });
    this.readable = readable;
    if (this.buffer !== null) {
      if (this.buffer.length > 0) readable.push(this.buffer);
      readable.push(null);
    } else if (this.failure) {
      readable.destroy();
    } else {
      for (const chunk of this.chunks) readable.push(chunk);
      this.chunks = [];
      this.size = 0;
    }
    return readable;
  }
}

module.exports = { Body };
