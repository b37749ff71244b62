// Load generator for bench/wss.sh: opens N WebSocket connections to a SIP server's /sip (or any
// RFC 7118 endpoint), registers user PREFIX<i> with digest on each, then refreshes registrations
// over the open connections for a while, then holds them open until told to let go. Answers the
// server's OPTIONS like a phone and, through `ws`, its pings.
//
//   node bench/wss-load.mjs URL N CONCURRENCY SECONDS PASSWORD CA_FILE HOLD_FILE
//
// Prints one JSON line per phase: {"phase":"register",...} then {"phase":"refresh",...}, then
// "holding" once every connection is registered and idle; exits when HOLD_FILE disappears.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../webphone-web/src/test/js/package.json', import.meta.url));
const WebSocket = require('ws');

const [url, nArg, concArg, secondsArg, password, caFile, holdFile] = process.argv.slice(2);
const N = Number(nArg);
const CONCURRENCY = Number(concArg);
const SECONDS = Number(secondsArg);
const DOMAIN = process.env.SIP_DOMAIN ?? 'localhost';
const PREFIX = process.env.USER_PREFIX ?? 'load';
const ca = readFileSync(caFile);
const md5 = (s) => createHash('md5').update(s).digest('hex');

class Phone {
  constructor(i) {
    this.user = `${PREFIX}${i}`;
    // Sources spread over 127.3.0.0/16, as phones behind many addresses: the server refuses an
    // address's connections past webphone.sip.ws-max-unsigned-per-address until they sign in.
    this.source = `127.3.${(i >> 8) & 255}.${i & 255 || 1}`;
    this.host = `${randomUUID().slice(0, 12)}.invalid`;
    this.callId = randomUUID();
    this.cseq = 0;
    this.nc = 0;
    this.challenge = null;
    this.pending = null;
  }

  open() {
    return new Promise((resolve, reject) => {
      this.ws = new WebSocket(url, ['sip'], {
        ca,
        headers: { Origin: 'https://localhost' },
        localAddress: this.source,
        perMessageDeflate: false,
      });
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
      this.ws.on('message', (data) => this.onFrame(data.toString()));
    });
  }

  onFrame(frame) {
    if (frame.startsWith('OPTIONS ')) {
      this.ws.send(ok(frame));
      return;
    }
    const status = Number(frame.slice(8, 11));
    if (status >= 200 && this.pending) {
      const p = this.pending;
      this.pending = null;
      p(frame);
    }
  }

  request(authorization) {
    const msg =
      `REGISTER sip:${DOMAIN} SIP/2.0\r\n` +
      `Via: SIP/2.0/WSS ${this.host};branch=z9hG4bK${randomUUID()}\r\n` +
      'Max-Forwards: 70\r\n' +
      `From: <sip:${this.user}@${DOMAIN}>;tag=${this.callId.slice(0, 8)}\r\n` +
      `To: <sip:${this.user}@${DOMAIN}>\r\n` +
      `Call-ID: ${this.callId}\r\n` +
      `CSeq: ${++this.cseq} REGISTER\r\n` +
      `Contact: <sip:${this.user}@${this.host};transport=ws>;+sip.instance="<urn:uuid:${this.callId}>";reg-id=1;expires=600\r\n` +
      'Supported: path, outbound, gruu\r\n' +
      authorization +
      'Content-Length: 0\r\n\r\n';
    return new Promise((resolve, reject) => {
      // A lost answer fails this phone instead of stalling the run (Timer F: 32 s).
      const timer = setTimeout(() => {
        this.pending = null;
        reject(new Error(`${this.user}: no answer within 32 s`));
      }, 32_000);
      this.pending = (frame) => {
        clearTimeout(timer);
        resolve(frame);
      };
      this.ws.send(msg);
    });
  }

  /** REGISTER until 200: answers 401 (new or stale nonce) with digest, reusing the nonce with nc+1. */
  async register() {
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = await this.request(this.challenge ? this.authorization() : '');
      const status = Number(answer.slice(8, 11));
      if (status === 200) return;
      if (status !== 401) throw new Error(`${this.user}: ${answer.split('\r\n')[0]}`);
      this.challenge = answer.match(/WWW-Authenticate: (.*)/i)[1];
      this.nc = 0;
    }
    throw new Error(`${this.user}: not registered after 3 challenges`);
  }

  authorization() {
    const param = (n) => this.challenge.match(new RegExp(`${n}="([^"]*)"`))[1];
    const realm = param('realm');
    const nonce = param('nonce');
    const nc = (++this.nc).toString(16).padStart(8, '0');
    const uri = `sip:${DOMAIN}`;
    const response = md5(
      `${md5(`${this.user}:${realm}:${password}`)}:${nonce}:${nc}:c0ffee:auth:${md5(`REGISTER:${uri}`)}`,
    );
    return (
      `Authorization: Digest username="${this.user}", realm="${realm}", nonce="${nonce}", ` +
      `uri="${uri}", response="${response}", algorithm=MD5, qop=auth, nc=${nc}, cnonce="c0ffee"\r\n`
    );
  }
}

function ok(request) {
  const keep = request
    .split('\r\n')
    .filter((l) => /^(Via|From|To|Call-ID|CSeq):/i.test(l))
    .map((l) => (/^To:/i.test(l) ? `${l};tag=bench` : l));
  return `SIP/2.0 200 OK\r\n${keep.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`;
}

async function pool(items, width, work) {
  let next = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const item = items[next++];
        try {
          await work(item);
        } catch (e) {
          failures++;
          if (failures <= 5) console.error(String(e.message ?? e));
        }
      }
    }),
  );
  return failures;
}

const phones = Array.from({ length: N }, (_, i) => new Phone(i + 1));
let t0 = process.hrtime.bigint();
const failedRegister = await pool(phones, CONCURRENCY, async (p) => {
  await p.open();
  await p.register();
});
let seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(
  JSON.stringify({
    phase: 'register',
    connections: N - failedRegister,
    failed: failedRegister,
    seconds: +seconds.toFixed(2),
    perSecond: Math.round((N - failedRegister) / seconds),
  }),
);

// Refresh over the open connections, one REGISTER in flight per connection, for SECONDS.
const live = phones.filter((p) => p.ws?.readyState === WebSocket.OPEN);
let refreshed = 0;
let refreshFailures = 0;
const until = Date.now() + SECONDS * 1000;
t0 = process.hrtime.bigint();
await Promise.all(
  live.map(async (p) => {
    while (Date.now() < until) {
      try {
        await p.register();
        refreshed++;
      } catch {
        refreshFailures++;
        return;
      }
    }
  }),
);
seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(
  JSON.stringify({
    phase: 'refresh',
    registers: refreshed,
    failed: refreshFailures,
    seconds: +seconds.toFixed(2),
    perSecond: Math.round(refreshed / seconds),
  }),
);

console.log(JSON.stringify({ phase: 'holding', open: live.filter((p) => p.ws.readyState === 1).length }));
await new Promise((resolve) => {
  const t = setInterval(() => {
    if (!existsSync(holdFile)) {
      clearInterval(t);
      resolve();
    }
  }, 200);
});
for (const p of phones) p.ws?.terminate();
