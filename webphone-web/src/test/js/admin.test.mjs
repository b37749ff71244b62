// The control panel in Debian's headless Chromium, and the phone API that serves what it saves: an
// admin signs in and walks Management → Customer → Demo → Class 5 → Phonebook, adds a contact with
// two numbers (shown in E.164), is told next to the field when a number or a name is wrong while
// nothing is saved, and sees markup in a name as text. A phone signed in as alice (POST /api/token
// with HTTP digest, then a bearer token) reads the same contact from GET /api/phonebook, with an
// ETag to revalidate. At the end the admin deletes what the run added, and the phone sees it go.
// The tests run in order and share the contacts they add.
// Screenshots of the key steps: $WEBPHONE_TEST_ARTIFACTS, by default /tmp/webphone-test-artifacts.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import {
  addNumber,
  ajax,
  at,
  contactRows,
  listedNumbers,
  messageNextTo,
  openContactDialog,
  saveContact,
  search,
  selectContact,
  signInAsAdmin,
  walkToDemoPhonebook,
} from './admin-pages.mjs';
import { HTTP, apiToken, demoPassword } from './server.mjs';

const ARTIFACTS = process.env.WEBPHONE_TEST_ARTIFACTS ?? '/tmp/webphone-test-artifacts';

// The flags of jssip-browser.test.mjs (ARCHITECTURE.md) without the media ones: no call here.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--ignore-certificate-errors',
];

/** Unique per run, so that a run never finds what an earlier run left in the Demo phonebook. */
const RUN = Date.now();
const CONTACT = `Test Contact ${RUN}`;
const COMPANY = `Test Company ${RUN}`;
const SCRIPT = '<script>alert(1)</script>';
const SCRIPT_COMPANY = `Script Company ${RUN}`;

let browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
});

after(async () => {
  await browser?.close();
});

/**
 * A page in a fresh browser context (no cookies), closed when `t` ends. `problems` collects what
 * the page must never show: uncaught script errors and server errors.
 */
async function freshPage(t) {
  const context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  t.after(() => context.close());
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('response', (r) => r.status() >= 500 && problems.push(`${r.status()} ${r.url()}`));
  return { page, problems };
}

async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `admin-${name}.png`), fullPage: true });
}

async function openDemoPhonebook(t) {
  const { page, problems } = await freshPage(t);
  await signInAsAdmin(page, '/admin/customers.xhtml');
  await walkToDemoPhonebook(page);
  return { page, problems };
}

/**
 * Why alice may get 429 instead of a token: each run sends one wrong password for her, and five
 * failures in five minutes (webphone.login.failures-per-user, failure-window) make her wait.
 */
const tokenRefused = (status) =>
  status === 429 ? 'alice is throttled: five runs in the last five minutes?' : undefined;

let aliceToken;

/** The Demo phonebook as alice's phone reads it, with one token for the whole run. */
async function phonebookOfAlice() {
  if (!aliceToken) {
    const issued = await apiToken('alice', demoPassword('alice'));
    assert.equal(issued.status, 200, tokenRefused(issued.status));
    aliceToken = (await issued.json()).access_token;
  }
  const response = await fetch(`${HTTP}/api/phonebook`, {
    headers: { Authorization: `Bearer ${aliceToken}` },
  });
  assert.equal(response.status, 200);
  return response;
}

test('an admin signs in and walks Management → Customer → Demo → Class 5 → Phonebook', async (t) => {
  const { page, problems } = await freshPage(t);
  await signInAsAdmin(page, '/admin/customers.xhtml');
  await walkToDemoPhonebook(page);

  assert.match(await page.title(), /Phonebook · Demo/);
  const crumbs = page.locator('#crumbs');
  await crumbs.getByRole('link', { name: 'Customer', exact: true }).waitFor();
  await crumbs.getByRole('link', { name: 'Demo', exact: true }).waitFor();
  assert.equal(
    new URL(await crumbs.getByRole('link', { name: 'Demo' }).getAttribute('href'), HTTP).pathname,
    '/admin/customer.xhtml',
  );
  await screenshot(page, '1-phonebook');

  // The first crumb is text with an accessible name, not PrimeFaces' bare home icon.
  const first = crumbs.getByRole('link').first();
  assert.equal((await first.innerText()).trim(), 'Management');
  assert.equal(await crumbs.getByRole('link', { name: 'Management', exact: true }).count(), 1);
  assert.deepEqual(problems, []);
});

test('adds a contact with two numbers and sees it listed', async (t) => {
  const { page, problems } = await openDemoPhonebook(t);
  await saveContact(page, { name: CONTACT, company: COMPANY });

  await selectContact(page, CONTACT);
  const row = page.locator('#contacts\\:table_data > tr', { hasText: CONTACT });
  assert.equal(await row.locator('td').nth(1).textContent(), COMPANY);

  for (const n of [
    { label: 'Mobile', number: '+44 20 7946 0123' },
    { label: 'Office', number: '+44 20 7946 0456', extension: '12' },
  ]) {
    const args = await addNumber(page, n);
    assert.ok(!args.validationFailed, `${n.label} ${n.number} is refused`);
    await page.locator('#numberDialog').waitFor({ state: 'hidden' });
  }

  assert.deepEqual(await listedNumbers(page), [
    ['Mobile', '+442079460123', ''],
    ['Office', '+442079460456', '12'],
  ]);
  await screenshot(page, '2-contact-with-numbers');
  assert.deepEqual(problems, []);
});

test('a bad number shows a message next to the field and saves nothing', async (t) => {
  const { page, problems } = await openDemoPhonebook(t);
  await selectContact(page, CONTACT);
  const before = await listedNumbers(page);
  assert.equal(before.length, 2, 'the contact of the previous test, with its two numbers');

  const args = await addNumber(page, { label: 'Fax', number: '12ab' });
  assert.equal(args.validationFailed, true, 'the server refuses 12ab');
  const message = messageNextTo(page, 'numberForm:number');
  assert.match(await message.textContent(), /only digits/);
  assert.ok(await page.locator('#numberDialog').isVisible(), 'the dialog stays open');
  assert.equal(await page.locator('#numberForm\\:number').inputValue(), '12ab', 'as typed');
  assert.equal(
    await page.locator('#numberForm\\:number').getAttribute('aria-invalid'),
    'true',
    'the field is marked invalid for screen readers',
  );
  await screenshot(page, '3-bad-number');
  await page.keyboard.press('Escape');
  await page.locator('#numberDialog').waitFor({ state: 'hidden' });
  assert.deepEqual(await listedNumbers(page), before);

  // A contact without a name: the same, for the contact dialog.
  const contactsBefore = (await (await phonebookOfAlice()).json()).contacts.length;
  await openContactDialog(page);
  const refused = await ajax(page, () => page.locator('#contactForm\\:save').click());
  assert.equal(refused.validationFailed, true, 'the server refuses a contact without a name');
  assert.match(await messageNextTo(page, 'contactForm:name').textContent(), /a name is required/);
  assert.ok(await page.locator('#contactDialog').isVisible(), 'the dialog stays open');
  await screenshot(page, '3-contact-without-name');
  await page.keyboard.press('Escape');
  await page.locator('#contactDialog').waitFor({ state: 'hidden' });
  const contactsAfter = (await (await phonebookOfAlice()).json()).contacts.length;
  assert.equal(contactsAfter, contactsBefore, 'no contact was added');
  assert.deepEqual(problems, []);
});

test(`a contact named ${SCRIPT} renders as text`, async (t) => {
  const { page, problems } = await openDemoPhonebook(t);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  // A script that runs alert() leaves a mark on window, in this page and in those after it.
  const markAlerts = () => {
    const alert = window.alert;
    window.alerted = [];
    window.alert = (m) => (window.alerted.push(String(m)), alert(m));
  };
  await page.context().addInitScript(markAlerts);
  await page.evaluate(markAlerts);
  await saveContact(page, { name: SCRIPT, company: SCRIPT_COMPANY });

  // As the save's answer put it into the page (jQuery runs scripts in the HTML it inserts) ...
  const shown = async () => {
    const table = page.locator('#contacts\\:table');
    const link = table.getByRole('link', { name: SCRIPT, exact: true });
    await search(page, SCRIPT_COMPANY);
    assert.equal(await link.innerText(), SCRIPT);
    assert.equal(await table.locator('script').count(), 0, 'no script element in the table');
  };
  assert.equal(await page.locator('#numbers\\:selectedName').textContent(), SCRIPT);
  assert.equal(await page.locator('#messages').innerText(), `Contact ${SCRIPT} saved.`);
  await shown();
  await screenshot(page, '4-script-as-text');

  // ... and as a fresh page renders it.
  assert.deepEqual(await page.evaluate(() => window.alerted), []);
  await page.reload();
  await shown();

  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.deepEqual(await page.evaluate(() => window.alerted), []);
  assert.deepEqual(problems, []);
});

test('forged form posts save nothing: a made-up view state, and a post from another site', async (t) => {
  const { page, problems } = await openDemoPhonebook(t);
  const before = (await (await phonebookOfAlice()).json()).contacts.length;
  const target = page.url();
  const session = (await page.context().cookies()).find((c) => c.name === 'JSESSIONID');
  assert.equal(session.sameSite, 'Strict', 'the session cookie stays home');
  assert.equal(session.httpOnly, true, 'no script reads the session cookie');

  // The admin's own session, but a view state the server never issued: Faces refuses the post.
  const forged = await fetch(target, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      Cookie: `JSESSIONID=${session.value}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      'Faces-Request': 'partial/ajax',
    },
    body: new URLSearchParams({
      contactForm: 'contactForm',
      'contactForm:name': `Forged ${RUN}`,
      'contactForm:save': 'contactForm:save',
      'jakarta.faces.source': 'contactForm:save',
      'jakarta.faces.partial.ajax': 'true',
      'jakarta.faces.partial.execute': '@form',
      'jakarta.faces.ViewState': '-4242424242424242424:-4242424242424242424',
    }),
  });
  assert.doesNotMatch(await forged.text(), /saved/);

  // Another site (127.0.0.1 is not localhost's site) posts the same form in the admin's browser:
  // the session cookie (SameSite=Strict) does not go along, so the post lands on the sign-in page.
  const evil = await page.context().newPage();
  await evil.route('http://127.0.0.1:8080/evil.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<form method="post" action="${target}"><input name="contactForm" value="contactForm">
        <input name="contactForm:name" value="Evil ${RUN}"><input name="contactForm:save" value="">
        </form><script>document.forms[0].submit()</script>`,
    }),
  );
  await evil.goto('http://127.0.0.1:8080/evil.html');
  await evil.waitForURL(at('/login.xhtml'));

  const after = (await (await phonebookOfAlice()).json()).contacts;
  assert.equal(after.length, before, 'nothing was added');
  assert.ok(!after.some((c) => /Forged|Evil/.test(c.name)));
  assert.deepEqual(problems, []);
});

test("the phone's contact API sees what the admin saved", async () => {
  // A phone asks without credentials and is challenged for HTTP digest (RFC 7616, MD5, qop=auth).
  const challenge = await fetch(`${HTTP}/api/token`, { method: 'POST' });
  assert.equal(challenge.status, 401);
  assert.match(
    challenge.headers.get('www-authenticate'),
    /^Digest realm="[^"]+", nonce="[^"]+", algorithm=MD5, qop="auth"$/,
  );
  const refusal = await challenge.text();

  const issued = await apiToken('alice', demoPassword('alice'));
  assert.equal(issued.status, 200, tokenRefused(issued.status));
  assert.match(issued.headers.get('cache-control'), /no-store/);
  const token = await issued.json();
  assert.equal(token.token_type, 'Bearer');
  assert.ok(token.access_token.length > 20, 'a token');
  assert.ok(Number.isInteger(token.expires_in) && token.expires_in > 0, 'a lifetime');
  assert.match(token.account, /^sip:alice@/);

  const bearer = { Authorization: `Bearer ${token.access_token}` };
  const response = await fetch(`${HTTP}/api/phonebook`, { headers: bearer });
  assert.equal(response.status, 200);
  const etag = response.headers.get('etag');
  assert.match(etag ?? '', /^"[^"]+"$/, 'a strong ETag');
  const { contacts } = await response.json();
  const ours = contacts.filter((c) => c.name === CONTACT);
  assert.equal(ours.length, 1, `one ${CONTACT}`);
  const [contact] = ours;
  assert.equal(typeof contact.id, 'number');
  assert.equal(contact.company, COMPANY);
  // Fields without a value are left out (docs/phone-api.md): Mobile has no extension.
  assert.deepEqual(contact.numbers, [
    { label: 'Mobile', number: '+442079460123' },
    { label: 'Office', number: '+442079460456', extension: '12' },
  ]);

  const again = await fetch(`${HTTP}/api/phonebook`, {
    headers: { ...bearer, 'If-None-Match': etag },
  });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), '');

  // The run's last token requests: what follows reuses the token it already has (tokenRefused).
  const wrong = await apiToken('alice', 'not her password');
  const unknown = await apiToken('nobody', 'whatever');
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, 401);
  assert.match(wrong.headers.get('www-authenticate'), /^Digest /);
  assert.match(unknown.headers.get('www-authenticate'), /^Digest /);
  const [wrongBody, unknownBody] = [await wrong.text(), await unknown.text()];
  assert.equal(wrongBody, unknownBody, 'an unknown user and a wrong password look the same');
  assert.equal(wrongBody, refusal);

  // A bearer request leaves no session behind, and no session stands in for a token.
  assert.equal(response.headers.get('set-cookie'), null, 'no session cookie');
});

test('the admin deletes what this run added, and the phone sees it go', async (t) => {
  const etag = (await phonebookOfAlice()).headers.get('etag');
  const { page, problems } = await openDemoPhonebook(t);

  for (const [name, company] of [
    [CONTACT, COMPANY],
    [SCRIPT, SCRIPT_COMPANY],
  ]) {
    await selectContact(page, name, company);
    await page.locator('#numbers\\:delete').click();
    const confirm = page.locator('.ui-confirm-dialog');
    await confirm.waitFor({ state: 'visible' });
    await ajax(page, () => confirm.getByRole('button', { name: 'Delete' }).click());
    assert.equal(await page.locator('#messages').innerText(), 'Contact deleted.');
    await search(page, company);
    assert.equal(await contactRows(page).count(), 0, `${name} is no longer listed`);
  }
  // A search that finds nothing says so (the lazy model recounts on every load).
  assert.equal(await page.locator('#contacts\\:table_data').innerText(), 'No contacts yet.');
  assert.deepEqual(problems, []);

  const response = await fetch(`${HTTP}/api/phonebook`, {
    headers: { Authorization: `Bearer ${aliceToken}`, 'If-None-Match': etag },
  });
  assert.equal(response.status, 200, 'the old ETag no longer matches');
  assert.notEqual(response.headers.get('etag'), etag);
  const { contacts } = await response.json();
  const left = contacts.filter((c) => [COMPANY, SCRIPT_COMPANY].includes(c.company));
  assert.deepEqual(left, [], 'neither contact is left');
});
