// HTTP on node:http/https (no client timeouts that would cut a live log tail), with Jobber's answers mapped to
// errors a person can act on.
import http from 'node:http';
import https from 'node:https';

/** A failure to show the user: the message, then field errors one per line. */
export class CliError extends Error {
  constructor(message, { status, errors, hint } = {}) {
    super(message);
    this.status = status;
    this.errors = errors ?? [];
    this.hint = hint;
  }
}

const IDLE_TIMEOUT = 120_000;

/**
 * Sends a request; answers {status, headers, body: Buffer}. `body` is a Buffer or string, or
 * `{length, write(stream) → Promise}` for a streamed upload; `onProgress(sent, total)` follows it. A successful
 * response goes to `onResponse(stream) → Promise` instead when given (a live tail: no idle timeout then). `timeout`
 * bounds the silence on the connection (0: none).
 */
export function send(url, options = {}) {
  const { method = 'GET', headers = {}, body, onProgress, onResponse, timeout = IDLE_TIMEOUT } = options;
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const streamed = body && typeof body.write === 'function';
    const length = body === undefined ? 0 : streamed ? body.length : Buffer.byteLength(body);
    const request = transport.request(target, {
      method,
      headers: { 'user-agent': 'jobber-cli', ...(body !== undefined ? { 'content-length': length } : {}), ...headers },
    });
    request.on('error', (e) => reject(e instanceof CliError ? e : unreachable(target, e)));
    if (!onResponse && timeout > 0) {
      request.setTimeout(timeout, () => request.destroy(new CliError(
        `${target.origin} sent nothing for ${timeout / 1000} s; giving up on ${method} ${target.pathname}`)));
    }
    request.on('response', (response) => {
      if (onResponse && response.statusCode < 300) {
        onResponse(response).then(() => resolve({ status: response.statusCode, headers: response.headers }), reject);
        return;
      }
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    if (body === undefined) {
      request.end();
    } else if (streamed) {
      let sent = 0;
      const counting = {
        write: (chunk) => new Promise((done) => {
          sent += chunk.length;
          onProgress?.(sent, length);
          if (request.write(chunk)) done();
          else request.once('drain', done);
        }),
      };
      body.write(counting).then(() => request.end(), (e) => request.destroy(e));
    } else {
      request.end(body);
    }
  });
}

function unreachable(target, error) {
  const code = error.code ?? error.cause?.code;
  const what = code === 'ENOTFOUND' ? 'unknown host' : code ?? error.message;
  return new CliError(`cannot reach ${target.origin} (${what}); is Jobber running, and is the URL right?`);
}

/** Jobber's JSON envelope of a response, or a CliError for a failure. */
export function envelope(response, url) {
  const text = response.body.toString('utf8');
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (response.status >= 200 && response.status < 300) {
    if (json === undefined) throw new CliError(`${url} did not answer JSON; is this Jobber's admin API (port 3000)?`);
    return json;
  }
  const message = json?.message ?? (text.trim().slice(0, 300) || `HTTP ${response.status}`);
  const errors = Array.isArray(json?.errors) ? json.errors : [];
  if (response.status === 401) {
    throw new CliError(`not signed in, or the token expired or was revoked (${message}): run jobber login URL`, { status: 401 });
  }
  if (response.status === 403) throw new CliError(`not permitted: ${message}`, { status: 403, errors });
  if (response.status === 404 && json === undefined) {
    throw new CliError(`${url} answered 404; is this Jobber's admin API (port 3000)?`, { status: 404 });
  }
  throw new CliError(message, { status: response.status, errors });
}
