import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The few STUN messages (RFC 5389) a controlling ICE agent (RFC 8445) needs to nominate a pair
 * with one check, and to answer the peer's checks: the load generator is a thousand browsers, and
 * a full ice4j agent per browser would measure ice4j's threads, not the relay.
 */
final class Stun {
  private static final int COOKIE = 0x2112A442;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Stun() {}

  static boolean isStun(ByteBuffer b) {
    return b.remaining() >= 20 && (b.get(b.position()) & 0xC0) == 0 && b.getInt(b.position() + 4) == COOKIE;
  }

  static int type(ByteBuffer b) {
    return b.getShort(b.position()) & 0xFFFF;
  }

  static byte[] transaction(ByteBuffer b) {
    byte[] id = new byte[12];
    b.get(b.position() + 8, id);
    return id;
  }

  static byte[] newTransaction() {
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    return id;
  }

  /** A Binding request that nominates: USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE. */
  static ByteBuffer check(byte[] id, String remoteUfrag, String localUfrag, String remotePassword) {
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
  static ByteBuffer success(byte[] id, InetSocketAddress from, String localPassword) {
    ByteBuffer b = ByteBuffer.allocate(256);
    header(b, 0x0101, id);
    byte[] ip = from.getAddress().getAddress();
    ByteBuffer xor = ByteBuffer.allocate(8);
    xor.put((byte) 0).put((byte) 1).putShort((short) (from.getPort() ^ (COOKIE >>> 16)));
    xor.putInt(ByteBuffer.wrap(ip).getInt() ^ COOKIE);
    attribute(b, 0x0020, xor.array());
    return sign(b, localPassword);
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
      attribute(b, 0x8028, ByteBuffer.allocate(4).putInt((int) crc.getValue() ^ 0x5354554E).array());
      return b.flip();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
