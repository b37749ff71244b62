// Setup → Settings → Domains and Setup → Information → Certificates, as an admin uses them in
// Chromium. Domains: a name that is no host name is refused next to its field; the web and WebRTC
// domains are saved (audited), the screen says which DNS records to create and, when asked, what
// the names resolve to against the public address; the phone is told to connect to
// wss://<WebRTC domain>/sip, and the WebSocket takes pages from the web domain. At the end the
// names are cleared again (the other stories use the page's origin). Only names in /etc/hosts are
// looked up: the offline run has no resolver to ask. Certificates: what the listeners serve, and
// Add Certificate's checks (openssl makes the certificates).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { adminBrowser, at } from './admin-pages.mjs';
import { DATA, HTTP, WS_URL, demoPassword, serverCertificate } from './server.mjs';
import { WEB_SCENARIOS, sipp } from './sipp.mjs';
import { serialOf, servedSerial, tlsTo } from './tls-probe.mjs';

let browser;
let admin;

before(async () => {
  ({ browser, admin } = await adminBrowser());
});

after(async () => {
  try {
    await setDomains('', '');
  } finally {
    await browser?.close();
  }
});

const field = (id) => admin.locator(`#domains\\:${id}`);

async function openDomains() {
  const nav = admin.locator('#nav');
  await nav.getByRole('menuitem', { name: 'Setup' }).hover();
  await nav.getByRole('menuitem', { name: 'Settings' }).hover();
  await nav.getByRole('menuitem', { name: 'Domains', exact: true }).click();
  await admin.waitForURL(at('/admin/domains.xhtml'));
}

async function setDomains(web, webrtc) {
  await admin.goto(`${HTTP}/admin/domains.xhtml`);
  await field('webDomain').fill(web);
  await field('webrtcDomain').fill(webrtc);
  await admin.getByRole('button', { name: 'Save' }).click();
}

/** Whether a WebSocket handshake on /sip with `origin` is upgraded. */
const handshake = (origin) =>
  new Promise((resolve) => {
    const ws = new WebSocket(WS_URL, 'sip', { headers: { Origin: origin } });
    ws.on('open', () => {
      ws.close();
      resolve(true);
    });
    ws.on('unexpected-response', () => resolve(false));
    ws.on('error', () => resolve(false));
  });

test('a name that is no host name is refused next to its field, and nothing is saved', async () => {
  await openDomains();
  await field('webDomain').fill('https://phone.example.com/');
  await field('webrtcDomain').fill('webrtc..example.com');
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.getByText('a host name only, without scheme or path').waitFor();
  await admin.getByText(/^letters, digits and hyphens between dots/).waitFor();
  const config = await (await fetch(`${HTTP}/api/config`)).json();
  assert.equal(config.websocket, undefined, 'the phone still uses its own origin');
});

test("the admin names the platform: the screen lists the DNS records; the phone connects to the WebRTC domain; the web domain's pages may use the WebSocket", async () => {
  assert.equal(await handshake('https://phone.example.com'), false, 'a page elsewhere is refused');
  await setDomains('Phone.Example.com', 'webrtc.example.com');
  await admin.getByText('Domains saved.').waitFor();
  assert.equal(await field('webDomain').inputValue(), 'phone.example.com', 'kept in lower case');
  const records = admin.locator('#domains\\:records');
  await records.getByRole('row', { name: /webrtc\.example\.com\. A 127\.0\.0\.1/ }).waitFor();
  await records.getByRole('row', { name: /phone\.example\.com\. CNAME webrtc\.example\.com\./ }).waitFor();
  const config = await (await fetch(`${HTTP}/api/config`)).json();
  assert.equal(config.websocket, 'wss://webrtc.example.com:8443/sip');
  assert.equal(await handshake('https://phone.example.com'), true, 'a page on the web domain may connect');
  assert.equal(await handshake('https://evil.example.com'), false);

  await admin.goto(`${HTTP}/admin/audit.xhtml`);
  await admin.getByText(/web phone\.example\.com, webrtc webrtc\.example\.com/).first().waitFor();
});

test('for names the resolver knows, the screen says what they resolve to and that it is the public address', async () => {
  await setDomains('localhost', 'localhost');
  await admin.getByText('Domains saved.').waitFor();
  await admin.getByRole('button', { name: 'Look the names up' }).click();
  const row = admin.locator('#domains\\:resolutions').getByRole('row', { name: /^localhost / });
  await row.waitFor();
  assert.match(await row.textContent(), /127\.0\.0\.1/);
  assert.match(await row.textContent(), /matches/);
});

/** Setup → Settings → Domains → Change SIP domain to `domain`. */
async function changeSipDomain(domain) {
  await admin.goto(`${HTTP}/admin/domains.xhtml`);
  await admin.locator('#sip\\:sipDomain').fill(domain);
  await admin.getByRole('button', { name: 'Change SIP domain' }).click();
}

/** Registers bob's desk phone (SIPp) as sip:bob@`domain` with his password; the trace. */
async function bobRegistersAt(domain) {
  const r = await sipp(`${WEB_SCENARIOS}register-as.xml`, 0, [
    '-s', 'bob', '-au', 'bob', '-ap', demoPassword('bob'), '-key', 'domain', domain,
    '-key', 'contact_port', '5999', '-key', 'expires', '0',
  ]);
  return r;
}

test('the admin moves the SIP domain: every address moves with it, passwords keep working (the realm stays), the phone app is told, and the old domain is no longer ours', async () => {
  try {
    await admin.goto(`${HTTP}/admin/domains.xhtml`);
    assert.equal(await admin.locator('#sip\\:sipDomain').inputValue(), 'localhost');
    await changeSipDomain('*.webphone.test');
    await admin.getByText('one domain, without a wildcard: it is the host of every address').waitFor();

    await changeSipDomain('Voice.webphone.test');
    await admin.getByText(/^SIP domain voice\.webphone\.test: \d+ accounts moved to it, their passwords unchanged\.$/).waitFor();
    const config = await (await fetch(`${HTTP}/api/config`)).json();
    assert.equal(config.domain, 'voice.webphone.test');

    const atNew = await bobRegistersAt('voice.webphone.test');
    assert.equal(atNew.code, 0, atNew.trace);
    assert.match(atNew.trace, /WWW-Authenticate: Digest realm="localhost"/, 'the realm his password was set in');
    const atOld = await bobRegistersAt('localhost');
    assert.notEqual(atOld.code, 0);
    assert.match(atOld.trace, /SIP\/2\.0 404 Not our domain/);

    await admin.goto(`${HTTP}/admin/audit.xhtml`);
    await admin.getByText(/SIP domain voice\.webphone\.test \(was localhost\); \d+ accounts moved, realms kept/).first().waitFor();
  } finally {
    await changeSipDomain('localhost'); // the other stories call sip:…@localhost
    await admin.getByText(/^SIP domain localhost/).waitFor();
  }
  const back = await bobRegistersAt('localhost');
  assert.equal(back.code, 0, back.trace);
});

test("Setup → Information → Certificates shows what the listeners serve: the server's own self-signed certificate for localhost (no key store from the run command), its names and days left, and that it covers the platform's names", async () => {
  const nav = admin.locator('#nav');
  await admin.goto(`${HTTP}/admin/customers.xhtml`);
  await nav.getByRole('menuitem', { name: 'Setup' }).hover();
  await nav.getByRole('menuitem', { name: 'Information' }).hover();
  await nav.getByRole('menuitem', { name: 'Certificates', exact: true }).click();
  await admin.waitForURL(at('/admin/certificates.xhtml'));
  const served = admin.locator('#served').getByRole('row', { name: /CN=localhost/ });
  await served.waitFor();
  const text = await served.textContent();
  assert.match(text, /self-signed/);
  assert.match(text, /localhost, 127\.0\.0\.1/);
  const days = Number((await served.locator('td').nth(6).textContent()).trim()); // "Days left"
  assert.equal((await served.locator('td').first().textContent()).trim(), 'HTTPS, WSS, SIP over TLS');
  assert.ok(days > 700, `days left: ${text}`); // the server makes it for 825 days
  assert.equal(existsSync(join(DATA, 'tls', 'keystore.p12')), false, 'the run command makes no key store');
  const own = BigInt(`0x${new X509Certificate(serverCertificate()).serialNumber}`);
  assert.equal(await servedSerial(8443, 'localhost'), own, 'HTTPS presents the one in data/tls/certificate.pem');
  assert.equal(await servedSerial(5061, 'localhost'), own, 'so does SIP over TLS');
  await admin.locator('#coverage').getByRole('row', { name: /SIP domain: localhost yes/ }).waitFor();
});

/** A self-signed certificate and key for `name`, as openssl writes them (PEM, PKCS #8). */
function selfSigned(name) {
  const dir = mkdtempSync(join(tmpdir(), 'webphone-cert-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '30', '-subj', `/CN=${name}`,
    '-addext', `subjectAltName=DNS:${name}`], { stdio: 'ignore' });
  const serial = execFileSync('openssl', ['x509', '-noout', '-serial', '-in', join(dir, 'cert.pem')]).toString();
  return {
    chain: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    serial: BigInt(`0x${serial.trim().replace('serial=', '')}`),
  };
}

/** A certificate and key for `name` that expired in February 2025 (keytool can date it back). */
function expired(name) {
  const dir = mkdtempSync(join(tmpdir(), 'webphone-cert-'));
  const store = ['-keystore', join(dir, 'ks.p12'), '-storetype', 'PKCS12', '-storepass', 'changeit'];
  execFileSync('keytool', ['-genkeypair', '-alias', 'x', '-keyalg', 'EC', '-groupname', 'secp256r1',
    '-startdate', '2025/01/01 00:00:00', '-validity', '30', '-dname', `CN=${name}`, '-ext', `SAN=dns:${name}`,
    ...store], { stdio: 'ignore' });
  execFileSync('keytool', ['-exportcert', '-rfc', '-alias', 'x', ...store, '-file', join(dir, 'cert.pem')],
    { stdio: 'ignore' });
  const key = execFileSync('openssl', ['pkcs12', '-in', join(dir, 'ks.p12'), '-nocerts', '-nodes',
    '-passin', 'pass:changeit']).toString();
  return { chain: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: key.slice(key.indexOf('-----BEGIN')) };
}

/** A TLS connection to the SIP listener (5061) asking for `servername`, once it is up. */
const sipTls = (servername) => tlsTo(5061, servername);

/** Sends an OPTIONS over `socket` and resolves to the status line of the answer. */
const options = (socket, n) =>
  new Promise((resolve) => {
    socket.once('data', (d) => resolve(d.toString().split('\r\n')[0]));
    socket.write(`OPTIONS sip:127.0.0.1:5061 SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bKlive${n}\r\n` +
      `Max-Forwards: 70\r\nFrom: <sip:probe@localhost>;tag=${n}\r\nTo: <sip:127.0.0.1:5061>\r\nCall-ID: live-${n}-${Date.now()}\r\n` +
      'CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n');
  });

test('Add Certificate: a key of another certificate, a wrong name, an expired certificate and garbage are each refused next to their field with nothing stored; a good one is stored, its key sealed with a key kept in a file only the server reads', async () => {
  await admin.goto(`${HTTP}/admin/certificates.xhtml`);
  const stored = admin.locator('#stored tbody tr:not(.ui-datatable-empty-message)');
  const before = await stored.count();
  const good = selfSigned('upload.example.com');
  const other = selfSigned('upload.example.com');
  const add = async (host, chain, key) => {
    await admin.locator('#add\\:host').fill(host);
    await admin.locator('#add\\:chain').fill(chain);
    await admin.locator('#add\\:key').fill(key);
    await admin.getByRole('button', { name: 'Add Certificate' }).click();
  };
  await add('upload.example.com', good.chain, other.key);
  await admin.getByText('this private key does not belong to the first certificate of the chain').waitFor();
  await add('other.example.com', good.chain, good.key);
  await admin.getByText('the certificate does not name other.example.com (it names [upload.example.com])').waitFor();
  const old = expired('upload.example.com');
  await add('upload.example.com', old.chain, old.key);
  await admin.getByText(/^the certificate expired on 2025-01-31T/).waitFor();
  await add('upload.example.com', 'hello', 'world');
  await admin.getByText('not a PEM certificate chain (-----BEGIN CERTIFICATE-----)').waitFor();
  await admin.getByText('not a PEM private key (-----BEGIN PRIVATE KEY-----)').waitFor();
  assert.equal(await stored.count(), before, 'nothing stored');

  // SIP over TLS before: not this certificate (the run command's, or one added earlier).
  const earlier = await sipTls('upload.example.com');
  assert.notEqual(serialOf(earlier), good.serial);
  const baseline = await sipTls('localhost');
  const started = serialOf(baseline);
  baseline.destroy();

  await add('upload.example.com', good.chain, good.key);
  await admin.getByText('Certificate for upload.example.com stored; HTTPS, WSS and SIP over TLS present it now.').waitFor();
  // ... and after, without a restart: the new one to clients asking for the name, the old one to
  // those that ask for none; the connection opened before goes on as it was.
  const later = await sipTls('upload.example.com');
  assert.equal(serialOf(later), good.serial, 'the added certificate, presented at once');
  assert.equal(await servedSerial(8443, 'upload.example.com'), good.serial, 'by HTTPS and WSS too');
  assert.notEqual(await servedSerial(8443, 'localhost'), good.serial);
  const elsewhere = await sipTls('localhost');
  assert.equal(serialOf(elsewhere), started, 'other names keep theirs');
  elsewhere.destroy(); // an open socket would keep this test file's process alive
  assert.match(await options(earlier, 1), /^SIP\/2\.0 /, 'the earlier connection still answers');
  earlier.destroy();
  later.destroy();
  await admin.locator('#stored').getByRole('row', { name: /upload\.example\.com .* upload/ }).first().waitFor();
  assert.equal(await stored.count(), before + 1);
  assert.equal(await admin.locator('#add\\:key').inputValue(), '', 'the key is not shown again');
  const vault = join(DATA, 'tls', 'vault.key');
  assert.equal(statSync(vault).mode & 0o777, 0o600);
  assert.equal(statSync(vault).size, 32);
});
