// The app for people who use a keyboard or a screen reader, and on a small screen: an axe-core
// scan of every screen finds nothing serious; a whole call is made with the keyboard alone (the
// shortcuts listed in the help overlay); and at 320 px nothing scrolls sideways. Also the
// settings: devices, and the check before calling.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, afterEach, before, test } from 'node:test';
import { Apps, hearing, shot } from './app-pages.mjs';
import { demoPassword, eventually } from './server.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const apps = new Apps();
before(() => apps.launch());
after(() => apps.close());
afterEach(() => apps.closeAll());

const heading = (page, name) => page.getByRole('heading', { name, exact: true });

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA). */
async function violations(page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('axe-core finds nothing serious on the sign-in form, the dial pad, contacts, history, settings, the call screens and the help overlay', async () => {
  const bob = await apps.signedIn('bob');
  const alice = await apps.open();
  assert.deepEqual(await violations(alice), [], 'sign-in');
  await alice.getByLabel('Username').fill('alice');
  await alice.getByLabel('Password').fill(demoPassword('alice'));
  await alice.getByRole('button', { name: 'Sign in' }).click();
  await alice.getByText('Signed in as alice').waitFor();
  assert.deepEqual(await violations(alice), [], 'dial pad');
  for (const tab of ['Contacts', 'History', 'Settings']) {
    await alice.getByRole('tab', { name: tab }).click();
    assert.deepEqual(await violations(alice), [], tab);
  }
  await alice.getByRole('tab', { name: 'Keypad' }).click();
  await alice.getByLabel('Number or name').fill('bob');
  await alice.getByLabel('Number or name').press('Enter');
  await heading(bob, 'Alice is calling').waitFor();
  assert.deepEqual(await violations(bob), [], 'incoming call');
  await bob.getByRole('button', { name: 'Answer' }).click();
  await heading(alice, 'In call with bob').waitFor();
  await alice.getByRole('button', { name: 'Keypad', exact: true }).click();
  assert.deepEqual(await violations(alice), [], 'call screen with its keypad');
  await alice.getByRole('button', { name: 'Shortcuts' }).click();
  assert.deepEqual(await violations(alice), [], 'help overlay');
});

test('alice makes a whole call with the keyboard alone: sign in, dial, mute, hold, resume, hang up; bob answers with Alt+A', async () => {
  const bob = await apps.signedIn('bob');
  const alice = await apps.open();
  await eventually(() => alice.getByLabel('Username').evaluate((e) => e === document.activeElement).catch(() => false), 5_000, 'the user field focused');
  await alice.keyboard.type('alice');
  await alice.keyboard.press('Tab');
  await alice.keyboard.type(demoPassword('alice'));
  await alice.keyboard.press('Enter');
  await alice.getByText('Signed in as alice').waitFor();
  await alice.keyboard.type('bob'); // the dial field has the focus
  await alice.keyboard.press('Enter');
  await heading(bob, 'Alice is calling').waitFor();
  assert.equal(await bob.getByRole('button', { name: 'Answer' }).getAttribute('aria-keyshortcuts'), 'Alt+A');
  await bob.keyboard.press('Alt+KeyA');
  await heading(alice, 'In call with bob').waitFor();
  await hearing([alice, bob], 25, 'audio both ways');

  await alice.keyboard.press('Alt+KeyM');
  assert.equal(await alice.getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed'), 'true');
  await alice.keyboard.press('Alt+KeyH');
  await heading(alice, 'bob on hold').waitFor();
  await alice.keyboard.press('Alt+KeyH');
  await heading(alice, 'In call with bob').waitFor();

  // The help overlay lists the shortcuts; Escape closes it.
  await alice.keyboard.press('Alt+Slash');
  const help = alice.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.waitFor();
  for (const keys of ['Alt+A', 'Alt+E', 'Alt+M', 'Alt+H', 'Alt+K', 'Alt+/']) assert.ok(await help.getByText(keys, { exact: true }).isVisible(), keys);
  await shot(alice, 'help');
  await alice.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });

  await alice.keyboard.press('Alt+KeyE');
  await bob.getByText('Call ended').waitFor();
});

test('at 320 px wide nothing scrolls sideways: sign-in, dial pad, contacts, history, settings and a call', async () => {
  const small = { viewport: { width: 320, height: 640 } };
  const bob = await apps.signedIn('bob');
  const alice = await apps.open('/', small);
  const fits = async (what) => {
    const width = await alice.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `${what}: ${width} px wide`);
  };
  await fits('sign-in');
  await alice.getByLabel('Username').fill('alice');
  await alice.getByLabel('Password').fill(demoPassword('alice'));
  await alice.getByRole('button', { name: 'Sign in' }).click();
  await alice.getByText('Signed in as alice').waitFor();
  await fits('dial pad');
  for (const tab of ['Contacts', 'History', 'Settings']) {
    await alice.getByRole('tab', { name: tab }).click();
    await fits(tab);
  }
  await alice.getByRole('tab', { name: 'Keypad' }).click();
  await alice.getByLabel('Number or name').fill('bob');
  await alice.getByLabel('Number or name').press('Enter');
  await bob.getByRole('button', { name: 'Answer' }).click();
  await heading(alice, 'In call with bob').waitFor();
  await alice.getByRole('button', { name: 'Keypad', exact: true }).click();
  await fits('call');
  await shot(alice, 'call-320px');
});

test('the check before calling: the microphone is heard, the server answers, and the browser offers host candidates; auto-answer is kept', async () => {
  const alice = await apps.signedIn('alice');
  await alice.getByRole('tab', { name: 'Settings' }).click();
  await alice.getByRole('button', { name: 'Check microphone and connection' }).click();
  await alice.getByText(/^Microphone: working \(level \d+ %\)\.$/).waitFor({ timeout: 10_000 });
  await alice.getByText(/^Server: connected, answered in \d+ ms\.$/).waitFor({ timeout: 10_000 });
  await alice.getByText(/^Network: host \(udp\)/).waitFor({ timeout: 10_000 });
  await eventually(async () => (await alice.getByLabel('Microphone', { exact: true }).locator('option').count()) >= 2, 5_000, 'the fake microphone listed');

  await alice.getByLabel('Answer incoming calls automatically').check();
  await alice.reload();
  const bob = await apps.signedIn('bob');
  await alice.getByLabel('Username').fill('alice');
  await alice.getByLabel('Password').fill(demoPassword('alice'));
  await alice.getByRole('button', { name: 'Sign in' }).click();
  await alice.getByText('Signed in as alice').waitFor();
  await bob.getByLabel('Number or name').fill('alice');
  await bob.getByLabel('Number or name').press('Enter');
  await heading(bob, 'In call with alice').waitFor(); // answered by alice's app itself
});
