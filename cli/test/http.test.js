import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { CliError, envelope, send } from '../lib/http.js';

test('a server that goes silent is given up on after the timeout', async () => {
  const server = http.createServer(() => {}); // never answers
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await assert.rejects(send(`http://127.0.0.1:${server.address().port}/api/job/`, { timeout: 200 }),
      (e) => e instanceof CliError && /sent nothing for 0.2 s; giving up on GET \/api\/job\//.test(e.message));
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('failures keep the server\'s message and field errors; 404 without JSON points at the wrong port', () => {
  const answer = (status, body) => ({ status, headers: {}, body: Buffer.from(body) });
  assert.throws(() => envelope(answer(409, '{"success":false,"message":"Version 1.0.0 exists"}'), 'u'),
    (e) => e.status === 409 && e.message === 'Version 1.0.0 exists');
  assert.throws(() => envelope(answer(400, '{"success":false,"message":"Bad","errors":[{"field":"a","message":"b"}]}'),
    'u'), (e) => e.errors.length === 1 && e.errors[0].field === 'a');
  assert.throws(() => envelope(answer(403, '{"success":false,"message":"Forbidden"}'), 'u'), /not permitted: Forbidden/);
  assert.throws(() => envelope(answer(404, 'Cannot GET'), 'http://x:3001/api/job/'), /admin API \(port 3000\)/);
  assert.deepEqual(envelope(answer(200, '{"success":true,"data":[]}'), 'u'), { success: true, data: [] });
});
