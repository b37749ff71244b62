package org.webphone.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.tls.DatagramTransport;
import org.webphone.media.dtls.DtlsClient;
import org.webphone.media.dtls.DtlsIdentity;
import org.webphone.media.sdp.WebRtcSdp;
import org.webphone.media.srtp.SrtpSession;
import org.webphone.media.transport.Stun;

/**
 * A browser whose network lets no UDP through: its offer has no candidate, and it reaches the
 * anchor on the TCP candidate of the answer (RFC 6544, active), framing datagrams with a 16-bit
 * length (RFC 4571): a nominating check, then DTLS as the client, then SRTP.
 */
final class TcpBrowser implements AutoCloseable, Listener {
  private final DtlsIdentity identity = DtlsIdentity.generate(Duration.ofDays(1));
  private final String ufrag = UUID.randomUUID().toString().substring(0, 8);
  private final String password = UUID.randomUUID().toString().replace("-", "");
  private final int ssrc;
  private final ExecutorService pool;
  private final BlockingQueue<byte[]> stun = new LinkedBlockingQueue<>();
  private final BlockingQueue<byte[]> dtls = new LinkedBlockingQueue<>();
  private final BlockingQueue<byte[]> media = new LinkedBlockingQueue<>();
  private Socket socket;
  private DataOutputStream out;
  private SrtpSession srtp;
  private int seq;

  TcpBrowser(int ssrc, ExecutorService pool) {
    this.ssrc = ssrc;
    this.pool = pool;
  }

  String offer() {
    return ("v=0\no=- 7 2 IN IP4 127.0.0.1\ns=-\nt=0 0\na=group:BUNDLE 0\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\nc=IN IP4 0.0.0.0\n"
            + "a=ice-ufrag:"
            + ufrag
            + "\na=ice-pwd:"
            + password
            + "\n"
            + "a=fingerprint:sha-256 "
            + identity.fingerprint()
            + "\n"
            + "a=setup:actpass\na=mid:0\na=sendrecv\na=rtcp-mux\n"
            + "a=rtpmap:111 opus/48000/2\na=ssrc:"
            + ssrc
            + " cname:tcp\n")
        .replace("\n", "\r\n");
  }

  /** Connects to the answer's TCP candidate: check, DTLS, SRTP. */
  void connect(String answer) throws Exception {
    Matcher m =
        Pattern.compile("a=candidate:\\S+ 1 tcp \\d+ (\\S+) (\\d+) typ host tcptype passive")
            .matcher(answer);
    assertTrue(m.find(), "a passive TCP candidate in " + answer);
    WebRtcSdp.Remote anchor = WebRtcSdp.read(answer);
    socket = new Socket(InetAddress.getByName(m.group(1)), Integer.parseInt(m.group(2)));
    out = new DataOutputStream(socket.getOutputStream());
    DataInputStream in = new DataInputStream(socket.getInputStream());
    pool.submit(
        () -> {
          while (true) {
            byte[] frame = new byte[in.readUnsignedShort()];
            in.readFully(frame);
            int first = frame[0] & 0xFF;
            (first < 2 ? stun : first >= 20 && first <= 63 ? dtls : media).add(frame);
          }
        });
    ByteBuffer check = Stun.check(Stun.newTransaction(), anchor.ufrag(), ufrag, anchor.password());
    send(check.array(), check.position(), check.remaining());
    byte[] answerToCheck = stun.poll(5, TimeUnit.SECONDS);
    assertEquals(0x0101, Stun.type(ByteBuffer.wrap(answerToCheck)), "the check succeeded");
    assertTrue(Stun.verified(ByteBuffer.wrap(answerToCheck), anchor.password()), "signed by us");
    srtp = new SrtpSession(DtlsClient.connect(identity, anchor.fingerprint(), transport()));
  }

  private synchronized void send(byte[] data, int offset, int length) throws IOException {
    out.writeShort(length);
    out.write(data, offset, length);
    out.flush();
  }

  private DatagramTransport transport() {
    return new DatagramTransport() {
      @Override
      public int getReceiveLimit() {
        return 1500;
      }

      @Override
      public int getSendLimit() {
        return 1200;
      }

      @Override
      public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        try {
          byte[] record = dtls.poll(waitMillis, TimeUnit.MILLISECONDS);
          if (record == null) {
            return -1;
          }
          System.arraycopy(record, 0, buf, off, Math.min(len, record.length));
          return Math.min(len, record.length);
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
      }

      @Override
      public void send(byte[] buf, int off, int len) throws IOException {
        TcpBrowser.this.send(buf, off, len);
      }

      @Override
      public void close() {}
    };
  }

  byte[] speak() throws Exception {
    byte[] rtp = BrowserLeg.rtp(ssrc, ++seq);
    SrtpSession.Packet p = SrtpSession.Packet.copyOf(rtp, rtp.length);
    assertTrue(srtp.protect(p));
    send(p.getBuffer(), p.getOffset(), p.getLength());
    return rtp;
  }

  @Override
  public byte[] hear(Duration wait) throws Exception {
    byte[] frame = media.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (frame == null) {
      return null;
    }
    SrtpSession.Packet p = SrtpSession.Packet.copyOf(frame, frame.length);
    return srtp.unprotect(p) ? p.bytes() : null;
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
    }
    if (srtp != null) {
      srtp.close();
    }
  }
}
