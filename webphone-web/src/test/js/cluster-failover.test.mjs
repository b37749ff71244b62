// A cluster that loses a node (docs/cluster.md): one that hangs past the data grid's failure
// detection (SIGSTOP) is removed, the others serve on, and when it resumes it merges back with
// neither lost nor doubled registrations; one that is drained (./bin/webphone drain) sends its
// phones to the others without failing a call, stops, and is started again by the cluster
// command; one that is killed (kill -9) takes nothing with it but its connections and its calls:
// its phones register again through the front and are called again within 10 s, the other nodes
// end what they relayed of its calls, and calls between the other nodes carry on. Run last by src/test/resources/cluster/cluster.sh
// (WEBPHONE_CLUSTER_NODES, WEBPHONE_DATA_DIR), since it leaves a node dead; skipped elsewhere.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { closeAll, hangUpAll, hearEachOther, last, phone } from './browser-phone.mjs';
import { launch } from './jssip-harness.mjs';
import { DATA, HTTP, apiToken, demoPassword, eventually, metric } from './server.mjs';

const NODES = Number(process.env.WEBPHONE_CLUSTER_NODES ?? 0);
const skip = NODES >= 3 ? false : 'needs a cluster of 3 (src/test/resources/cluster/cluster.sh)';
/** Node i's wss://…/sip and http://… (bin/webphone-cluster: HTTPS on 8443 + 10i, HTTP 8080 + 10i). */
const node = (i) => `wss://localhost:${8443 + 10 * i}/sip`;
const http = (i) => `http://127.0.0.1:${8080 + 10 * i}`;
const FRONT = 'wss://localhost:8443/sip';
const nodePid = (i) => Number(readFileSync(join(DATA, `node-${i}`, 'webphone.pid'), 'utf8'));
const all = Array.from({ length: NODES }, (_, k) => k + 1);
const ROOT = new URL('../../../../', import.meta.url).pathname;

/** The data members node i sees in its grid (itself included), or 0 if it does not answer. */
const members = (i) => metric('webphone_cluster_data_members', http(i)).catch(() => 0);

/** Waits until each of `nodes` sees `count` data members. */
async function gridOf(nodes, count, ms, what) {
  await eventually(
    async () => (await Promise.all(nodes.map(members))).every((m) => m === count),
    ms,
    what,
  );
}

/** The node the front gave the browsers of this machine (the one with WebSocket connections). */
async function frontNode() {
  const counts = await Promise.all(all.map((i) => metric('webphone_sip_websocket_connections', http(i))));
  const found = all[counts.findIndex((c) => c > 0)];
  assert.ok(found, `the front gave the phones a node (WebSocket connections per node: ${counts})`);
  return found;
}

/** Runs ./bin/webphone ARGS against node i (its data folder and HTTP port); resolves when it exits. */
function command(args, i) {
  return new Promise((resolve) => {
    const child = spawn(join(ROOT, 'bin', 'webphone'), args, {
      env: { ...process.env, WEBPHONE_DATA_DIR: join(DATA, `node-${i}`), WEBPHONE_HTTP_PORT: String(8080 + 10 * i) },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The newest `n` entries of `user`'s call history (through the front). */
async function history(user, n) {
  const token = (await (await apiToken(user, demoPassword(user))).json()).access_token;
  const r = await fetch(`${HTTP}/api/history?limit=${n}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200);
  return r.json();
}

/** Calls `callee` from `caller` and waits for the answer; returns how long it took (ms). */
async function callAndAnswer(caller, callee, what) {
  const started = Date.now();
  await caller.evaluate((to) => window.call(to), callee);
  await eventually(async () => (await last(caller, 'confirmed')) !== undefined, 15_000, what);
  return Date.now() - started;
}

let browser;
let jssip;

before(async () => {
  if (!skip) ({ browser, jssip } = await launch());
});

after(async () => {
  await browser?.close();
});

afterEach(closeAll);

test('a node that hangs past failure detection is removed, serves again when it resumes, and loses or doubles no registration', { skip, timeout: 120_000 }, async () => {
  await gridOf(all, NODES, 30_000, 'a whole grid to begin with');
  const hung = NODES;
  const others = all.filter((i) => i !== hung);
  const bob = await phone(browser, jssip, 'bob', 'answer', node(hung));
  const carol = await phone(browser, jssip, 'carol', 'answer', node(1));
  const pid = nodePid(hung);
  process.kill(pid, 'SIGSTOP');
  try {
    // bin/hazelcast.xml: a member silent for 8 s is removed.
    await gridOf(others, NODES - 1, 20_000, `the others to remove node ${hung}`);
    // Meanwhile the cluster serves: alice on node 2 calls carol on node 1.
    const alice = await phone(browser, jssip, 'alice', 'answer', node(2));
    await callAndAnswer(alice, 'carol', 'carol to answer while a node hangs');
    await hearEachOther(alice, carol);
    await hangUpAll(alice);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  // The split-brain handler merges it back (bin/hazelcast.xml: every 10 s).
  await gridOf(all, NODES, 60_000, `node ${hung} to merge back into the grid`);
  // Neither registration was lost in the merge, nor doubled: each phone rings once.
  const alice = await phone(browser, jssip, 'alice', 'answer', node(2));
  await callAndAnswer(alice, 'bob', `bob on node ${hung} to answer after the merge`);
  await hearEachOther(alice, bob);
  await hangUpAll(alice);
  const again = await phone(browser, jssip, 'alice', 'answer', node(2));
  await callAndAnswer(again, 'carol', 'carol to answer after the merge');
  const incoming = await carol.evaluate(() => window.phone.sessions.filter((s) => s.direction === 'incoming').length);
  assert.equal(incoming, 2, 'carol was rung once per call');
  await hangUpAll(again, bob, carol);
});

test('a drained node: its idle phone moves through the front at once, its call carries on and its phone moves when the call ends, then it stops and the cluster command starts it again', { skip, timeout: 300_000 }, async () => {
  await gridOf(all, NODES, 60_000, 'a whole grid to begin with');
  // carol and bob connect as the app does, through the front, which gives them one node (by
  // their source address): the one to drain.
  const carol = await phone(browser, jssip, 'carol', 'answer', FRONT);
  const bob = await phone(browser, jssip, 'bob', 'answer', FRONT);
  const drained = await frontNode();
  const [y, z] = all.filter((i) => i !== drained);
  const alice = await phone(browser, jssip, 'alice', 'answer', node(y));
  await callAndAnswer(alice, 'bob', 'bob to answer through the node to drain');
  await hearEachOther(alice, bob);

  const drain = command(['drain', '120'], drained);
  await eventually(
    async () => (await fetch(`${http(drained)}/health/ready`)).status === 503,
    5_000,
    `node ${drained}'s readiness to say DOWN`,
  );
  // Its idle phone is told to go (1001) once the front has had time to see that (6 s), and
  // registers again through the front, on another node.
  await eventually(
    async () => (await carol.evaluate(() => window.phone.registrations)) >= 2,
    20_000,
    'carol to register again elsewhere',
  );
  const caller = await phone(browser, jssip, 'alice', 'answer', node(z));
  await callAndAnswer(caller, 'carol', 'carol to answer on her new node');
  await hearEachOther(caller, carol);
  // bob's call keeps its connection: the call carries on, and bob has not moved.
  await hearEachOther(alice, bob);
  assert.equal(await bob.evaluate(() => window.phone.registrations), 1, 'bob stays while he talks');
  // Once his call ends, he moves too, and the node, empty, stops.
  await alice.evaluate(() => window.phone.session.terminate());
  await eventually(
    async () => (await bob.evaluate(() => window.phone.registrations)) >= 2,
    20_000,
    'bob to register again elsewhere once his call ended',
  );
  const { code, output } = await drain;
  assert.equal(code, 0, output);
  assert.match(output, /drained and stopped/);
  // The cluster command starts a drained node again (a rolling restart), and it rejoins the grid.
  await eventually(
    async () => (await fetch(`${http(drained)}/health/ready`).catch(() => null))?.status === 200,
    180_000,
    `node ${drained} to be started again`,
  );
  await gridOf(all, NODES, 60_000, `node ${drained} back in the grid`);
  await hangUpAll(alice, bob, caller, carol);
});

test('a killed node: its phone registers again through the front and is called within 10 s; its call to another node ends there; a call between the other nodes carries on', { skip, timeout: 120_000 }, async () => {
  await gridOf(all, NODES, 60_000, 'a whole grid to begin with');
  // carol connects as the app does, through the front, which picks her node (by source address).
  const carol = await phone(browser, jssip, 'carol', 'answer', FRONT);
  const killed = await frontNode();
  const [y, z] = all.filter((i) => i !== killed);
  const alice = await phone(browser, jssip, 'alice', 'answer', node(y));
  const bob = await phone(browser, jssip, 'bob', 'answer', node(z));
  await callAndAnswer(alice, 'bob', 'bob to answer');
  await hearEachOther(alice, bob);
  // A call the node to kill handles: carol calls bob, whose phone on node z is busy with alice and
  // whose other phone, on node y, answers through its node (a hop: docs/cluster.md).
  await bob.evaluate(() => (window.phone.onCall = 'busy'));
  const bobOnY = await phone(browser, jssip, 'bob', 'answer', node(y));
  await callAndAnswer(carol, 'bob', "bob's phone on node y to answer carol");
  await hearEachOther(carol, bobOnY);
  // bob's phone on z refused that call: its call with alice is the one to watch.
  await bob.evaluate(() => (window.phone.session = window.phone.sessions.find((s) => s.isEstablished())));

  const killedAt = Date.now();
  process.kill(nodePid(killed), 'SIGKILL');
  // Node y relays that call for the killed node: once the grid has removed it, y ends the call on
  // bob's phone with a BYE (and a Reason) instead of leaving him in silence.
  await eventually(
    async () => (await last(bobOnY, 'ended'))?.originator === 'remote',
    20_000,
    `bob's call with carol to end on node ${y} after node ${killed} died`,
  );
  console.log(`node ${killed} killed: bob's call relayed by node ${y} ended ${Date.now() - killedAt} ms later`);
  // Its node never wrote that call's record: a survivor does, once (the grid gives each lost call
  // to one node; its key is the call's own, which the database stores once).
  const callId = await carol.evaluate(() => window.phone.sessions.at(-1)._request.call_id);
  const recorded = async () => (await history('bob', 50)).filter((e) => e.callId === callId);
  await eventually(async () => (await recorded()).length > 0, 20_000, "the record of carol's call to bob");
  const [record, ...more] = await recorded();
  assert.deepEqual(more, [], 'one record of the call');
  assert.equal(record.disposition, 'answered');
  assert.equal(record.hungUpBy, 'system', 'ended by the system, not a phone');
  await eventually(
    async () => (await carol.evaluate(() => window.phone.registrations)) >= 2,
    10_000,
    `carol to register again through the front after node ${killed} died`,
  );
  const registered = Date.now() - killedAt;
  const caller = await phone(browser, jssip, 'alice', 'answer', node(y));
  await callAndAnswer(caller, 'carol', 'carol to answer on her new node');
  const reachable = Date.now() - killedAt;
  console.log(`node ${killed} killed: carol registered again after ${registered} ms, answered a call ${reachable} ms after the kill`);
  assert.ok(reachable <= 10_000, `carol was called again ${reachable} ms after the kill`);
  await hearEachOther(caller, carol);
  // The call between the surviving nodes never noticed.
  await hearEachOther(alice, bob);
  assert.equal(await last(alice, 'ended'), undefined);
  await hangUpAll(alice, bob, caller, carol, bobOnY);
});
