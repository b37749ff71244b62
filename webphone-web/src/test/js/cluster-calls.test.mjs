// Calls across the nodes of a cluster (docs/cluster.md): alice's browser is connected to node 1,
// bob's to node 2, and each calls the other; the call's INVITE goes through the node that holds
// the callee's connection, and audio flows both ways. And the hop is no relay: someone outside the
// cluster who makes up a hop token is served as a stranger. Run against ./bin/webphone-cluster by
// src/test/resources/cluster/cluster.sh (WEBPHONE_CLUSTER_NODES, WEBPHONE_DATA_DIR,
// WEBPHONE_SIP_PORT: node 1's); skipped elsewhere.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { closeAll, hangUpAll, hearEachOther, last, phone } from './browser-phone.mjs';
import { launch } from './jssip-harness.mjs';
import { eventually } from './server.mjs';
import { WEB_SCENARIOS, sipp } from './sipp.mjs';

const NODES = Number(process.env.WEBPHONE_CLUSTER_NODES ?? 0);
const skip = NODES >= 2 ? false : 'needs a cluster (src/test/resources/cluster/cluster.sh)';
/** Node i's wss://…/sip (bin/webphone-cluster: HTTPS on 8443 + 10i). */
const node = (i) => `wss://localhost:${8443 + 10 * i}/sip`;

let browser;
let jssip;

before(async () => {
  if (!skip) ({ browser, jssip } = await launch());
});

after(async () => {
  await browser?.close();
});

afterEach(closeAll);

// First, while no call holds a place: cluster.sh gives every node webphone.call.max-per-account=2.
test("an account's limit holds across nodes: alice's third call, from a third node, is refused", { skip, timeout: 90_000 }, async () => {
  const limit = Number(process.env.WEBPHONE_CALL_MAX_PER_ACCOUNT ?? 0);
  assert.equal(limit, 2, 'cluster.sh sets the limit this story counts on');
  const bob = await phone(browser, jssip, 'bob', 'answer', node(2));
  const carol = await phone(browser, jssip, 'carol', 'answer', node(1));
  const [first, second, third] = [
    await phone(browser, jssip, 'alice', 'answer', node(1)),
    await phone(browser, jssip, 'alice', 'answer', node(3)),
    await phone(browser, jssip, 'alice', 'answer', node(2)),
  ];
  await first.evaluate(() => window.call('bob'));
  await eventually(async () => (await last(first, 'confirmed')) !== undefined, 15_000, "alice's first call");
  await second.evaluate(() => window.call('carol'));
  await eventually(async () => (await last(second, 'confirmed')) !== undefined, 15_000, "alice's second call");

  // Node 2 handles this one and holds none of alice's calls: only the grid knows she has two.
  await third.evaluate(() => window.call('bob'));
  await eventually(async () => (await last(third, 'failed')) !== undefined, 15_000, "alice's third call to end");
  assert.equal((await last(third, 'failed')).cause, 'Rejected', '403: too many calls for this account');

  // A place given back on node 1 is free on node 2: node 1 gives alice's places back before it
  // relays her BYE to bob.
  await first.evaluate(() => window.phone.session.terminate());
  await eventually(async () => (await last(bob, 'ended'))?.originator === 'remote', 10_000, 'bob to hear her hang up');
  await third.evaluate(() => window.call('bob'));
  await eventually(async () => (await last(third, 'confirmed')) !== undefined, 15_000, "alice's call from node 2");
  await hangUpAll(first, second, third, bob, carol);
});

// Each way round, and each party hangs up once: the BYE crosses the nodes in both directions (from
// the caller's node through the callee's, and from the callee's browser back through its node).
for (const [from, to, hangsUp] of [
  [1, 2, 'alice'],
  [2, 1, 'bob'],
]) {
  test(`alice on node ${from} calls bob on node ${to}, they hear each other, ${hangsUp} hangs up`, { skip, timeout: 60_000 }, async () => {
    const alice = await phone(browser, jssip, 'alice', 'answer', node(from));
    const bob = await phone(browser, jssip, 'bob', 'answer', node(to));
    await alice.evaluate(() => window.call('bob'));
    await eventually(async () => (await last(alice, 'confirmed')) !== undefined, 15_000, 'bob to answer');
    await hearEachOther(alice, bob);
    const [hanger, other] = hangsUp === 'alice' ? [alice, bob] : [bob, alice];
    await hanger.evaluate(() => window.phone.session.terminate());
    await eventually(
      async () => (await last(other, 'ended'))?.originator === 'remote',
      10_000,
      `the other party to hear that ${hangsUp} hung up`,
    );
    assert.equal((await last(hanger, 'ended'))?.originator, 'local');
    await hangUpAll(alice, bob);
  });
}

test('bob on node 2 transfers alice (node 1) blind to carol on node 3: alice and carol hear each other', { skip, timeout: 90_000 }, async () => {
  const alice = await phone(browser, jssip, 'alice', 'answer', node(1));
  const bob = await phone(browser, jssip, 'bob', 'answer', node(2));
  const carol = await phone(browser, jssip, 'carol', 'answer', node(3));
  await alice.evaluate(() => window.call('bob'));
  await eventually(async () => (await last(alice, 'confirmed')) !== undefined, 15_000, 'bob to answer');
  await hearEachOther(alice, bob);
  // The REFER goes from bob's node to alice's (the call's), whose INVITE goes through carol's.
  await bob.evaluate(() => window.phone.session.refer('sip:carol@localhost'));
  await eventually(async () => (await last(carol, 'confirmed')) !== undefined, 15_000, 'carol to answer');
  await hearEachOther(alice, carol);
  await hangUpAll(alice, bob, carol);
});

// The fork through node 3 comes to bob's phone there with two Vias (node 3's and node 2's), and
// its CANCEL with node 3's: JsSIP reads one Via per line, so the nodes write one per line.
test('bob on nodes 1 and 3: alice on node 2 rings both, the one on node 1 answers, the other is cancelled', { skip, timeout: 60_000 }, async () => {
  const bobHere = await phone(browser, jssip, 'bob', 'ring', node(1));
  const bobThere = await phone(browser, jssip, 'bob', 'ring', node(3));
  const alice = await phone(browser, jssip, 'alice', 'answer', node(2));
  await alice.evaluate(() => window.call('bob'));
  const rings = (p) => p.evaluate(() => window.phone.sessions.length > 0);
  await eventually(async () => (await rings(bobHere)) && (await rings(bobThere)), 15_000, 'both of bob\'s phones to ring');
  await bobHere.evaluate(() =>
    window.phone.session.answer({ mediaConstraints: { audio: true, video: false }, pcConfig: { iceServers: [] } }),
  );
  await eventually(async () => (await last(alice, 'confirmed')) !== undefined, 15_000, 'the call to be answered');
  await eventually(
    async () => (await last(bobThere, 'failed'))?.cause === 'Canceled',
    10_000,
    'the phone on node 3 to be cancelled',
  );
  await hearEachOther(alice, bobHere);
  await hangUpAll(alice, bobHere, bobThere);
});

// Each re-INVITE, and the ACK of each 2xx, passes bob's node: a phone that never gets the ACK of
// the hold's 2xx answers the resume with 500 (RFC 3261 §14.2).
test('alice on node 1 puts bob on node 2 on hold and resumes: the re-INVITEs cross the nodes', { skip, timeout: 60_000 }, async () => {
  const alice = await phone(browser, jssip, 'alice', 'answer', node(1));
  const bob = await phone(browser, jssip, 'bob', 'answer', node(2));
  await alice.evaluate(() => window.call('bob'));
  await eventually(async () => (await last(alice, 'confirmed')) !== undefined, 15_000, 'bob to answer');
  await hearEachOther(alice, bob);
  // JsSIP's hold() starts only once alice's side can offer again (see call.test.mjs).
  await eventually(() => alice.evaluate(() => window.phone.session.hold()), 5_000, 'alice to hold');
  await eventually(() => bob.evaluate(() => window.phone.session.isOnHold().remote), 5_000, 'bob to see the hold');
  await eventually(() => alice.evaluate(() => window.phone.session.unhold()), 5_000, 'alice to resume');
  await eventually(
    async () => !(await bob.evaluate(() => window.phone.session.isOnHold().remote)),
    5_000,
    'bob to see the resume',
  );
  await hearEachOther(alice, bob);
  await hangUpAll(alice, bob);
});

test('a made-up hop token relays nothing: the INVITE is challenged, the BYE gets 481', { skip }, async () => {
  const run = await sipp(`${WEB_SCENARIOS}hop-forged.xml`, 0, ['-key', 'node', '127.0.0.1:5070']);
  // SIPp fails on any other answer than the scenario's (a 100 aside): 407, then 481.
  assert.equal(run.code, 0, run.trace);
});
