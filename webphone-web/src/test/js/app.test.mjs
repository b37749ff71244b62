// The WebPhone app as a user meets it, in Debian's headless Chromium: the page the server serves
// at http://localhost:8080/, its sign-in (a wrong password, a server it cannot reach, the right
// password), the *#0*# debug switch, the contacts from the company phonebook (live while she looks)
// and a missed call in the history. Calls are in app-calls.test.mjs. Screenshots go to
// target/app-screenshots.
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, afterEach, before, test } from 'node:test';
import { Apps, shot, signIn, tone } from './app-pages.mjs';
import { HTTP, eventually } from './server.mjs';
import { saveContact, signInAsAdmin, walkToDemoPhonebook } from './admin-pages.mjs';

const apps = new Apps();
before(() => apps.launch());
after(() => apps.close());
afterEach(() => apps.closeAll());

test('alice opens the app: a wrong password is refused next to the form, the right one signs her in', async () => {
  const page = await apps.open();
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
  const page = await apps.open();
  // As if the configured WebSocket were down: nothing listens on port 9.
  await page.route('**/api/config', (route) =>
    route.fulfill({ json: { domain: 'localhost', productName: 'WebPhone', websocket: 'ws://127.0.0.1:9/sip' } }));
  await page.reload();
  await signIn(page, 'alice');
  await page.getByRole('alert').filter({ hasText: 'Cannot reach the server: check the address or its certificate.' }).waitFor();
  await shot(page, 'login-unreachable');
});

test("the app wears the operator's branding from /api/config: name, accent colour and logo", async () => {
  const page = await apps.open();
  await page.route('**/api/config', (route) =>
    route.fulfill({ json: { domain: 'localhost', productName: 'Acme Phone', brandColor: '#aa0033', logoUrl: '/icon.svg' } }));
  await page.reload();
  await signIn(page, 'alice');
  await page.getByText('Signed in as alice').waitFor();
  assert.equal(await page.title(), 'Acme Phone');
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()), '#aa0033');
  assert.equal(await page.locator('meta[name=theme-color]').getAttribute('content'), '#aa0033');
  assert.equal(await page.getByRole('img', { name: 'Acme Phone' }).getAttribute('src'), '/icon.svg');
  const config = await (await fetch(`${HTTP}/api/config`)).json();
  assert.equal(config.brandColor, '#1d4ed8', "the server's default colour");
});

test('*#0*# on the dial pad turns SIP debug on (a badge, SIP in the console, kept after a reload) and off again', async () => {
  const page = await apps.open();
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

test("alice's contacts: the company phonebook, a search, and a contact an admin saves appears while she looks", async () => {
  const alice = await apps.signedIn('alice');
  await alice.getByRole('tab', { name: 'Contacts' }).click();
  await alice.getByText('Front desk').waitFor();
  assert.ok(await alice.getByRole('button', { name: 'Call Bob, Desk 1002' }).isVisible());
  await alice.getByLabel('Search contacts').fill('hotel');
  await alice.getByRole('button', { name: 'Call Bob, Desk 1002' }).waitFor({ state: 'detached' });
  assert.ok(await alice.getByText('Front desk').isVisible(), 'found by its company');
  await alice.getByLabel('Search contacts').fill('20 7946');
  assert.ok(await alice.getByText('Front desk').isVisible(), 'found by its number, spaced as written');
  await alice.getByLabel('Search contacts').fill('');

  const admin = await apps.open();
  await signInAsAdmin(admin, '/admin/customers.xhtml');
  await walkToDemoPhonebook(admin);
  const name = `App contact ${Date.now()}`;
  await saveContact(admin, { name, company: 'Live update' });
  await alice.getByText(name).waitFor({ timeout: 5_000 }); // pushed: ua-profile NOTIFY, then GET
  await shot(alice, 'contacts');
});

test('carol calls alice, who does not answer: her app rings, and the missed call is counted on the History tab until she looks', async () => {
  const alice = await apps.signedIn('alice');
  const carol = await apps.signedIn('carol');
  await carol.getByLabel('Number or name').fill('alice');
  await carol.getByLabel('Number or name').press('Enter');
  await alice.getByRole('heading', { name: 'Carol is calling' }).waitFor();
  assert.equal((await tone(alice)).playing, 'ringtone');
  await eventually(async () => (await tone(alice)).level > 0.01, 5_000, 'the ringtone sounding');
  await carol.getByRole('button', { name: 'Hang up' }).click();
  await alice.getByRole('heading', { name: 'Carol is calling' }).waitFor({ state: 'detached' });
  assert.equal((await tone(alice)).playing, null, 'the ringing stops');

  await alice.getByRole('tab', { name: 'History (1 missed)' }).waitFor({ timeout: 10_000 });
  await alice.getByRole('tab', { name: 'History (1 missed)' }).click();
  await alice.getByText(/^Missed, cancelled, /).first().waitFor();
  await alice.getByRole('tab', { name: 'History', exact: true }).waitFor();
  await shot(alice, 'history-missed');
});

/** GET `path` with `acceptEncoding`, as bytes on the wire: status, headers and body. */
const raw = (path, acceptEncoding) =>
  new Promise((resolve, reject) => {
    const headers = acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {};
    get(`${HTTP}${path}`, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });

test("the app's script goes compressed to browsers that accept it (brotli, else gzip), with its own type, and plain to those that do not", async () => {
  const plain = await raw('/app.js');
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.match(plain.headers.vary, /Accept-Encoding/);
  const br = await raw('/app.js', 'gzip, deflate, br');
  assert.equal(br.headers['content-encoding'], 'br');
  assert.match(br.headers['content-type'], /^text\/javascript/);
  assert.ok(br.body.length < plain.body.length / 4, `${br.body.length} bytes of ${plain.body.length}`);
  assert.deepEqual(brotliDecompressSync(br.body), plain.body);
  const gz = await raw('/app.js', 'gzip');
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.deepEqual(gunzipSync(gz.body), plain.body);
  assert.notEqual(gz.headers.etag, br.headers.etag, 'each encoding its own ETag');
  const again = await new Promise((resolve) =>
    get(`${HTTP}/app.js`, { headers: { 'Accept-Encoding': 'br', 'If-None-Match': br.headers.etag } }, resolve));
  assert.equal(again.statusCode, 304, 'revalidated without sending it again');
  again.resume();
  const css = await raw('/app.css', 'br');
  assert.match(css.headers['content-type'], /^text\/css/);
});
