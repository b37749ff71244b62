// Self-signup in Chromium with a real mail server (GreenMail, started by the offline run): a new
// customer signs up, the verification mail arrives, its link confirms the address once, the
// customer signs in to the portal and sees only its own (empty) phonebook, never the control panel.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { at } from './admin-pages.mjs';
import { HTTP, eventually } from './server.mjs';

const MAIL = process.env.GREENMAIL_API;
const RUN = Date.now();
let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--ignore-certificate-errors'],
  });
});

after(async () => {
  await browser?.close();
});

async function freshPage() {
  return (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
}

/** Fills the sign-up form and submits it. */
async function signUp(page, { name, email, password }) {
  await page.goto(`${HTTP}/portal/signup.xhtml`);
  await page.locator('#signup\\:name').fill(name);
  await page.locator('#signup\\:email').fill(email);
  await page.locator('#signup\\:password').fill(password);
  await page.locator('#signup\\:submit').click();
  await page.waitForLoadState();
}

/** The messages GreenMail received for `email`. */
async function inbox(email) {
  const r = await fetch(`${MAIL}/api/user/${encodeURIComponent(email)}/messages/INBOX`);
  return r.ok ? r.json() : [];
}

test(
  'a new customer signs up, confirms the mailed link once, and signs in to its own portal',
  { skip: !MAIL && 'no mail server (GREENMAIL_API): the offline run starts one' },
  async () => {
    const email = `signup-${RUN}@example.com`;
    const password = `pw-${RUN}-long`;
    const page = await freshPage();
    await signUp(page, { name: `Signup ${RUN}`, email, password });
    await page.locator('#done').waitFor();
    assert.equal(await page.locator('#sipUser').textContent(), `signup-${RUN}`);
    assert.ok(await page.locator('#mailed').isVisible(), 'the page says the mail went out');

    const [mail] = await eventually(async () => {
      const m = await inbox(email);
      return m.length ? m : null;
    }, 10_000, 'the verification mail');
    assert.equal(mail.subject, 'Confirm your email address for WebPhone');
    const link = mail.mimeMessage.replace(/=\r?\n/g, '').match(/https?:\/\/\S+token=[\w-]+/)[0];

    await page.goto(link);
    assert.match(await page.locator('#result').innerText(), /your email address is confirmed/);
    await page.goto(link);
    assert.match(await page.locator('#result').innerText(), /not valid/, 'a link works once');

    // The portal: its own phonebook, empty; the control panel is not for it.
    await page.goto(`${HTTP}/login.xhtml`);
    await page.locator('#login\\:username').fill(email);
    await page.locator('#login\\:password').fill(password);
    await page.locator('#login\\:submit').click();
    await page.waitForURL(at('/portal/index.xhtml'));
    assert.equal(await page.locator('#contacts\\:table_data').innerText(), 'No contacts yet.');
    await page.goto(`${HTTP}/portal/accounts.xhtml`);
    assert.equal(await page.locator('#accounts_data > tr').count(), 1);
    assert.equal(
      await page.locator('#accounts_data').innerText().then((t) => t.split('\t')[0]),
      `signup-${RUN}@localhost`,
      'its first SIP account, and only that one',
    );
    const admin = await page.goto(`${HTTP}/admin/customers.xhtml`);
    assert.equal(admin.status(), 403);
    await page.context().close();
  },
);

test('a taken email is refused next to its field and creates nothing', async () => {
  const page = await freshPage();
  const email = `taken-${RUN}@example.com`;
  await signUp(page, { name: `Taken ${RUN}`, email, password: 'a-long-password' });
  await page.locator('#done').waitFor();

  const again = await freshPage();
  await signUp(again, { name: `Taken again ${RUN}`, email, password: 'a-long-password' });
  const message = again.locator('#signup\\:email + .ui-message-error');
  assert.match(await message.textContent(), /already has an account/);
  assert.equal(await again.locator('#done').count(), 0);
  // Nothing was created: the name it asked for is still free.
  await signUp(again, { name: `Taken again ${RUN}`, email: `free-${RUN}@example.com`, password: 'a-long-password' });
  await again.locator('#done').waitFor();
  await page.context().close();
  await again.context().close();
});
