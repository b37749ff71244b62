// A stranger who sprays RTP-looking datagrams at every port of the server's RTP range (the "RTP
// bleed" scan): from an address of its own, each packet with a random SSRC and sequence number, so
// never a stream. Keeps count of whatever comes back to it.
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';

export async function rtpSpray({ from = '127.0.0.66', first = 30000, last = 39999, perSecond = 4000 } = {}) {
  const socket = createSocket('udp4');
  await new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, from, resolve);
  });
  socket.on('error', () => {}); // nobody listens on most ports: nothing to report
  let received = 0;
  socket.on('message', () => received++);
  let port = first;
  let sent = 0;
  const slice = Math.max(1, Math.round(perSecond / 100));
  const timer = setInterval(() => {
    for (let i = 0; i < slice; i++) {
      const p = Buffer.alloc(12 + 160, 0xff);
      p[0] = 0x80;
      p[1] = 0; // PCMU
      p.writeUInt16BE(randomInt(0x10000), 2);
      p.writeUInt32BE(randomInt(0x7fffffff), 4);
      p.writeUInt32BE(randomInt(0x7fffffff), 8);
      socket.send(p, port, '127.0.0.1');
      sent++;
      port = port >= last ? first : port + 1;
    }
  }, 10);
  return {
    get sent() {
      return sent;
    },
    get received() {
      return received;
    },
    close() {
      clearInterval(timer);
      socket.close();
    },
  };
}
