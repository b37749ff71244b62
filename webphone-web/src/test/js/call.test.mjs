// Calls between two browsers through the B2BUA: alice's and bob's JsSIP 3.13.8 phones in Debian's
// headless Chromium (fake microphone) register over WSS; alice calls bob by name or extension. The
// server anchors the media: each browser's ICE pair ends at the server's media port, never at the
// other browser, and audio flows both ways over DTLS-SRTP through it; hanging up frees the server's
// legs. Also: bob hangs up, alice cancels while it rings, bob is busy, nobody answers, alice holds
// and resumes.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { closeAll, events, hangUpAll, hearEachOther, last, phone as openPhone } from './browser-phone.mjs';
import { launch } from './jssip-harness.mjs';
import { HTTP, apiToken, demoPassword, eventually, metric } from './server.mjs';

let browser;
let jssip;
// The server's webphone.media.port.
const MEDIA_PORT = Number(process.env.WEBPHONE_MEDIA_PORT ?? 20000);
const MEDIA_TCP_PORT = Number(process.env.WEBPHONE_MEDIA_TCP_PORT ?? 20000);
// The server's webphone.media.handshake-timeout.
const HANDSHAKE_MS = Number(process.env.WEBPHONE_MEDIA_HANDSHAKE_TIMEOUT ?? 10) * 1000;
// The server's webphone.call.no-answer-timeout (the offline run sets it short).
const NO_ANSWER_MS = Number(process.env.WEBPHONE_CALL_NO_ANSWER_TIMEOUT ?? 60) * 1000;

before(async () => {
  ({ browser, jssip } = await launch());
});

after(async () => {
  await browser?.close();
});

const phone = (user, onCall) => openPhone(browser, jssip, user, onCall);

afterEach(async () => {
  await closeAll();
  await eventually(async () => (await metric('webphone_media_legs')) === 0, 10_000, 'no legs left');
});



/** The newest entry of `user`'s call history, as the phone API serves it. */
async function lastCall(user) {
  const token = (await (await apiToken(user, demoPassword(user))).json()).access_token;
  const r = await fetch(`${HTTP}/api/history?limit=1`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(r.status, 200);
  return (await r.json())[0];
}



test('alice calls bob, bob answers, both hear each other through the server, alice hangs up', async () => {
  const bob = await phone('bob');
  const alice = await phone('alice');

  await alice.evaluate(() => window.call('bob'));
  await eventually(async () => (await events(alice)).includes('confirmed'), 10_000, 'the answer');
  await eventually(async () => (await events(bob)).includes('confirmed'), 5_000, "bob's ACK");

  // Each browser's media goes to the server's media port over DTLS-SRTP, not to the other browser.
  for (const page of [alice, bob]) {
    const pair = await eventually(() => page.evaluate(() => window.pair()), 10_000, 'an ICE pair');
    assert.equal(pair.address, '127.0.0.1');
    assert.equal(pair.port, MEDIA_PORT, 'the remote candidate is the server');
    await eventually(async () => (await page.evaluate(() => window.pair())).dtls === 'connected', 10_000, 'DTLS');
  }
  assert.equal(await metric('webphone_media_legs'), 2, 'one anchored leg per browser');

  // Audio both ways, still rising after five seconds (50 packets/s each way).
  const rtp = async () => [await alice.evaluate(() => window.rtp()), await bob.evaluate(() => window.rtp())];
  await eventually(async () => (await rtp()).every((s) => s.received > 0), 10_000, 'the first audio');
  const [a0, b0] = await rtp();
  await new Promise((r) => setTimeout(r, 5_000)); // the span the issue measures, not a wait for an event
  const [a1, b1] = await rtp();
  assert.ok(a1.received - a0.received > 150, `alice heard ${a1.received - a0.received} packets in 5 s`);
  assert.ok(b1.received - b0.received > 150, `bob heard ${b1.received - b0.received} packets in 5 s`);

  const callId = await alice.evaluate(() => window.phone.session.id);
  await alice.evaluate(() => window.phone.session.terminate());
  const ended = await eventually(() => last(bob, 'ended'), 5_000, "bob's side to end");
  assert.equal(ended.originator, 'remote');
  await eventually(async () => (await metric('webphone_media_legs')) === 0, 5_000, 'the legs freed');
  await hangUpAll(alice, bob);

  // Both histories have the call, each from its own side; the record is written just after.
  const mine = await eventually(async () => {
    const c = await lastCall('alice');
    return c && callId.startsWith(c.callId) ? c : null;
  }, 5_000, "the call in alice's history");
  assert.equal(mine.direction, 'outgoing');
  assert.equal(mine.peer, 'bob');
  assert.equal(mine.disposition, 'answered');
  assert.equal(mine.hungUpBy, 'caller');
  assert.ok(mine.answered && Date.parse(mine.ended) >= Date.parse(mine.answered));
  const his = await lastCall('bob');
  assert.equal(his.callId, mine.callId);
  assert.equal(his.direction, 'incoming');
  assert.equal(his.peer, 'alice');
  // What the server's anchor saw of each line: more than 5 s of audio each way (50 packets/s).
  for (const q of [mine.quality, his.quality]) {
    assert.ok(q.sent > 250 && q.received > 250, JSON.stringify(q));
    assert.ok(q.jitterMs >= 0 && q.jitterMs < 100, JSON.stringify(q));
  }
  assert.ok(Math.abs(mine.quality.sent - his.quality.received) < 25, 'what alice sent, bob got');
});

test('alice calls bob by his extension 1002 and bob hangs up', async () => {
  const bob = await phone('bob');
  const alice = await phone('alice');

  await alice.evaluate(() => window.call('1002'));
  await eventually(async () => (await events(bob)).includes('confirmed'), 10_000, 'the call');
  await bob.evaluate(() => window.phone.session.terminate());
  const ended = await eventually(() => last(alice, 'ended'), 5_000, "alice's side to end");
  assert.equal(ended.originator, 'remote');
  await hangUpAll(alice, bob);
});

test("alice hangs up while bob's phone rings: his stops ringing", async () => {
  const bob = await phone('bob', 'ring');
  const alice = await phone('alice');

  await alice.evaluate(() => window.call('bob'));
  await eventually(async () => (await events(alice)).includes('progress'), 10_000, 'ringing');
  await alice.evaluate(() => window.phone.session.terminate());

  const failed = await eventually(() => last(bob, 'failed'), 5_000, "bob's phone to stop");
  assert.equal(failed.cause, 'Canceled');
  await hangUpAll(alice, bob);
});

test('bob is busy: alice hears busy', async () => {
  const bob = await phone('bob', 'busy');
  const alice = await phone('alice');

  await alice.evaluate(() => window.call('bob'));
  const failed = await eventually(() => last(alice, 'failed'), 10_000, 'the call to fail');
  assert.equal(failed.cause, 'Busy');
  await hangUpAll(alice, bob);
  const call = await eventually(async () => {
    const c = await lastCall('alice');
    return c?.disposition === 'busy' ? c : null;
  }, 5_000, 'the busy call in the history');
  assert.equal(call.answered, undefined);
  assert.equal(call.durationSeconds, 0);
});

test("nobody answers bob's phone: it stops ringing and alice hears 480 after the no-answer time", async () => {
  const bob = await phone('bob', 'ring');
  const alice = await phone('alice');

  const started = Date.now();
  await alice.evaluate(() => window.call('bob'));
  await eventually(async () => (await events(bob)).includes('progress'), 10_000, 'ringing');
  const failed = await eventually(() => last(alice, 'failed'), NO_ANSWER_MS + 10_000, 'no answer');
  assert.equal(failed.cause, 'Unavailable'); // JsSIP's name for 480
  assert.ok(Date.now() - started >= NO_ANSWER_MS - 500, 'not before the no-answer time');
  const stopped = await eventually(() => last(bob, 'failed'), 5_000, "bob's phone to stop");
  assert.equal(stopped.cause, 'Canceled');
  await hangUpAll(alice, bob);
  const call = await eventually(async () => {
    const c = await lastCall('alice');
    return c?.disposition === 'no_answer' ? c : null;
  }, 5_000, 'the unanswered call in the history');
  assert.equal(call.hungUpBy, 'system');
});

test('alice puts bob on hold and resumes: his phone sees both, and audio flows again', async () => {
  const bob = await phone('bob');
  const alice = await phone('alice');

  await alice.evaluate(() => window.call('bob'));
  await eventually(async () => (await events(bob)).includes('confirmed'), 10_000, 'the call');
  // JsSIP's hold: a re-INVITE with a=sendonly, relayed by the B2BUA to bob's phone. hold() does
  // nothing and returns false until alice's side is ready to offer again (her 200 may arrive after
  // bob's leg is confirmed: the B2BUA answers each leg itself), so it is asked until it starts.
  await eventually(() => alice.evaluate(() => window.phone.session.hold()), 5_000, 'alice to hold');
  await eventually(
    () => bob.evaluate(() => window.phone.session.isOnHold().remote),
    5_000,
    'bob to see the hold',
  );
  // Held, bob's phone answered recvonly and sends nothing: what alice receives stops growing.
  const held = await alice.evaluate(() => window.rtp());
  await eventually(async () => {
    const before = (await alice.evaluate(() => window.rtp())).received;
    await new Promise((r) => setTimeout(r, 300));
    return (await alice.evaluate(() => window.rtp())).received === before;
  }, 5_000, 'audio from bob to stop');

  await eventually(() => alice.evaluate(() => window.phone.session.unhold()), 5_000, 'alice to resume');
  await eventually(
    async () => !(await bob.evaluate(() => window.phone.session.isOnHold().remote)),
    5_000,
    'bob to see the resume',
  );
  await eventually(
    async () => (await alice.evaluate(() => window.rtp())).received > held.received + 50,
    10_000,
    'audio from bob again',
  );
  await alice.evaluate(() => window.phone.session.terminate());
  await eventually(() => last(bob, 'ended'), 5_000, "bob's side to end");
  await hangUpAll(alice, bob);
});

test('bob transfers alice to carol blind: alice and carol hear each other through the server', async () => {
  const bob = await phone('bob');
  const carol = await phone('carol');
  const alice = await phone('alice');

  await alice.evaluate(() => window.call('bob'));
  await eventually(async () => (await events(bob)).includes('confirmed'), 10_000, 'the call');
  await eventually(async () => (await alice.evaluate(() => window.rtp())).received > 0, 10_000, 'audio');

  // REFER (RFC 3515): the server calls carol and joins alice's anchored leg to carol's.
  await bob.evaluate(() => window.phone.session.refer('sip:carol@localhost'));
  await eventually(async () => (await events(carol)).includes('confirmed'), 10_000, "carol's answer");
  const ended = await eventually(() => last(bob, 'ended'), 10_000, 'bob to be let go');
  assert.equal(ended.originator, 'remote');

  // Alice's peer connection is the same one, still facing the server; carol's faces it too.
  for (const page of [alice, carol]) {
    const pair = await eventually(() => page.evaluate(() => window.pair()), 10_000, 'an ICE pair');
    assert.equal(pair.port, MEDIA_PORT, 'the remote candidate is the server');
  }
  await hearEachOther(alice, carol);
  assert.equal(await metric('webphone_media_legs'), 2, "bob's leg is gone, alice's and carol's remain");

  await carol.evaluate(() => window.phone.session.terminate());
  await eventually(() => last(alice, 'ended'), 5_000, "alice's side to end");
  await eventually(async () => (await metric('webphone_media_legs')) === 0, 5_000, 'the legs freed');
  await hangUpAll(alice, bob, carol);
});

test('bob consults carol and transfers alice to her attended: alice and carol talk through the server', async () => {
  const bob = await phone('bob');
  const carol = await phone('carol');
  const alice = await phone('alice');

  await alice.evaluate(() => window.call('bob'));
  await eventually(async () => (await events(bob)).includes('confirmed'), 10_000, 'the call');
  await bob.evaluate(() => window.call('carol'));
  await eventually(async () => (await events(carol)).includes('confirmed'), 10_000, 'the consultation');
  await eventually(async () => (await carol.evaluate(() => window.rtp())).received > 0, 10_000, 'audio');

  // REFER with Replaces naming bob's call with carol (RFC 3891): both phones already face the
  // anchor, which joins alice's leg to carol's; bob's two legs are hung up.
  await bob.evaluate(() =>
    window.phone.sessions[0].refer('sip:carol@localhost', { replaces: window.phone.sessions[1] }));
  await eventually(
    async () => (await bob.evaluate(() => window.phone.events.filter((x) => x.e === 'ended').length)) === 2,
    10_000,
    "bob's two calls to end",
  );
  await hearEachOther(alice, carol);
  assert.equal(await metric('webphone_media_legs'), 2, "bob's legs are gone");

  await alice.evaluate(() => window.phone.session.terminate());
  await eventually(() => last(carol, 'ended'), 5_000, "carol's side to end");
  await eventually(async () => (await metric('webphone_media_legs')) === 0, 5_000, 'the legs freed');
  await hangUpAll(alice, bob, carol);
});

test("alice's browser restarts ICE mid-call: the server answers with fresh credentials and audio carries on", async () => {
  const bob = await phone('bob');
  const alice = await phone('alice');

  await alice.evaluate(() => window.call('bob'));
  await eventually(async () => (await events(bob)).includes('confirmed'), 10_000, 'the call');
  await hearEachOther(alice, bob);
  const ufrag = () => alice.evaluate(() =>
    window.phone.session.connection.remoteDescription.sdp.match(/a=ice-ufrag:(\S+)/)[1]);
  const before = await ufrag();

  // What a phone does after a network change (RFC 8445 §9): a re-INVITE with new ICE credentials.
  await alice.evaluate(() =>
    new Promise((resolve, reject) =>
      window.phone.session.renegotiate({ rtcOfferConstraints: { iceRestart: true } }, resolve) ||
      reject(new Error('renegotiate refused'))));
  const after = await eventually(async () => {
    const u = await ufrag();
    return u !== before ? u : null;
  }, 10_000, 'the server to answer the restart with new credentials');
  assert.notEqual(after, before);
  // No gap while the browser moves to the new pair (RFC 8445 §9): 2 s of audio each way within
  // 3.5 s of the answer (closing the old agent at once cost about 4 s of alice's audio).
  await hearEachOther(alice, bob, { packets: 100, ms: 3_500 });
  const pair = await alice.evaluate(() => window.pair());
  assert.equal(pair.port, MEDIA_PORT, 'still the server');
  assert.equal(await metric('webphone_media_legs'), 2, 'the same two legs');

  await alice.evaluate(() => window.phone.session.terminate());
  await eventually(async () => (await metric('webphone_media_legs')) === 0, 5_000, 'the legs freed');
  await hangUpAll(alice, bob);
});

test("alice's browser cannot reach the server's media: the server ends the call saying why, and records it failed", async () => {
  const bob = await phone('bob');
  const alice = await phone('alice');

  // Relay-only with no TURN server: alice's browser has no candidate and sends no ICE check.
  await alice.evaluate(() => window.call('bob', { iceServers: [], iceTransportPolicy: 'relay' }));
  await eventually(async () => (await events(bob)).includes('confirmed'), 10_000, 'the answer');
  const callId = await alice.evaluate(() => window.phone.session.id);
  const ended = await eventually(() => last(alice, 'ended'), HANDSHAKE_MS + 10_000, 'the server to end it');
  assert.equal(ended.originator, 'remote');
  await eventually(() => last(bob, 'ended'), 5_000, "bob's side to end");
  await eventually(async () => (await metric('webphone_media_legs')) === 0, 5_000, 'the legs freed');
  await hangUpAll(alice, bob);
  const call = await eventually(async () => {
    const c = await lastCall('alice');
    return c && callId.startsWith(c.callId) ? c : null;
  }, 5_000, 'the call in the history');
  assert.equal(call.disposition, 'failed');
  assert.equal(call.hungUpBy, 'system');
});

test("alice's network lets no UDP through: her browser reaches the server's TCP candidate, and both hear each other", async () => {
  const bob = await phone('bob');
  const alice = await phone('alice');

  await alice.evaluate(() => window.callWithoutUdp('bob'));
  await eventually(async () => (await events(bob)).includes('confirmed'), 10_000, 'the answer');
  const pair = await eventually(async () => {
    const p = await alice.evaluate(() => window.pair());
    return p && p.dtls === 'connected' ? p : null;
  }, 15_000, 'DTLS over TCP');
  assert.equal(pair.protocol, 'tcp');
  assert.equal(pair.port, MEDIA_TCP_PORT, "the server's TCP candidate");
  await hearEachOther(alice, bob);

  await alice.evaluate(() => window.phone.session.terminate());
  await eventually(async () => (await metric('webphone_media_legs')) === 0, 5_000, 'the legs freed');
  await hangUpAll(alice, bob);
});
