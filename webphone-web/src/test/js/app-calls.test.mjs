// Calls in the WebPhone app, each user in a browser profile of their own (Debian's headless
// Chromium, fake microphone), through the running server and its media anchor: alice calls bob by
// his extension from her contacts and sees the phonebook's name; bob's app rings, alice hears
// ringback; both hear each other; hold, resume, mute, hang up; the call in both histories. Alice
// transfers bob to carol, blind and after consulting her; bob and carol then hear each other.
// And the DTMF keypad: alice's keys reach bob's desk phone (SIPp and an RTP peer) as RFC 4733.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { Apps, hearing, shot, tone } from './app-pages.mjs';
import { rtpPeer } from './rtp-peer.mjs';
import { WEB_SCENARIOS, freeUdpPort, sipp } from './sipp.mjs';
import { demoPassword, eventually } from './server.mjs';

const apps = new Apps();
before(() => apps.launch());
after(() => apps.close());
afterEach(() => apps.closeAll());

const heading = (page, name) => page.getByRole('heading', { name, exact: true });

/** `from` dials `number` on the keypad; `to` answers. */
async function call(from, to, number, callerSees, calleeSees) {
  await from.getByLabel('Number or name').fill(number);
  await from.getByLabel('Number or name').press('Enter');
  await heading(to, `${calleeSees} is calling`).waitFor();
  await to.getByRole('button', { name: 'Answer' }).click();
  await heading(from, `In call with ${callerSees}`).waitFor();
  await heading(to, `In call with ${calleeSees}`).waitFor();
}

/** bob, carol and alice signed in; alice in a call with bob. */
async function threeWithAliceCallingBob() {
  const bob = await apps.signedIn('bob');
  const carol = await apps.signedIn('carol');
  const alice = await apps.signedIn('alice');
  await call(alice, bob, 'bob', 'bob', 'Alice');
  return { alice, bob, carol };
}

/** ... and alice, having put bob on hold, talking to carol before transferring him to her. */
async function aliceConsultsCarol() {
  const phones = await threeWithAliceCallingBob();
  const { alice, carol } = phones;
  await alice.getByRole('button', { name: 'Transfer' }).click();
  await alice.getByLabel('Transfer to').fill('carol');
  await alice.getByRole('button', { name: 'Talk to them first' }).click();
  await heading(carol, 'Alice is calling').waitFor();
  await carol.getByRole('button', { name: 'Answer' }).click();
  await heading(alice, 'In call with carol').waitFor();
  return phones;
}

test("alice calls bob's extension from her contacts: she sees his name from the phonebook and hears ringback, his app rings; they talk, she holds, resumes and mutes; he hangs up; both histories have the call", async () => {
  const bob = await apps.signedIn('bob');
  const alice = await apps.signedIn('alice');
  await alice.getByRole('tab', { name: 'Contacts' }).click();
  await alice.getByRole('button', { name: 'Call Bob, Desk 1002' }).click();
  await heading(bob, 'Alice is calling').waitFor();
  await heading(alice, 'Bob is ringing…').waitFor();
  assert.equal(await alice.locator('#call-detail').textContent(), '1002', 'the number under the name');
  assert.equal((await tone(alice)).playing, 'ringback');
  assert.equal((await tone(bob)).playing, 'ringtone');
  await eventually(async () => (await tone(bob)).level > 0.01, 5_000, "bob's ringtone sounding");
  assert.ok(await bob.getByRole('button', { name: 'Answer' }).evaluate((e) => e === document.activeElement), 'Answer has the focus');
  await shot(bob, 'incoming');

  await bob.getByRole('button', { name: 'Answer' }).click();
  await heading(alice, 'In call with Bob').waitFor();
  await heading(bob, 'In call with Alice').waitFor();
  assert.equal((await tone(alice)).playing, null, 'ringback stops at the answer');
  assert.equal((await tone(bob)).playing, null, 'the ringtone stops at the answer');
  await hearing([alice, bob], 50, 'audio both ways');
  assert.equal(await alice.locator('audio').evaluate((a) => a.srcObject?.getAudioTracks().length), 1, "bob's voice plays");
  await shot(alice, 'in-call');

  await alice.getByRole('button', { name: 'Hold' }).click();
  await heading(alice, 'Bob on hold').waitFor();
  await alice.getByRole('button', { name: 'Resume' }).click();
  await heading(alice, 'In call with Bob').waitFor();
  await alice.getByRole('button', { name: 'Mute' }).click();
  assert.equal(await alice.getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed'), 'true');
  assert.ok(await alice.evaluate(() => document.querySelector('wp-app').phone.session.isMuted().audio));

  await bob.getByRole('button', { name: 'Hang up' }).click();
  await alice.getByText('Call ended').waitFor();
  await alice.getByRole('heading', { name: /In call/ }).waitFor({ state: 'detached' });

  // The call is in both histories, from each side, named from the phonebook, with a call-back.
  await alice.getByRole('tab', { name: 'History' }).click();
  await alice.getByText(/^Outgoing, answered, .*, 0:\d\d$/).first().waitFor({ timeout: 10_000 });
  assert.ok(await alice.getByRole('button', { name: 'Call Bob back' }).first().isVisible());
  await bob.getByRole('tab', { name: 'History' }).click();
  await bob.getByText(/^Incoming, answered, /).first().waitFor({ timeout: 10_000 });
  await shot(alice, 'history');
});

test('alice transfers bob to carol without a word with her first: carol answers, and bob and carol hear each other', async () => {
  const { alice, bob, carol } = await threeWithAliceCallingBob();

  await alice.getByRole('button', { name: 'Transfer' }).click();
  await alice.getByLabel('Transfer to').fill('carol');
  await alice.getByRole('button', { name: 'Transfer now' }).click();
  await carol.getByRole('button', { name: 'Answer' }).click();
  await alice.getByText('Call ended').waitFor({ timeout: 10_000 });
  await carol.getByRole('heading', { name: /^In call with / }).waitFor();
  await hearing([bob, carol], 50, 'bob and carol hearing each other');
  await shot(carol, 'transferred-blind');
  await carol.getByRole('button', { name: 'Hang up' }).click();
  await bob.getByText('Call ended').waitFor();
});

test('alice consults carol before transferring bob to her: bob waits on hold, alice completes the transfer, bob and carol hear each other', async () => {
  const { alice, bob, carol } = await aliceConsultsCarol();
  assert.equal(await alice.locator('#call-detail').textContent(), 'bob on hold, waiting for the transfer');
  await hearing([alice, carol], 50, 'alice and carol talking');
  await shot(alice, 'consulting');

  await alice.getByRole('button', { name: 'Complete transfer' }).click();
  await alice.getByText('Call ended').waitFor({ timeout: 10_000 });
  await hearing([bob, carol], 50, 'bob and carol hearing each other');
  await bob.getByRole('button', { name: 'Hang up' }).click();
  await carol.getByText('Call ended').waitFor();
});

test("alice cancels a consultation: carol's call ends and bob comes back on hold, then resumes", async () => {
  const { alice, bob, carol } = await aliceConsultsCarol();
  await alice.getByRole('button', { name: 'Cancel transfer' }).click();
  await carol.getByText('Call ended').waitFor();
  await heading(alice, 'bob on hold').waitFor();
  await alice.getByRole('button', { name: 'Resume' }).click();
  await heading(alice, 'In call with bob').waitFor();
  await hearing([alice, bob], 50, 'alice and bob talking again');
});

test("alice's keypad in a call reaches bob's desk phone as RFC 4733 digits", async () => {
  const media = await rtpPeer({ eventPt: 101 });
  const sipPort = await freeUdpPort();
  // Registered from the phone's own port, as the phone would, before its SIPp binds it.
  const register = (expires) =>
    sipp(`${WEB_SCENARIOS}register-as.xml`, expires > 0 ? sipPort : 0, ['-s', 'bob', '-au', 'bob', '-ap', demoPassword('bob'),
      '-key', 'domain', 'localhost', '-key', 'contact_port', String(sipPort), '-key', 'expires', String(expires)]);
  assert.equal((await register(300)).code, 0);
  const answering = sipp(`${WEB_SCENARIOS}desk-phone-answers.xml`, sipPort, ['-key', 'rtp_port', String(media.port)]);
  try {
    const alice = await apps.signedIn('alice');
    await alice.getByLabel('Number or name').fill('bob');
    await alice.getByLabel('Number or name').press('Enter');
    await heading(alice, 'In call with bob').waitFor();
    await eventually(() => media.count(0) > 25, 10_000, "bob's phone hearing alice");
    await alice.getByRole('button', { name: 'Keypad' }).click();
    const pad = alice.locator('#dtmf');
    for (const k of ['1', '2', '#']) await pad.getByRole('button', { name: k, exact: true }).click();
    await eventually(() => media.digits() === '12#', 5_000, `the digits 1 2 # at bob's phone (got '${media.digits()}')`);
    await alice.getByRole('button', { name: 'Hang up' }).click();
    const { code, trace } = await answering;
    assert.equal(code, 0, trace);
  } finally {
    media.close();
    await register(0);
  }
});
