// The admin API client: every answer is the JSON envelope {success, message?, data?, errors?}.

/** A failed API call: its HTTP status, the server's message and any per-field validation errors. */
export class ApiError extends Error {
  constructor(status, message, errors = []) {
    super(message);
    this.status = status;
    this.errors = errors;
  }
  /** The validation message for one field (or a field below it), if any. */
  field(name) {
    const hit = this.errors.find((e) => e.field === name || e.field?.startsWith(name + '.') || e.field?.startsWith(name + '['));
    return hit?.message;
  }
}

const listeners = new Set();
/** Called with no argument whenever an answer says the session is gone (401). */
export function onUnauthorized(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function envelope(response) {
  let body = null;
  const type = response.headers.get('content-type') || '';
  if (type.includes('json')) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  if (!response.ok || (body && body.success === false)) {
    throw failure(response.status, body, `${response.status} ${response.statusText || 'request failed'}`);
  }
  return body ?? { success: true };
}

/** The ApiError of a failure answer (telling the listeners when the session is gone). */
function failure(status, body, fallback) {
  if (status === 401) listeners.forEach((l) => l());
  return new ApiError(status, body?.message || fallback, body?.errors || []);
}

/**
 * Calls an admin route and returns its `data`. `body` is sent as JSON, `form` (an object) as urlencoded fields.
 * Throws ApiError for every failure answer, with the server's message.
 */
export async function api(path, { method = 'GET', body, form, signal } = {}) {
  const headers = { Accept: 'application/json' };
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  } else if (form !== undefined) {
    payload = new URLSearchParams(form);
  }
  let response;
  try {
    response = await fetch('/api/' + path.replace(/^\/+/, ''), {
      method, headers, body: payload, signal, credentials: 'same-origin',
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Jobber could not be reached: ' + e.message);
  }
  return (await envelope(response)).data;
}

/**
 * Uploads a file as multipart (`field`) with progress: onProgress(fraction 0..1). Resolves to the envelope's data.
 */
export function upload(path, field, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/' + path.replace(/^\/+/, ''));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'The upload failed: Jobber could not be reached'));
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body?.success !== false) {
        resolve(body?.data ?? null);
      } else {
        reject(failure(xhr.status, body, `${xhr.status} upload failed`));
      }
    };
    const data = new FormData();
    data.append(field, file, file.name);
    xhr.send(data);
  });
}

/** Encodes one path segment. */
export const seg = (value) => encodeURIComponent(value);
