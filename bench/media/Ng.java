import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * rtpengine's ng control protocol: a cookie, a space and a bencoded dictionary, over UDP. Only
 * what MediaLoad needs: a dictionary of strings out, the "sdp" string of the answer back.
 */
final class Ng {
  private Ng() {}

  /** A bencoded dictionary of strings; a value made by {@link #list} goes in as a list. */
  static String dict(String... keyValues) {
    StringBuilder b = new StringBuilder("d");
    for (int i = 0; i < keyValues.length; i += 2) {
      string(b, keyValues[i]);
      if (keyValues[i + 1].startsWith(LIST)) {
        b.append(keyValues[i + 1].substring(LIST.length()));
      } else {
        string(b, keyValues[i + 1]);
      }
    }
    return b.append('e').toString();
  }

  private static final String LIST = "\u0000list:";

  /** A list of strings, as a value of {@link #dict}. */
  static String list(String... items) {
    StringBuilder b = new StringBuilder("l");
    for (String item : items) {
      string(b, item);
    }
    return LIST + b.append('e');
  }

  private static void string(StringBuilder b, String s) {
    b.append(s.getBytes(StandardCharsets.UTF_8).length).append(':').append(s);
  }

  /** Sends one command; returns the answer's SDP (empty for none), or fails with its reason. */
  static String ask(int port, String dict) throws IOException {
    String cookie = UUID.randomUUID().toString().substring(0, 8);
    byte[] out = (cookie + " " + dict).getBytes(StandardCharsets.UTF_8);
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(2000);
      for (int attempt = 0; attempt < 5; attempt++) {
        s.send(new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), port));
        byte[] in = new byte[65536];
        DatagramPacket p = new DatagramPacket(in, in.length);
        try {
          s.receive(p);
        } catch (java.net.SocketTimeoutException e) {
          continue;
        }
        String answer = new String(in, 0, p.getLength(), StandardCharsets.UTF_8);
        if (!answer.contains("6:result2:ok")) {
          throw new IOException("rtpengine said " + answer);
        }
        int at = answer.indexOf("3:sdp");
        if (at < 0) {
          return "";
        }
        int colon = answer.indexOf(':', at + 5);
        int length = Integer.parseInt(answer.substring(at + 5, colon));
        // bencode lengths count bytes; the SDP is ASCII.
        return answer.substring(colon + 1, colon + 1 + length);
      }
      throw new IOException("rtpengine did not answer");
    }
  }
}
