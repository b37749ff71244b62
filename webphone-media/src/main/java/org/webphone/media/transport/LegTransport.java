package org.webphone.media.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.bouncycastle.tls.DatagramTransport;

/**
 * DTLS's view of a leg: records from the leg ({@link LegSocket}), sent to the peer on the pair ICE
 * selected.
 *
 * <p>Threading: BouncyCastle's handshake thread receives; any thread may send.
 */
public final class LegTransport implements DatagramTransport {
  /** An Ethernet MTU less IP and UDP headers, as browsers assume. */
  private static final int MTU = 1200;

  private final LegSocket leg;

  LegTransport(LegSocket leg) {
    this.leg = leg;
  }

  @Override
  public int getReceiveLimit() {
    return MTU;
  }

  @Override
  public int getSendLimit() {
    return MTU;
  }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    try {
      byte[] record = leg.nextDtls(Math.max(1, waitMillis));
      if (record == null) {
        return -1;
      }
      int n = Math.min(len, record.length);
      System.arraycopy(record, 0, buf, off, n);
      return n;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("DTLS receive interrupted");
    }
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    leg.send(buf, off, len);
  }

  @Override
  public void close() {
    // The leg owns the socket.
  }
}
