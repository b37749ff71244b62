// What the node shows, and to whom: /metrics (call volumes, refusals, heap) only to the addresses
// the operator names in webphone.web.metrics-from, this machine by default.
import assert from 'node:assert/strict';
import { request } from 'node:http';
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
