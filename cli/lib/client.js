// The admin API as the commands use it.
import fs from 'node:fs';
import { CliError, envelope, send } from './http.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class Client {
  constructor({ url, token, gatewayUrl }) {
    if (!url) throw new CliError('no Jobber URL: run jobber login URL, or set JOBBER_URL');
    this.url = url.replace(/\/+$/, '');
    this.token = token;
    this.gatewayUrl = gatewayUrl;
  }

  async call(method, path, { json, form, headers = {}, body, onProgress, authenticated = true } = {}) {
    if (authenticated && !this.token && !headers.cookie) {
      throw new CliError('not signed in: run jobber login URL, or set JOBBER_TOKEN');
    }
    const all = { accept: 'application/json', ...headers };
    if (authenticated && this.token && !headers.cookie) all.authorization = `Bearer ${this.token}`;
    if (json !== undefined) {
      body = JSON.stringify(json);
      all['content-type'] = 'application/json';
    } else if (form !== undefined) {
      body = new URLSearchParams(form).toString();
      all['content-type'] = 'application/x-www-form-urlencoded';
    }
    const url = this.url + path;
    const response = await send(url, { method, headers: all, body, onProgress });
    return { ...envelope(response, url), headers: response.headers };
  }

  async data(method, path, options) {
    return (await this.call(method, path, options)).data;
  }

  /** Uploads a zip file; answers the publish envelope ({message, data: {job, version}}). */
  publish(zipFile, { activate = true, takeover = false, onProgress } = {}) {
    const boundary = `----jobber${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="archive"; filename="job.zip"\r\n`
      + 'Content-Type: application/zip\r\n\r\n');
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const size = fs.statSync(zipFile).size;
    const body = {
      length: head.length + size + tail.length,
      async write(out) {
        await out.write(head);
        for await (const chunk of fs.createReadStream(zipFile, { highWaterMark: 256 * 1024 })) await out.write(chunk);
        await out.write(tail);
      },
    };
    const query = new URLSearchParams();
    if (!activate) query.set('allowAutomaticRollout', 'false');
    if (takeover) query.set('allowRouteTakeover', 'true');
    const suffix = query.size > 0 ? `?${query}` : '';
    return this.call('POST', `/api/job/publish/${suffix}`, {
      body, onProgress, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  }

  /** A job by id or name. */
  async job(reference) {
    if (UUID.test(reference)) return this.data('GET', `/api/job/${reference}`);
    const jobs = await this.data('GET', '/api/job/');
    const job = jobs.find((j) => j.jobName === reference);
    if (!job) throw new CliError(`no job named "${reference}" (or you may not read it); jobber jobs lists them`);
    return job;
  }

  /** A version of a job by id or version label. */
  async version(job, reference) {
    const versions = await this.data('GET', `/api/job/${job.id}/versions`);
    const version = versions.find((v) => v.id === reference || v.version === reference);
    if (!version) {
      throw new CliError(`job ${job.jobName} has no version "${reference}"; jobber versions ${job.jobName} lists them`);
    }
    return version;
  }

  /** The gateway's base URL: the flag or setting, else what the server tells, else the admin host on port 3001. */
  async gateway() {
    if (this.gatewayUrl) return this.gatewayUrl.replace(/\/+$/, '');
    let config = {};
    try {
      config = (await this.data('GET', '/api/config', { authenticated: false })) ?? {};
    } catch {
      // an older server: fall back to the default port
    }
    if (config.gatewayUrl) return config.gatewayUrl.replace(/\/+$/, '');
    const admin = new URL(this.url);
    return `${admin.protocol}//${admin.hostname.includes(':') ? `[${admin.hostname}]` : admin.hostname}:${config.gatewayPort ?? 3001}`;
  }
}

/** What a person can call: each HTTP trigger of a manifest with the URL (or URL pattern) it answers on. */
export function routes(triggers, gateway) {
  return (triggers ?? []).filter((t) => t?.type === 'http').map((t) => {
    const method = t.method ? t.method.toUpperCase() : 'ANY';
    const base = t.hostname ? gatewayForHost(gateway, t.hostname) : gateway;
    if (!t.path) return { method, path: null, url: `${base}/`, note: 'any path' };
    if (t.path.startsWith('^')) return { method, path: t.path, url: null, note: `paths matching ${t.path}` };
    return { method, path: t.path, url: base + (t.path.startsWith('/') ? '' : '/') + t.path };
  });
}

function gatewayForHost(gateway, hostname) {
  const url = new URL(gateway);
  url.hostname = hostname;
  return url.toString().replace(/\/+$/, '');
}
