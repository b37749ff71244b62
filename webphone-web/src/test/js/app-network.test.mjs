// The app when the network goes wrong, for real: alice's browser runs as a user of its own and
// nftables drops what it sends (cut-network.mjs), while bob's browser and the server carry on.
// Her line goes dead for 9 s in a call with bob: her app notices (its probe of the WebSocket goes
// unanswered), says so, connects again, registers again and restarts ICE, and the same call goes
// on with audio both ways. Then a third of her media packets are lost: the quality indicator on
// both call screens says so, and why.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { Apps, hearing, shot } from './app-pages.mjs';
import { cut, launchCuttable, lose, restore } from './cut-network.mjs';
import { eventually } from './server.mjs';

const alices = new Apps();
const others = new Apps();
before(async () => {
  await alices.launch(launchCuttable);
  await others.launch();
});
after(async () => {
  restore();
  await alices.close();
  await others.close();
});
afterEach(async () => {
  restore();
  await alices.closeAll();
  await others.closeAll();
});

const heading = (page, name) => page.getByRole('heading', { name, exact: true });

async function aliceCallsBob() {
  const bob = await others.signedIn('bob');
  const alice = await alices.signedIn('alice');
  await alice.getByLabel('Number or name').fill('bob');
  await alice.getByLabel('Number or name').press('Enter');
  await bob.getByRole('button', { name: 'Answer' }).click();
  await heading(alice, 'In call with bob').waitFor();
  await hearing([alice, bob], 50, 'audio both ways');
  return { alice, bob };
}

/** The ICE username fragment alice's browser uses now (it changes with an ICE restart). */
const ufrag = (page) =>
  page.evaluate(() => document.querySelector('wp-app').phone.session.connection.localDescription.sdp.match(/a=ice-ufrag:(\S+)/)[1]);

test("alice's network is cut for 9 s in a call: her app says so, connects and registers again, restarts ICE, and she and bob hear each other again in the same call", async () => {
  const { alice, bob } = await aliceCallsBob();
  const callId = await alice.evaluate(() => document.querySelector('wp-app').phone.session.id);
  const before = await ufrag(alice);
  const registered = () => alice.evaluate(() => document.querySelector('wp-app').phone.ua.isRegistered());

  cut();
  const cutAt = Date.now();
  await alice.getByText('Connection lost: reconnecting…').first().waitFor({ timeout: 15_000 });
  await shot(alice, 'connection-lost');
  const left = 9_000 - (Date.now() - cutAt);
  if (left > 0) await new Promise((r) => setTimeout(r, left)); // the outage under test
  restore();

  await alice.locator('#connection').waitFor({ state: 'hidden', timeout: 20_000 });
  await eventually(registered, 10_000, 'alice registered again');
  await eventually(async () => (await ufrag(alice)) !== before, 15_000, 'an ICE restart');
  assert.equal(await alice.evaluate(() => document.querySelector('wp-app').phone.session.id), callId, 'the same call');
  await heading(alice, 'In call with bob').waitFor();
  await heading(bob, 'In call with Alice').waitFor();
  await hearing([alice, bob], 50, 'audio both ways again');
});

test("a third of alice's media is lost: the quality indicator on both call screens says the call is bad and that packets are lost", async () => {
  const { alice, bob } = await aliceCallsBob();
  await eventually(async () => (await alice.locator('#call-quality').getAttribute('data-grade')) === 'good', 10_000, 'a good call first');
  lose(33);
  const bad = async (page) => ['poor', 'bad'].includes(await page.locator('#call-quality').getAttribute('data-grade'));
  await eventually(() => bad(bob), 15_000, "bob's indicator: his side misses her packets");
  await eventually(() => bad(alice), 15_000, "alice's indicator: the far side reports her packets lost");
  assert.match(await bob.locator('#call-quality').textContent(), /Packets are being lost on the way\./);
  await shot(bob, 'quality-bad');
  restore();
  await eventually(async () => (await bob.locator('#call-quality').getAttribute('data-grade')) === 'good', 15_000, 'good again once the loss stops');
});
