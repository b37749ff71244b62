// Calls to and from the phone network through a carrier's trunk, against the running embedded
// default. The carrier is SIPp on loopback: a gateway that challenges our INVITE and checks the
// digest, and a caller that reaches a customer's number from the carrier's address. An admin sets
// up everything in the control panel (Chromium): the trunk (a bad host is refused next to its
// field; the stored password is never shown again), a customer in Germany with an agent, and a
// Berlin number that rings the agent. The agent's call to a Berlin number is refused with a
// reason until the customer's email is confirmed and it has credit, then leaves through the trunk
// written the carrier's way; a call from the carrier rings the agent's phone; both are in the
// agent's history with the trunk's name. The tests run in order and share what they set up.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { ajax, at, openDialog, signInAsAdmin } from './admin-pages.mjs';
import { CALL_SCENARIOS, WEB_SCENARIOS, freeUdpPort, sipp } from './sipp.mjs';
import { HTTP, apiToken, eventually } from './server.mjs';


const RUN = Date.now();
const TRUNK = `Carrier ${RUN}`;
const CUSTOMER = `Trunk customer ${RUN}`;
const AGENT = `agent${RUN}`;
/** The customer's Berlin number, as written in Germany and in E.164. */
const LOCAL = `030${String(RUN).slice(-7)}`;
const DID = `+4930${String(RUN).slice(-7)}`;

const shared = { gatewayPort: 0, carrierPort: 0, password: '' };
let browser;
let admin;

const agentCalls = (number) =>
  sipp(join(CALL_SCENARIOS, 'caller.xml'), 0, ['-s', number, '-au', AGENT, '-ap', shared.password,
    '-key', 'caller', AGENT, '-key', 'domain', 'localhost']);

async function agentHistory() {
  const token = (await (await apiToken(AGENT, shared.password)).json()).access_token;
  const r = await fetch(`${HTTP}/api/history?limit=10`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200);
  return r.json();
}

const error = (page, id) => page.locator(`#${id.replace(':', '\\:')} + .ui-message-error`);

async function choose(page, menu, label) {
  await page.locator(`#${menu.replace(':', '\\:')}`).click();
  await page.locator(`#${menu.replace(':', '\\:')}_items li[data-label="${label}"]`).click();
}

async function customerMenu(page, submenu, item, path) {
  const menu = page.locator('#customerNav\\:customerMenu');
  await menu.getByRole('menuitem', { name: submenu }).hover();
  await menu.getByRole('menuitem', { name: item, exact: true }).click();
  await page.waitForURL(at(path));
}

before(async () => {
  shared.gatewayPort = await freeUdpPort();
  shared.carrierPort = await freeUdpPort();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  admin = await context.newPage();
});

after(async () => {
  await browser?.close();
});

test('an admin adds a trunk; a bad host is refused next to its field', async () => {
  await signInAsAdmin(admin, '/admin/trunks.xhtml');
  await openDialog(admin, 'Add trunk', 'trunkDialog', 'trunk:name');
  await admin.locator('#trunk\\:name').fill(TRUNK);
  await admin.locator('#trunk\\:host').fill('not a host!');
  await admin.locator('#trunk\\:port_input').fill(String(shared.gatewayPort));
  await admin.locator('#trunk\\:username').fill('carrier-user');
  await admin.locator('#trunk\\:password').fill('carrier-secret');
  await admin.locator('#trunk\\:prefixes').fill('+49');
  await choose(admin, 'trunk:numberFormat', 'NATIONAL');
  await admin.locator('#trunk\\:region').fill('DE');
  await admin.locator('#trunk\\:techPrefix').fill('99');
  await admin.locator('#trunk\\:realm').fill('carrier.test');
  // The carrier interconnects by address: an explicit choice, marked in the list.
  await choose(admin, 'trunk:inboundTrust', 'Its address alone (unauthenticated, as carriers interconnect)');
  await admin.locator('#trunk\\:inboundAddresses').fill(`127.0.0.1:${shared.carrierPort}`);
  const refused = await ajax(admin, () => admin.locator('#trunk\\:save').click());
  assert.equal(refused.validationFailed, true);
  assert.match(await error(admin, 'trunk:host').textContent(), /host name or IPv4 address/);

  await admin.locator('#trunk\\:host').fill('127.0.0.1');
  // The refusal forgot the password (it is never rendered back): type it again.
  await admin.locator('#trunk\\:password').fill('carrier-secret');
  const saved = await ajax(admin, () => admin.locator('#trunk\\:save').click());
  assert.notEqual(saved.validationFailed, true);
  const row = admin.locator('#list\\:table_data tr', { hasText: TRUNK });
  assert.match(await row.innerText(), new RegExp(`global\\s+127\\.0\\.0\\.1:${shared.gatewayPort} \\(UDP\\)\\s+\\+49\\s+NATIONAL`));
  assert.match(await row.innerText(), new RegExp(`address only \\(unauthenticated\\): 127\\.0\\.0\\.1:${shared.carrierPort}\\s+number only`));

  // Opened again, the trunk says a password is stored and shows none of it.
  await ajax(admin, () => row.getByRole('button', { name: `Edit ${TRUNK}` }).click());
  await admin.locator('#trunkDialog').waitFor({ state: 'visible' });
  assert.equal(await admin.locator('#trunk\\:password').inputValue(), '');
  assert.equal(await admin.locator('#trunk\\:password').getAttribute('placeholder'), 'stored; type to replace');
  assert.equal((await admin.content()).includes('carrier-secret'), false);
  await admin.keyboard.press('Escape');
});

test('an admin creates a customer in Germany with an agent and gives it a Berlin number', async () => {
  await admin.goto(`${HTTP}/admin/customers.xhtml`);
  await openDialog(admin, 'Add customer', 'createDialog', 'create:name');
  await admin.locator('#create\\:name').fill(CUSTOMER);
  await admin.locator('#create\\:email').fill(`ops-${RUN}@example.com`);
  await admin.locator('#create\\:defaultRegion').fill('DE');
  await admin.locator('#create\\:save').click();
  await admin.waitForURL(at('/admin/customer.xhtml'));

  await customerMenu(admin, 'Class 5', 'SIP accounts', '/admin/accounts.xhtml');
  await openDialog(admin, 'Add SIP account', 'accountDialog', 'account:username');
  await admin.locator('#account\\:username').fill(AGENT);
  await ajax(admin, () => admin.locator('#account\\:save').click());
  shared.password = (await admin.locator('#account\\:password').innerText()).trim();
  await ajax(admin, () => admin.keyboard.press('Escape'));

  await customerMenu(admin, 'Class 5', 'Numbers', '/admin/numbers.xhtml');
  await openDialog(admin, 'Add number', 'didDialog', 'did:number');
  await admin.locator('#did\\:number').fill(`030 ${LOCAL.slice(3)}`);
  await admin.locator('#did\\:accounts').click();
  await admin.locator('#did\\:accounts_panel li', { hasText: AGENT }).locator('.ui-chkbox-box').click();
  await admin.locator('#did\\:accounts_panel .ui-selectcheckboxmenu-close').click();
  const saved = await ajax(admin, () => admin.locator('#did\\:save').click());
  assert.notEqual(saved.validationFailed, true);
  assert.match(await admin.locator('#list\\:table_data').innerText(), new RegExp(`\\${DID}\\s+${AGENT}`));
});

test("the agent's call to a Berlin number waits for a confirmed email and credit, then leaves through the trunk", async () => {
  const unverified = await agentCalls('0301234567');
  assert.match(unverified.trace, /SIP\/2\.0 403 Trunk calls need a verified email/);

  await admin.locator('#customerNav\\:customerMenu').getByRole('menuitem', { name: 'Overview' }).click();
  await admin.waitForURL(at('/admin/customer.xhtml'));
  await ajax(admin, () => admin.locator('#details\\:markVerified').click());
  // Each node rereads a customer's standing within webphone.trunk.cache-ttl (5 s).
  await eventually(async () => /403 Trunk calls need a positive balance/.test((await agentCalls('0301234567')).trace), 15_000, 'the email to count');

  await customerMenu(admin, 'Billing', 'Payments', '/admin/payments.xhtml');
  await openDialog(admin, 'Add payment', 'paymentDialog', 'payment:amount_input');
  await admin.locator('#payment\\:amount_input').fill('5');
  await ajax(admin, () => admin.locator('#payment\\:save').click());

  const gateway = sipp(join(CALL_SCENARIOS, 'trunk-challenges.xml'), shared.gatewayPort, []);
  const answered = await eventually(async () => {
    const call = await agentCalls('0301234567');
    return /SIP\/2\.0 200 OK[\s\S]*o=- 2 2 IN IP4/.test(call.trace) ? call : null;
  }, 15_000, 'the credit to count and the call to be answered');
  assert.equal(answered.code, 0, answered.trace);
  const carrier = await gateway;
  assert.equal(carrier.code, 0, carrier.trace);
  // Dialled the German way behind the carrier's tech prefix; the agent's own number as caller.
  assert.match(carrier.trace, new RegExp(`INVITE sip:990301234567@127\\.0\\.0\\.1:${shared.gatewayPort};user=phone SIP/2\\.0`));
  assert.match(carrier.trace, new RegExp(`From: <sip:${LOCAL}@localhost>`));
  assert.match(carrier.trace, /\nAuthorization: Digest username="carrier-user"/);
  assert.equal(carrier.trace.includes('carrier-secret'), false);

  const outgoing = await eventually(async () => (await agentHistory()).find((e) => e.disposition === 'answered'), 5_000, 'the answered call in the history');
  assert.equal(outgoing.direction, 'outgoing');
  assert.equal(outgoing.peer, '+49301234567');
  assert.equal(outgoing.trunk, TRUNK);
});

test("a call from the carrier to the customer's number rings the agent's phone", async () => {
  const phonePort = await freeUdpPort();
  // Registered from the phone's own port, as the phone would, before its SIPp binds it.
  const register = (expires) =>
    sipp(join(WEB_SCENARIOS, 'register-as.xml'), expires > 0 ? phonePort : 0, ['-s', AGENT, '-au', AGENT, '-ap', shared.password,
      '-key', 'domain', 'localhost', '-key', 'contact_port', String(phonePort), '-key', 'expires', String(expires)]);
  assert.equal((await register(300)).code, 0);
  const phone = sipp(join(CALL_SCENARIOS, 'callee.xml'), phonePort, []);
  try {
    const caller = await sipp(join(CALL_SCENARIOS, 'network-caller.xml'), shared.carrierPort,
      ['-s', LOCAL, '-key', 'caller', '0401234567']);
    assert.equal(caller.code, 0, caller.trace);
    assert.equal(caller.trace.includes('SIP/2.0 407'), false, 'the carrier is trusted by its address');
    assert.equal((await phone).code, 0);
  } finally {
    await register(0);
  }
  const incoming = await eventually(async () => (await agentHistory()).find((e) => e.direction === 'incoming'), 5_000, 'the incoming call in the history');
  assert.equal(incoming.peer, '+49401234567');
  assert.equal(incoming.trunk, TRUNK);
  assert.equal(incoming.disposition, 'answered');
});
