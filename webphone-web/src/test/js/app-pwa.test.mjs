// The app as an installed phone, in Debian's headless Chromium: installable (Chromium's own
// installability check finds nothing missing), its service worker in control but never handling
// the control panel, the API or the SIP WebSocket, the shell opening offline and saying so, a
// ?call= link dialling after sign-in, and an incoming call while the user looks elsewhere shown
// as a notification with Answer and Decline.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Apps, shot, signIn } from './app-pages.mjs';
import { FLAGS } from './jssip-harness.mjs';
import { HTTP, eventually } from './server.mjs';

const apps = new Apps();
before(() => apps.launch());
after(() => apps.close());
afterEach(() => apps.closeAll());

/** The app open with its service worker installed and in control of the page. */
async function controlled(path = '/', options = {}) {
  const page = await apps.open(path, options);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await eventually(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 5_000, 'the worker in control');
  await page.getByLabel('Username').waitFor();
  return page;
}

test('the app is installable: a valid manifest with icons, a service worker in control, and nothing Chromium would miss', async () => {
  // A profile on disk: Chromium installs nothing from an incognito profile (Playwright's contexts).
  const profile = mkdtempSync(join(tmpdir(), 'webphone-install-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: FLAGS });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${HTTP}/`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await eventually(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 5_000, 'the worker in control');
    const cdp = await context.newCDPSession(page);
    const { errors } = await cdp.send('Page.getAppManifest');
    assert.deepEqual(errors, [], 'the manifest parses cleanly');
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], JSON.stringify(installabilityErrors));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  const manifest = await (await fetch(`${HTTP}/manifest.webmanifest`)).json();
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, '/');
  assert.ok(manifest.icons.some((i) => i.sizes === '512x512'), 'a 512 px icon');
  assert.deepEqual(manifest.protocol_handlers, [{ protocol: 'tel', url: '/?call=%s' }]);
});

test('the service worker never sees requests for the control panel, the portal, the API or the SIP WebSocket', async () => {
  const page = await controlled();
  // The test listens in the worker too: a request it sees went through the worker.
  const worker = page.context().serviceWorkers()[0];
  await worker.evaluate(() => {
    self.seenByTest = [];
    self.addEventListener('fetch', (e) => self.seenByTest.push(new URL(e.request.url).pathname));
  });
  const paths = ['/api/config', '/admin/customers.xhtml', '/portal/', '/sip', '/login.xhtml', '/not-the-app'];
  for (const path of paths) await page.evaluate((p) => fetch(p, { cache: 'no-store' }).catch(() => {}), path);
  assert.deepEqual(await worker.evaluate(() => self.seenByTest), ['/not-the-app'], 'only what is not routed past it');
});

test('offline, the installed app still opens and says it is offline; back online, it says so no more', async () => {
  const page = await controlled();
  await page.context().setOffline(true);
  await page.reload();
  await page.getByText('You are offline', { exact: false }).first().waitFor();
  await page.getByLabel('Username').waitFor(); // the shell, from the worker's cache
  await shot(page, 'offline');
  await page.context().setOffline(false);
  await page.getByText('You are offline', { exact: false }).first().waitFor({ state: 'hidden', timeout: 10_000 });
});

test('a ?call= link (what tel: links open) dials the number once alice has signed in', async () => {
  const bob = await apps.signedIn('bob');
  const alice = await apps.open('/?call=tel:1002');
  await signIn(alice, 'alice');
  await bob.getByRole('heading', { name: 'Alice is calling', exact: true }).waitFor();
  await alice.getByRole('heading', { name: 'Bob is ringing…', exact: true }).waitFor();
  assert.equal(new URL(alice.url()).search, '', 'the link is not dialled again on a reload');
});

test('an incoming call while alice looks at another tab shows a notification with Answer and Decline, gone once the call is answered', async () => {
  const alice = await apps.signedIn('alice', '/', { permissions: ['notifications'] });
  await alice.evaluate(() => navigator.serviceWorker.ready);
  // Playwright tells every page it has the focus; this one is told the truth from now on.
  const cdp = await alice.context().newCDPSession(alice);
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
  const other = await alice.context().newPage(); // alice looks at another tab
  await other.goto('about:blank');
  await other.bringToFront();
  await eventually(() => alice.evaluate(() => !document.hasFocus()), 5_000, "alice's phone tab in the background");
  const carol = await apps.signedIn('carol');
  await carol.getByLabel('Number or name').fill('alice');
  await carol.getByLabel('Number or name').press('Enter');
  const shown = () =>
    alice.evaluate(async () => {
      const r = await navigator.serviceWorker.ready;
      return (await r.getNotifications()).map((n) => ({ title: n.title, actions: n.actions.map((a) => a.title) }));
    });
  const [notification] = await eventually(async () => {
    const n = await shown();
    return n.length ? n : null;
  }, 10_000, 'the notification');
  assert.deepEqual(notification, { title: 'Carol is calling', actions: ['Answer', 'Decline'] });
  await alice.bringToFront();
  await alice.getByRole('button', { name: 'Answer' }).click();
  await carol.getByRole('heading', { name: 'In call with alice', exact: true }).waitFor();
  await eventually(async () => (await shown()).length === 0, 5_000, 'the notification taken away');
});
