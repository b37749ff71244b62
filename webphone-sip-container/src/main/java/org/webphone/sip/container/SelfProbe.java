package org.webphone.sip.container;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Asks the node itself over UDP: an OPTIONS to its own listening point must come back answered. It
 * passes through everything a phone's request does (socket reader, parser, transaction layer, the
 * core's dispatcher, a servlet), so it catches the failure seen under overload: the single UDP
 * reader thread died and the port went silent while the JVM and HTTP stayed up.
 */
final class SelfProbe {
  private SelfProbe() {}

  static boolean answers(String bindAddress, int port, Duration timeout) {
    String host =
        "0.0.0.0".equals(bindAddress) || "::".equals(bindAddress) ? "127.0.0.1" : bindAddress;
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(host))) {
      socket.setSoTimeout((int) timeout.toMillis());
      String callId = UUID.randomUUID().toString();
      String options =
          "OPTIONS sip:"
              + host
              + ":"
              + port
              + " SIP/2.0\r\n"
              + "Via: SIP/2.0/UDP "
              + host
              + ":"
              + socket.getLocalPort()
              + ";branch=z9hG4bK"
              + UUID.randomUUID()
              + ";rport\r\n"
              + "Max-Forwards: 0\r\n"
              + "From: <sip:probe@"
              + host
              + ">;tag="
              + callId.substring(0, 8)
              + "\r\n"
              + "To: <sip:"
              + host
              + ":"
              + port
              + ">\r\n"
              + "Call-ID: "
              + callId
              + "\r\n"
              + "CSeq: 1 OPTIONS\r\n"
              + "Content-Length: 0\r\n\r\n";
      byte[] out = options.getBytes(StandardCharsets.US_ASCII);
      socket.send(new DatagramPacket(out, out.length, InetAddress.getByName(host), port));
      byte[] buf = new byte[4096];
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        socket.receive(in);
        String response = new String(buf, 0, in.getLength(), StandardCharsets.US_ASCII);
        if (response.startsWith("SIP/2.0 ")
            && !response.startsWith("SIP/2.0 1")
            && response.contains(callId)) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
