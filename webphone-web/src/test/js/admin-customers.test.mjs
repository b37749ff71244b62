// The control panel's customer screens in Chromium: an admin creates a customer (a bad region is
// refused next to its field), gives it a SIP account whose generated password is shown once and
// works, and records a payment that the balance shows; the audit log lists all of it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { ajax, at, signInAsAdmin } from './admin-pages.mjs';
import { HTTP, apiToken } from './server.mjs';

const RUN = Date.now();
const NAME = `Customer ${RUN}`;
let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

/** Clicks the + with `label`, waits for its dialog's first field to have the cursor. */
async function openDialog(page, label, firstField) {
  await ajax(page, () => page.getByRole('button', { name: label, exact: true }).click());
  await page.waitForFunction((id) => document.activeElement?.id === id, firstField);
}

const error = (page, id) => page.locator(`#${id.replace(':', '\\:')} + .ui-message-error`);

test('an admin creates a customer, a SIP account with a one-time password, and a payment', async (t) => {
  const context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  t.after(() => context.close());
  const page = await context.newPage();
  await signInAsAdmin(page, '/admin/customers.xhtml');

  // A new customer; "9Z" is no region code and is refused next to its field.
  await openDialog(page, 'Add customer', 'create:name');
  await page.locator('#create\\:name').fill(NAME);
  await page.locator('#create\\:email').fill(`ops-${RUN}@example.com`);
  await page.locator('#create\\:defaultRegion').fill('9Z');
  const refused = await ajax(page, () => page.locator('#create\\:save').click());
  assert.equal(refused.validationFailed, true);
  assert.match(await error(page, 'create:defaultRegion').textContent(), /two-letter country code/);
  // "ZZ" has the shape of a code but names no country.
  await page.locator('#create\\:defaultRegion').fill('ZZ');
  const unknown = await ajax(page, () => page.locator('#create\\:save').click());
  assert.equal(unknown.validationFailed, true);
  assert.match(await error(page, 'create:defaultRegion').textContent(), /unknown country code ZZ/);
  await page.locator('#create\\:defaultRegion').fill('DE');
  await page.locator('#create\\:save').click();
  await page.waitForURL(at('/admin/customer.xhtml'));
  assert.equal(await page.locator('h1').innerText(), NAME);

  // Class 5 → SIP accounts: the generated password is shown once.
  const menu = page.locator('#customerNav\\:customerMenu');
  await menu.getByRole('menuitem', { name: 'Class 5' }).hover();
  await menu.getByRole('menuitem', { name: 'SIP accounts', exact: true }).click();
  await page.waitForURL(at('/admin/accounts.xhtml'));
  const user = `agent${RUN}`;
  await openDialog(page, 'Add SIP account', 'account:username');
  await page.locator('#account\\:username').fill(user);
  await page.locator('#account\\:extension').fill('2001');
  await ajax(page, () => page.locator('#account\\:save').click());
  const password = (await page.locator('#account\\:password').innerText()).trim();
  assert.match(password, /^[A-Za-z0-9]{20}$/);
  await ajax(page, () => page.keyboard.press('Escape'));
  assert.match(await page.locator('#list\\:table').innerText(), new RegExp(`${user}@localhost\\s+2001`));
  await openDialog(page, 'Add SIP account', 'account:username');
  assert.equal(await page.locator('#account\\:password').count(), 0, 'shown once, then forgotten');
  await page.keyboard.press('Escape');
  // ... and it is the account's password: the phone API takes it.
  const token = await apiToken(user, password);
  assert.equal(token.status, 200);

  // Billing → Payments: $5.00, and the balance says so.
  await menu.getByRole('menuitem', { name: 'Billing' }).hover();
  await menu.getByRole('menuitem', { name: 'Payments', exact: true }).click();
  await page.waitForURL(at('/admin/payments.xhtml'));
  await openDialog(page, 'Add payment', 'payment:amount_input');
  await page.locator('#payment\\:amount_input').fill('5');
  await page.locator('#payment\\:note').fill('Welcome credit');
  await ajax(page, () => page.locator('#payment\\:save').click());
  assert.match(await page.locator('#balance').innerText(), /5\.00 USD/);

  // The audit log lists what the admin did, as the admin.
  await page.goto(`${HTTP}/admin/audit.xhtml`);
  const log = await page.locator('#audit\\:table_data').innerText();
  for (const action of ['payment.add', 'account.create', 'customer.create']) {
    assert.match(log, new RegExp(`admin\\s+${action.replace('.', '\\.')}`), action);
  }
});
