// The database goes away under light load and comes back (docs/operations.md, "When the database
// is away"): phones stay registered and registered users keep calling each other, their calls'
// records wait and reach the database when it is back, the control panel and the API say
// "database unavailable" with a 503 meanwhile, and readiness says so without taking the node out.
// Then a kill -9 right after a call's hang-up (and one she gave up on while it rang), and right after an admin saved a contact: both are
// there after the restart (on PostgreSQL, and again on the embedded H2). Run by
// src/test/resources/database/outage.sh, which gives the server a PostgreSQL of its own and the
// commands that stop and start it (and the server); skipped elsewhere.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { adminBrowser, contactRows, saveContact, search, walkToDemoPhonebook } from './admin-pages.mjs';
import { HTTP, apiToken, demoPassword, eventually, metric } from './server.mjs';
import { CALL_SCENARIOS, WEB_SCENARIOS, freeUdpPort, sipp } from './sipp.mjs';

const { WEBPHONE_DB_STOP, WEBPHONE_DB_START, WEBPHONE_KILL, WEBPHONE_START } = process.env;
const skipCrash =
  WEBPHONE_KILL && WEBPHONE_START
    ? false
    : 'needs a server the test may kill and start (src/test/resources/database/outage.sh)';
const skip =
  skipCrash ||
  (WEBPHONE_DB_STOP && WEBPHONE_DB_START
    ? false
    : 'needs a database the test may stop (src/test/resources/database/outage.sh)');
const OUTAGE_MS = Number(process.env.WEBPHONE_TEST_OUTAGE_MS ?? 30_000);

// Asynchronous: while the server is killed and started the event loop runs, so the HTTP client
// sees its kept-alive connections close and does not send the next request into a dead one.
const run = (command) => promisify(execFile)(command, { timeout: 300_000 });

let browser;
let admin;
let bobPort;

before(async () => {
  if (skipCrash) return;
  bobPort = await freeUdpPort();
  ({ browser, admin } = await adminBrowser());
});

after(async () => {
  await browser?.close();
});

/** bob's desk phone registers from `bobPort` (the server sends to where its REGISTER came from). */
async function bobRegisters() {
  return sipp(`${WEB_SCENARIOS}register-as.xml`, bobPort, [
    '-s', 'bob', '-au', 'bob', '-ap', demoPassword('bob'), '-key', 'domain', 'localhost',
    '-key', 'contact_port', String(bobPort), '-key', 'expires', '300',
  ]);
}

/** alice's phone calls bob's extension, he answers, they talk, she hangs up: both exit codes and her Call-ID. */
async function aliceCallsBob() {
  const bob = sipp(`${CALL_SCENARIOS}callee.xml`, bobPort, []);
  const alice = await sipp(`${CALL_SCENARIOS}caller.xml`, 0, [
    '-s', '1002', '-au', 'alice', '-ap', demoPassword('alice'), '-key', 'caller', 'alice',
    '-key', 'domain', 'localhost',
  ]);
  const callId = /^\s*Call-ID:\s*(\S+)/im.exec(alice.trace)?.[1];
  return { alice: alice.code, bob: (await bob).code, callId, trace: alice.trace };
}

/** alice calls bob, his phone rings, she hangs up first (CANCEL, 487): both exit codes and her Call-ID. */
async function aliceCancelsBob() {
  const bob = sipp(`${CALL_SCENARIOS}callee-rings.xml`, bobPort, []);
  const alice = await sipp(`${CALL_SCENARIOS}caller-cancels.xml`, 0, [
    '-s', '1002', '-au', 'alice', '-ap', demoPassword('alice'), '-key', 'caller', 'alice',
    '-key', 'domain', 'localhost',
  ]);
  const callId = /^\s*Call-ID:\s*(\S+)/im.exec(alice.trace)?.[1];
  return { alice: alice.code, bob: (await bob).code, callId, trace: alice.trace };
}

async function databaseState() {
  const res = await fetch(`${HTTP}/health/ready`);
  const body = await res.json();
  const check = body.checks.find((c) => c.name === 'database');
  return { status: res.status, database: check?.data.database, waiting: await metric('webphone_call_records_waiting') };
}

async function historyOfAlice() {
  const token = await apiToken('alice', demoPassword('alice'));
  if (token.status !== 200) return { status: token.status, calls: [] };
  const { access_token: bearer } = await token.json();
  const res = await fetch(`${HTTP}/api/history?limit=500`, { headers: { Authorization: `Bearer ${bearer}` } });
  return { status: res.status, calls: res.status === 200 ? await res.json() : [] };
}

const recorded = (calls, callId) => calls.filter((c) => callId.startsWith(c.callId) || c.callId === callId).length;

test('the database is stopped for 30 s under calls and started again: nothing is lost', { skip, timeout: 240_000 }, async () => {
  assert.equal((await bobRegisters()).code, 0);
  const before = await aliceCallsBob();
  assert.deepEqual([before.alice, before.bob], [0, 0], before.trace);
  const token = await apiToken('alice', demoPassword('alice'));
  assert.equal(token.status, 200);
  const { access_token: bearer } = await token.json();
  const servedBefore = await metric('webphone_sip_credentials_last_known');

  await run(WEBPHONE_DB_STOP);
  const stoppedAt = Date.now();

  // Readiness says so, and stays 200: the node still carries calls.
  const state = await eventually(async () => {
    const s = await databaseState();
    return s.database === 'unavailable' ? s : null;
  }, 10_000, 'readiness to report the database unavailable');
  assert.equal(state.status, 200);

  // Phones re-register and call, on the credentials this node read before (its cache's ttl is 1 s
  // in this run: these look-ups reach the stopped database first).
  const during = [];
  while (during.length < 3 || Date.now() - stoppedAt < OUTAGE_MS) {
    assert.equal((await bobRegisters()).code, 0, 'bob re-registers during the outage');
    const call = await aliceCallsBob();
    assert.deepEqual([call.alice, call.bob], [0, 0], call.trace);
    during.push(call.callId);
    if (during.length >= 3) {
      // The control panel and the API: a clear 503, no stack trace.
      const page = await admin.goto(`${HTTP}/admin/customers.xhtml`);
      assert.equal(page.status(), 503);
      assert.match(await admin.locator('h1').textContent(), /Database unavailable/);
      const api = await fetch(`${HTTP}/api/history`, { headers: { Authorization: `Bearer ${bearer}` } });
      assert.equal(api.status, 503);
      assert.equal(api.headers.get('retry-after'), '30');
      assert.deepEqual(await api.json(), { error: 'database unavailable', retryAfter: 30 });
      const signIn = await apiToken('alice', demoPassword('alice'));
      assert.equal(signIn.status, 503, 'a token needs the database');
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))));
    }
  }
  assert.ok(
    (await metric('webphone_sip_credentials_last_known')) > servedBefore,
    'the last credentials read stood in for the database',
  );
  assert.ok((await databaseState()).waiting >= during.length, 'the records wait');

  await run(WEBPHONE_DB_START);

  await eventually(async () => {
    const s = await databaseState();
    return s.database === 'available' && s.waiting === 0;
  }, 30_000, 'the waiting records to reach the database');
  const { status, calls } = await historyOfAlice();
  assert.equal(status, 200);
  for (const callId of [before.callId, ...during]) {
    assert.equal(recorded(calls, callId), 1, `call ${callId} recorded once`);
  }
  await admin.goto(`${HTTP}/admin/customers.xhtml`);
  await admin.locator('#list\\:table').getByRole('link', { name: 'Demo', exact: true }).waitFor();
});

test('kill -9 right after a hang-up, and right after an admin saved a contact: both are there after the restart', { skip: skipCrash, timeout: 300_000 }, async () => {
  assert.equal((await bobRegisters()).code, 0);
  const cancelled = await aliceCancelsBob();
  assert.deepEqual([cancelled.alice, cancelled.bob], [0, 0], cancelled.trace);
  const call = await aliceCallsBob();
  assert.deepEqual([call.alice, call.bob], [0, 0], call.trace);
  await run(WEBPHONE_KILL); // the BYE's 200 has just reached alice, the CANCEL's 487 a moment before
  await run(WEBPHONE_START);
  const { calls } = await historyOfAlice();
  assert.equal(recorded(calls, call.callId), 1, 'the call is recorded once');
  assert.equal(recorded(calls, cancelled.callId), 1, 'the call she gave up on is recorded once');

  const { browser: second, admin: page } = await adminBrowser();
  try {
    await walkToDemoPhonebook(page);
    const name = `Saved before the crash ${Date.now()}`;
    await saveContact(page, { name, company: 'Durable Ltd' });
    await run(WEBPHONE_KILL); // the dialog closed on "saved"
    await run(WEBPHONE_START);
    await page.goto(`${HTTP}/admin/customers.xhtml`);
    await page.waitForURL((url) => url.pathname === '/login.xhtml' || url.pathname === '/admin/customers.xhtml');
    if (new URL(page.url()).pathname === '/login.xhtml') {
      await page.locator('#login\\:username').fill('admin');
      await page.locator('#login\\:password').fill(demoPassword('admin'));
      await page.locator('#login\\:submit').click();
      await page.waitForURL((url) => url.pathname === '/admin/customers.xhtml');
    }
    await walkToDemoPhonebook(page);
    await search(page, name);
    assert.equal(await contactRows(page).count(), 1, 'the saved contact survived the kill');
  } finally {
    await second.close();
  }
});
