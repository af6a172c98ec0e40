// Soak load driver and sampler (started by bench/soak/run.sh, which starts Jobber and the broker and passes their
// coordinates in the environment). Node 20+, no packages: a minimal MQTT 3.1.1 client is included below.
//
// Load: gateway calls (store get/set/delete, one log line each), QoS 1 MQTT messages echoed by the job to soak/ack,
// a one-second schedule reporting on soak/tick, a new version published every SOAK_PUBLISH_EVERY seconds, and a
// read of the job's logs through the admin API every 30 s.
// Samples every SOAK_SAMPLE_EVERY seconds: Jobber's RSS, heap used after a full GC, metaspace, threads, file
// descriptors, CPU time, database connections and size, log rows, runner containers, and the load counters.
import { execFile as execFileCallback } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const execFile = promisify(execFileCallback);
const env = (name, fallback) => process.env[name] ?? fallback;
const DURATION = Number(env('SOAK_DURATION', 3600));
const HTTP_RATE = Number(env('SOAK_HTTP_RATE', 20));
const MQTT_RATE = Number(env('SOAK_MQTT_RATE', 3));
const PUBLISH_EVERY = Number(env('SOAK_PUBLISH_EVERY', 60));
const SAMPLE_EVERY = Number(env('SOAK_SAMPLE_EVERY', 60));
const ADMIN = `http://127.0.0.1:${env('ADMIN_PORT')}`;
const GATEWAY = `http://127.0.0.1:${env('GATEWAY_PORT')}`;
const TOKEN = env('TOKEN');
const MQTT_PORT = Number(env('MQTT_PORT'));
const JOBBER_PID = Number(env('JOBBER_PID'));
const INSTANCE = env('INSTANCE');
const PG_PORT = env('PG_PORT');
const PG_PASSWORD = env('PG_PASSWORD');
const POSTMASTER_PID = env('POSTMASTER_PID', '');
const JOB_DIR = env('JOB_DIR');
const OUT = env('SOAK_OUT');
const WORK = env('WORK');

let started = Date.now();
const elapsed = () => (Date.now() - started) / 1000;
const events = fs.createWriteStream(path.join(OUT, 'events.log'), { flags: 'a' });
const event = (line) => events.write(`${new Date().toISOString()} t=${elapsed().toFixed(1)} ${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- minimal MQTT 3.1.1 client (QoS 0/1, clean session) ----
class Mqtt {
  constructor(port, clientId) {
    this.port = port;
    this.clientId = clientId;
    this.nextId = 1;
    this.pending = new Map();
    this.onMessage = () => {};
    this.buffer = Buffer.alloc(0);
    this.subscriptions = [];
    this.closed = false;
  }

  static string(value) {
    const bytes = Buffer.from(value);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(bytes.length);
    return Buffer.concat([length, bytes]);
  }

  static packet(header, body) {
    const length = [];
    let remaining = body.length;
    do {
      let byte = remaining % 128;
      remaining = Math.floor(remaining / 128);
      if (remaining > 0) byte |= 0x80;
      length.push(byte);
    } while (remaining > 0);
    return Buffer.concat([Buffer.from([header, ...length]), body]);
  }

  connect() {
    return new Promise((resolve, reject) => {
      this.socket = net.connect(this.port, '127.0.0.1');
      this.connected = resolve;
      this.socket.on('error', (e) => {
        event(`mqtt-client error ${e.message}`);
        reject(e);
      });
      this.socket.on('close', () => this.lost());
      this.socket.on('data', (chunk) => this.receive(chunk));
      this.socket.on('connect', () => {
        const body = Buffer.concat([Mqtt.string('MQTT'), Buffer.from([4, 0x02, 0, 60]), Mqtt.string(this.clientId)]);
        this.socket.write(Mqtt.packet(0x10, body));
      });
      this.ping = setInterval(() => this.socket.writable && this.socket.write(Buffer.from([0xc0, 0])), 30000);
    });
  }

  lost() {
    clearInterval(this.ping);
    for (const { reject } of this.pending.values()) reject(new Error('connection lost'));
    this.pending.clear();
    if (this.closed) return;
    event('mqtt-client connection lost; reconnecting');
    counters.mqttReconnects += 1;
    setTimeout(async () => {
      try {
        this.buffer = Buffer.alloc(0);
        await this.connect();
        for (const topic of this.subscriptions) await this.subscribe(topic, false);
      } catch (e) {
        this.lost();
      }
    }, 1000);
  }

  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      let multiplier = 1, length = 0, index = 1, byte;
      do {
        if (index >= this.buffer.length) return;
        byte = this.buffer[index++];
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
      } while (byte & 0x80);
      if (this.buffer.length < index + length) return;
      const type = this.buffer[0] >> 4, flags = this.buffer[0] & 0x0f;
      const body = this.buffer.subarray(index, index + length);
      this.buffer = this.buffer.subarray(index + length);
      if (type === 2) this.connected();
      else if (type === 4 || type === 9) this.settle(body.readUInt16BE(0), type === 9 && body[2] === 0x80);
      else if (type === 3) {
        const topicLength = body.readUInt16BE(0);
        const topic = body.subarray(2, 2 + topicLength).toString();
        const qos = (flags >> 1) & 3;
        let offset = 2 + topicLength;
        if (qos > 0) {
          const id = body.readUInt16BE(offset);
          offset += 2;
          this.socket.write(Buffer.from([0x40, 2, id >> 8, id & 0xff]));
        }
        this.onMessage(topic, body.subarray(offset).toString());
      }
    }
  }

  settle(id, failed) {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    clearTimeout(waiting.timer);
    failed ? waiting.reject(new Error('refused')) : waiting.resolve();
  }

  await(id) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error('no acknowledgement within 10 s'));
      }, 10000);
      this.pending.set(id, { resolve, reject, timer });
    });
  }

  id() {
    this.nextId = this.nextId % 65535 + 1;
    return this.nextId;
  }

  subscribe(topic, remember = true) {
    if (remember) this.subscriptions.push(topic);
    const id = this.id();
    const body = Buffer.concat([Buffer.from([id >> 8, id & 0xff]), Mqtt.string(topic), Buffer.from([1])]);
    this.socket.write(Mqtt.packet(0x82, body));
    return this.await(id);
  }

  publish(topic, payload) {
    const id = this.id();
    const body = Buffer.concat([Mqtt.string(topic), Buffer.from([id >> 8, id & 0xff]), Buffer.from(payload)]);
    if (!this.socket.writable) return Promise.reject(new Error('not connected'));
    this.socket.write(Mqtt.packet(0x32, body));
    return this.await(id);
  }

  close() {
    this.closed = true;
    clearInterval(this.ping);
    this.socket.end(Buffer.from([0xe0, 0]));
  }
}

// ---- counters ----
const counters = {
  httpSent: 0, httpOk: 0, httpFail: 0, httpSkipped: 0,
  mqttSent: 0, mqttPubackFail: 0, mqttAcked: 0, mqttDuplicate: 0, mqttLost: 0, mqttReconnects: 0,
  ticks: 0, tickDuplicates: 0,
  publishOk: 0, publishFail: 0, logReadOk: 0, logReadFail: 0,
};
const failures = {};
const fail = (kind, reason) => {
  const key = `${kind}: ${reason}`;
  failures[key] = (failures[key] ?? 0) + 1;
  if (failures[key] <= 5 || failures[key] % 100 === 0) event(`FAIL ${key} (#${failures[key]})`);
};
let httpLatencies = [];
let mqttLatencies = [];
let tickLateness = [];
const inFlightMqtt = new Map();
const tickSeconds = new Set();
let firstTick = null, lastTick = null;

const percentile = (values, p) => {
  if (values.length === 0) return '';
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)].toFixed(1);
};

// ---- load ----
let httpInFlight = 0;
let httpSeq = 0;
async function gatewayCall() {
  if (httpInFlight >= 200) {
    counters.httpSkipped += 1;
    fail('http', 'skipped: 200 calls in flight');
    return;
  }
  const n = httpSeq++;
  const op = ['set', 'get', 'get', 'del'][n % 4];
  httpInFlight += 1;
  counters.httpSent += 1;
  const start = performance.now();
  try {
    const response = await fetch(`${GATEWAY}/soak/${op}?n=${n}`, { signal: AbortSignal.timeout(30000) });
    const text = await response.text();
    if (response.status === 200 && JSON.parse(text).ok === true) {
      counters.httpOk += 1;
      httpLatencies.push(performance.now() - start);
    } else {
      counters.httpFail += 1;
      fail('http', `status ${response.status} ${text.slice(0, 120)}`);
    }
  } catch (e) {
    counters.httpFail += 1;
    fail('http', e.cause?.code ?? e.name ?? e.message);
  } finally {
    httpInFlight -= 1;
  }
}

let mqttSeq = 0;
const mqtt = new Mqtt(MQTT_PORT, `soak-driver-${process.pid}`);
mqtt.onMessage = (topic, payload) => {
  if (topic === 'soak/ack') {
    const sent = inFlightMqtt.get(payload);
    if (sent === undefined) {
      counters.mqttDuplicate += 1;
      return;
    }
    inFlightMqtt.delete(payload);
    counters.mqttAcked += 1;
    mqttLatencies.push(performance.now() - sent);
  } else if (topic === 'soak/tick') {
    const at = Number(payload);
    const second = Math.round(at / 1000);
    if (tickSeconds.has(second)) {
      counters.tickDuplicates += 1;
      return;
    }
    tickSeconds.add(second);
    counters.ticks += 1;
    firstTick ??= second;
    lastTick = Math.max(lastTick ?? second, second);
    tickLateness.push(Date.now() - at);
  }
};
async function mqttMessage() {
  const payload = `m${mqttSeq++}`;
  counters.mqttSent += 1;
  inFlightMqtt.set(payload, performance.now());
  try {
    await mqtt.publish('soak/in', payload);
  } catch (e) {
    counters.mqttPubackFail += 1;
    fail('mqtt publish', e.message);
  }
}
// A message not echoed within 60 s counts as lost.
function expireMqtt() {
  const limit = performance.now() - 60000;
  for (const [payload, sent] of inFlightMqtt) {
    if (sent < limit) {
      inFlightMqtt.delete(payload);
      counters.mqttLost += 1;
      fail('mqtt', 'not echoed within 60 s');
    }
  }
}

let versionSeq = 0;
async function publishVersion() {
  const version = `1.0.${versionSeq++}`;
  const staging = fs.mkdtempSync(path.join(WORK, 'job-'));
  try {
    for (const file of ['index.js', 'package.json']) {
      const text = fs.readFileSync(path.join(JOB_DIR, file), 'utf8')
        .replace('SOAK_VERSION', version).replace('"MQTT_PORT"', String(MQTT_PORT));
      fs.writeFileSync(path.join(staging, file), text);
    }
    await execFile('zip', ['-qr', 'job.zip', 'index.js', 'package.json'], { cwd: staging });
    const form = new FormData();
    form.append('archive', new Blob([fs.readFileSync(path.join(staging, 'job.zip'))], { type: 'application/zip' }),
      'job.zip');
    const start = performance.now();
    const response = await fetch(`${ADMIN}/api/job/publish/`, {
      method: 'POST', body: form, headers: { Authorization: `Bearer ${TOKEN}` }, signal: AbortSignal.timeout(60000),
    });
    const text = await response.text();
    if (response.ok) {
      counters.publishOk += 1;
      event(`published ${version} in ${(performance.now() - start).toFixed(0)} ms`);
      return JSON.parse(text).data.job.id;
    }
    counters.publishFail += 1;
    fail('publish', `status ${response.status} ${text.slice(0, 200)}`);
  } catch (e) {
    counters.publishFail += 1;
    fail('publish', e.message);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return null;
}

let jobId = null;
async function readLogs() {
  try {
    const response = await fetch(`${ADMIN}/api/job/${jobId}/logs`, {
      headers: { Authorization: `Bearer ${TOKEN}` }, signal: AbortSignal.timeout(30000),
    });
    const body = await response.json();
    if (response.ok && Array.isArray(body.data) && body.data.length > 0) counters.logReadOk += 1;
    else {
      counters.logReadFail += 1;
      fail('logs', `status ${response.status} ${JSON.stringify(body).slice(0, 120)}`);
    }
  } catch (e) {
    counters.logReadFail += 1;
    fail('logs', e.message);
  }
}

// ---- sampling ----
const columns = ['t_s', 'rss_mb', 'heap_after_gc_mb', 'heap_committed_mb', 'metaspace_mb', 'threads', 'fds',
  'cpu_s', 'pg_connections', 'pg_backends', 'pg_rss_mb', 'db_size_mb', 'log_rows', 'store_rows', 'versions',
  'runner_containers', 'http_ok', 'http_fail', 'http_p50_ms', 'http_p99_ms', 'mqtt_sent', 'mqtt_acked',
  'mqtt_lost', 'mqtt_puback_fail', 'mqtt_p99_ms', 'ticks', 'ticks_missed', 'tick_late_p99_ms', 'publish_ok',
  'publish_fail', 'log_read_fail'];
const csv = path.join(OUT, 'soak.csv');
fs.writeFileSync(csv, columns.join(',') + '\n');
const mb = (kb) => (kb / 1024).toFixed(1);
const ticksPerClock = 100;

async function safely(what, action, fallback) {
  try {
    return await action();
  } catch (e) {
    event(`sample ${what} failed: ${e.message.split('\n')[0]}`);
    return fallback;
  }
}

function rssOf(pid) {
  try {
    const match = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

async function sample() {
  const row = { t_s: Math.round(elapsed()) };
  const status = fs.readFileSync(`/proc/${JOBBER_PID}/status`, 'utf8');
  row.rss_mb = mb(Number(status.match(/VmRSS:\s+(\d+)/)[1]));
  row.threads = Number(status.match(/Threads:\s+(\d+)/)[1]);
  row.fds = fs.readdirSync(`/proc/${JOBBER_PID}/fd`).length;
  const stat = fs.readFileSync(`/proc/${JOBBER_PID}/stat`, 'utf8').split(') ')[1].split(' ');
  row.cpu_s = ((Number(stat[11]) + Number(stat[12])) / ticksPerClock).toFixed(0);
  await safely('heap', async () => {
    await execFile('jcmd', [String(JOBBER_PID), 'GC.run'], { timeout: 60000 });
    const { stdout } = await execFile('jcmd', [String(JOBBER_PID), 'GC.heap_info'], { timeout: 60000 });
    const heap = stdout.split('\n').find((line) => /heap/i.test(line) && /used \d+K/.test(line));
    row.heap_after_gc_mb = mb(Number(heap.match(/used (\d+)K/)[1]));
    row.heap_committed_mb = mb(Number(heap.match(/committed (\d+)K/)?.[1] ?? 0));
    const gc = (await execFile('jstat', ['-gc', String(JOBBER_PID)], { timeout: 60000 })).stdout.trim().split('\n');
    const [names, values] = gc.map((line) => line.trim().split(/\s+/));
    row.metaspace_mb = mb(Number(values[names.indexOf('MU')]));
  });
  await safely('database', async () => {
    const query = `select (select count(*) from pg_stat_activity where datname = 'jobber'),
      (select count(*) from pg_stat_activity), pg_database_size('jobber'), (select count(*) from job_log),
      (select count(*) from job_store), (select count(*) from job_version)`;
    const { stdout } = await execFile('psql', ['-h', '127.0.0.1', '-p', PG_PORT, '-U', 'postgres', '-d', 'jobber',
      '-AtF,', '-c', query], { env: { ...process.env, PGPASSWORD: PG_PASSWORD }, timeout: 60000 });
    const [connections, backends, size, logs, store, versions] = stdout.trim().split(',').map(Number);
    Object.assign(row, { pg_connections: connections, pg_backends: backends, db_size_mb: (size / 1048576).toFixed(1),
      log_rows: logs, store_rows: store, versions });
  });
  if (POSTMASTER_PID) {
    await safely('postgres rss', async () => {
      const { stdout } = await execFile('ps', ['-o', 'pid=', '--ppid', POSTMASTER_PID]);
      const pids = [POSTMASTER_PID, ...stdout.split('\n').map((s) => s.trim()).filter(Boolean)];
      row.pg_rss_mb = mb(pids.reduce((sum, pid) => sum + rssOf(pid), 0));
    });
  }
  await safely('docker', async () => {
    const { stdout } = await execFile('docker', ['ps', '-aq', '--filter', `label=jobber-manager=${INSTANCE}`],
      { timeout: 60000 });
    row.runner_containers = stdout.split('\n').filter(Boolean).length;
  });
  expireMqtt();
  Object.assign(row, {
    http_ok: counters.httpOk, http_fail: counters.httpFail + counters.httpSkipped,
    http_p50_ms: percentile(httpLatencies, 0.5), http_p99_ms: percentile(httpLatencies, 0.99),
    mqtt_sent: counters.mqttSent, mqtt_acked: counters.mqttAcked, mqtt_lost: counters.mqttLost,
    mqtt_puback_fail: counters.mqttPubackFail, mqtt_p99_ms: percentile(mqttLatencies, 0.99),
    ticks: counters.ticks, ticks_missed: firstTick === null ? 0 : lastTick - firstTick + 1 - tickSeconds.size,
    tick_late_p99_ms: percentile(tickLateness, 0.99),
    publish_ok: counters.publishOk, publish_fail: counters.publishFail, log_read_fail: counters.logReadFail,
  });
  httpLatencies = [];
  mqttLatencies = [];
  tickLateness = [];
  fs.appendFileSync(csv, columns.map((c) => row[c] ?? '').join(',') + '\n');
  console.log(columns.map((c) => `${c}=${row[c] ?? ''}`).join(' '));
}

// ---- main ----
await mqtt.connect();
await mqtt.subscribe('soak/ack');
await mqtt.subscribe('soak/tick');
jobId = await publishVersion();
if (!jobId) throw new Error('the first publish failed; see events.log');
// Ready when the gateway answers and the MQTT trigger echoes.
for (let attempt = 0; ; attempt++) {
  if (attempt > 120) throw new Error('the job did not become ready within 120 s');
  try {
    const response = await fetch(`${GATEWAY}/soak/get?n=0`);
    await response.text();
    if (response.ok && counters.ticks > 0) {
      await mqttMessage();
      await sleep(1000);
      if (counters.mqttAcked > 0) break;
    }
  } catch {
    // not yet
  }
  await sleep(1000);
}
for (const key of Object.keys(counters)) counters[key] = 0;
inFlightMqtt.clear();
tickSeconds.clear();
firstTick = lastTick = null;
httpLatencies = [];
mqttLatencies = [];
tickLateness = [];
event(`ready; load for ${DURATION} s: ${HTTP_RATE} gateway calls/s, ${MQTT_RATE} MQTT messages/s, ` +
  `a publish every ${PUBLISH_EVERY} s, samples every ${SAMPLE_EVERY} s`);
started = Date.now();
await sample();

const timers = [
  setInterval(gatewayCall, 1000 / HTTP_RATE),
  setInterval(mqttMessage, 1000 / MQTT_RATE),
  setInterval(publishVersion, PUBLISH_EVERY * 1000),
  setInterval(readLogs, 30000),
];
let sampling = Promise.resolve();
const sampler = setInterval(() => {
  sampling = sampling.then(sample).catch((e) => event(`sample failed: ${e.message}`));
}, SAMPLE_EVERY * 1000);
while (elapsed() < DURATION) await sleep(1000);
timers.forEach(clearInterval);
clearInterval(sampler);
await sampling;
event('load stopped; waiting up to 60 s for calls and messages in flight');
for (let i = 0; i < 60 && (httpInFlight > 0 || inFlightMqtt.size > 0); i++) await sleep(1000);
// The ticks of the last seconds may still be on their way; stop counting the schedule at the last tick seen.
await sample();
const t = inFlightMqtt.size;
counters.mqttLost += t;
const summary = {
  durationSeconds: DURATION, httpRate: HTTP_RATE, mqttRate: MQTT_RATE, publishEverySeconds: PUBLISH_EVERY,
  counters, ticksMissed: firstTick === null ? null : lastTick - firstTick + 1 - tickSeconds.size,
  tickSpanSeconds: firstTick === null ? 0 : lastTick - firstTick + 1, mqttStillInFlightAtEnd: t, failures,
  host: { cpus: os.cpus().length, load: os.loadavg() },
};
fs.writeFileSync(path.join(OUT, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
console.log(JSON.stringify(summary, null, 2));
mqtt.close();
events.end();
process.exit(0);
