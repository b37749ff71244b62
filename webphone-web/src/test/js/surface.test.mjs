// What the node shows, and to whom: /metrics (call volumes, refusals, heap) only to the addresses
// the operator names in webphone.web.metrics-from, this machine by default; and what it does for
// whom: a backup, or a drain, only for this machine's operator, who holds the operations token.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { HTTP } from './server.mjs';

/** The status of a plain-HTTP GET of `path` from `localAddress` (127/8: all of it is loopback). */
function status(path, localAddress) {
  const url = new URL(path, HTTP.replace('localhost', '127.0.0.1'));
  return new Promise((resolve, reject) =>
    request(url, { localAddress }, (res) => {
      res.resume();
      resolve(res.statusCode);
    })
      .on('error', reject)
      .end(),
  );
}

test('/metrics answers this machine and refuses another address, which still reaches the rest of the node', async () => {
  assert.equal(await status('/metrics?scope=application', '127.0.0.1'), 200);
  assert.equal(await status('/metrics?scope=application', '127.0.0.2'), 403);
  assert.equal(await status('/metrics', '127.0.0.2'), 403);
  assert.equal(await status('/metrics/base', '127.0.0.2'), 403);
  assert.equal(await status('/api/config', '127.0.0.2'), 200);
});

/** The status and text of a plain-HTTP POST of `path` with `headers`. */
function post(path, headers = {}) {
  const url = new URL(path, HTTP.replace('localhost', '127.0.0.1'));
  return new Promise((resolve, reject) =>
    request(url, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    })
      .on('error', reject)
      .end(),
  );
}

test("a backup is written only for the operator's token, and only into an absolute, empty folder", async () => {
  const data = process.env.WEBPHONE_DATA_DIR;
  assert.ok(data, 'WEBPHONE_DATA_DIR names the server\'s data folder');
  const token = readFileSync(join(data, 'ops.token'), 'utf8').trim();
  const to = join(tmpdir(), `webphone-backup-refused-${process.pid}`);
  const where = `/ops/backup?to=${encodeURIComponent(to)}`;

  assert.equal((await post(where)).status, 403, 'no token');
  assert.equal((await post(where, { Authorization: `Bearer ${token}x` })).status, 403, 'a wrong one');
  assert.equal((await post(where, { Authorization: token })).status, 403, 'not as a bearer');
  const relayed = { Authorization: `Bearer ${token}`, 'X-Forwarded-For': '198.51.100.7' };
  assert.equal((await post(where, relayed)).status, 403, 'relayed by a front: not this machine\'s');
  assert.equal(existsSync(to), false, 'nothing was written');

  const relative = await post('/ops/backup?to=backups/today', { Authorization: `Bearer ${token}` });
  assert.equal(relative.status, 400);
  assert.match(relative.body, /absolute path/);
  const nowhere = await post('/ops/backup', { Authorization: `Bearer ${token}` });
  assert.equal(nowhere.status, 400);
});

test("a node drains only for the operator's token, and a bad deadline drains nothing", async () => {
  const data = process.env.WEBPHONE_DATA_DIR;
  assert.ok(data, 'WEBPHONE_DATA_DIR names the server\'s data folder');
  const token = readFileSync(join(data, 'ops.token'), 'utf8').trim();

  assert.equal((await post('/ops/drain')).status, 403, 'no token');
  assert.equal((await post('/ops/drain', { Authorization: `Bearer ${token}x` })).status, 403, 'a wrong one');
  const relayed = { Authorization: `Bearer ${token}`, 'X-Forwarded-For': '198.51.100.7' };
  assert.equal((await post('/ops/drain', relayed)).status, 403, 'relayed by a front');
  for (const max of ['0', '-5', 'soon', '86401']) {
    const bad = await post(`/ops/drain?max=${max}`, { Authorization: `Bearer ${token}` });
    assert.equal(bad.status, 400, `max=${max}`);
  }
  assert.equal(await status('/health/ready', '127.0.0.1'), 200, 'the node still serves, ready');
});
