package org.webphone.media.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The few STUN messages (RFC 5389) that ICE (RFC 8445) needs outside ice4j: a nominating check (the
 * benchmark's load generator plays a thousand browsers, where an ice4j agent each would measure
 * ice4j, not the relay), and reading, verifying and answering a browser's check on our ICE-TCP
 * candidate, which ice4j's TCP harvester does not offer on the addresses we bind ({@link
 * TcpMedia}). ice4j's own codec needs a STUN stack and its credential manager for
 * MESSAGE-INTEGRITY; these dozen lines need neither.
 *
 * <p>Threading: stateless.
 */
public final class Stun {
  private static final int COOKIE = 0x2112A442;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Stun() {}

  public static boolean isStun(ByteBuffer b) {
    return b.remaining() >= 20
        && (b.get(b.position()) & 0xC0) == 0
        && b.getInt(b.position() + 4) == COOKIE;
  }

  public static int type(ByteBuffer b) {
    return b.getShort(b.position()) & 0xFFFF;
  }

  public static byte[] transaction(ByteBuffer b) {
    byte[] id = new byte[12];
    b.get(b.position() + 8, id);
    return id;
  }

  public static byte[] newTransaction() {
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    return id;
  }

  /** A Binding request that nominates: USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE. */
  public static ByteBuffer check(
      byte[] id, String remoteUfrag, String localUfrag, String remotePassword) {
    ByteBuffer b = ByteBuffer.allocate(512);
    header(b, 0x0001, id);
    byte[] user = (remoteUfrag + ":" + localUfrag).getBytes(StandardCharsets.UTF_8);
    attribute(b, 0x0006, user);
    attribute(b, 0x0024, ByteBuffer.allocate(4).putInt(0x6E7F1EFF).array());
    attribute(b, 0x802A, ByteBuffer.allocate(8).putLong(RANDOM.nextLong()).array());
    attribute(b, 0x0025, new byte[0]);
    return sign(b, remotePassword);
  }

  /** The success answer to a peer's check: XOR-MAPPED-ADDRESS, signed with our password. */
  public static ByteBuffer success(byte[] id, InetSocketAddress from, String localPassword) {
    ByteBuffer b = ByteBuffer.allocate(256);
    header(b, 0x0101, id);
    // RFC 5389 §15.2: the port XORed with the cookie's top half, the address with the cookie
    // (IPv4) or with the cookie and the transaction id (IPv6).
    byte[] ip = from.getAddress().getAddress();
    byte[] mask = ByteBuffer.allocate(16).putInt(COOKIE).put(id).array();
    ByteBuffer xor = ByteBuffer.allocate(4 + ip.length);
    xor.put((byte) 0).put((byte) (ip.length == 4 ? 1 : 2));
    xor.putShort((short) (from.getPort() ^ (COOKIE >>> 16)));
    for (int i = 0; i < ip.length; i++) {
      xor.put((byte) (ip[i] ^ mask[i]));
    }
    attribute(b, 0x0020, xor.array());
    return sign(b, localPassword);
  }

  /** The USERNAME attribute of a request ({@code ours:theirs} in a check to us), or null. */
  public static String username(ByteBuffer b) {
    byte[] value = attribute(b, 0x0006);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  /** True for a check that nominates its pair (USE-CANDIDATE, RFC 8445 §7.1.2). */
  public static boolean nominates(ByteBuffer b) {
    return attribute(b, 0x0025) != null;
  }

  /**
   * True when the message's MESSAGE-INTEGRITY is right for {@code password} (RFC 5389 §15.4: the
   * HMAC covers the message up to the attribute, with the length field counting it).
   */
  public static boolean verified(ByteBuffer b, String password) {
    int start = b.position();
    int end = start + 20 + (b.getShort(start + 2) & 0xFFFF);
    int at = start + 20;
    while (at + 4 <= end) {
      int type = b.getShort(at) & 0xFFFF;
      int length = b.getShort(at + 2) & 0xFFFF;
      if (type == 0x0008 && length == 20 && at + 24 <= end) {
        try {
          byte[] head = new byte[at - start];
          b.get(start, head);
          ByteBuffer.wrap(head).putShort(2, (short) (at - start - 20 + 24));
          Mac mac = Mac.getInstance("HmacSHA1");
          mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
          byte[] expected = mac.doFinal(head);
          byte[] actual = new byte[20];
          b.get(at + 4, actual);
          return java.security.MessageDigest.isEqual(expected, actual);
        } catch (GeneralSecurityException e) {
          return false;
        }
      }
      at += 4 + ((length + 3) & ~3);
    }
    return false;
  }

  private static byte[] attribute(ByteBuffer b, int wanted) {
    int start = b.position();
    if (b.remaining() < 20) {
      return null;
    }
    int end = Math.min(b.limit(), start + 20 + (b.getShort(start + 2) & 0xFFFF));
    int at = start + 20;
    while (at + 4 <= end) {
      int type = b.getShort(at) & 0xFFFF;
      int length = b.getShort(at + 2) & 0xFFFF;
      if (at + 4 + length > end) {
        return null;
      }
      if (type == wanted) {
        byte[] value = new byte[length];
        b.get(at + 4, value);
        return value;
      }
      at += 4 + ((length + 3) & ~3);
    }
    return null;
  }

  private static void header(ByteBuffer b, int type, byte[] id) {
    b.putShort((short) type).putShort((short) 0).putInt(COOKIE).put(id);
  }

  private static void attribute(ByteBuffer b, int type, byte[] value) {
    b.putShort((short) type).putShort((short) value.length).put(value);
    while (b.position() % 4 != 0) {
      b.put((byte) 0);
    }
  }

  /** MESSAGE-INTEGRITY (HMAC-SHA1, short-term key: the password) and FINGERPRINT (CRC-32). */
  private static ByteBuffer sign(ByteBuffer b, String password) {
    try {
      b.putShort(2, (short) (b.position() - 20 + 24));
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      mac.update(b.array(), 0, b.position());
      attribute(b, 0x0008, mac.doFinal());
      b.putShort(2, (short) (b.position() - 20 + 8));
      CRC32 crc = new CRC32();
      crc.update(b.array(), 0, b.position());
      attribute(
          b, 0x8028, ByteBuffer.allocate(4).putInt((int) crc.getValue() ^ 0x5354554E).array());
      return b.flip();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
