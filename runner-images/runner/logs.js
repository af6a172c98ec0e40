'use strict';

const { AsyncLocalStorage } = require('node:async_hooks');

// The id of the event whose code is running; undefined outside events (module load, bootstrap, timers set there).
const eventScope = new AsyncLocalStorage();

// Output kept while no connection is up, and output allowed to wait in the socket queue, before it is dropped.
const MAX_EARLY_BYTES = 1024 * 1024;
const MAX_QUEUED_BYTES = 16 * 1024 * 1024;
// Output waiting to be sent above which the function's writes wait until the manager has taken half of it.
const WAIT_ABOVE_BYTES = 1024 * 1024;

/**
 * Replaces process.stdout.write and process.stderr.write (console uses them) so that the job's output becomes
 * `log` frames tagged with the current event. The original writers stay reachable for the runner's own diagnostics.
 */
class LogCapture {
  constructor() {
    this.writer = null;
    this.early = [];
    this.earlyBytes = 0;
    this.dropped = 0;
    this.original = {
      stdout: process.stdout.write.bind(process.stdout),
      stderr: process.stderr.write.bind(process.stderr),
    };
  }

  install() {
    process.stdout.write = this.interceptor('stdout');
    process.stderr.write = this.interceptor('stderr');
  }

  interceptor(stream) {
    return (chunk, encoding, callback) => {
      if (typeof encoding === 'function') {
        callback = encoding;
        encoding = undefined;
      }
      let bytes;
      if (typeof chunk === 'string') bytes = Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8');
      else if (chunk instanceof Uint8Array) bytes = Buffer.from(chunk); // copied: callers may reuse their buffer
      else bytes = Buffer.from(String(chunk));
      this.capture(stream, eventScope.getStore(), bytes);
      if (typeof callback === 'function') process.nextTick(callback);
      return true;
    };
  }

  capture(stream, id, bytes) {
    if (bytes.length === 0) return;
    const writer = this.writer;
    if (writer === null) {
      if (this.earlyBytes + bytes.length > MAX_EARLY_BYTES) {
        this.dropped += bytes.length;
        return;
      }
      this.early.push({ stream, id, bytes });
      this.earlyBytes += bytes.length;
      return;
    }
    // Like a full stdout pipe, a manager that does not take the output makes the write wait; only a socket without
    // a descriptor to wait on falls back to dropping.
    if (writer.pendingBytes > WAIT_ABOVE_BYTES && !writer.drainTo(WAIT_ABOVE_BYTES / 2) && writer.pendingBytes > MAX_QUEUED_BYTES) {
      this.dropped += bytes.length;
      return;
    }
    this.reportDropped(writer);
    writer.sendLog(stream, id, bytes);
  }

  reportDropped(writer) {
    if (this.dropped === 0) return;
    const note = `[runner] ${this.dropped} bytes of log output were dropped while the manager could not take them\n`;
    this.dropped = 0;
    writer.sendLog('stderr', undefined, Buffer.from(note));
  }

  /** Starts sending to the manager, beginning with what was kept so far. */
  attach(writer) {
    this.writer = writer;
    for (const { stream, id, bytes } of this.early) writer.sendLog(stream, id, bytes);
    this.early = [];
    this.earlyBytes = 0;
    this.reportDropped(writer);
  }

  detach() {
    this.writer = null;
  }

  /** Writes a line of the runner's own to the container's stderr (seen in `docker logs`). */
  diagnostic(message) {
    this.original.stderr(`[jobber-runner] ${message}\n`);
  }
}

module.exports = { LogCapture, eventScope };
