package org.webphone.sip;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.webphone.account.DigestCredentials;

/** A hand-driven UDP phone that registers with digest, for tests that need the exact bytes. */
final class UdpPhone implements Closeable {
  private final DatagramSocket socket;
  private final int serverPort;
  private final String user;
  private final String domain;
  private final String callId = UUID.randomUUID().toString();
  private final String fromTag = UUID.randomUUID().toString().substring(0, 8);
  private int cseq;

  UdpPhone(String user, String domain, int serverPort) throws IOException {
    this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    this.socket.setSoTimeout(5000);
    this.serverPort = serverPort;
    this.user = user;
    this.domain = domain;
  }

  /** Sends a REGISTER with the given extra headers and returns the final response. */
  String register(String extraHeaders) throws IOException {
    cseq++;
    String msg =
        "REGISTER sip:"
            + domain
            + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:"
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
            + cseq
            + " REGISTER\r\n"
            + "Contact: <sip:"
            + user
            + "@127.0.0.1:"
            + socket.getLocalPort()
            + ">\r\n"
            + extraHeaders
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

  /** Answers a 401 challenge with {@code password}, the way RFC 2617 §3.2.2 says. */
  String authorization(String challenge, String authUser, String password) {
    String realm = param(challenge, "realm");
    String nonce = param(challenge, "nonce");
    String uri = "sip:" + domain;
    String cnonce = "0a4f113b";
    String nc = "00000001";
    String ha1 = DigestCredentials.ha1(authUser, realm, password);
    String ha2 = DigestCredentials.md5Hex("REGISTER:" + uri);
    String response =
        DigestCredentials.md5Hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
    return "Authorization: Digest username=\""
        + authUser
        + "\", realm=\""
        + realm
        + "\", nonce=\""
        + nonce
        + "\", uri=\""
        + uri
        + "\", response=\""
        + response
        + "\", algorithm=MD5, qop=auth, nc="
        + nc
        + ", cnonce=\""
        + cnonce
        + "\"\r\n";
  }

  static String statusLine(String response) {
    return response.substring(0, response.indexOf("\r\n"));
  }

  static String header(String response, String name) {
    Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*)$").matcher(response);
    return m.find() ? m.group(1).trim() : null;
  }

  private static String param(String challenge, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(challenge);
    if (!m.find()) {
      throw new IllegalArgumentException("no " + name + " in " + challenge);
    }
    return m.group(1);
  }

  @Override
  public void close() {
    socket.close();
  }
}
