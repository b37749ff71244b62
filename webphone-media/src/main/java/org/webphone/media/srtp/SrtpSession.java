package org.webphone.media.srtp;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP for one leg (RFC 3711) with the keys its DTLS handshake exported: protects what we send on
 * it and unprotects what it sends us, one crypto context per SSRC and direction (ARCHITECTURE.md: a
 * relay keeps contexts per SSRC per leg). jitsi-srtp does the cryptography (OpenSSL when its native
 * library loads, the JDK's AES otherwise).
 *
 * <p>Threading: any thread; each SSRC's context synchronizes itself.
 */
public final class SrtpSession implements AutoCloseable {
  private final SrtpContextFactory sending;
  private final SrtpContextFactory receiving;
  private final Map<Integer, SrtpCryptoContext> out = new ConcurrentHashMap<>();
  private final Map<Integer, SrtpCryptoContext> in = new ConcurrentHashMap<>();
  private final Map<Integer, SrtcpCryptoContext> controlOut = new ConcurrentHashMap<>();
  private final Map<Integer, SrtcpCryptoContext> controlIn = new ConcurrentHashMap<>();

  public SrtpSession(SrtpKeys keys) {
    LoggerImpl log = new LoggerImpl(SrtpSession.class.getName());
    this.sending =
        new SrtpContextFactory(
            true,
            keys.local().key(),
            keys.local().salt(),
            keys.profile().policy(),
            keys.profile().policy(),
            log);
    this.receiving =
        new SrtpContextFactory(
            false,
            keys.remote().key(),
            keys.remote().salt(),
            keys.profile().policy(),
            keys.profile().policy(),
            log);
  }

  /**
   * Encrypts and authenticates an RTP or RTCP packet in {@code packet} (grown by the tag).
   *
   * @return false when it cannot be protected (neither RTP nor RTCP)
   */
  public boolean protect(Packet packet) throws GeneralSecurityException {
    return transform(packet, true);
  }

  /**
   * Authenticates and decrypts an SRTP or SRTCP packet in {@code packet}.
   *
   * @return false for a packet that fails authentication or replay checks: it must be dropped
   */
  public boolean unprotect(Packet packet) throws GeneralSecurityException {
    return transform(packet, false);
  }

  /** One SSRC's context and its number: the last one used, looked up without a map. */
  private record Last(int ssrc, SrtpCryptoContext context) {}

  // Per packet: a leg sends one stream at a time, so the last context is nearly always the one.
  private volatile Last lastOut;
  private volatile Last lastIn;

  private boolean transform(Packet packet, boolean outgoing) throws GeneralSecurityException {
    long ssrc = packet.ssrc();
    if (ssrc < 0) {
      return false;
    }
    int id = (int) ssrc;
    if (packet.isRtcp()) {
      SrtpContextFactory factory = outgoing ? sending : receiving;
      SrtcpCryptoContext c =
          (outgoing ? controlOut : controlIn).computeIfAbsent(id, k -> control(factory, k));
      return (outgoing ? c.transformPacket(packet) : c.reverseTransformPacket(packet))
          == SrtpErrorStatus.OK;
    }
    Last last = outgoing ? lastOut : lastIn;
    SrtpCryptoContext c;
    if (last != null && last.ssrc() == id) {
      c = last.context();
    } else {
      c = context(outgoing ? out : in, outgoing ? sending : receiving, id);
      if (outgoing) {
        lastOut = new Last(id, c);
      } else {
        lastIn = new Last(id, c);
      }
    }
    return (outgoing ? c.transformPacket(packet) : c.reverseTransformPacket(packet, false))
        == SrtpErrorStatus.OK;
  }

  private static SrtpCryptoContext context(
      Map<Integer, SrtpCryptoContext> contexts, SrtpContextFactory factory, int ssrc)
      throws GeneralSecurityException {
    SrtpCryptoContext c = contexts.get(ssrc);
    if (c == null) {
      c = factory.deriveContext(ssrc, 0);
      SrtpCryptoContext raced = contexts.putIfAbsent(ssrc, c);
      if (raced != null) {
        c = raced;
      }
    }
    return c;
  }

  private static SrtcpCryptoContext control(SrtpContextFactory factory, int ssrc) {
    try {
      return factory.deriveControlContext(ssrc);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive the SRTCP context of " + ssrc, e);
    }
  }

  @Override
  public void close() {
    sending.close();
    receiving.close();
  }

  /**
   * A packet in a buffer with room to grow by an SRTP tag (16 bytes at most), as jitsi-srtp
   * transforms it in place.
   */
  public static final class Packet implements ByteArrayBuffer {
    private byte[] buffer;
    private int offset;
    private int length;

    public Packet(byte[] data, int offset, int length) {
      this.buffer = data;
      this.offset = offset;
      this.length = length;
    }

    /** A copy of {@code data} with room for the tag. */
    public static Packet copyOf(byte[] data, int length) {
      return copyOf(data, 0, length);
    }

    /**
     * A copy of {@code length} bytes of {@code data} from {@code offset}, with room for the tag.
     */
    public static Packet copyOf(byte[] data, int offset, int length) {
      byte[] b = new byte[length + 32];
      System.arraycopy(data, offset, b, 0, length);
      return new Packet(b, 0, length);
    }

    /**
     * RTCP rather than RTP on a muxed port (RFC 5761 §4): the second byte, without the marker bit,
     * is 64–95 (RTCP packet types 192–223).
     */
    public boolean isRtcp() {
      return isRtcp(buffer, offset, length);
    }

    /** {@link #isRtcp()} of a datagram not wrapped in a Packet. */
    public static boolean isRtcp(byte[] buffer, int offset, int length) {
      if (length < 8) {
        return false;
      }
      int type = buffer[offset + 1] & 0x7F;
      return type >= 64 && type <= 95;
    }

    /**
     * The sender's SSRC, unsigned: RTP's (RFC 3550 §5.1) or RTCP's (§6.4); -1 for a packet that is
     * neither (not version 2, or too short). A long, so that the hot path boxes nothing.
     */
    public long ssrc() {
      if (length < 8 || (buffer[offset] & 0xC0) != 0x80) {
        return -1;
      }
      boolean rtcp = isRtcp();
      if (!rtcp && length < 12) {
        return -1;
      }
      int at = offset + (rtcp ? 4 : 8);
      return ((buffer[at] & 0xFFL) << 24)
          | ((buffer[at + 1] & 0xFF) << 16)
          | ((buffer[at + 2] & 0xFF) << 8)
          | (buffer[at + 3] & 0xFF);
    }

    /** The packet's bytes. */
    public byte[] bytes() {
      return java.util.Arrays.copyOfRange(buffer, offset, offset + length);
    }

    @Override
    public byte[] getBuffer() {
      return buffer;
    }

    @Override
    public int getOffset() {
      return offset;
    }

    @Override
    public int getLength() {
      return length;
    }

    @Override
    public void setLength(int length) {
      this.length = length;
    }

    @Override
    public void setOffset(int offset) {
      this.offset = offset;
    }

    @Override
    public boolean isInvalid() {
      return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
      System.arraycopy(buffer, offset + off, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
      if (howMuch <= 0 || buffer.length - offset - length >= howMuch) {
        return;
      }
      byte[] b = new byte[length + howMuch];
      System.arraycopy(buffer, offset, b, 0, length);
      buffer = b;
      offset = 0;
    }

    @Override
    public void append(byte[] data, int len) {
      grow(len);
      System.arraycopy(data, 0, buffer, offset + length, len);
      length += len;
    }

    @Override
    public void shrink(int len) {
      length = Math.max(0, length - len);
    }
  }
}
