// Certificates from ACME, as an admin gets them in Chromium from the control panel alone, against
// Debian's pebble inside the test's network namespace (its directory and DNS on loopback; every
// name resolves to 127.0.0.1). The admin orders a certificate for acme.webphone.test: pebble
// validates HTTP-01 by fetching the answer from our own HTTP listener, issues, and the listeners
// present it at once (a real TLS handshake checks the serial and that pebble's intermediate
// signed it). Then "Refresh Certificates" renews what is due (pebble's certificates live 7 days,
// the run's renew-before is 8) and the new serial is presented.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { Agent } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { after, before, test } from 'node:test';
import { adminBrowser, at, newJob, orderCertificate } from './admin-pages.mjs';
import { HTTP } from './server.mjs';
import { servedSerial, tlsTo } from './tls-probe.mjs';

// A new name at every run: pebble would reuse a validated authorisation and skip HTTP-01.
const NAME = `acme-${Date.now()}.webphone.test`;
const PEBBLE_CA = process.env.PEBBLE_CA ?? '/tmp/pebbleT/ca.pem';

let browser;
let admin;

before(async () => {
  ({ browser, admin } = await adminBrowser());
});

after(async () => {
  await browser?.close();
});

const field = (id) => admin.locator(`#acme\\:${id}`);

/** pebble's intermediate now (it makes new ones at every start): what signs what it issues. */
async function pebbleIntermediate() {
  const agent = new Agent({ ca: readFileSync(PEBBLE_CA) });
  const pem = await new Promise((resolve, reject) => {
    import('node:https').then(({ get }) =>
      get('https://127.0.0.1:15000/intermediates/0', { agent }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(body));
      }).on('error', reject));
  });
  return new X509Certificate(pem);
}

/** The certificate the SIP listener presents for NAME. */
async function presented() {
  const socket = await tlsTo(5061, NAME);
  try {
    return new X509Certificate(socket.getPeerCertificate().raw);
  } finally {
    socket.destroy();
  }
}

/** A plain-HTTP GET to our listener as a client that asked for `host`, e.g. a CA validating. */
const plainGet = (path, host) =>
  new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: 8080, path, headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject).end();
  });


const secureHeaders = (host) =>
  import('node:https').then(
    ({ request: secureRequest }) =>
      new Promise((resolve, reject) => {
        const options = { host: '127.0.0.1', port: 8443, path: '/', servername: host, headers: { Host: `${host}:8443` }, rejectUnauthorized: false };
        secureRequest(options, (res) => {
          res.resume();
          resolve(res.headers);
        })
          .on('error', reject)
          .end();
      }),
  );

test('HTTPS answers for a public name tell the browser never to use plain HTTP again (HSTS); localhost, which a developer also opens over plain HTTP, does not', async () => {
  assert.equal((await secureHeaders(NAME))['strict-transport-security'], 'max-age=31536000');
  assert.equal((await secureHeaders('localhost'))['strict-transport-security'], undefined);
});

test('the HTTP-01 path stays on plain HTTP for any name (every other path of a public name goes to HTTPS), and an unknown token is 404', async () => {
  assert.equal(await plainGet('/.well-known/acme-challenge/abcdefghijklmnopqrstuvwxyz012345', NAME), 404);
  assert.equal(await plainGet('/.well-known/acme-challenge/..%2F..%2Fetc', NAME), 404);
  assert.equal(await plainGet('/', NAME), 301);
});

test('the order form refuses a wildcard, a CA that is not https and a missing agreement, each next to its field, and starts nothing', async () => {
  await admin.goto(`${HTTP}/admin/certificates.xhtml`);
  const jobs = await admin.locator('.wp-job').count();
  await field('acmeHost').fill('*.webphone.test');
  await field('acmeDirectory').fill('http://127.0.0.1:14000/dir');
  await field('acmeEmail').fill('not an address');
  await admin.getByRole('button', { name: 'Request Certificate' }).click();
  await admin.getByText('HTTP-01 cannot validate a wildcard name (RFC 8555 §8.3)').waitFor();
  await admin.getByText("the CA's directory URL, https://...").waitFor();
  await admin.getByText('an email address, or nothing').waitFor();
  await admin.getByText("the CA issues only to those who agree to its terms").waitFor();
  assert.equal(await admin.locator('.wp-job').count(), jobs, 'no order started');
});

test('the admin orders a certificate with ACME: the page shows its steps, pebble validates over HTTP-01, and SIP over TLS presents it at once, listed with its issuer and days left', async () => {
  await admin.goto(`${HTTP}/admin/customers.xhtml`);
  const nav = admin.locator('#nav');
  await nav.getByRole('menuitem', { name: 'Setup' }).hover();
  await nav.getByRole('menuitem', { name: 'Information' }).hover();
  await nav.getByRole('menuitem', { name: 'Certificates', exact: true }).click();
  await admin.waitForURL(at('/admin/certificates.xhtml'));
  assert.equal(await field('acmeDirectory').inputValue(), 'https://127.0.0.1:14000/dir',
    'the configured CA is proposed');
  const before = await servedSerial(5061, NAME);

  const text = await orderCertificate(admin, NAME, 'ops@webphone.test');
  assert.match(text, /ordering a certificate for acme-\d+\.webphone\.test/);
  assert.match(text, /the CA checks http:\/\/acme-\d+\.webphone\.test\/\.well-known\/acme-challenge\/ \(HTTP-01\)/);
  assert.match(text, /done/, text);
  assert.match(text, /issued by CN=Pebble Intermediate CA/);

  const served = await presented();
  assert.notEqual(BigInt(`0x${served.serialNumber}`), before);
  assert.ok(served.checkIssued(await pebbleIntermediate()), 'issued by pebble');
  assert.equal(served.subjectAltName, `DNS:${NAME}`);
  assert.equal(await servedSerial(8443, NAME), BigInt(`0x${served.serialNumber}`), 'by HTTPS and WSS too');
  const serial = served.serialNumber.toLowerCase().replace(/^0+/, '');
  await admin.locator('#stored').getByRole('row', { name: new RegExp(`${NAME} ${serial} .* acme`) }).waitFor();
  const row = admin.locator('#served').getByRole('row', { name: new RegExp(`SIP over TLS for ${NAME}`) });
  assert.match(await row.textContent(), /Pebble Intermediate CA/);
  assert.match((await row.locator('td').nth(6).textContent()).trim(), /^[67]$/, 'valid 7 days');
  await admin.locator('#coverage').getByRole('row', { name: /SIP domain: localhost yes/ }).waitFor();

  await admin.goto(`${HTTP}/admin/audit.xhtml`);
  await admin.getByText(new RegExp(`acme, serial ${serial}`)).first().waitFor();
});

test('Refresh Certificates renews the ordered certificate that is due, in the background with its steps shown, and the new one is presented', async () => {
  await admin.goto(`${HTTP}/admin/certificates.xhtml`);
  const old = await presented();
  const text = await newJob(admin, () => admin.getByRole('button', { name: 'Refresh Certificates' }).click());
  assert.match(text, /^\s*Refresh Certificates:/);
  assert.match(text, /checking \d+ ordered certificate/);
  assert.match(text, /1 renewed|[1-9]\d* renewed/, text);
  assert.doesNotMatch(text, /creating the account/, 'the account made for the first order is used');
  const renewed = await presented();
  assert.notEqual(renewed.serialNumber, old.serialNumber);
  assert.equal(await servedSerial(8443, NAME), BigInt(`0x${renewed.serialNumber}`));
  assert.ok(renewed.checkIssued(await pebbleIntermediate()));
});
