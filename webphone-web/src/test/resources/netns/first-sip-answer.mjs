// Waits for the node's first SIP answer and, at that moment, asks what a phone needs next: the
// app's configuration (/api/config) and its signalling WebSocket (/sip over WSS). A node that
// answers SIP before these work (issue 21, point 11) prints something other than
// "first-sip=api:200,wss:101". Started before the server, so it sees the very first answer.
//
//   node first-sip-answer.mjs    (prints one line; gives up after 300 s)
import dgram from 'node:dgram';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

const socket = dgram.createSocket('udp4');
await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
const port = socket.address().port;

const options = () =>
  Buffer.from(
    'OPTIONS sip:127.0.0.1:5060 SIP/2.0\r\n' +
      `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK${randomUUID()};rport\r\n` +
      'Max-Forwards: 70\r\n' +
      `From: <sip:probe@127.0.0.1>;tag=${randomUUID().slice(0, 8)}\r\n` +
      'To: <sip:127.0.0.1>\r\n' +
      `Call-ID: ${randomUUID()}\r\n` +
      'CSeq: 1 OPTIONS\r\n' +
      'Content-Length: 0\r\n\r\n',
  );

const answered = new Promise((resolve) =>
  socket.on('message', (m) => {
    if (/^SIP\/2\.0 [2-6]/.test(m.toString('latin1'))) resolve();
  }),
);
const deadline = Date.now() + 300_000;
let gotAnswer = false;
answered.then(() => (gotAnswer = true));
while (!gotAnswer && Date.now() < deadline) {
  socket.send(options(), 5060, '127.0.0.1');
  await Promise.race([answered, new Promise((r) => setTimeout(r, 50))]);
}
socket.close();
if (!gotAnswer) {
  console.log('first-sip=none');
  process.exit(0);
}

const api = await new Promise((resolve) =>
  http
    .get('http://127.0.0.1:8080/api/config', (res) => {
      res.resume();
      resolve(res.statusCode);
    })
    .on('error', (e) => resolve(e.code)),
);
const wss = await new Promise((resolve) => {
  const req = https.request({
    host: '127.0.0.1',
    port: 8443,
    path: '/sip',
    rejectUnauthorized: false,
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Protocol': 'sip',
      Origin: 'https://localhost:8443',
    },
  });
  req.on('upgrade', (res, s) => {
    s.destroy();
    resolve(res.statusCode);
  });
  req.on('response', (res) => {
    res.resume();
    resolve(res.statusCode);
  });
  req.on('error', (e) => resolve(e.code));
  req.end();
});
console.log(`first-sip=api:${api},wss:${wss}`);
