'use strict';

// The runner inside a built image, as the manager starts it: no capabilities, uid 1000, credentials and job code
// copied in before start; the manager reached over a Unix socket in a mounted directory (no network at all) or
// over TCP on the host network.
// Opt-in: JOBBER_RUNNER_IMAGE=$(runner-images/build-local.sh | tail -n 1) node --test runner-images/test/

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { FakeManager } = require('./helpers/fake-manager');
const { fixture } = require('./helpers/harness');

const image = process.env.JOBBER_RUNNER_IMAGE;

function docker(args, input) {
  return execFileSync('docker', args, { input, encoding: input ? undefined : 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).toString().trim();
}

function tarOf(dir, names, extra = []) {
  return execFileSync('tar', ['-c', ...extra, '-C', dir, ...names]);
}

describe('runner image', { skip: image ? false : 'set JOBBER_RUNNER_IMAGE to test a built image' }, () => {
  for (const transport of ['unix', 'tcp']) {
    const how = transport === 'unix' ? 'with --network none over a Unix socket' : 'with --network host over TCP to 127.0.0.1';
    it(`serves events as uid 1000 ${how}, and exits 0 on shutdown`, async (t) => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jobber-image-test-'));
      fs.chmodSync(tmp, 0o777);
      const manager = new FakeManager();
      const address = transport === 'unix' ? await manager.listen({ path: path.join(tmp, 'manager.sock') }) : await manager.listen();
      if (transport === 'unix') fs.chmodSync(path.join(tmp, 'manager.sock'), 0o777);
      let container;
      t.after(async () => {
        if (container) docker(['rm', '-f', container]);
        await manager.close();
        fs.rmSync(tmp, { recursive: true, force: true });
      });

      const runnerId = `runner-${crypto.randomUUID()}`;
      const secret = crypto.randomBytes(24).toString('base64url');
      const credsDir = path.join(tmp, 'creds');
      fs.mkdirSync(credsDir);
      const target = transport === 'unix' ? { managerHost: 'unused', managerPort: 0, managerSocket: '/jobber/manager/manager.sock' } : { managerHost: '127.0.0.1', managerPort: address.port };
      fs.writeFileSync(path.join(credsDir, 'credentials.json'), JSON.stringify({ runnerId, secret, ...target }));

      container = docker([
        'create', '--network', transport === 'unix' ? 'none' : 'host', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
        '--pids-limit', '64', '--memory', '256m', '--label', 'jobber-runner-test=true',
        ...(transport === 'unix' ? ['-v', `${tmp}:/jobber/manager`] : []), image,
      ]);
      docker(['cp', '-', `${container}:/jobber/run`], tarOf(credsDir, ['credentials.json'], ['--owner=1000', '--group=1000', '--mode=0400']));
      docker(['cp', '-', `${container}:/jobber/job`], tarOf(fixture('gen1-cjs'), ['.']));
      assert.ok(!docker(['inspect', container]).includes(secret), 'the secret is not in the container configuration');

      const startedAt = process.hrtime.bigint();
      docker(['start', container]);
      const conn = await manager.connection();
      const { hello, accepted } = await conn.handshake({ runnerId, secret, env: { GREETING: 'from the image test' }, job: { name: 'j', version: '1', main: './index.js' } });
      assert.ok(accepted);
      const ready = await conn.next((h) => h.t === 'ready' || h.t === 'failed');
      const readyMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
      t.diagnostic(`docker start → ready: ${readyMs.toFixed(0)} ms (${hello.header.node}, ${transport})`);
      assert.equal(ready.header.t, 'ready');

      const env = await conn.outcome(conn.http({ path: '/env' }));
      assert.deepEqual(JSON.parse(env.body), { atLoad: 'from the image test', now: 'from the image test', cwd: '/jobber/job', uid: 1000 });
      const echo = await conn.outcome(conn.http({ method: 'POST', path: '/binary', body: Buffer.from([0, 1, 2, 255]) }));
      assert.deepEqual([...echo.body], [0, 1, 2, 255]);

      conn.send({ t: 'shutdown' });
      assert.equal(docker(['wait', container]), '0');
      assert.throws(() => docker(['cp', `${container}:/jobber/run/credentials.json`, '-']), /No such container:path|Could not find the file/, 'the runner deleted its credentials');
    });
  }
});
