import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { main } from '../lib/main.js';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'jobber-cli-test-'));
let server;
let url;
const received = [];

/** A stand-in for Jobber's admin API, answering as the real one does for the calls under test. */
before(async () => {
  server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks) });
      const answer = (status, body, headers = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      };
      const authorized = request.headers.authorization === 'Bearer good' || request.headers.cookie === 'jobber-session=s1';
      if (request.url === '/api/auth/login') {
        const { password } = JSON.parse(Buffer.concat(chunks));
        return password === 'secret'
          ? answer(200, { success: true }, { 'set-cookie': 'jobber-session=s1; Path=/; HttpOnly' })
          : answer(401, { success: false, message: 'Invalid username or password' });
      }
      if (request.url === '/api/config') return answer(200, { success: true, data: { gatewayUrl: 'http://fn.example' } });
      if (!authorized) return answer(401, { success: false, message: 'Authentication required' });
      if (request.url === '/api/auth') {
        return answer(200, { success: true, data: { user: { username: 'ada' }, permissions: [{ effect: 'allow', resource: '*', actions: ['read'] }] } });
      }
      if (request.url === '/api/api-tokens/') return answer(200, { success: true, data: { token: 'good', expires: '2030-01-01T00:00:00Z' } });
      if (request.url === '/api/auth/logout') return answer(200, { success: true });
      if (request.url.startsWith('/api/job/publish/')) {
        return answer(400, { success: false, message: 'Invalid package.json: version: is required',
          errors: [{ field: 'version', message: 'is required' }, { field: 'triggers[0].path', message: 'must start with /' }] });
      }
      return answer(404, { success: false, message: 'Not found' });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  server.close();
  fs.rmSync(home, { recursive: true, force: true });
});

/** Runs the CLI in-process; answers {code, stdout, stderr}. */
async function jobber(args, { env = {}, stdin = '' } = {}) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout: { write: (t) => { stdout += t; return true; } },
    stderr: { write: (t) => { stderr += t; return true; } },
    env: { XDG_CONFIG_HOME: path.join(home, 'config'), ...env },
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

test('login signs in, creates a token with the user\'s permissions and stores it readable by the owner only', async () => {
  const result = await jobber(['login', url, '--username', 'ada'], { stdin: 'secret\n' });
  assert.equal(result.code, 0, result.stderr);
  const file = path.join(home, 'config', 'jobber', 'config.json');
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { url, token: 'good' });
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  const created = received.find((r) => r.url === '/api/api-tokens/');
  assert.equal(created.headers.origin, url);
  assert.deepEqual(JSON.parse(created.body).permissions, [{ effect: 'allow', resource: '*', actions: ['read'] }]);
  assert.ok(received.some((r) => r.url === '/api/auth/logout'));
});

test('a wrong password fails with exit code 1', async () => {
  const result = await jobber(['login', url, '--username', 'ada'], { stdin: 'nope\n' });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /wrong username or password/);
});

test('401 tells to run jobber login', async () => {
  const result = await jobber(['jobs'], { env: { JOBBER_URL: url, JOBBER_TOKEN: 'expired' } });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /run jobber login/);
});

test('an unreachable server is named', async () => {
  const result = await jobber(['jobs'], { env: { JOBBER_URL: 'http://127.0.0.1:1', JOBBER_TOKEN: 'x' } });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /cannot reach http:\/\/127\.0\.0\.1:1/);
});

test('publish lists validation errors one per line by field and fails', async () => {
  const directory = fs.mkdtempSync(path.join(home, 'fn-'));
  fs.writeFileSync(path.join(directory, 'package.json'), '{"name":"x"}');
  const result = await jobber(['publish', directory], { env: { JOBBER_URL: url, JOBBER_TOKEN: 'good' } });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^jobber: Invalid package\.json$/m);
  assert.match(result.stderr, /^ {2}version: is required$/m);
  assert.match(result.stderr, /^ {2}triggers\[0\]\.path: must start with \/$/m);
  const upload = received.findLast((r) => r.url.startsWith('/api/job/publish/'));
  assert.match(upload.headers['content-type'], /^multipart\/form-data; boundary=/);
  assert.match(upload.body.toString('latin1'), /name="archive"; filename="job.zip"/);
});

test('init writes a function that publish --output packs into a valid zip', async () => {
  for (const flags of [[], ['--typescript'], ['--mqtt'], ['--schedule', '--typescript']]) {
    const directory = path.join(home, `init-${flags.join('') || 'http'}`);
    const created = await jobber(['init', directory, ...flags]);
    assert.equal(created.code, 0, created.stderr);
    const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8'));
    assert.equal(manifest.name, path.basename(directory).toLowerCase());
    assert.equal(manifest.triggers.length, 1);
    const zip = path.join(directory, 'out.zip');
    const packed = await jobber(['publish', directory, '--output', zip]);
    assert.equal(packed.code, 0, packed.stderr);
    const listing = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
    assert.ok(listing.includes('package.json'));
    if (flags.includes('--typescript')) assert.ok(!listing.some((n) => n.startsWith('src/')), listing.join());
    else assert.ok(listing.includes('index.js'));
  }
  assert.equal((await jobber(['init', path.join(home, 'init-http')])).code, 2); // has a package.json already
});

test('unknown commands and options are usage errors (exit 2)', async () => {
  assert.equal((await jobber(['frobnicate'])).code, 2);
  assert.equal((await jobber(['jobs', '--nope'])).code, 2);
  assert.equal((await jobber(['invoke', 'x', '--async'])).code, 2);
});
