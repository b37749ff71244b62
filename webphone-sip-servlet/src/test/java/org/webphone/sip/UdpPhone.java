package org.webphone.sip;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.webphone.sip.container.SipDigest;

/**
 * A hand-driven UDP phone for tests that need exact bytes: one Call-ID, a rising CSeq, whatever
 * headers the test writes. It answers digest challenges the way RFC 2617 §3.2.2 says.
 */
final class UdpPhone implements Closeable {
  private final DatagramSocket socket;
  private final int serverPort;
  private final String user;
  private final String domain;
  private final String callId = UUID.randomUUID().toString();
  private final String fromTag = UUID.randomUUID().toString().substring(0, 8);
  private int cseq;

  UdpPhone(String user, String domain, int serverPort) throws IOException {
    this(user, domain, serverPort, "127.0.0.1");
  }

  UdpPhone(String user, String domain, int serverPort, String localAddress) throws IOException {
    this(user, domain, serverPort, localAddress, 0);
  }

  /** A phone on {@code localAddress}:{@code localPort} (0: any port). */
  UdpPhone(String user, String domain, int serverPort, String localAddress, int localPort)
      throws IOException {
    this.socket = new DatagramSocket(localPort, InetAddress.getByName(localAddress));
    this.socket.setSoTimeout(5000);
    this.serverPort = serverPort;
    this.user = user;
    this.domain = domain;
  }

  /** This phone's own contact URI. */
  String contact() {
    return "sip:"
        + user
        + "@"
        + socket.getLocalAddress().getHostAddress()
        + ":"
        + socket.getLocalPort();
  }

  /** REGISTER with this phone's contact and the given extra header lines (each ending CRLF). */
  String register(String extraHeaders) throws IOException {
    return send(++cseq, "Contact: <" + contact() + ">\r\n" + extraHeaders);
  }

  /** REGISTER with exactly the given header lines after CSeq (no Contact of its own). */
  String registerRaw(String headers) throws IOException {
    return send(++cseq, headers);
  }

  /** REGISTER with an explicit CSeq number, e.g. to send one out of order. */
  String registerWithCseq(int cseqNumber, String headers) throws IOException {
    return send(cseqNumber, headers);
  }

  private String send(int cseqNumber, String headers) throws IOException {
    String msg =
        "REGISTER sip:"
            + domain
            + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP "
            + socket.getLocalAddress().getHostAddress()
            + ":"
            + socket.getLocalPort()
            + ";branch=z9hG4bK"
            + UUID.randomUUID()
            + ";rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:"
            + user
            + "@"
            + domain
            + ">;tag="
            + fromTag
            + "\r\n"
            + "To: <sip:"
            + user
            + "@"
            + domain
            + ">\r\n"
            + "Call-ID: "
            + callId
            + "\r\n"
            + "CSeq: "
            + cseqNumber
            + " REGISTER\r\n"
            + headers
            + "Content-Length: 0\r\n\r\n";
    byte[] out = msg.getBytes(StandardCharsets.UTF_8);
    socket.send(new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), serverPort));
    byte[] buf = new byte[65535];
    while (true) {
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      socket.receive(in);
      String response = new String(buf, 0, in.getLength(), StandardCharsets.UTF_8);
      if (!response.startsWith("SIP/2.0 1")) {
        return response;
      }
    }
  }

  /** The Authorization header line answering {@code challenge} with nonce-count 1. */
  String authorization(String challenge, String authUser, String password) {
    return authorization(challenge, authUser, password, 1);
  }

  /** The Authorization header line answering {@code challenge} with nonce-count {@code nc}. */
  String authorization(String challenge, String authUser, String password, int nc) {
    return SipDigest.registerAuthorization(domain, challenge, authUser, password, nc);
  }

  /** Registers with digest: REGISTER, 401, REGISTER with credentials; returns the final answer. */
  String registerWithPassword(String password, String extraHeaders) throws IOException {
    String challenge = header(register(extraHeaders), "WWW-Authenticate");
    return register(authorization(challenge, user, password) + extraHeaders);
  }

  static String statusLine(String response) {
    return response.substring(0, response.indexOf("\r\n"));
  }

  static String header(String response, String name) {
    Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*)$").matcher(response);
    return m.find() ? m.group(1).trim() : null;
  }

  static List<String> headers(String response, String name) {
    List<String> values = new ArrayList<>();
    Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*)$").matcher(response);
    while (m.find()) {
      for (String v : m.group(1).split(",(?=\\s*<)")) {
        values.add(v.trim());
      }
    }
    return values;
  }

  @Override
  public void close() {
    socket.close();
  }
}
