// The live phonebook end to end: bob's JsSIP phone in Chromium subscribes to its ua-profile over
// WSS; an admin adds a contact in the control panel; the phone is notified within 2 s, follows the
// NOTIFY's URL with its API token and finds the contact there.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { saveContact, signInAsAdmin, walkToDemoPhonebook } from './admin-pages.mjs';
import { harnessPage, launch } from './jssip-harness.mjs';
import { HTTP, WSS_URL, apiToken, demoPassword, eventually } from './server.mjs';

let browser;
let jssip;

const HARNESS = `<!doctype html><meta charset="utf-8"><title>Phonebook subscriber</title>
<script src="jssip.js"></script>
<script>
  // Registers, then subscribes to its own ua-profile, keeping every NOTIFY with when it came.
  window.startPhone = ({ url, user, password }) =>
    new Promise((resolve, reject) => {
      const ua = new JsSIP.UA({
        sockets: [new JsSIP.WebSocketInterface(url)],
        uri: 'sip:' + user + '@localhost',
        password,
        register: true,
      });
      const phone = (window.phone = { ua, notifies: [] });
      ua.on('registrationFailed', (e) => reject(new Error('registration failed: ' + e.cause)));
      ua.on('registered', () => {
        const s = ua.subscribe('sip:' + user + '@localhost', 'ua-profile', 'message/external-body', {
          expires: 600,
        });
        s.on('notify', (isFinal, request, body, contentType) =>
          phone.notifies.push({ at: Date.now(), isFinal, contentType, body,
            state: request.getHeader('Subscription-State') }));
        s.on('active', () => resolve());
        s.on('terminated', (code) => phone.notifies.length || reject(new Error('terminated ' + code)));
        s.subscribe();
        phone.subscriber = s;
      });
      ua.start();
    });
</script>`;

before(async () => {
  ({ browser, jssip } = await launch());
});

after(async () => {
  await browser?.close();
});

test("an admin saves a contact and bob's subscribed phone hears of it within 2 s", async (t) => {
  const phone = await harnessPage(browser, jssip, HARNESS);
  await phone.evaluate((args) => window.startPhone(args), {
    url: WSS_URL,
    user: 'bob',
    password: demoPassword('bob'),
  });
  // RFC 6665 §4.2.1.2: the first NOTIFY comes right after the 200.
  const first = await eventually(
    () => phone.evaluate(() => window.phone.notifies[0]),
    5_000,
    'the first NOTIFY',
  );
  assert.match(first.state, /^active;expires=\d+$/);
  assert.match(first.contentType, /^message\/external-body;/);
  const url = first.contentType.match(/URL="([^"]+)"/)[1];
  assert.equal(new URL(url).pathname, '/api/phonebook');

  const admin = await (await browser.newContext()).newPage();
  await signInAsAdmin(admin, '/admin/customers.xhtml');
  await walkToDemoPhonebook(admin);
  const name = `Pushed ${Date.now()}`;
  const saved = Date.now();
  await saveContact(admin, { name, company: 'Push test' });

  const notified = await eventually(
    () => phone.evaluate(() => window.phone.notifies[1]),
    5_000,
    'a NOTIFY after the save',
  );
  const delay = notified.at - saved;
  t.diagnostic(`NOTIFY ${delay} ms after the admin clicked Save`);
  assert.ok(delay < 2_000, `notified ${delay} ms after the save`);
  assert.equal(notified.isFinal, false);

  // The phone follows the NOTIFY to the API (same origin here; the URL names the public one).
  const token = (await (await apiToken('bob', demoPassword('bob'))).json()).access_token;
  const book = await (
    await fetch(`${HTTP}/api/phonebook`, { headers: { Authorization: `Bearer ${token}` } })
  ).json();
  assert.ok(
    book.contacts.some((c) => c.name === name),
    `${name} is in bob's phonebook after the NOTIFY`,
  );

  // Unsubscribing ends it with a final NOTIFY (terminated).
  await phone.evaluate(() => window.phone.subscriber.terminate());
  const last = await eventually(
    () => phone.evaluate(() => window.phone.notifies.find((n) => n.isFinal)),
    5_000,
    'the final NOTIFY',
  );
  assert.match(last.state, /^terminated/);
  await phone.evaluate(() => window.phone.ua.stop());
  await phone.context().close();
  await admin.context().close();
});
