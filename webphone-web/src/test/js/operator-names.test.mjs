// The operator moves the running server to their own names from the control panel alone: web
// domain phone.webphone.test (the page) and WebRTC domain rtc.webphone.test (the phone's
// WebSocket), a certificate for each from ACME (the run's pebble; its DNS answers 127.0.0.1 for
// every name, and Chromium maps *.webphone.test to 127.0.0.1 too). Alice opens the phone at
// https://phone.webphone.test:8443/ and registers over wss://rtc.webphone.test:8443/sip with the new
// certificate. The admin renews every certificate (Refresh Certificates): alice's WebSocket stays
// open and registered, bob's phone opened after the swap gets the new certificate, and alice calls
// bob over it; both hear each other. The names are cleared at the end.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { adminBrowser, newJob, orderCertificate } from './admin-pages.mjs';
import { Apps, hearing, signIn } from './app-pages.mjs';
import { FLAGS } from './jssip-harness.mjs';
import { HTTP } from './server.mjs';
import { servedSerial } from './tls-probe.mjs';
import { chromium } from 'playwright-core';

const WEB = 'phone.webphone.test';
const RTC = 'rtc.webphone.test';
const PAGE = `https://${WEB}:8443/`;

const apps = new Apps();
let admin;
let adminBrowserHandle;

before(async () => {
  ({ browser: adminBrowserHandle, admin } = await adminBrowser());
  await apps.launch(() =>
    chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [...FLAGS, '--host-resolver-rules=MAP *.webphone.test 127.0.0.1'],
    }));
});

after(async () => {
  try {
    await apps.closeAll();
    await setDomains('', '');
  } finally {
    await apps.close();
    await adminBrowserHandle?.close();
  }
});

async function setDomains(web, webrtc) {
  await admin.goto(`${HTTP}/admin/domains.xhtml`);
  await admin.locator('#domains\\:webDomain').fill(web);
  await admin.locator('#domains\\:webrtcDomain').fill(webrtc);
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.getByText('Domains saved.').waitFor();
}

/** The app at the web domain, signed in as `user`; pebble's root is not in Chromium's store. */
async function phoneAt(user) {
  const page = await apps.open(PAGE, { ignoreHTTPSErrors: true });
  page.sockets = [];
  page.on('websocket', (ws) => page.sockets.push(ws));
  await signIn(page, user);
  await page.getByText(`Signed in as ${user}`).waitFor();
  return page;
}

const heading = (page, name) => page.getByRole('heading', { name, exact: true });

let alice;

test('the admin names the platform and orders a certificate for each name; the phone at the web domain registers over the WebRTC domain with them', async () => {
  await setDomains(WEB, RTC);
  for (const name of [WEB, RTC]) {
    const text = await orderCertificate(admin, name);
    assert.match(text, /presented now/, text);
  }
  alice = await phoneAt('alice');
  assert.equal(alice.sockets.length, 1);
  assert.equal(alice.sockets[0].url(), `wss://${RTC}:8443/sip`);
  const details = await (await alice.context().newPage()).goto(PAGE).then((r) => r.securityDetails());
  assert.match(details.issuer, /Pebble Intermediate CA/, 'the page is served with the ordered certificate');
  assert.equal(details.subjectName, WEB);
});

test("Refresh Certificates swaps both certificates while alice is registered: her WebSocket stays open; bob, opening the phone after the swap, gets the new one, and alice calls him over the old connection", async () => {
  const before = await servedSerial(8443, RTC);
  await admin.goto(`${HTTP}/admin/certificates.xhtml`);
  const text = await newJob(admin, () => admin.getByRole('button', { name: 'Refresh Certificates' }).click());
  assert.match(text, /[2-9] renewed/, text);
  const after = await servedSerial(8443, RTC);
  assert.notEqual(after, before, 'new handshakes get the renewed certificate');

  assert.equal(alice.sockets[0].isClosed(), false, "alice's WebSocket was not dropped");
  const bob = await phoneAt('bob');
  await alice.getByLabel('Number or name').fill('bob');
  await alice.getByLabel('Number or name').press('Enter');
  await heading(bob, 'Alice is calling').waitFor();
  await bob.getByRole('button', { name: 'Answer' }).click();
  await heading(alice, 'In call with bob').waitFor();
  await hearing([alice, bob]);
  assert.equal(alice.sockets.length, 1, 'alice never reconnected');
});
