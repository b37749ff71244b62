package org.webphone.sip.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Sends hand-written SIP messages over UDP or TCP and reads the first final response. */
public final class RawSipClient {
  private RawSipClient() {}

  /** A well-formed out-of-dialog {@code method} request from {@code localPort}. */
  static String request(String method, String transport, int localPort, int serverPort) {
    String branch = "z9hG4bK" + UUID.randomUUID();
    return method
        + " sip:127.0.0.1:"
        + serverPort
        + " SIP/2.0\r\n"
        + "Via: SIP/2.0/"
        + transport
        + " 127.0.0.1:"
        + localPort
        + ";branch="
        + branch
        + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:alice@127.0.0.1>;tag="
        + UUID.randomUUID().toString().substring(0, 8)
        + "\r\n"
        + "To: <sip:alice@127.0.0.1>\r\n"
        + "Call-ID: "
        + UUID.randomUUID()
        + "\r\n"
        + "CSeq: 1 "
        + method
        + "\r\n"
        + "Contact: <sip:alice@127.0.0.1:"
        + localPort
        + ";transport="
        + transport.toLowerCase()
        + ">\r\n"
        + required(method)
        + "Content-Length: 0\r\n\r\n";
  }

  /** The headers {@code method} needs to be well formed (RFC 6665 §8.2, RFC 3903 §4). */
  private static String required(String method) {
    return switch (method) {
      case "NOTIFY" -> "Event: presence\r\nSubscription-State: active\r\n";
      case "PUBLISH", "SUBSCRIBE" -> "Event: presence\r\n";
      default -> "";
    };
  }

  /** Returns the status line of the first final response, or throws on timeout. */
  public static String udp(String method, int serverPort) throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(5000);
      byte[] out =
          request(method, "UDP", socket.getLocalPort(), serverPort)
              .getBytes(StandardCharsets.UTF_8);
      socket.send(
          new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), serverPort));
      byte[] buf = new byte[65535];
      while (true) {
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        socket.receive(in);
        String status = statusLine(new String(buf, 0, in.getLength(), StandardCharsets.UTF_8));
        if (!status.startsWith("SIP/2.0 1")) {
          return status;
        }
      }
    }
  }

  public static String tcp(String method, int serverPort) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), serverPort)) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write(
              request(method, "TCP", socket.getLocalPort(), serverPort)
                  .getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      while (true) {
        String status = statusLine(readMessage(in));
        if (!status.startsWith("SIP/2.0 1")) {
          return status;
        }
      }
    }
  }

  /**
   * The next final response arriving on {@code socket} (provisional ones are skipped), or null when
   * none arrives within the socket's timeout.
   */
  public static String receiveFinal(DatagramSocket socket) throws IOException {
    byte[] buf = new byte[65535];
    try {
      while (true) {
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        socket.receive(in);
        String msg = new String(buf, 0, in.getLength(), StandardCharsets.UTF_8);
        if (!msg.startsWith("SIP/2.0 1")) {
          return msg;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return null;
    }
  }

  /** The start line and headers of the next message on a stream (the body is left unread). */
  static String readMessage(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head);
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.UTF_8);
  }

  static String statusLine(String message) {
    return message.substring(0, message.indexOf("\r\n"));
  }

  /**
   * What a phone answers to {@code request}: 200 with the headers that identify the transaction and
   * dialog copied (RFC 3261 §8.2.6.2) and a To tag added.
   */
  public static String okFor(String request) {
    StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
    for (String line : request.split("\r\n")) {
      String name = line.contains(":") ? line.substring(0, line.indexOf(':')) : "";
      switch (name) {
        case "Via", "From", "Call-ID", "CSeq" -> ok.append(line).append("\r\n");
        case "To" -> ok.append(line).append(";tag=phone\r\n");
        default -> {
          // not echoed
        }
      }
    }
    return ok.append("Content-Length: 0\r\n\r\n").toString();
  }
}
