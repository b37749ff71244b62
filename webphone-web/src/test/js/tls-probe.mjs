// Real TLS handshakes with the server's listeners, to see which certificate each presents.
import { connect } from 'node:tls';

/** A TLS connection to 127.0.0.1:`port` asking for `servername` (SNI), once it is up. */
export const tlsTo = (port, servername) =>
  new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false }, () =>
      resolve(socket));
    socket.once('error', reject);
  });

/** The serial of the certificate the peer of `socket` presented. */
export const serialOf = (socket) => BigInt(`0x${socket.getPeerCertificate().serialNumber}`);

/** The serial the listener on `port` presents to a client asking for `servername`. */
export async function servedSerial(port, servername) {
  const socket = await tlsTo(port, servername);
  try {
    return serialOf(socket);
  } finally {
    socket.destroy();
  }
}
