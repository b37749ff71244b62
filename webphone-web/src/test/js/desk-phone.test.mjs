// A browser and a desk phone through the server's media anchor: alice's JsSIP phone in Debian's
// headless Chromium (fake microphone, WSS) and bob's desk phone, whose signalling is SIPp's (UDP)
// and whose media is the test's own RTP peer (plain RTP, PCMU, telephone-event 101). The browser's
// leg is ICE and DTLS-SRTP with the server's media port; the phone's is plain RTP with a port pair
// of the server's range; the server relays between them, renumbering the browser's
// telephone-event (126) as the phone's (101).
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { closeAll, events, phone as openPhone } from './browser-phone.mjs';
import { launch } from './jssip-harness.mjs';
import { rtpPeer } from './rtp-peer.mjs';
import { rtpSpray } from './rtp-spray.mjs';
import { HTTP, apiToken, demoPassword, eventually, metric } from './server.mjs';
import { WEB_SCENARIOS, freeUdpPort, sipp } from './sipp.mjs';

const MEDIA_PORT = Number(process.env.WEBPHONE_MEDIA_PORT ?? 20000);
// The server's webphone.media.silence-timeout (the offline run sets it to 3 s).
const SILENCE_MS = Number(process.env.WEBPHONE_MEDIA_SILENCE_TIMEOUT ?? 60) * 1000;

let browser;
let jssip;
const peers = new Set();

before(async () => {
  ({ browser, jssip } = await launch());
});

after(async () => {
  await browser?.close();
});

afterEach(async () => {
  await closeAll();
  for (const p of peers) p.close();
  peers.clear();
  await eventually(async () => (await metric('webphone_media_legs')) === 0, 10_000, 'no legs left');
});

const phone = (user, onCall) => openPhone(browser, jssip, user, onCall);

async function deskPhoneMedia() {
  // Its port is ephemeral and may lie in the range the spray story's stranger sprays: it takes
  // media only from the server, as its SDP exchange tells a phone to.
  const peer = await rtpPeer({ eventPt: 101, only: '127.0.0.1' });
  peers.add(peer);
  return peer;
}

/**
 * Registers (or with 0, removes) bob's desk phone contact at `port`, from that port as the phone
 * itself would (the server sends to where a REGISTER came from); before the phone's SIPp binds it.
 */
async function registerBob(port, expires) {
  const r = await sipp(`${WEB_SCENARIOS}register-as.xml`, expires > 0 ? port : 0, [
    '-s', 'bob', '-au', 'bob', '-ap', demoPassword('bob'), '-key', 'domain', 'localhost',
    '-key', 'contact_port', String(port), '-key', 'expires', String(expires),
  ]);
  assert.equal(r.code, 0, r.trace);
}

/** `user`'s newest call, once it is the call `callId` (records are written just after the end). */
async function lastCall(user, callId) {
  const token = (await (await apiToken(user, demoPassword(user))).json()).access_token;
  return eventually(async () => {
    const r = await fetch(`${HTTP}/api/history?limit=1`, { headers: { Authorization: `Bearer ${token}` } });
    const [c] = await r.json();
    return c && callId.startsWith(c.callId) ? c : null;
  }, 5_000, `the call in ${user}'s history`);
}

/**
 * Bob's desk phone (SIPp answering, the test's RTP peer for its media) is registered, and alice in
 * Chromium calls him; resolves once she has his answer. `done` takes his phone's contact away.
 */
async function aliceCallsBobsDeskPhone() {
  const media = await deskPhoneMedia();
  const sipPort = await freeUdpPort();
  await registerBob(sipPort, 300);
  const answering = sipp(`${WEB_SCENARIOS}desk-phone-answers.xml`, sipPort, ['-key', 'rtp_port', String(media.port)]);
  const done = () => registerBob(sipPort, 0);
  try {
    const alice = await phone('alice');
    await alice.evaluate(() => window.call('bob'));
    await eventually(async () => (await events(alice)).includes('confirmed'), 10_000, 'the answer');
    return { media, answering, alice, done };
  } catch (e) {
    await done();
    throw e;
  }
}

/** Alice's browser keeps receiving audio: `packets` more within 10 s; resolves to the SSRCs heard. */
async function aliceHears(alice, packets = 50) {
  const before = await alice.evaluate(() => window.rtp());
  await eventually(
    async () => (await alice.evaluate(() => window.rtp())).received > before.received + packets,
    10_000,
    'alice to hear the desk phone',
  );
  return (await alice.evaluate(() => window.ssrcs())).heard;
}

test("alice in Chromium calls bob's desk phone: both hear each other through the server, and her DTMF reaches his phone as RFC 4733 events", async () => {
  const { media, answering, alice, done } = await aliceCallsBobsDeskPhone();
  try {
    const pair = await eventually(async () => {
      const p = await alice.evaluate(() => window.pair());
      return p && p.dtls === 'connected' ? p : null;
    }, 10_000, 'DTLS with the server');
    assert.equal(pair.port, MEDIA_PORT, "alice's media goes to the server, not to the phone");

    await eventually(() => media.count(0) > 50, 10_000, "bob's phone to hear alice (PCMU)");
    assert.ok(media.peer.port !== MEDIA_PORT && media.peer.address === '127.0.0.1', 'from the RTP range');
    assert.ok((await aliceHears(alice)).includes(media.ssrc), "alice hears bob's stream");

    await alice.evaluate(() =>
      window.phone.session.sendDTMF('12#', { transportType: 'RFC2833', duration: 100, interToneGap: 70 }));
    await eventually(() => media.digits() === '12#', 5_000, `the digits 1 2 # at bob's phone (got '${media.digits()}')`);
    assert.equal(media.count(126), 0, "no event in the browser's own number reached the phone");

    const callId = await alice.evaluate(() => window.phone.session.id);
    await alice.evaluate(() => window.phone.session.terminate());
    const { code, trace } = await answering;
    assert.equal(code, 0, trace);
    await eventually(async () => (await metric('webphone_media_legs')) === 0, 5_000, 'the legs freed');

    // The call's record keeps what the server saw of each line: alice's, and bob's desk phone's.
    const mine = await lastCall('alice', callId);
    assert.ok(mine.quality.sent > 50 && mine.quality.received > 50, JSON.stringify(mine.quality));
    assert.equal(mine.quality.lost, 0, 'nothing lost on loopback');
    const his = await lastCall('bob', callId);
    assert.ok(his.quality.sent > 50, JSON.stringify(his.quality));
    const atPhone = media.count(0) + media.count(101); // alice's voice and digits, as they arrived
    assert.ok(Math.abs(his.quality.received - atPhone) <= 5, `${JSON.stringify(his.quality)} vs ${atPhone} at the phone`);
  } finally {
    await done();
  }
});

test("a stranger sprays RTP at the whole port range from before the call: alice hears only bob's phone, bob's phone only alice, and the stranger gets nothing back", async () => {
  const refusedBefore = (await metric('webphone_media_packets_refused_source')) ?? 0;
  const spray = await rtpSpray();
  try {
    const { media, answering, alice, done } = await aliceCallsBobsDeskPhone();
    try {
      await eventually(() => media.count(0) > 50, 10_000, "bob's phone to hear alice (PCMU)");
      assert.deepEqual(await aliceHears(alice, 100), [media.ssrc], "alice hears bob's stream alone");
      assert.equal(media.ssrcs.size, 1, "bob's phone hears alice's stream alone");
      await eventually(
        async () => (await metric('webphone_media_packets_refused_source')) > refusedBefore,
        15_000,
        "the server to refuse the spray at the call's ports",
      );
      await alice.evaluate(() => window.phone.session.terminate());
      const { code, trace } = await answering;
      assert.equal(code, 0, trace);
    } finally {
      await done();
    }
    assert.ok(spray.sent > 10_000, `a spray over the whole range (${spray.sent} sent)`);
    assert.equal(spray.received, 0, 'the stranger received nothing');
  } finally {
    spray.close();
  }
});

test("bob's desk phone calls alice in Chromium: she answers, and both hear each other through the server", async () => {
  const alice = await phone('alice');
  const media = await deskPhoneMedia();
  const calling = sipp(`${WEB_SCENARIOS}desk-phone-calls.xml`, 0, [
    '-s', 'alice', '-au', 'bob', '-ap', demoPassword('bob'), '-key', 'caller', 'bob',
    '-key', 'domain', 'localhost', '-key', 'rtp_port', String(media.port),
  ]);
  await eventually(async () => (await events(alice)).includes('confirmed'), 10_000, 'alice answering');
  const pair = await eventually(async () => {
    const p = await alice.evaluate(() => window.pair());
    return p && p.dtls === 'connected' ? p : null;
  }, 10_000, 'DTLS with the server');
  assert.equal(pair.port, MEDIA_PORT);
  await eventually(() => media.count(0) > 50, 10_000, "bob's phone to hear alice");
  assert.ok((await aliceHears(alice)).includes(media.ssrc), "alice hears bob's stream");

  await alice.evaluate(() => window.phone.session.terminate());
  const { code, trace } = await calling;
  assert.equal(code, 0, trace);
  assert.match(trace, /BYE sip:/, "alice's hang-up reached the phone");
  await eventually(async () => (await metric('webphone_media_legs')) === 0, 5_000, 'the legs freed');
});

test("bob's desk phone holds alice for longer than the silence timeout: her audio stops, the call lives on, and resuming brings it back", async () => {
  assert.ok(SILENCE_MS <= 12_000, 'the server must run with WEBPHONE_MEDIA_SILENCE_TIMEOUT=12 or less (the offline run does)');
  const alice = await phone('alice');
  const media = await deskPhoneMedia();
  const calling = sipp(`${WEB_SCENARIOS}desk-phone-holds.xml`, 0, [
    '-s', 'alice', '-au', 'bob', '-ap', demoPassword('bob'), '-key', 'caller', 'bob',
    '-key', 'domain', 'localhost', '-key', 'rtp_port', String(media.port),
  ]);
  await eventually(async () => (await events(alice)).includes('confirmed'), 10_000, 'alice answering');
  await eventually(() => media.count(0) > 25, 10_000, "bob's phone to hear alice");

  // The phone holds (a=sendonly, 2 s after the answer): alice's browser, recvonly now, goes quiet.
  await eventually(async () => (await events(alice)).includes('hold'), 10_000, 'the hold');
  await eventually(async () => {
    const n = media.count(0);
    await new Promise((r) => setTimeout(r, 300));
    return media.count(0) === n;
  }, 3_000, "alice's audio to stop");
  const quiet = media.count(0);
  await new Promise((r) => setTimeout(r, SILENCE_MS + 1_500)); // the span under test: past the timeout
  assert.ok(!(await events(alice)).includes('ended'), 'a held call is not dead');
  assert.equal(media.count(0), quiet, 'nothing from alice while held');

  // The phone resumes (18 s after the hold, past the offline run's 12 s timeout): alice's audio
  // reaches it again.
  await eventually(async () => (await events(alice)).includes('unhold'), 10_000, 'the resume');
  await eventually(() => media.count(0) > quiet + 50, 10_000, "alice's audio again");

  await alice.evaluate(() => window.phone.session.terminate());
  const { code, trace } = await calling;
  assert.equal(code, 0, trace);
});

test("bob's desk phone loses its network mid-call: after the silence timeout the server ends the call on both sides and records why", async () => {
  const { media, answering, alice, done } = await aliceCallsBobsDeskPhone();
  try {
    await aliceHears(alice);
    const callId = await alice.evaluate(() => window.phone.session.id);

    media.pause();
    const ended = await eventually(
      () => alice.evaluate(() => window.phone.events.filter((x) => x.e === 'ended').at(-1)),
      SILENCE_MS + 5_000,
      'the server to end the silent call',
    );
    assert.equal(ended.originator, 'remote');
    const { code, trace } = await answering;
    assert.equal(code, 0, trace);
    assert.match(trace, /Reason: [^\r\n]*No media for/, "the phone is told why");

    const call = await lastCall('alice', callId);
    assert.equal(call.disposition, 'failed');
    assert.equal(call.hungUpBy, 'system');
  } finally {
    await done();
  }
});
