// The running embedded default (./bin/webphone) as the tests see it: its addresses, the demo
// accounts' passwords and certificate from its data folder, its metrics, and HTTP digest for the
// phone API's POST /api/token.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const HTTP = process.env.WEBPHONE_HTTP ?? 'http://localhost:8080';
export const HTTPS = process.env.WEBPHONE_HTTPS ?? 'https://localhost:8443';
export const WS_URL = HTTP.replace(/^http/, 'ws') + '/sip';
export const WSS_URL = HTTPS.replace(/^https/, 'wss') + '/sip';
export const DATA = process.env.WEBPHONE_DATA_DIR ?? new URL('../../../../data', import.meta.url).pathname;

/** The demo account's password, as the run command wrote it (data/demo-users.properties). */
export function demoPassword(user) {
  const line = readFileSync(join(DATA, 'demo-users.properties'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(user + '='));
  if (!line) throw new Error(`no demo password for ${user}`);
  return line.slice(user.length + 1).trim();
}

/** The server's self-signed certificate (PEM), so that TLS is verified, not skipped. */
export function serverCertificate() {
  return readFileSync(join(DATA, 'tls', 'certificate.pem'));
}

/**
 * One value from the MicroProfile Metrics endpoint (Prometheus text) of the server, or of the node
 * at `base`; 0 while absent.
 */
export async function metric(name, base = HTTP) {
  const text = await (await fetch(`${base}/metrics?scope=application`)).text();
  const m = text.match(new RegExp(`^${name}(\\{[^}]*\\})?\\s+([0-9.eE+-]+)`, 'm'));
  return m ? Number(m[2]) : 0;
}

/** Polls `probe` until it returns a truthy value or `ms` pass; returns that value or throws. */
export async function eventually(probe, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const md5 = (s) => createHash('md5').update(s).digest('hex');

/** RFC 2617 §3.2.2 (qop=auth) for a REGISTER to sip:localhost, as an Authorization header line. */
export function authorization(challenge, user, password, nc = 1) {
  const value = httpDigest(challenge, {
    method: 'REGISTER',
    uri: 'sip:localhost',
    user,
    password,
    nc,
  });
  return `Authorization: ${value}\r\n`;
}

/**
 * The value of an Authorization header answering `challenge` (a WWW-Authenticate value) for an
 * HTTP request: RFC 2617 §3.2.2 with qop=auth and MD5, a fresh random cnonce each time.
 */
export function httpDigest(challenge, { method, uri, user, password, nc = 1 }) {
  const param = (n) => challenge.match(new RegExp(`${n}="([^"]*)"`))[1];
  const realm = param('realm');
  const nonce = param('nonce');
  const ncHex = nc.toString(16).padStart(8, '0');
  const cnonce = randomBytes(8).toString('hex');
  const ha1 = md5(`${user}:${realm}:${password}`);
  const response = md5(`${ha1}:${nonce}:${ncHex}:${cnonce}:auth:${md5(`${method}:${uri}`)}`);
  return (
    `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", ` +
    `response="${response}", algorithm=MD5, qop=auth, nc=${ncHex}, cnonce="${cnonce}"`
  );
}

/**
 * POST /api/token the way a phone does: ask, take the server's digest challenge, answer it with
 * `user` and `password`. Returns the answer's Response (200 with the token, or 401/429).
 */
export async function apiToken(user, password) {
  const url = `${HTTP}/api/token`;
  const challenge = await fetch(url, { method: 'POST' });
  await challenge.body?.cancel();
  if (challenge.status !== 401) {
    throw new Error(`POST /api/token without credentials got ${challenge.status}, not 401`);
  }
  const authorization = httpDigest(challenge.headers.get('www-authenticate'), {
    method: 'POST',
    uri: new URL(url).pathname,
    user,
    password,
  });
  return fetch(url, { method: 'POST', headers: { Authorization: authorization } });
}
