// Transfers between ordinary SIP phones through the running embedded default: SIPp phones are
// registered for the demo users bob and carol, and alice's SIPp phone transfers bob to carol,
// blind (REFER) and attended (REFER with Replaces naming alice's consultation call with carol).
// Each phone checks its side (the offer in the re-INVITE, the answer in the ACK, the NOTIFYs);
// the call histories say what happened. The phones' contacts are removed at the end.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CALL_SCENARIOS, WEB_SCENARIOS, freeUdpPort, sipp } from './sipp.mjs';
import { HTTP, apiToken, demoPassword, eventually } from './server.mjs';


// From the phone's own port, as the phone would (the server sends to where a REGISTER came from),
// before the phone's SIPp binds it; removing a contact may come from anywhere.
const register = (user, port, expires) =>
  sipp(join(WEB_SCENARIOS, 'register-as.xml'), expires > 0 ? port : 0, ['-s', user, '-au', user, '-ap', demoPassword(user),
    '-key', 'domain', 'localhost', '-key', 'contact_port', String(port), '-key', 'expires', String(expires)]);

const alice = (scenario, callee, ...more) =>
  sipp(join(CALL_SCENARIOS, scenario), 0, ['-s', callee, '-au', 'alice', '-ap', demoPassword('alice'),
    '-key', 'caller', 'alice', '-key', 'domain', 'localhost', ...more]);

/** The newest `n` entries of `user`'s call history. */
async function history(user, n) {
  const token = (await (await apiToken(user, demoPassword(user))).json()).access_token;
  const r = await fetch(`${HTTP}/api/history?limit=${n}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200);
  return r.json();
}

/** Runs `story` with SIPp phones for bob and carol registered, and removes them afterwards. */
async function withPhones(bobScenario, carolScenario, story) {
  const bobPort = await freeUdpPort();
  const carolPort = await freeUdpPort();
  assert.equal((await register('bob', bobPort, 300)).code, 0);
  assert.equal((await register('carol', carolPort, 300)).code, 0);
  const bob = sipp(join(CALL_SCENARIOS, bobScenario), bobPort, []);
  const carol = sipp(join(CALL_SCENARIOS, carolScenario), carolPort, []);
  try {
    await story();
    const [b, c] = await Promise.all([bob, carol]);
    assert.equal(b.code, 0, b.trace);
    assert.equal(c.code, 0, c.trace);
  } finally {
    await register('bob', bobPort, 0);
    await register('carol', carolPort, 0);
  }
}

test('alice transfers bob to carol blind, and bob and carol talk until bob hangs up', async () => {
  await withPhones('callee-transferred.xml', 'callee-late-offer.xml', async () => {
    const transfer = await alice('caller-transfers.xml', 'bob');
    assert.equal(transfer.code, 0, transfer.trace);
    assert.match(transfer.trace, /SIP\/2\.0 202 /);
  });
  const [joined] = await eventually(async () => {
    const h = await history('carol', 1);
    return h.length && h[0].peer === 'bob' && h[0].ended ? h : null;
  }, 5_000, "the call with bob in carol's history");
  assert.equal(joined.disposition, 'answered');
  assert.equal((await history('alice', 1))[0].disposition, 'transferred');
});

test('alice consults carol, then transfers bob to her attended', async () => {
  const consultation = join(mkdtempSync(join(tmpdir(), 'consultation-')), 'dialog.csv');
  await withPhones('callee-transferred.xml', 'callee-replaced.xml', async () => {
    const withCarol = alice('caller-consults.xml', 'carol', '-key', 'consult_file', consultation);
    await eventually(() => existsSync(consultation) && readFileSync(consultation, 'utf8').includes(';'),
      10_000, "alice's call with carol to be answered");
    const withBob = await alice('caller-transfers-attended.xml', 'bob', '-inf', consultation);
    assert.equal(withBob.code, 0, withBob.trace);
    const consulted = await withCarol;
    assert.equal(consulted.code, 0, consulted.trace);
  });
  const calls = await history('alice', 2);
  assert.deepEqual(calls.map((c) => [c.peer, c.disposition]).sort(),
    [['bob', 'transferred'], ['carol', 'transferred']]);
  const [joined] = await eventually(async () => {
    const h = await history('bob', 1);
    return h.length && h[0].peer === 'carol' && h[0].ended ? h : null;
  }, 5_000, "the call with carol in bob's history");
  assert.equal(joined.disposition, 'answered');
});
