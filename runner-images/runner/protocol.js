'use strict';

const fs = require('node:fs');

// Framing of the manager socket (docs/runner-protocol.md):
// uint32 BE header length, uint32 BE body length, UTF-8 JSON header, raw body.
// The shared limits are checked against test/fixtures/frames/constants.json, which the manager's tests read too.

const PROTOCOL_VERSION = 1;
const MAX_HEADER = 1024 * 1024;
const MAX_BODY = 8 * 1024 * 1024;
// Bytes of a streamed request body the manager may send per event ahead of this runner's window frames.
const BODY_WINDOW = 1024 * 1024;
const PREFIX = 8;
// Bodies up to this size are copied next to their header: one buffer, one iovec.
const INLINE_BODY = 4096;
// Outgoing bytes queued or in the socket above which writers are asked to wait.
const CONGESTED_BYTES = 1024 * 1024;
// Consecutive log output of one stream and event is merged into frames up to this size.
const LOG_MERGE_BYTES = 64 * 1024;

const EMPTY = Buffer.alloc(0);
// Most buffers handed to one vectored write.
const WRITEV_MAX = 256;
// How long a blocked writer sleeps before it tries again, and how often a backed-up writer retries (ms).
const RETRY_MS = 2;
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

class ProtocolError extends Error {}

/** A receiver grants credit in steps of at least a quarter of its window, so window frames stay few. */
function windowStep(window) {
  return Math.floor(window / 4);
}

function encodeFrame(header, body) {
  const json = JSON.stringify(header);
  const headerLength = Buffer.byteLength(json);
  if (headerLength > MAX_HEADER) throw new ProtocolError(`frame header of ${headerLength} bytes exceeds ${MAX_HEADER}`);
  if (body.length > MAX_BODY) throw new ProtocolError(`frame body of ${body.length} bytes exceeds ${MAX_BODY}`);
  const inline = body.length <= INLINE_BODY;
  const buf = Buffer.allocUnsafe(PREFIX + headerLength + (inline ? body.length : 0));
  buf.writeUInt32BE(headerLength, 0);
  buf.writeUInt32BE(body.length, 4);
  buf.write(json, PREFIX, 'utf8');
  if (inline) {
    if (body.length > 0) body.copy(buf, PREFIX + headerLength);
    return [buf];
  }
  return [buf, body];
}

/** Splits a byte stream into frames; bodies are views of the received chunks whenever they lie in one. */
class FrameParser {
  constructor(onFrame) {
    this.onFrame = onFrame;
    this.chunks = [];
    this.offset = 0; // read position in chunks[0]
    this.available = 0;
    this.headerLength = -1;
    this.bodyLength = -1;
  }

  push(chunk) {
    this.chunks.push(chunk);
    this.available += chunk.length;
    for (;;) {
      if (this.headerLength < 0) {
        if (this.available < PREFIX) return;
        const prefix = this.take(PREFIX);
        this.headerLength = prefix.readUInt32BE(0);
        this.bodyLength = prefix.readUInt32BE(4);
        if (this.headerLength > MAX_HEADER) throw new ProtocolError(`frame header of ${this.headerLength} bytes exceeds ${MAX_HEADER}`);
        if (this.bodyLength > MAX_BODY) throw new ProtocolError(`frame body of ${this.bodyLength} bytes exceeds ${MAX_BODY}`);
      }
      if (this.available < this.headerLength + this.bodyLength) return;
      const headerBytes = this.take(this.headerLength);
      const body = this.bodyLength === 0 ? EMPTY : this.take(this.bodyLength);
      this.headerLength = -1;
      this.bodyLength = -1;
      let header;
      try {
        header = JSON.parse(headerBytes.toString('utf8'));
      } catch (err) {
        throw new ProtocolError(`frame header is not JSON: ${err.message}`);
      }
      if (header === null || typeof header !== 'object' || Array.isArray(header) || typeof header.t !== 'string') {
        throw new ProtocolError('frame header is not an object with a string "t"');
      }
      this.onFrame(header, body);
    }
  }

  take(n) {
    const first = this.chunks[0];
    this.available -= n;
    if (first.length - this.offset >= n) {
      const view = first.subarray(this.offset, this.offset + n);
      this.offset += n;
      if (this.offset === first.length) {
        this.chunks.shift();
        this.offset = 0;
      }
      return view;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0];
      const count = Math.min(n - filled, chunk.length - this.offset);
      chunk.copy(out, filled, this.offset, this.offset + count);
      filled += count;
      this.offset += count;
      if (this.offset === chunk.length) {
        this.chunks.shift();
        this.offset = 0;
      }
    }
    return out;
  }
}

/**
 * Queues outgoing frames and writes them once per event-loop turn. Log output is merged into the preceding log frame
 * of the same stream and event when possible.
 *
 * Where the socket has a file descriptor, frames go to it directly (vectored, non-blocking) and what the kernel does
 * not take waits here, so that {@link FrameWriter#drainTo} can wait for the manager synchronously: that is how the
 * function's own writes wait while the manager holds back its output. Otherwise frames go through the socket.
 */
class FrameWriter {
  constructor(socket) {
    this.socket = socket;
    this.queue = [];
    this.queuedBytes = 0;
    this.out = [];
    this.outBytes = 0;
    this.retry = null;
    this.onEmpty = null;
    this.scheduled = false;
    this.closed = false;
    this.waiters = [];
    /** Date.now() when a synchronous wait for the manager last ended; the manager took bytes then. */
    this.lastUnblocked = 0;
    this.flush = this.flush.bind(this);
    socket.on('drain', () => this.wakeWaiters());
  }

  /** The socket's file descriptor, or -1 when it has none (not connected, or not a kernel socket). */
  fd() {
    const handle = this.socket._handle;
    return handle && typeof handle.fd === 'number' && handle.fd >= 0 ? handle.fd : -1;
  }

  send(header, body = EMPTY) {
    if (this.closed) return;
    this.queue.push({ header, body, log: null });
    this.queuedBytes += body.length + 64;
    this.schedule();
  }

  sendLog(stream, id, bytes) {
    if (this.closed || bytes.length === 0) return;
    if (bytes.length > MAX_BODY) {
      // One huge write (a console.log of megabytes) goes out in frames the manager accepts.
      for (let at = 0; at < bytes.length; at += MAX_BODY) this.sendLog(stream, id, bytes.subarray(at, at + MAX_BODY));
      return;
    }
    const last = this.queue[this.queue.length - 1];
    if (last && last.log && last.log.stream === stream && last.log.id === id && last.log.size + bytes.length <= LOG_MERGE_BYTES) {
      last.log.parts.push(bytes);
      last.log.size += bytes.length;
    } else {
      this.queue.push({ header: null, body: null, log: { stream, id, parts: [bytes], size: bytes.length } });
    }
    this.queuedBytes += bytes.length;
    this.schedule();
  }

  schedule() {
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  flush() {
    this.scheduled = false;
    if (this.closed || this.queue.length === 0) return;
    const fd = this.fd();
    if (fd < 0 || this.socket.writableLength > 0) {
      const socket = this.socket;
      socket.cork();
      this.encodeQueue((piece) => socket.write(piece));
      socket.uncork();
      this.wakeWaiters();
      return;
    }
    this.encodeQueue((piece) => {
      this.out.push(piece);
      this.outBytes += piece.length;
    });
    this.writeOut(fd);
    this.wakeWaiters();
  }

  encodeQueue(write) {
    const queue = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    for (const item of queue) {
      let header = item.header;
      let body = item.body;
      if (item.log) {
        header = item.log.id === undefined ? { t: 'log', stream: item.log.stream } : { t: 'log', stream: item.log.stream, id: item.log.id };
        body = item.log.parts.length === 1 ? item.log.parts[0] : Buffer.concat(item.log.parts, item.log.size);
      }
      for (const piece of encodeFrame(header, body)) write(piece);
    }
  }

  /**
   * Writes waiting bytes to the descriptor until the kernel takes no more; returns whether all were written (when
   * not, a retry is scheduled, or the connection broke).
   */
  writeOut(fd) {
    while (this.out.length > 0) {
      let written;
      try {
        written = fs.writevSync(fd, this.out.length > WRITEV_MAX ? this.out.slice(0, WRITEV_MAX) : this.out);
      } catch (err) {
        if (err.code === 'EAGAIN' || err.code === 'EWOULDBLOCK') {
          if (this.retry === null) {
            this.retry = setTimeout(() => {
              this.retry = null;
              const current = this.fd();
              if (current >= 0) this.writeOut(current);
              this.wakeWaiters();
            }, RETRY_MS);
          }
          return false;
        }
        // The connection broke; the socket reports its close as usual.
        this.out = [];
        this.outBytes = 0;
        this.socket.destroy();
        return false;
      }
      this.outBytes -= written;
      while (written > 0) {
        const first = this.out[0];
        if (first.length <= written) {
          written -= first.length;
          this.out.shift();
        } else {
          this.out[0] = first.subarray(written);
          written = 0;
        }
      }
    }
    if (this.onEmpty !== null) {
      const onEmpty = this.onEmpty;
      this.onEmpty = null;
      onEmpty();
    }
    return true;
  }

  /**
   * Waits, blocking the thread, until at most {@code limit} bytes wait to be written; returns false (at once) when it
   * cannot wait for this socket or the connection is gone.
   */
  drainTo(limit) {
    const fd = this.fd();
    if (fd < 0 || this.closed || this.socket.writableLength > 0) return false;
    this.encodeQueue((piece) => {
      this.out.push(piece);
      this.outBytes += piece.length;
    });
    while (this.outBytes > limit) {
      if (!this.writeOut(fd)) {
        if (this.fd() < 0) return false;
        Atomics.wait(PAUSE, 0, 0, RETRY_MS);
      }
    }
    this.lastUnblocked = Date.now();
    return true;
  }

  /** Bytes waiting in this queue, for the descriptor and in the socket. */
  get pendingBytes() {
    return this.queuedBytes + this.outBytes + this.socket.writableLength;
  }

  get congested() {
    return this.pendingBytes > CONGESTED_BYTES;
  }

  /** Calls fn once the outgoing side is no longer congested (at once when it is not). */
  whenWritable(fn) {
    if (!this.congested || this.closed) fn();
    else this.waiters.push(fn);
  }

  wakeWaiters() {
    if (this.waiters.length === 0 || (this.congested && !this.closed)) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const fn of waiters) fn();
  }

  /** Writes what is queued, then ends the socket; callback once the bytes are handed to the kernel. */
  end(callback) {
    this.flush();
    this.closed = true;
    this.wakeWaiters();
    if (this.outBytes > 0) {
      this.onEmpty = () => this.socket.end(callback);
      return;
    }
    this.socket.end(callback);
  }

  markClosed() {
    this.closed = true;
    this.queue = [];
    this.out = [];
    this.outBytes = 0;
    this.wakeWaiters();
  }
}

module.exports = { FrameParser, FrameWriter, ProtocolError, encodeFrame, windowStep, PROTOCOL_VERSION, MAX_HEADER, MAX_BODY, BODY_WINDOW, EMPTY };
