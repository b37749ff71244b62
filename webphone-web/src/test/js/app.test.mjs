// The WebPhone app as a user meets it, in Debian's headless Chromium with a fake microphone: the
// page the server serves at http://localhost:8080/, its sign-in (a wrong password, a server it
// cannot reach, the right password), the *#0*# debug switch, and a call between two apps through
// the server: answer, hold, mute, hang up. Screenshots go to target/app-screenshots.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, test } from 'node:test';
import { FLAGS } from './jssip-harness.mjs';
import { chromium } from 'playwright-core';
import { HTTP, demoPassword, eventually, metric } from './server.mjs';

const SHOTS = new URL('../../../target/app-screenshots/', import.meta.url).pathname;
let browser;
const contexts = new Set();

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
});

after(async () => {
  await browser?.close();
});

afterEach(async () => {
  for (const c of contexts) await c.close();
  contexts.clear();
  await eventually(async () => (await metric('webphone_media_legs')) === 0, 10_000, 'no legs left');
});

/** A fresh browser profile with the app open at `/`, its console kept in `page.logs`. */
async function openApp() {
  const context = await browser.newContext();
  contexts.add(context);
  const page = await context.newPage();
  page.logs = [];
  page.on('console', (m) => page.logs.push(m.text()));
  await page.goto(`${HTTP}/`);
  return page;
}

async function signIn(page, user, password = demoPassword(user)) {
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const shot = (page, name) => page.screenshot({ path: `${SHOTS}${name}.png` });

test('alice opens the app: a wrong password is refused next to the form, the right one signs her in', async () => {
  const page = await openApp();
  assert.equal(await page.getByLabel('Domain').inputValue(), 'localhost', 'the domain from /api/config');
  await signIn(page, 'alice', 'not-her-password');
  await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();
  await shot(page, 'login-wrong-password');

  await signIn(page, 'alice');
  await page.getByText('Signed in as alice').waitFor();
  assert.ok(await page.getByLabel('Number or name').evaluate((e) => e === document.activeElement), 'the dial field has the focus');
  await shot(page, 'signed-in');
});

test('the server cannot be reached: the app says so and suggests the address or the certificate', async () => {
  const page = await openApp();
  // As if the configured WebSocket were down: nothing listens on port 9.
  await page.route('**/api/config', (route) =>
    route.fulfill({ json: { domain: 'localhost', productName: 'WebPhone', websocket: 'ws://127.0.0.1:9/sip' } }));
  await page.reload();
  await signIn(page, 'alice');
  await page.getByRole('alert').filter({ hasText: 'Cannot reach the server: check the address or its certificate.' }).waitFor();
  await shot(page, 'login-unreachable');
});

test('*#0*# on the dial pad turns SIP debug on (a badge, SIP in the console, kept after a reload) and off again', async () => {
  const page = await openApp();
  await signIn(page, 'alice');
  const dial = page.getByLabel('Number or name');
  await dial.pressSequentially('*#0*#');
  await page.getByText('SIP debug on', { exact: true }).waitFor();
  assert.equal(await dial.inputValue(), '', 'the code is not left to be dialled');
  await shot(page, 'debug-on');

  // Every SIP message from now on goes to the console: a new sign-in's REGISTER, for one.
  await page.reload();
  await signIn(page, 'alice');
  await page.getByText('Signed in as alice').waitFor();
  await eventually(() => page.logs.some((l) => /REGISTER sip:localhost SIP\/2\.0/.test(l)), 5_000, 'the REGISTER in the console');
  await eventually(() => page.logs.some((l) => /SIP\/2\.0 200 OK/.test(l)), 5_000, 'its 200 OK in the console');
  await page.getByText('SIP debug on', { exact: true }).waitFor(); // remembered on this device

  // The keys of the dial pad type the code too; it turns debug off.
  for (const k of ['*', '#', '0', '*', '#']) await page.getByRole('button', { name: k, exact: true }).click();
  await page.getByText('SIP debug on', { exact: true }).waitFor({ state: 'hidden' });
  const before = page.logs.length;
  await page.reload();
  await signIn(page, 'alice');
  await page.getByText('Signed in as alice').waitFor();
  assert.ok(!page.logs.slice(before).some((l) => /REGISTER sip:/.test(l)), 'no SIP in the console once off');
});

test('alice calls bob from the app, bob answers in his, both hear each other; alice holds, resumes and mutes; bob hangs up', async () => {
  const bob = await openApp();
  await signIn(bob, 'bob');
  await bob.getByText('Signed in as bob').waitFor();
  const alice = await openApp();
  await signIn(alice, 'alice');
  await alice.getByText('Signed in as alice').waitFor();

  await alice.getByLabel('Number or name').fill('bob');
  await alice.getByLabel('Number or name').press('Enter');
  await bob.getByRole('heading', { name: 'alice is calling' }).waitFor();
  await shot(bob, 'incoming');
  await bob.getByRole('button', { name: 'Answer' }).click();
  await alice.getByRole('heading', { name: 'In call with bob' }).waitFor();
  await bob.getByRole('heading', { name: 'In call with alice' }).waitFor();

  const received = (page) =>
    page.evaluate(async () => {
      let n = 0;
      const pc = document.querySelector('wp-app').phone.session.connection;
      (await pc.getStats()).forEach((r) => {
        if (r.type === 'inbound-rtp' && r.kind === 'audio') n += r.packetsReceived;
      });
      return n;
    });
  await eventually(async () => (await received(alice)) > 50 && (await received(bob)) > 50, 10_000, 'audio both ways');
  assert.equal(await alice.locator('audio').evaluate((a) => a.srcObject?.getAudioTracks().length), 1, "bob's voice plays");
  await shot(alice, 'in-call');

  await alice.getByRole('button', { name: 'Hold' }).click();
  await alice.getByRole('heading', { name: 'bob on hold' }).waitFor();
  await alice.getByRole('button', { name: 'Resume' }).click();
  await alice.getByRole('heading', { name: 'In call with bob' }).waitFor();
  await alice.getByRole('button', { name: 'Mute' }).click();
  assert.equal(await alice.getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed'), 'true');
  assert.ok(await alice.evaluate(() => document.querySelector('wp-app').phone.session.isMuted().audio));

  await bob.getByRole('button', { name: 'Hang up' }).click();
  await alice.getByText('Call ended').waitFor();
  await alice.getByRole('heading', { name: /In call/ }).waitFor({ state: 'detached' });
});
