// A hostile peer on loopback, for bench/abuse.sh. Three kinds of load, each bounded in count and
// time, from many source addresses of 127.0.0.0/8 (so that no per-source limit is what stops it):
//
//   node bench/abuse.mjs flood PORT METHOD COUNT RATE SOURCES
//       out-of-dialog requests of METHOD (or in-dialog ones with a made-up To tag for ACK/BYE...
//       when METHOD ends in "~"), paced at RATE/s; counts the answers by status
//   node bench/abuse.mjs wrong-passwords PORT DOMAIN USER COUNT RATE SOURCES
//       REGISTER, take the 401, answer it with a wrong password; counts the final answers
//   node bench/abuse.mjs spray FIRST LAST COUNT RATE
//       RTP-looking datagrams at every even and odd port of FIRST..LAST in turn
//
// Prints one JSON line: what was sent, what came back, how long it took.
import dgram from 'node:dgram';
import { createHash, randomUUID } from 'node:crypto';

const [mode, ...args] = process.argv.slice(2);
const md5 = (s) => createHash('md5').update(s).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function sockets(n) {
  const list = [];
  for (let i = 0; i < n; i++) {
    const s = dgram.createSocket('udp4');
    // 127.1.0.0/16 onwards: distinct sources, all on this machine's loopback.
    await new Promise((res, rej) => {
      s.once('error', rej);
      s.bind(0, `127.${1 + (i >> 16)}.${(i >> 8) & 255}.${(i & 255) || 1}`, res);
    });
    s.setRecvBufferSize?.(1 << 20);
    list.push(s);
  }
  return list;
}

/**
 * What each method needs to be well formed (RFC 6665 §8.2, RFC 3903 §4): the flood is of requests
 * the server must refuse for what they ask, not for how they are written.
 */
const REQUIRED = {
  NOTIFY: 'Event: presence\r\nSubscription-State: active\r\n',
  PUBLISH: 'Event: presence\r\n',
};

function request(method, s, port, extra = '', toTag = '') {
  const { address, port: local } = s.address();
  const cseqMethod = method;
  return (
    `${method} sip:victim@127.0.0.1:${port} SIP/2.0\r\n` +
    `Via: SIP/2.0/UDP ${address}:${local};branch=z9hG4bK${randomUUID()};rport\r\n` +
    'Max-Forwards: 70\r\n' +
    `From: <sip:mallory@${address}>;tag=${randomUUID().slice(0, 8)}\r\n` +
    `To: <sip:victim@127.0.0.1>${toTag ? `;tag=${toTag}` : ''}\r\n` +
    `Call-ID: ${randomUUID()}\r\n` +
    `CSeq: 1 ${cseqMethod}\r\n` +
    `Contact: <sip:mallory@${address}:${local}>\r\n` +
    (/^Event:/im.test(extra) ? '' : (REQUIRED[method] ?? '')) +
    extra +
    'Content-Length: 0\r\n\r\n'
  );
}

/** Sends COUNT messages made by make(socket, i) at RATE/s over the sockets, round robin. */
async function paced(list, count, rate, make, port, host = '127.0.0.1') {
  const started = process.hrtime.bigint();
  const burst = Math.max(1, Math.round(rate / 100)); // 10 ms slices
  for (let i = 0; i < count; i += burst) {
    for (let j = i; j < Math.min(count, i + burst); j++) {
      const s = list[j % list.length];
      const m = make(s, j);
      s.send(m.bytes ?? Buffer.from(m), m.port ?? port, host);
    }
    const due = Number(started) / 1e6 + ((i + burst) * 1000) / rate;
    const wait = due - Number(process.hrtime.bigint()) / 1e6;
    if (wait > 0) await sleep(wait);
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function statusOf(msg) {
  const text = msg.toString('latin1');
  return text.startsWith('SIP/2.0 ') ? Number(text.slice(8, 11)) : 0;
}

async function flood([port, method, count, rate, sources]) {
  const inDialog = method.endsWith('~');
  const m = inDialog ? method.slice(0, -1) : method;
  const list = await sockets(Number(sources));
  const codes = {};
  let answered = 0;
  for (const s of list) {
    s.on('message', (msg) => {
      const st = statusOf(msg);
      if (st >= 200) {
        answered++;
        codes[st] = (codes[st] ?? 0) + 1;
      }
    });
  }
  const seconds = await paced(
    list,
    Number(count),
    Number(rate),
    (s) => request(m, s, Number(port), '', inDialog ? `x_${randomUUID().slice(0, 8)}_y` : ''),
    Number(port),
  );
  await settle(() => answered, m === 'ACK' ? 0 : Number(count));
  list.forEach((s) => s.close());
  console.log(JSON.stringify({ mode: 'flood', method, sent: Number(count), seconds, answered, codes }));
}

/** Waits until count() reaches expected or stops rising for 2 s. */
async function settle(count, expected) {
  let last = -1;
  let still = 0;
  while (count() < expected && still < 20) {
    await sleep(100);
    still = count() === last ? still + 1 : 0;
    last = count();
  }
}

async function wrongPasswords([port, domain, user, count, rate, sources]) {
  const list = await sockets(Number(sources));
  const codes = {};
  let finals = 0;
  for (const s of list) {
    s.on('message', (msg) => {
      const text = msg.toString('latin1');
      const st = statusOf(msg);
      if (st === 401) {
        const nonce = /nonce="([^"]+)"/.exec(text)[1];
        const realm = /realm="([^"]+)"/.exec(text)[1];
        const uri = `sip:${domain}`;
        const ha1 = md5(`${user}:${realm}:wrong-${randomUUID()}`);
        const cnonce = randomUUID().slice(0, 8);
        const response = md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${md5(`REGISTER:${uri}`)}`);
        const auth =
          `Authorization: Digest username="${user}", realm="${realm}", nonce="${nonce}", ` +
          `uri="${uri}", response="${response}", algorithm=MD5, qop=auth, nc=00000001, ` +
          `cnonce="${cnonce}"\r\n`;
        s.send(Buffer.from(register(s, domain, user, auth)), Number(port), '127.0.0.1');
      } else if (st >= 200) {
        finals++;
        codes[st] = (codes[st] ?? 0) + 1;
      }
    });
  }
  const seconds = await paced(list, Number(count), Number(rate), (s) => register(s, domain, user, ''), Number(port));
  await settle(() => finals, Number(count));
  list.forEach((s) => s.close());
  console.log(JSON.stringify({ mode: 'wrong-passwords', sent: Number(count), seconds, finals, codes }));
}

function register(s, domain, user, auth) {
  const { address, port } = s.address();
  return (
    `REGISTER sip:${domain} SIP/2.0\r\n` +
    `Via: SIP/2.0/UDP ${address}:${port};branch=z9hG4bK${randomUUID()};rport\r\n` +
    'Max-Forwards: 70\r\n' +
    `From: <sip:${user}@${domain}>;tag=${randomUUID().slice(0, 8)}\r\n` +
    `To: <sip:${user}@${domain}>\r\n` +
    `Call-ID: ${randomUUID()}\r\n` +
    'CSeq: 1 REGISTER\r\n' +
    `Contact: <sip:${user}@${address}:${port}>\r\n` +
    auth +
    'Content-Length: 0\r\n\r\n'
  );
}

async function spray([first, last, count, rate]) {
  const list = await sockets(4);
  let received = 0;
  list.forEach((s) => s.on('message', () => received++));
  const lo = Number(first);
  const span = Number(last) - lo + 1;
  const packet = Buffer.alloc(172);
  packet[0] = 0x80; // RTP version 2
  packet[1] = 0; // PCMU
  const seconds = await paced(list, Number(count), Number(rate), (s, i) => {
    packet.writeUInt16BE(i & 0xffff, 2);
    packet.writeUInt32BE(0x5eed0000 + (i % 4), 8);
    return { bytes: packet, port: lo + (i % span) };
  });
  await sleep(500);
  list.forEach((s) => s.close());
  console.log(JSON.stringify({ mode: 'spray', sent: Number(count), seconds, answeredToSprayer: received }));
}

const modes = { flood, 'wrong-passwords': wrongPasswords, spray };
if (!modes[mode]) {
  console.error('usage: node bench/abuse.mjs flood|wrong-passwords|spray ...');
  process.exit(2);
}
await modes[mode](args);
