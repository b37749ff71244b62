// SIP over WebSocket (RFC 7118) at wss://localhost:8443/sip, driven by Node's `ws` client: the
// handshake rules, digest registration, and what bad input gets.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { test } from 'node:test';
import WebSocket from 'ws';
import { HTTPS, WSS_URL, authorization, demoPassword, httpDigest, serverCertificate } from './server.mjs';

const ca = serverCertificate();

/** Opens /sip; resolves with the socket, or with the HTTP status that refused the handshake. */
function connect({ protocol = 'sip', origin = HTTPS, from, forwardedFor } = {}) {
  const headers = origin ? { Origin: origin } : {};
  if (forwardedFor) headers['X-Forwarded-For'] = forwardedFor;
  const ws = new WebSocket(WSS_URL, protocol ? [protocol] : [], { ca, headers, localAddress: from });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (req, res) => resolve(res.statusCode));
    ws.once('error', reject);
  });
}

/** The frames a connection receives, in order. */
function inbox(ws) {
  const frames = [];
  const waiting = [];
  ws.on('message', (data) => {
    const next = waiting.shift();
    if (next) next(data.toString());
    else frames.push(data.toString());
  });
  return () =>
    frames.length
      ? Promise.resolve(frames.shift())
      : new Promise((resolve, reject) => {
          const t = setTimeout(() => reject(new Error('no frame within 10 s')), 10_000);
          waiting.push((f) => {
            clearTimeout(t);
            resolve(f);
          });
        });
}

function register(callId, cseq, extra = '') {
  return (
    'REGISTER sip:localhost SIP/2.0\r\n' +
    `Via: SIP/2.0/WSS n0d3t3st.invalid;branch=z9hG4bK${randomUUID()}\r\n` +
    'Max-Forwards: 70\r\n' +
    'From: <sip:alice@localhost>;tag=node1\r\n' +
    'To: <sip:alice@localhost>\r\n' +
    `Call-ID: ${callId}\r\n` +
    `CSeq: ${cseq} REGISTER\r\n` +
    'Contact: <sip:alice@n0d3t3st.invalid;transport=ws>;expires=600\r\n' +
    extra +
    'Content-Length: 0\r\n\r\n'
  );
}

async function registerAlice(ws, next) {
  const callId = randomUUID();
  ws.send(register(callId, 1));
  const challenge = await next();
  assert.match(challenge, /^SIP\/2\.0 401 /);
  ws.send(register(callId, 2, authorization(challenge, 'alice', demoPassword('alice'))));
  return next();
}

test('a handshake without the sip subprotocol is refused with 400', async () => {
  assert.equal(await connect({ protocol: null }), 400);
});

test('a handshake from a foreign Origin, or with none, is refused with 403', async () => {
  assert.equal(await connect({ origin: 'https://evil.example' }), 403);
  assert.equal(await connect({ origin: null }), 403);
});

test('alice registers with digest over WSS, on TLS 1.2 or newer', async () => {
  const ws = await connect();
  assert.equal(ws.protocol, 'sip');
  assert.match(ws._socket.getProtocol(), /^TLSv1\.[23]$/);
  const ok = await registerAlice(ws, inbox(ws));
  assert.match(ok, /^SIP\/2\.0 200 OK\r\n/);
  assert.match(ok, /Via: SIP\/2\.0\/WSS n0d3t3st\.invalid;branch=\S+;received=127\.0\.0\.1/);
  assert.match(ok, /<sip:alice@n0d3t3st\.invalid;transport=ws>;expires=\d+/);
  ws.close();
});

test('one address holds at most 20 connections that have not signed in: the next is closed with 1008, and signing in frees a place', async () => {
  const from = '127.0.0.77';
  const idle = [];
  for (let i = 0; i < 20; i++) idle.push(await connect({ from }));
  const refused = await connect({ from });
  const [code, reason] = await once(refused, 'close');
  assert.equal(code, 1008);
  assert.equal(reason.toString(), 'too many connections not signed in');
  for (const ws of idle) assert.equal(ws.readyState, WebSocket.OPEN, 'the earlier ones stay');

  // One of them signs in as alice: it no longer counts, so one more may connect.
  assert.match(await registerAlice(idle[0], inbox(idle[0])), /^SIP\/2\.0 200 OK/);
  const next = await connect({ from });
  const answers = inbox(next);
  next.send(register(randomUUID(), 1));
  assert.match(await answers(), /^SIP\/2\.0 401 /, 'a place was free: the connection is served');
  for (const ws of [...idle, next]) ws.close();
});

// The offline run names 127.0.0.5 as a load balancer in front of the node (run-command-offline.sh).
const FRONT = process.env.WEBPHONE_WEB_TRUSTED_PROXIES ?? '127.0.0.5';

test('through the load balancer a connection counts as the client it names; anyone else naming one is ignored', async () => {
  const viaFront = await connect({ from: FRONT, forwardedFor: '1.2.3.4, 198.51.100.7' });
  const ok = await registerAlice(viaFront, inbox(viaFront));
  assert.match(ok, /Via: SIP\/2\.0\/WSS n0d3t3st\.invalid;branch=\S+;received=198\.51\.100\.7/);
  viaFront.close();

  const spoofer = await connect({ from: '127.0.0.6', forwardedFor: '198.51.100.8' });
  const mine = await registerAlice(spoofer, inbox(spoofer));
  assert.match(mine, /Via: SIP\/2\.0\/WSS n0d3t3st\.invalid;branch=\S+;received=127\.0\.0\.6/);
  spoofer.close();
});

test('a frame that is no SIP closes that connection with a reason; others keep working', async () => {
  const garbler = await connect();
  const alice = await connect();
  garbler.send('hello, is this SIP?');
  const [code, reason] = await once(garbler, 'close');
  assert.equal(code, 1002);
  assert.equal(reason.toString(), 'not a SIP message');
  assert.match(await registerAlice(alice, inbox(alice)), /^SIP\/2\.0 200 OK/);
  alice.close();
});

test('a request with a broken header gets a 400 that names it, and the connection stays', async () => {
  const ws = await connect();
  const next = inbox(ws);
  ws.send(register(randomUUID(), 1).replace('CSeq: 1 REGISTER', 'CSeq: one REGISTER'));
  assert.match(await next(), /^SIP\/2\.0 400 Bad Request \(.+\)\r\n/);
  assert.match(await registerAlice(ws, next), /^SIP\/2\.0 200 OK/);
  ws.close();
});

test('a double-CRLF keep-alive gets a CRLF pong (RFC 5626 §3.5.1)', async () => {
  const ws = await connect();
  const next = inbox(ws);
  ws.send('\r\n\r\n');
  assert.equal(await next(), '\r\n');
  ws.close();
});

test('a frame larger than any SIP message closes the connection (1009)', async () => {
  const ws = await connect();
  ws.send('x'.repeat(70 * 1024));
  const [code] = await once(ws, 'close');
  assert.equal(code, 1009);
});

function invite(callId, cseq, branch, sdp, extra = '') {
  return (
    'INVITE sip:bob@localhost SIP/2.0\r\n' +
    `Via: SIP/2.0/WSS n0d3t3st.invalid;branch=${branch}\r\n` +
    'Max-Forwards: 70\r\n' +
    'From: <sip:alice@localhost>;tag=node2\r\n' +
    'To: <sip:bob@localhost>\r\n' +
    `Call-ID: ${callId}\r\n` +
    `CSeq: ${cseq} INVITE\r\n` +
    'Contact: <sip:alice@n0d3t3st.invalid;transport=ws>\r\n' +
    'Content-Type: application/sdp\r\n' +
    extra +
    `Content-Length: ${Buffer.byteLength(sdp)}\r\n\r\n` +
    sdp
  );
}

test("a browser's offer with no codec the media anchor relays gets 488 saying why", async () => {
  const ws = await connect();
  const next = inbox(ws);
  // WebRTC SDP (ICE, fingerprint) offering G722 only: the anchor relays Opus, PCMU and PCMA.
  const sdp = [
    'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 9', 'c=IN IP4 0.0.0.0',
    'a=ice-ufrag:abcd', 'a=ice-pwd:abcdefghijklmnopqrstuvwx',
    'a=fingerprint:sha-256 ' + Array(32).fill('AB').join(':'),
    'a=setup:actpass', 'a=mid:0', 'a=rtcp-mux', 'a=rtpmap:9 G722/8000', '',
  ].join('\r\n');
  const callId = randomUUID();
  const first = `z9hG4bK${randomUUID()}`;
  ws.send(invite(callId, 1, first, sdp));
  let answer = await next();
  assert.match(answer, /^SIP\/2\.0 407 /);
  // RFC 3261 §17.1.1.3: the ACK of a non-2xx answer, on the INVITE's branch.
  const ack = invite(callId, 1, first, '')
    .replace(/^INVITE /, 'ACK ')
    .replace('CSeq: 1 INVITE', 'CSeq: 1 ACK')
    .replace(/Content-Type.*\r\n/, '');
  ws.send(ack);
  const challenge = answer.match(/Proxy-Authenticate: (.*)\r\n/i)[1];
  const credentials = httpDigest(challenge, {
    method: 'INVITE', uri: 'sip:bob@localhost', user: 'alice', password: demoPassword('alice'),
  });
  ws.send(invite(callId, 2, `z9hG4bK${randomUUID()}`, sdp, `Proxy-Authorization: ${credentials}\r\n`));
  do {
    answer = await next();
  } while (/^SIP\/2\.0 1\d\d /.test(answer));
  assert.match(answer, /^SIP\/2\.0 488 No common codec \(Opus, PCMU or PCMA\)\r\n/);
  ws.close();
});
