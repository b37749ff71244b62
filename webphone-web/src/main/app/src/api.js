// The phone's REST API (docs/phone-api.md) with the SIP account's credentials: POST /api/token
// answers the server's digest challenge (RFC 7616, MD5 as SIP uses it; JsSIP's own MD5), and the
// bearer token it gives is used for the phonebook (with its ETag) and the call history.
//
// Every request omits credentials (cookies, HTTP auth): a 401 with a Digest challenge to a fetch
// that includes them makes the browser ask the user for a password in its own dialog (Fetch
// standard, HTTP-network-or-cache fetch), which in Chromium also stops the page's input until it is
// answered. The bearer token is all these calls need.
import { calculateMD5 as md5 } from 'jssip/lib/Utils';

export class Api {
  constructor(user, password) {
    this.user = user;
    this.password = password;
    this.token = null;
    this.etag = null;
    this.contacts = [];
  }

  async #token() {
    const first = await fetch('/api/token', { method: 'POST', credentials: 'omit' });
    const challenge = first.headers.get('WWW-Authenticate') ?? '';
    const param = (n) => (challenge.match(new RegExp(`${n}="([^"]*)"`)) ?? [])[1];
    const realm = param('realm');
    const nonce = param('nonce');
    const cnonce = Math.random().toString(16).slice(2);
    const ha1 = md5(`${this.user}:${realm}:${this.password}`);
    const response = md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${md5('POST:/api/token')}`);
    const r = await fetch('/api/token', {
      method: 'POST',
      credentials: 'omit',
      headers: {
        Authorization:
          `Digest username="${this.user}", realm="${realm}", nonce="${nonce}", uri="/api/token", ` +
          `response="${response}", algorithm=MD5, qop=auth, nc=00000001, cnonce="${cnonce}"`,
      },
    });
    if (!r.ok) throw new Error(`POST /api/token: ${r.status}`);
    this.token = (await r.json()).access_token;
  }

  /** GET with the bearer token; a token that expired is renewed once. */
  async #get(path, headers = {}) {
    if (!this.token) await this.#token();
    const get = () =>
      fetch(path, {
        credentials: 'omit',
        headers: { ...headers, Authorization: `Bearer ${this.token}` },
      });
    let r = await get();
    if (r.status === 401) {
      await this.#token();
      r = await get();
    }
    return r;
  }

  /** The customer's phonebook, fetched again only when it changed (ETag, 304). */
  async phonebook() {
    const r = await this.#get('/api/phonebook', this.etag ? { 'If-None-Match': this.etag } : {});
    if (r.status === 304) return this.contacts;
    if (!r.ok) throw new Error(`GET /api/phonebook: ${r.status}`);
    this.etag = r.headers.get('ETag');
    this.contacts = (await r.json()).contacts;
    return this.contacts;
  }

  /** This phone's calls, newest first. */
  async history(limit = 50) {
    const r = await this.#get(`/api/history?limit=${limit}`);
    if (!r.ok) throw new Error(`GET /api/history: ${r.status}`);
    return r.json();
  }
}
