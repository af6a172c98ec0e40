'use strict';

const { Readable } = require('node:stream');

/**
 * A request body: whole from the event frame, or arriving as chunk frames. A streamed body is held unread until the
 * function asks for it: getReadStream() hands chunks to the stream as it reads them, whole() collects them all.
 * Flow control (docs/runner-protocol.md): `grant(bytes)` gives the manager credit for bytes the function has taken,
 * so what waits here unread stays within the window the runner announced.
 */
class Body {
  constructor(initial, streamed, grant = () => {}, grantStep = 0) {
    this.streamed = streamed;
    this.complete = !streamed;
    this.buffer = streamed ? null : initial;
    this.chunks = streamed && initial.length > 0 ? [initial] : [];
    this.size = streamed ? initial.length : 0;
    this.mode = 'held'; // held → whole | stream | discard
    this.readable = null;
    this.wantsMore = false;
    this.endPushed = false;
    this.failure = null;
    this.waiters = [];
    this.grant = grant;
    this.grantStep = grantStep;
    this.taken = 0; // bytes taken by the function and not yet granted
  }

  push(chunk) {
    if (this.complete || this.failure) return;
    if (this.mode === 'discard') {
      this.credit(chunk.length);
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.mode === 'whole') this.credit(chunk.length);
    else if (this.mode === 'stream') this.pump();
  }

  end() {
    if (this.complete || this.failure) return;
    this.complete = true;
    if (this.mode === 'stream') {
      this.pump();
    } else if (this.mode !== 'discard') {
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

  /** Counts bytes the function took; grants them in steps, so credit frames stay few. */
  credit(bytes) {
    this.taken += bytes;
    if (this.taken >= this.grantStep && this.taken > 0) {
      const bytesTaken = this.taken;
      this.taken = 0;
      this.grant(bytesTaken);
    }
  }

  /** The whole body, or undefined while it is still arriving. */
  get bytes() {
    return this.buffer ?? undefined;
  }

  /** Grants what arrived before the function asked for the body. */
  release(mode) {
    if (this.mode !== 'held') return;
    this.mode = mode;
    if (this.streamed && (mode === 'whole' || this.buffer !== null)) this.credit(this.size);
  }

  async whole() {
    if (this.readable === null) this.release('whole'); // collecting everything: the gateway's body limit bounds it
    if (this.buffer !== null) return this.buffer;
    if (this.readable !== null) throw new Error('the request body is being read with getReadStream()');
    if (this.failure) throw this.failure;
    await new Promise((resolve) => this.waiters.push(resolve));
    if (this.failure) throw this.failure;
    return this.buffer;
  }

  stream() {
    if (this.readable !== null) return this.readable;
    const readable = new Readable({
      read: () => {
        this.wantsMore = true;
        this.pump();
      },
    });
    this.readable = readable;
    if (this.buffer !== null) {
      this.release('stream');
      if (this.buffer.length > 0) readable.push(this.buffer);
      readable.push(null);
    } else if (this.failure) {
      readable.destroy();
    } else {
      this.release('stream');
      // A reader that gives up early: what still arrives is dropped and granted, so the upload is not stalled.
      readable.on('close', () => {
        if (this.complete || this.failure) return;
        this.mode = 'discard';
        this.credit(this.size);
        this.chunks = [];
        this.size = 0;
      });
    }
    return readable;
  }

  /** Moves held chunks into the stream while its reader wants more, granting what it takes. */
  pump() {
    while (this.wantsMore && this.chunks.length > 0) {
      const chunk = this.chunks.shift();
      this.size -= chunk.length;
      this.credit(chunk.length);
      this.wantsMore = this.readable.push(chunk);
    }
    if (this.complete && this.chunks.length === 0 && !this.endPushed) {
      this.endPushed = true;
      this.readable.push(null);
    }
  }
}

module.exports = { Body };
